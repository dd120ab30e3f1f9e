"""Demo maker profiles: every demo maker gets a published profile with its trade's materials, order terms,
equipment and certifications."""

import random

from sqlmodel import select

from catalog.makers.demo import CERTIFICATIONS, EQUIPMENT, add_demo_maker_profiles
from catalog.makers.models import MakerProfile
from catalog.products.categories import UNIT_LABELS
from market.accounts import services
from market.demo import content


def test_demo_profiles(db_session, clusters, client):
    """Profiles copy the demo makers' materials, minimum orders and lead times and are public."""
    makers = content.generate_makers(random.Random(5), count=12)
    orgs = [services.create_organization(db_session, None, name=m["name_en"], name_ko=m["name_ko"], kind="maker",
                                         country="KR", cluster_code=m["cluster_code"], about=m["story_en"])
            for m in makers]
    assert add_demo_maker_profiles(db_session, random.Random(5), makers, orgs) == 12
    db_session.commit()
    profiles = {p.organization_id: p for p in db_session.exec(select(MakerProfile))}
    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    for maker, org in zip(makers, orgs, strict=True):
        profile = profiles[org.id]
        industry = industries[maker["cluster_code"]]
        assert profile.materials == maker["materials"] and profile.min_order_qty == maker["min_order"]
        assert profile.lead_time_days == maker["lead_time_days"] and profile.min_order_unit in UNIT_LABELS
        assert 3 <= len(profile.equipment) <= 6 and set(profile.equipment) <= set(EQUIPMENT[industry])
        assert set(profile.certifications) <= set(CERTIFICATIONS[industry])
        assert profile.published_at is not None
    assert client.get("/api/v1/makers?per_page=100").json["total"] == 12

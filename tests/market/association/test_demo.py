"""The association's demo step: a register of a few hundred firms with three years of returns trending upward,
this year's campaign open, a 4-firm textile cell suppressed, and the journey's workshop pre-filled from its
paid orders abroad; built quickly."""

import random
import time

from sqlmodel import func, select

from market.association.demo import REGISTER_ONLY, add_demo_association
from market.association.models import AnnualReturn, Campaign, Member, OfficialCount, ReturnStatus
from market.association.services import aggregates
from market.db import utcnow


def test_demo_builds_three_plausible_years_quickly(db_session, clusters, make_org, make_user):
    """Members and returns for three years, exports growing, official counts with sources, in under 3 s."""
    for i in range(12):
        make_org(make_user(), kind="maker", cluster_code=["seongsu", "mullae", "jongno"][i % 3])
    make_org(make_user(), kind="buyer", country="JP", city="Tokyo")
    make_user(email="owner@first.demo")
    started = time.perf_counter()
    counts = add_demo_association(db_session, random.Random("association"))
    assert time.perf_counter() - started < 3
    db_session.commit()
    year = utcnow().year
    assert counts["association members"] == 12 + 1 + REGISTER_ONLY
    assert db_session.exec(select(func.count()).select_from(Member)).one() == counts["association members"]
    assert {c.year for c in db_session.exec(select(Campaign))} == {year - 2, year - 1, year}
    totals = [aggregates.headline(db_session, y)["exports_krw"] for y in (year - 2, year - 1)]
    assert totals[1] > totals[0] > 0
    textiles = next(c for c in aggregates.kpi_cells(db_session, year, "trade") if c.key == "13")
    assert textiles.suppressed and textiles.firms is None
    journey = db_session.exec(select(AnnualReturn).join(Member, Member.id == AnnualReturn.member_id)
                              .where(Member.name == "Hanul Shoe Atelier", AnnualReturn.year == year)).one()
    assert journey.status == ReturnStatus.not_started
    assert journey.exports_krw == 18_400_000 + 7_250_000 == journey.prefill["exports_krw"]["value"]
    assert all(c.source and c.source_year for c in db_session.exec(select(OfficialCount)))

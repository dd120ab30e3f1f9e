"""Demo prototype commissions: requests from the demo startups in every state, to makers of fitting clusters,
with bids, Q&A, milestones in every state, deliveries and ratings — and pages that show them."""

import random
import time

from sqlmodel import select

from market.accounts.models import Organization
from market.demo import content as demo_content
from market.prototypes.demo import add_demo_prototypes
from market.prototypes.models import (
    Category,
    Commission,
    DeliveryFile,
    Milestone,
    MilestoneDelivery,
    PrototypeBid,
    PrototypeFile,
    PrototypeQuestion,
    PrototypeRequest,
    PrototypeSuggestion,
    Rating,
)
from market.prototypes.services.base import CATEGORY_CLUSTERS, request_state
from market.prototypes.services.details import commission_detail


def test_demo_covers_every_state(app, db_session, make_user, make_org):
    """Every request state and milestone state appears; bids go to makers of the category's clusters."""
    for name, _ko, country, *_rest in demo_content._STARTUPS[:18]:
        make_org(make_user(), kind="startup", name=name, country=country)
    for code in ("mullae", "euljiro", "seongsu", "dongdaemun", "changsin", "jongno", "bongik"):
        for i in range(3):
            make_org(make_user(), kind="maker", name=f"{code} workshop {i}", cluster_code=code)
    started = time.perf_counter()
    counts = add_demo_prototypes(db_session, random.Random(2026))
    assert time.perf_counter() - started < 10
    requests = db_session.exec(select(PrototypeRequest)).all()
    assert counts["prototype requests"] == len(requests) == 18
    states = {request_state(r) for r in requests}
    assert states == {"open", "closed", "expired", "awarded", "completed", "cancelled"}
    assert {m.status for m in db_session.exec(select(Milestone))} == {
        "awaiting_funding", "funded", "delivered", "rejected", "approved"}
    assert {b.status for b in db_session.exec(select(PrototypeBid))} == {"open", "awarded", "not_chosen"}
    for bid in db_session.exec(select(PrototypeBid)):
        assert sum(step["amount_krw"] for step in bid.milestones) == bid.price_krw
        req = db_session.get(PrototypeRequest, bid.request_id)
        maker = db_session.get(Organization, bid.maker_org_id)
        assert maker.cluster_code in CATEGORY_CLUSTERS[Category(req.category)]
    assert db_session.exec(select(PrototypeQuestion).where(PrototypeQuestion.answer.is_not(None))).first()
    assert db_session.exec(select(MilestoneDelivery).where(MilestoneDelivery.decision == "rejected")).first()
    assert len(db_session.exec(select(Rating)).all()) == 2 * len(
        db_session.exec(select(Commission).where(Commission.status == "completed")).all())
    assert db_session.exec(select(PrototypeFile)).first() is not None
    # Both sides' pages render with the demo rows.
    commission = db_session.exec(select(Commission).where(Commission.status == "active")).first()
    detail = commission_detail(db_session, _owner(db_session, commission.startup_org_id), commission.id)
    assert detail.milestones and detail.events and detail.thread
    # Delivered photos have thumbnails; the open requests' suggested makers are found by the job after commit.
    assert all(f.thumb_key for f in db_session.exec(select(DeliveryFile)))
    db_session.commit()
    open_requests = [r for r in requests if r.status == "open"]
    for req in open_requests:
        db_session.refresh(req)
    assert open_requests and {r.suggestions_status for r in open_requests} == {"ready"}
    assert db_session.exec(select(PrototypeSuggestion)).first() is not None


def _owner(session, org_id):
    from market.accounts.models import Membership, User

    return session.exec(select(User).join(Membership, Membership.user_id == User.id)
                        .where(Membership.organization_id == org_id)).first()

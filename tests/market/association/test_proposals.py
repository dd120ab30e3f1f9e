"""Policy proposals counted against "at least three a year", moved by staff to the council's decision; and a
staff correction of a verified return from its page, kept as a new version with the reason."""

from sqlmodel import select

from market.association.models import PolicyProposal, ProposalStatus, ReturnVersion
from tests.factories.association import add_verified
from tests.helpers import csrf_token

YEAR = 2026


def test_staff_draft_and_move_a_proposal_members_cannot(db_session, campaign, staff, workshop):
    """Staff draft a proposal and take it to adoption step by step; a member's post is refused."""
    token = csrf_token(staff.client, f"/en/association/proposals?year={YEAR}")
    saved = staff.client.post(f"/en/association/proposals?year={YEAR}", data={
        "csrf_token": token, "year": YEAR, "title": "Shared finishing rooms in Seongsu"})
    assert saved.status_code == 302
    proposal = db_session.exec(select(PolicyProposal)).one()
    for to in ("submitted", "on_agenda", "adopted"):
        staff.client.post(f"/en/association/proposals/{proposal.id}/move", data={"csrf_token": token, "to": to})
    db_session.refresh(proposal)
    assert proposal.status == ProposalStatus.adopted and proposal.decided_at is not None
    html = workshop.client.get(f"/en/association/proposals?year={YEAR}").get_data(as_text=True)
    assert "1 of at least 3 a year." in html and "Adopted" in html
    member_token = csrf_token(workshop.client, f"/en/association/proposals?year={YEAR}")
    refused = workshop.client.post(f"/en/association/proposals?year={YEAR}", data={
        "csrf_token": member_token, "year": YEAR, "title": "Mine"})
    assert refused.status_code == 403
    skipped = staff.client.post(f"/en/association/proposals/{proposal.id}/move",
                                data={"csrf_token": token, "to": "draft"})
    assert skipped.status_code in (302, 409)
    db_session.refresh(proposal)
    assert proposal.status == ProposalStatus.adopted


def test_staff_correct_a_verified_return_with_a_reason(db_session, campaign, staff, workshop):
    """The correction form keeps the figures, asks why, and stores a new version."""
    ret = add_verified(db_session, workshop.member, YEAR)
    url = f"/en/association/review/{ret.id}/correct"
    page = staff.client.get(url)
    assert page.status_code == 200 and 'value="500000000"' in page.get_data(as_text=True)
    token = csrf_token(staff.client, url)
    form = {"csrf_token": token, "staff_full_time": 4, "staff_part_time": 1, "staff_under_35": 2,
            "hires_this_year": 1, "labour_cost_krw": 180_000_000, "revenue_krw": 500_000_000,
            "exports_krw": 70_000_000, "va_method": "items", "operating_surplus_krw": 10_000_000,
            "financial_cost_krw": 2_000_000, "taxes_krw": 3_000_000, "depreciation_krw": 5_000_000,
            "smart_factory_stage": "1"}
    missing_reason = staff.client.post(url, data=form)
    assert missing_reason.status_code == 422
    done = staff.client.post(url, data={**form, "reason": "An invoice to Osaka was found."})
    assert done.status_code == 302
    db_session.refresh(ret)
    assert ret.exports_krw == 70_000_000 and ret.version == 2
    version = db_session.exec(select(ReturnVersion).where(ReturnVersion.return_id == ret.id)).one()
    assert (version.reason, version.actor_id) == ("An invoice to Osaka was found.", staff.user.id)
    assert workshop.client.get(url).status_code == 403

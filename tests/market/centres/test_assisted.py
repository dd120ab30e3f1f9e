"""Staff-run jobs (sample printing): a request with a description, a quote from the staff, accepted or declined;
a self-service machine is refused, bad input is marked on its field, and only the staff quote."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.helpers import csrf_token, sign_in


@pytest.fixture
def press(make_user, make_facility, make_machine, staff_user):
    facility = make_facility(staff=[staff_user], trade="print", slug="print-demo")
    machine = make_machine(facility, name="HP Indigo", category="digital_press", assisted=True,
                           required_training=None)
    return facility, machine, make_user(email="printer@example.com")


def test_a_job_is_requested_quoted_and_accepted(app, db_session, press, staff_user, make_machine):
    """The staff are told of the request; their quote reaches the user, who accepts it; no one else may quote."""
    from market.centres.services.assisted import answer_quote, quote_job, request_job
    from market.notifications.models import Notification
    from market.refusals import Refusal

    facility, machine, user = press
    with pytest.raises(Refusal) as empty:
        request_job(db_session, user, machine.id, " ", 100)
    assert empty.value.field == "description"
    with pytest.raises(Refusal) as self_service:
        request_job(db_session, user, make_machine(facility).id, "Samples", 100)
    assert self_service.value.code == "not_assisted"
    job = request_job(db_session, user, machine.id, "200 business cards, 350 g matte", 200)
    assert db_session.exec(select(Notification).where(Notification.user_id == staff_user.id,
                                                      Notification.kind == "centre_assisted")).first()
    with pytest.raises(Refusal) as stranger:
        quote_job(db_session, user, job.id, 30_000)
    assert stranger.value.status == 403
    with pytest.raises(Refusal) as zero:
        quote_job(db_session, staff_user, job.id, 0)
    assert zero.value.field == "amount_krw"
    assert quote_job(db_session, staff_user, job.id, 45_000, "Proof in 2 days").status == "quoted"
    assert answer_quote(db_session, user, job.id, True).status == "accepted"
    with pytest.raises(Refusal) as again:
        answer_quote(db_session, user, job.id, False)
    assert again.value.status == 409


def test_the_request_page_and_console(app, db_session, press, staff_user):
    """A user asks from the page (a missing description re-renders marked); the staff quote from the console."""
    from market.centres.models import AssistedRequest

    facility, machine, user = press
    client = app.test_client()
    sign_in(client, user)
    url = f"/en/centres/assisted/{machine.id}"
    token = csrf_token(client, url)
    assert client.post(url, data={"csrf_token": token, "quantity": "10"}).status_code == 422
    assert client.post(url, data={"csrf_token": token, "description": "Poster proofs", "quantity": "10"}
                       ).status_code == 302
    job = db_session.exec(select(AssistedRequest)).one()
    staff = app.test_client()
    sign_in(staff, staff_user)
    console = f"/en/centres/facilities/{facility.slug}/console"
    assert "Poster proofs" in staff.get(console).get_data(as_text=True)
    sent = staff.post(f"/en/centres/facilities/{facility.slug}/jobs/{job.id}/quote",
                      data={"csrf_token": csrf_token(staff, console), "amount_krw": "12000"})
    assert sent.status_code == 302
    db_session.refresh(job)
    assert (job.status, job.quote_krw) == ("quoted", 12_000)
    assert "Accept" in client.get("/en/centres/bookings/").get_data(as_text=True)

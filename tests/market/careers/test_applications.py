"""Applications: one per post, the steps with notices in each side's language, the median first answer, the CV
through the upload checks."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from market.careers.models import ApplicationStatus, JobApplication
from market.careers.services import applications, posts
from market.careers.services.common import CareersError
from market.notifications.models import Notification
from market.refusals import Refusal
from market.uploads.images import Upload
from tests.factories.files import pdf_bytes, png_bytes
from tests.factories.people import make_post, make_profile


@pytest.fixture
def workshop(db_session, make_user, make_org):
    owner = make_user(name="Park Owner")
    owner.locale = "ko"
    db_session.add(owner)
    org = make_org(owner, name="Seongsu Lasts", cluster_code="seongsu")
    return owner, org, make_post(db_session, owner, org)


def _notes(db_session, user):
    return list(db_session.exec(select(Notification).where(Notification.user_id == user.id)
                                .order_by(Notification.id)))


def test_applying_needs_a_profile_and_a_second_application_is_refused(app, db_session, make_user, workshop):
    """Without a profile the application is refused on it; once applied, a second one says "already applied"."""
    _owner, _org, post = workshop
    seeker = make_user(name="Lee Seeker")
    with pytest.raises(CareersError) as refused:
        applications.apply_to_post(db_session, seeker, post.id)
    assert refused.value.code == "no_profile"
    make_profile(db_session, seeker)
    applications.apply_to_post(db_session, seeker, post.id, "I make shoes at home.")
    db_session.commit()
    with pytest.raises(Refusal) as refused:
        applications.apply_to_post(db_session, seeker, post.id)
    assert refused.value.code == "already_applied" and refused.value.status == 409
    db_session.rollback()
    count = len(list(db_session.exec(select(JobApplication).where(JobApplication.post_id == post.id))))
    assert count == 1


def test_each_step_is_told_to_the_other_side_in_its_language(app, db_session, make_user, workshop):
    """The workshop (Korean) hears of the application in Korean; the applicant (Vietnamese) of the interview and
    the hire in Vietnamese, each notice linking to the object in that language."""
    owner, _org, post = workshop
    seeker = make_user(name="Nguyen Seeker")
    seeker.locale = "vi"
    db_session.add(seeker)
    make_profile(db_session, seeker)
    application = applications.apply_to_post(db_session, seeker, post.id)
    db_session.commit()
    workshop_note = _notes(db_session, owner)[-1]
    assert workshop_note.url.startswith("/ko/jobs/") and "Nguyen Seeker" in workshop_note.message
    assert "New application" not in workshop_note.message  # written in Korean
    applications.move_application(db_session, owner, application.id, "interview", "applied")
    applications.move_application(db_session, owner, application.id, "hired", "interview")
    db_session.commit()
    notes = _notes(db_session, seeker)
    assert len(notes) == 2 and all(n.url.startswith("/vi/jobs/mine") for n in notes)
    assert "Your application" not in notes[-1].message
    assert application.status == ApplicationStatus.hired


def test_a_step_out_of_order_or_by_the_wrong_side_is_refused(app, db_session, make_user, workshop):
    """The applicant cannot hire themselves (403); the workshop cannot hire from "applied" (409); an outsider
    sees nothing (404)."""
    owner, _org, post = workshop
    seeker = make_user()
    make_profile(db_session, seeker)
    application = applications.apply_to_post(db_session, seeker, post.id)
    db_session.commit()
    with pytest.raises(Refusal) as refused:
        applications.move_application(db_session, seeker, application.id, "hired")
    assert refused.value.status in (403, 409)
    with pytest.raises(Refusal) as refused:
        applications.move_application(db_session, owner, application.id, "hired")
    assert refused.value.status == 409
    with pytest.raises(Refusal) as refused:
        applications.move_application(db_session, make_user(), application.id, "viewed")
    assert refused.value.status == 404
    applications.move_application(db_session, seeker, application.id, "withdrawn", "applied")
    assert application.status == ApplicationStatus.withdrawn


def test_the_median_first_answer_counts_the_workshops_first_steps(app, db_session, make_user, workshop):
    """The workshop's median time to a first answer is the median over its answered applications."""
    owner, _org, post = workshop
    assert posts.median_first_answer(db_session, post.org_id) is None
    hours = [2, 10, 30]
    for h in hours:
        seeker = make_user()
        make_profile(db_session, seeker)
        application = applications.apply_to_post(db_session, seeker, post.id)
        application.created_at = application.created_at - dt.timedelta(hours=h)
        db_session.add(application)
        db_session.flush()
        applications.move_application(db_session, owner, application.id, "viewed")
    db_session.commit()
    median = posts.median_first_answer(db_session, post.org_id)
    assert abs(median.total_seconds() - 10 * 3600) < 60


def test_the_cv_must_be_a_pdf_and_only_the_workshop_downloads_it(app, db_session, make_user, workshop):
    """A PNG sent as CV is refused; a real PDF is stored privately and sent to the workshop, not to others."""
    from tests.factories.clients import isolated_client

    owner, _org, post = workshop
    seeker = make_user()
    with pytest.raises(CareersError) as refused:
        applications.save_profile(db_session, seeker, full_name="A", email="a@example.com",
                                  cv=Upload("cv.png", png_bytes()))
    assert "cv" in refused.value.fields
    db_session.rollback()
    make_profile(db_session, seeker, cv=Upload("cv.pdf", pdf_bytes()))
    application = applications.apply_to_post(db_session, seeker, post.id)
    db_session.commit()
    response = isolated_client(app, owner).get(f"/en/jobs/applications/{application.id}/cv")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert isolated_client(app, make_user()).get(f"/en/jobs/applications/{application.id}/cv").status_code == 404


def test_applying_through_the_page_twice_says_already_applied(app, db_session, make_user, workshop):
    """The second post of the apply form answers with the "already applied" message and stores nothing more."""
    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    _owner, _org, post = workshop
    seeker = make_user()
    make_profile(db_session, seeker)
    client = isolated_client(app, seeker)
    token = csrf_token(client, f"/en/jobs/{post.id}")
    assert client.post(f"/en/jobs/{post.id}/apply", data={"csrf_token": token}).status_code == 302
    response = client.post(f"/en/jobs/{post.id}/apply", data={"csrf_token": token},
                           headers={"Referer": f"http://localhost/en/jobs/{post.id}"}, follow_redirects=True)
    assert "You already applied to this job." in response.get_data(as_text=True)
    assert len(list(db_session.exec(select(JobApplication).where(JobApplication.post_id == post.id)))) == 1


def test_the_workshops_applications_page_names_each_status_in_its_language(app, db_session, make_user, workshop):
    """The applications page shows the status in words of the reader's language, with the next steps."""
    from tests.factories.clients import isolated_client

    owner, _org, post = workshop
    seeker = make_user()
    make_profile(db_session, seeker)
    application = applications.apply_to_post(db_session, seeker, post.id)
    applications.move_application(db_session, owner, application.id, "interview")
    db_session.commit()
    html = isolated_client(app, owner).get(f"/ko/jobs/{post.id}/applications").get_data(as_text=True)
    assert '<td class="application-status">면접</td>' in html
    assert 'value="hired"' in html and 'value="offer"' in html


def test_hires_are_counted_per_workshop_and_year_for_the_returns(app, db_session, make_user, workshop):
    """Each hire through the portal counts for its workshop in the year it happened."""
    owner, org, post = workshop
    seeker = make_user()
    make_profile(db_session, seeker)
    application = applications.apply_to_post(db_session, seeker, post.id)
    applications.move_application(db_session, owner, application.id, "interview")
    applications.move_application(db_session, owner, application.id, "hired")
    db_session.commit()
    year = application.updated_at.year
    assert posts.hires_by_org(db_session, year) == {org.id: 1}
    assert posts.hires_by_org(db_session, year - 1) == {}

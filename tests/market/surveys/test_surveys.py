"""The reusable survey: a one-time signed link valid 14 days, answered once, low scores call the follow-up hook,
results summed up; forged, expired and second answers are refused and store nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import lazy_gettext as _l
from sqlmodel import func, select

CALLS: list[tuple[str, int]] = []


def _low(session, invitation, response):
    CALLS.append(("low", invitation.subject_id))


def _answered(session, invitation, response):
    CALLS.append(("answer", invitation.subject_id))


@pytest.fixture
def tour_survey(app):
    """A survey of another feature (a tour), registered the way the factory registers definitions."""
    from market.surveys.definitions import Question, QuestionType, SurveyDefinition, init_app

    definition = SurveyDefinition(kind="test_tour", title=_l("Survey"), questions=(
        Question("overall", QuestionType.scale, _l("Overall satisfaction")),
        Question("recommend", QuestionType.nps, _l("Recommend")),
        Question("again", QuestionType.yes_no, _l("Again")),
        Question("comment", QuestionType.text, _l("Comment"), required=False)),
        on_low_score=_low, on_answer=_answered)
    init_app(app, [definition])
    CALLS.clear()
    return definition


def _responses(db_session):
    from market.surveys.models import SurveyResponse

    return db_session.exec(select(func.count()).select_from(SurveyResponse)).one()


def test_an_invitation_is_answered_once_and_calls_the_hooks(app, db_session, make_user, tour_survey):
    """The link's answer is stored, the answer hook runs, a low score runs the follow-up hook; a second answer
    is refused (409) and stores nothing."""
    from market.refusals import Refusal
    from market.surveys import services

    user = make_user()
    invitation = services.invite(db_session, "test_tour", 7, user, group_key="tour:1")
    assert services.invite(db_session, "test_tour", 7, user).id == invitation.id
    token = services.link_token(invitation)
    response = services.answer(db_session, token, {"overall": "2", "recommend": "3", "again": "no"})
    assert response.low_score and response.answers == {"overall": 2, "recommend": 3, "again": False}
    assert CALLS == [("answer", 7), ("low", 7)]
    with pytest.raises(Refusal) as again:
        services.answer(db_session, token, {"overall": "5", "recommend": "10", "again": "yes"})
    assert again.value.code == "survey_answered" and again.value.status == 409
    assert _responses(db_session) == 1


def test_forged_altered_and_expired_links_are_refused(app, db_session, make_user, tour_survey):
    """A token not signed by the app, or altered, is 404; one older than 14 days is 410."""
    from itsdangerous import URLSafeTimedSerializer

    from market.refusals import Refusal
    from market.surveys import services

    user = make_user()
    invitation = services.invite(db_session, "test_tour", 8, user)
    forged = URLSafeTimedSerializer("not-the-secret", salt="seoulmade.survey").dumps([invitation.id,
                                                                                       invitation.nonce])
    token = services.link_token(invitation)
    for bad in (forged, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense"):
        with pytest.raises(Refusal) as refused:
            services.open_invitation(db_session, bad)
        assert refused.value.status == 404 and refused.value.code == "survey_link_invalid"
    with pytest.raises(Refusal) as expired:
        services.open_invitation(db_session, token, now=invitation.expires_at + dt.timedelta(seconds=1))
    assert expired.value.status == 410
    assert _responses(db_session) == 0


def test_missing_and_out_of_range_answers_are_marked(app, db_session, make_user, tour_survey):
    """A missing score and one out of range are refused on their fields; the link stays open."""
    from market.refusals import Refusal
    from market.surveys import services

    invitation = services.invite(db_session, "test_tour", 9, make_user())
    with pytest.raises(Refusal) as refused:
        services.answer(db_session, services.link_token(invitation), {"overall": "6", "again": "maybe"})
    assert set(refused.value.fields) == {"overall", "recommend", "again"}
    assert services.open_invitation(db_session, services.link_token(invitation)).answered_at is None


def test_results_give_means_nps_and_response_rate(app, db_session, make_user, tour_survey):
    """Means per scale question, NPS (promoters − detractors) and the response rate over the invited."""
    from market.surveys import services

    answers = [{"overall": 5, "recommend": 10, "again": "yes"}, {"overall": 3, "recommend": 6, "again": "no"},
               {"overall": 4, "recommend": 9, "again": "yes"}, None]
    for subject, answer in enumerate(answers, start=100):
        invitation = services.invite(db_session, "test_tour", subject, make_user(), group_key="tour:2")
        if answer:
            services.answer(db_session, services.link_token(invitation), answer)
    results = services.summarize(db_session, "test_tour", group_keys=["tour:2"])
    assert (results.invited, results.answered) == (4, 3)
    assert results.response_rate == 0.75
    assert results.overall == pytest.approx(4.0)
    assert results.nps == pytest.approx(100 * (2 - 1) / 3)
    assert results.yes_shares["again"] == pytest.approx(2 / 3)


def test_the_survey_page_answers_once_in_the_users_language(app, db_session, client, make_user, tour_survey):
    """The link opens the questions; answers are stored once; a second visit says it was answered; a forged link
    says it is not valid (404) — in the page's language."""
    from market.surveys import services
    from tests.helpers import csrf_token

    invitation = services.invite(db_session, "test_tour", 11, make_user(), locale="ko")
    db_session.commit()
    url = services.survey_url(invitation, external=False)
    assert url.startswith("/ko/surveys/")
    page = client.get(url)
    assert page.status_code == 200 and 'name="overall"' in page.get_data(as_text=True)
    token = csrf_token(client, url)
    missing = client.post(url, data={"csrf_token": token, "overall": "4"})
    assert missing.status_code == 422 and _responses(db_session) == 0
    done = client.post(url, data={"csrf_token": token, "overall": "4", "recommend": "8", "again": "yes"})
    assert done.status_code == 200 and _responses(db_session) == 1
    assert client.get(url).status_code == 409
    forged = client.get("/ko/surveys/abc.def.ghi")
    assert forged.status_code == 404


def test_the_api_answers_with_the_token(app, db_session, client, make_user, tour_survey):
    """POST /api/v1/surveys/answers stores the answer (201); again is 409; a forged token is 404."""
    from market.surveys import services

    invitation = services.invite(db_session, "test_tour", 12, make_user())
    db_session.commit()
    body = {"token": services.link_token(invitation), "answers": {"overall": 5, "recommend": 10, "again": True}}
    created = client.post("/api/v1/surveys/answers", json=body)
    assert created.status_code == 201 and created.get_json()["low_score"] is False
    assert client.post("/api/v1/surveys/answers", json=body).get_json()["error"]["code"] == "survey_answered"
    forged = client.post("/api/v1/surveys/answers", json={**body, "token": "x.y.z"})
    assert forged.status_code == 404

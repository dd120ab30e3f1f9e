"""The review piece: reviewers assigned within their scope, the conflict declaration before the file, blind
mode, one submission of 1–5 scores per reviewer, and the spread staff see."""

from __future__ import annotations

import pytest

from market.refusals import Refusal
from market.reviews import services as reviews
from market.reviews.models import AssignmentStatus
from tests.factories.programmes import add_profile, add_programme, complete_application

KIND = "programme_application"
CRITERIA = [reviews.CriterionSpec("need", {"en": "Need"}, 3), reviews.CriterionSpec("plan", {"en": "Plan"}, 1)]


@pytest.fixture
def subject(app, db_session, make_user, make_org):
    owner = make_user()
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6)
    add_profile(db_session, org)
    programme = add_programme(db_session)
    application = complete_application(db_session, programme, org, owner)
    return programme, application


@pytest.fixture
def officer(make_user):
    return make_user(role="programme_staff")


def test_external_reviewers_need_a_grant_for_one_programme_only(app, db_session, subject, officer, make_user):
    """An outside reviewer without a grant is refused; a grant holds for one programme and no second one."""
    programme, application = subject
    outsider = make_user(role="reviewer")
    with pytest.raises(Refusal) as refused:
        reviews.assign_reviewer(db_session, KIND, application.id, outsider, by=officer)
    assert refused.value.fields == {"reviewer": refused.value.message}
    reviews.grant_reviewer(db_session, outsider, "programme", programme.id, by=officer)
    reviews.assign_reviewer(db_session, KIND, application.id, outsider, by=officer)
    other = add_programme(db_session)
    with pytest.raises(Refusal):
        reviews.grant_reviewer(db_session, outsider, "programme", other.id, by=officer)
    with pytest.raises(Refusal) as twice:
        reviews.assign_reviewer(db_session, KIND, application.id, outsider, by=officer)
    assert "reviewer" in twice.value.fields
    with pytest.raises(Refusal) as not_staff:
        reviews.assign_reviewer(db_session, KIND, application.id, make_user(role="reviewer"), by=outsider)
    assert not_staff.value.status == 403


def test_the_file_opens_only_after_a_declaration_without_conflict(app, db_session, subject, officer, make_user):
    """Before the declaration the file is refused (409); after a declared conflict it stays closed (403)."""
    programme, application = subject
    reviews.set_rubric(db_session, "programme", programme.id, CRITERIA)
    clear, conflicted = make_user(role="programme_staff"), make_user(role="programme_staff")
    first = reviews.assign_reviewer(db_session, KIND, application.id, clear, by=officer)
    second = reviews.assign_reviewer(db_session, KIND, application.id, conflicted, by=officer)
    with pytest.raises(Refusal) as early:
        reviews.open_file(db_session, first.id, clear)
    assert early.value.code == "declare_first"
    with pytest.raises(Refusal):
        reviews.declare_interest(db_session, second.id, conflicted, conflict=True, note="")
    reviews.declare_interest(db_session, second.id, conflicted, conflict=True, note="My cousin's workshop.")
    with pytest.raises(Refusal) as closed:
        reviews.open_file(db_session, second.id, conflicted)
    assert closed.value.status == 403
    with pytest.raises(Refusal) as again:
        reviews.declare_interest(db_session, second.id, conflicted, conflict=False)
    assert again.value.status == 409
    reviews.declare_interest(db_session, first.id, clear, conflict=False)
    opened = reviews.open_file(db_session, first.id, clear)
    assert opened.subject.organisation == "Changsin Hillside Sewing"
    with pytest.raises(Refusal) as stranger:
        reviews.open_file(db_session, first.id, conflicted)
    assert stranger.value.status == 404


def test_blind_mode_hides_the_organisation(app, db_session, subject, officer):
    """In blind mode the reviewer's file has no organisation name."""
    programme, application = subject
    reviews.set_rubric(db_session, "programme", programme.id, CRITERIA, blind=True)
    assignment = reviews.assign_reviewer(db_session, KIND, application.id, officer, by=officer)
    reviews.declare_interest(db_session, assignment.id, officer, conflict=False)
    opened = reviews.open_file(db_session, assignment.id, officer)
    assert opened.blind and opened.subject.organisation == ""
    assert all("Changsin" not in value for _label, value in opened.subject.sections)


def test_one_submission_of_scores_and_the_spread(app, db_session, subject, officer, make_user):
    """Scores are 1–5 for every criterion, once per reviewer; staff see mean, spread and weighted totals."""
    programme, application = subject
    reviews.set_rubric(db_session, "programme", programme.id, CRITERIA)
    a, b = make_user(role="programme_staff"), make_user(role="programme_staff")
    first = reviews.assign_reviewer(db_session, KIND, application.id, a, by=officer)
    second = reviews.assign_reviewer(db_session, KIND, application.id, b, by=officer)
    for assignment, user in ((first, a), (second, b)):
        reviews.declare_interest(db_session, assignment.id, user, conflict=False)
    with pytest.raises(Refusal) as bad:
        reviews.submit_scores(db_session, first.id, a, {"need": (6, ""), "plan": (None, "")})
    assert set(bad.value.fields) == {"score_need", "score_plan"}
    reviews.submit_scores(db_session, first.id, a, {"need": (5, "Urgent"), "plan": (2, "")})
    with pytest.raises(Refusal) as twice:
        reviews.submit_scores(db_session, first.id, a, {"need": (1, ""), "plan": (1, "")})
    assert twice.value.status == 409
    reviews.submit_scores(db_session, second.id, b, {"need": (2, ""), "plan": (4, "")})
    summary = reviews.score_summary(db_session, KIND, application.id)
    need = summary.criteria[0]
    assert need.scores == [5, 2] and need.spread == 3 and need.mean == 3.5 and need.comments == ["Urgent"]
    # (3×5 + 1×2) / (4×5) = 85; (3×2 + 1×4) / 20 = 50
    assert summary.totals == {a.id: 85.0, b.id: 50.0} and summary.mean_total == 67.5
    assert first.status == AssignmentStatus.submitted and summary.submitted == 2


def test_a_rubric_with_scores_cannot_change(app, db_session, subject, officer):
    """Once a score is given, the rubric is fixed."""
    programme, application = subject
    reviews.set_rubric(db_session, "programme", programme.id, CRITERIA)
    assignment = reviews.assign_reviewer(db_session, KIND, application.id, officer, by=officer)
    reviews.declare_interest(db_session, assignment.id, officer, conflict=False)
    reviews.submit_scores(db_session, assignment.id, officer, {"need": (3, ""), "plan": (3, "")})
    with pytest.raises(Refusal) as refused:
        reviews.set_rubric(db_session, "programme", programme.id, CRITERIA[:1])
    assert refused.value.status == 409

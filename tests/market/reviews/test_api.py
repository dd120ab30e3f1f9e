"""The reviewers' API: the file refused before the declaration and after a conflict, scores once."""

from __future__ import annotations

from market.reviews import services as reviews
from tests.factories.clients import bearer
from tests.factories.programmes import add_profile, add_programme, complete_application


def test_a_reviewer_declares_reads_blind_and_scores_once(app, client, db_session, make_user, make_org):
    owner = make_user()
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6)
    add_profile(db_session, org)
    programme = add_programme(db_session)
    application = complete_application(db_session, programme, org, owner)
    reviews.set_rubric(db_session, "programme", programme.id, [reviews.CriterionSpec("need", {"en": "Need"}, 2)],
                       blind=True)
    officer, reviewer, conflicted = (make_user(role="programme_staff"), make_user(role="reviewer"),
                                     make_user(role="reviewer"))
    for user in (reviewer, conflicted):
        reviews.grant_reviewer(db_session, user, "programme", programme.id, by=officer)
    mine = reviews.assign_reviewer(db_session, "programme_application", application.id, reviewer, by=officer)
    theirs = reviews.assign_reviewer(db_session, "programme_application", application.id, conflicted, by=officer)
    db_session.commit()
    headers, other = bearer(db_session, reviewer), bearer(db_session, conflicted)

    assert [a["id"] for a in client.get("/api/v1/review-assignments", headers=headers).get_json()["items"]] == [
        mine.id]
    early = client.get(f"/api/v1/review-assignments/{mine.id}", headers=headers)
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "declare_first"
    client.post(f"/api/v1/review-assignments/{theirs.id}/declaration", json={"conflict": True, "note": "Cousin"},
                headers=other)
    assert client.get(f"/api/v1/review-assignments/{theirs.id}", headers=other).status_code == 403
    assert client.get(f"/api/v1/review-assignments/{theirs.id}", headers=headers).status_code == 404
    client.post(f"/api/v1/review-assignments/{mine.id}/declaration", json={"conflict": False}, headers=headers)
    opened = client.get(f"/api/v1/review-assignments/{mine.id}", headers=headers).get_json()
    assert opened["organisation"] is None and opened["criteria"][0]["weight"] == 2
    bad = client.post(f"/api/v1/review-assignments/{mine.id}/scores", json={"scores": {"need": {"score": 0}}},
                      headers=headers)
    assert bad.status_code == 422 and "score_need" in bad.get_json()["error"]["fields"]
    scored = client.post(f"/api/v1/review-assignments/{mine.id}/scores", json={"scores": {"need": {"score": 4}}},
                         headers=headers)
    assert scored.status_code == 200 and scored.get_json()["criteria"][0]["score"] == 4
    again = client.post(f"/api/v1/review-assignments/{mine.id}/scores", json={"scores": {"need": {"score": 5}}},
                        headers=headers)
    assert again.status_code == 409

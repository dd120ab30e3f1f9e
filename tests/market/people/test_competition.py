"""The skills competition: entries, blind judging in the review piece without a judge's own workshop, results
and the winners' badge."""

from __future__ import annotations

import datetime as dt

import pytest

from market.people.services import competition
from market.people.services.common import PeopleError
from market.refusals import Refusal
from market.reviews.services import assignments_for, declare_interest, open_file, submit_scores


def _score(db_session, entry, judges, score):
    for assignment in assignments_for(db_session, competition.REVIEW_KIND, entry.id):
        judge = next(j for j in judges if j.id == assignment.reviewer_user_id)
        declare_interest(db_session, assignment.id, judge, conflict=False)
        submit_scores(db_session, assignment.id, judge, {code: (score, "") for code, _l, _w in competition.RUBRIC})


def test_judging_is_blind_skips_own_workshop_and_ranks_the_entries(app, db_session, make_user, make_org):
    """Judges never get their own workshop's entry (assigning it is refused), the file hides the workshop, and
    the results rank by mean score with prizes; the winner carries the badge."""
    staff = make_user(role="curator")
    a_owner, b_owner = make_user(), make_user()
    a = make_org(a_owner, name="Seongsu Lasts", cluster_code="seongsu")
    b = make_org(b_owner, name="Sole Brothers", cluster_code="seongsu")
    outside_judge = make_user(name="Judge Outside")
    c = competition.open_competition(db_session, staff, "shoes", dt.date.today().year,
                                     dt.date.today() + dt.timedelta(days=5))
    entry_a = competition.enter(db_session, a_owner, c.id, org_id=a.id, title="Hand-lasted oxford",
                                video_url="https://video.example/a")
    entry_b = competition.enter(db_session, b_owner, c.id, org_id=b.id, title="Stitched loafer")
    with pytest.raises(Refusal) as refused:
        competition.enter(db_session, a_owner, c.id, org_id=a.id, title="Again")
    assert refused.value.status == 409
    db_session.commit()
    made = competition.start_judging(db_session, staff, c.id, [outside_judge, a_owner])
    assert made == 3  # a_owner judges only the other workshop's entry
    with pytest.raises(PeopleError, match="own workshop"):
        competition.assign_judge(db_session, staff, entry_a.id, a_owner)
    assignment = assignments_for(db_session, competition.REVIEW_KIND, entry_a.id)[0]
    declare_interest(db_session, assignment.id, outside_judge, conflict=False)
    assert open_file(db_session, assignment.id, outside_judge).subject.organisation == ""
    submit_scores(db_session, assignment.id, outside_judge, {code: (5, "") for code, _l, _w in competition.RUBRIC})
    _score(db_session, entry_b, [outside_judge, a_owner], 3)
    ranked = competition.publish_results(db_session, staff, c.id, {1: ("Gold", "MICAM Milano"), 2: ("Silver", "")})
    db_session.commit()
    assert [e.id for e in ranked] == [entry_a.id, entry_b.id]
    assert entry_a.place == 1 and entry_a.trade_fair == "MICAM Milano"
    assert [w.entry.id for w in competition.wins_of(db_session, a.id)] == [entry_a.id]


def test_entries_are_refused_after_the_deadline_and_bad_links(app, db_session, make_user, make_org):
    """A video link that is not http(s) is refused on its field; a closed competition takes no entry."""
    staff = make_user(role="curator")
    owner = make_user()
    org = make_org(owner)
    c = competition.open_competition(db_session, staff, "machine_metal", 2026, dt.date.today())
    with pytest.raises(PeopleError) as refused:
        competition.enter(db_session, owner, c.id, org_id=org.id, title="Gear", video_url="javascript:alert(1)")
    assert "video_url" in refused.value.fields
    c.entry_deadline = dt.date.today() - dt.timedelta(days=1)
    db_session.add(c)
    with pytest.raises(Refusal) as refused:
        competition.enter(db_session, owner, c.id, org_id=org.id, title="Gear")
    assert refused.value.status == 409

"""Demo people of the trades: the 2022 baseline of recognitions, a Jongno goldsmith free to nominate, jobs with a
wage range, competitions and tours — quickly, and shown by the pages."""

from __future__ import annotations

import random
import time

from sqlmodel import func, select

from market.careers.models import JobPost
from market.people.demo import DESIGNATED, add_demo_people
from market.people.models import Competition, Craftsperson, MasterAward, Nomination
from market.tours.models import Tour


def test_demo_people_jobs_and_tours(app, db_session, client, make_user, make_org):
    """The step is quick, awards 2022's 18 recognitions per the baseline (their grants paid), keeps its goldsmith
    un-nominated, gives last week's tour its students' answers, and the registry, jobs and tours pages show what
    it made."""
    for code in ("jongno", "bongik", "dongdaemun", "changsin", "mullae", "seongsu", "euljiro"):
        for i in range(4):
            make_org(make_user(), kind="maker", name=f"{code} workshop {i}", cluster_code=code)
    started = time.perf_counter()
    counts = add_demo_people(db_session, random.Random("people"))
    db_session.commit()
    assert time.perf_counter() - started < 3
    baseline = dict(db_session.exec(select(MasterAward.trade, func.count()).where(MasterAward.year == 2022)
                                    .group_by(MasterAward.trade)).all())
    assert baseline == {"jewelry": 5, "sewing": 4, "machine_metal": 3, "shoes": 5, "printing": 1}
    goldsmith = db_session.exec(select(Craftsperson).where(Craftsperson.name == DESIGNATED["name"])).one()
    assert db_session.exec(select(Nomination).where(Nomination.craftsperson_id == goldsmith.id)).first() is None
    assert counts["job posts"] == db_session.exec(select(func.count()).select_from(JobPost)).one() > 0
    assert counts["school tours"] == db_session.exec(select(func.count()).select_from(Tour)).one() > 0
    registry = client.get("/en/masters/?trade=jewelry").get_data(as_text=True)
    assert "MST-2022-" in registry
    assert "Han Geum-ju" in client.get("/en/people/?cluster=jongno").get_data(as_text=True)
    assert client.get("/ko/jobs/").status_code == 200 and client.get("/vi/tours/").status_code == 200
    assert "서울공업고등학교" not in client.get("/en/tours/").get_data(as_text=True)  # bookings are the host's
    # The past years' grants are paid out in the ledger, the numbering carries on, and last week's tour has the
    # students' answers for its teacher and host.
    from market.payments import ledger
    from market.payments.models import Payout
    from market.people.services import awards
    from market.sequences import Sequence
    from market.tours import survey

    paid = db_session.exec(select(func.count()).select_from(Payout).where(Payout.grant_kind == "master_grant")).one()
    assert paid == db_session.exec(select(func.count()).select_from(MasterAward)
                                   .where(MasterAward.grant_krw > 0)).one() > 18
    assert ledger.unbalanced_transactions(db_session) == []
    assert db_session.get(Sequence, (awards.SEQUENCE, 2022)).last == 18
    past = db_session.exec(select(Tour).order_by(Tour.starts_at)).first()
    results = survey.tour_results(db_session, past)
    assert (results.results.invited, results.results.answered) == (15, 11) and results.comments


def test_every_page_answers_in_every_language(app, db_session, make_user, make_org):
    """The public and staff pages of people, jobs, competition and tours render in the five languages."""
    from tests.factories.clients import isolated_client

    for code in ("jongno", "seongsu", "mullae", "euljiro", "dongdaemun"):
        for i in range(4):
            make_org(make_user(), kind="maker", name=f"{code} workshop {i}", cluster_code=code)
    add_demo_people(db_session, random.Random("people"))
    db_session.commit()
    award = db_session.exec(select(MasterAward)).first()
    nomination = db_session.exec(select(Nomination).where(Nomination.status == "submitted")).first()
    post = db_session.exec(select(JobPost)).first()
    tour = db_session.exec(select(Tour)).first()
    contest = db_session.exec(select(Competition)).first()
    staff = isolated_client(app, make_user(role="curator"))
    paths = ["/jobs/", f"/jobs/{post.id}", "/masters/", "/people/", f"/people/{award.craftsperson_id}",
             f"/masters/certificates/{award.code}", "/competition/", f"/competition/{contest.id}", "/tours/",
             f"/tours/{tour.id}", "/masters/nominations/", f"/masters/nominations/{nomination.id}",
             f"/masters/nominate/{award.craftsperson_id}", f"/workshops/{post.org_id}/people",
             f"/jobs/{post.id}/applications", "/jobs/profile", "/jobs/mine", "/tours/mine"]
    for lang in ("ko", "en", "ja", "zh-hans", "vi"):
        for path in paths:
            response = staff.get(f"/{lang}{path}")
            assert response.status_code in (200, 404), (lang, path, response.status_code)
            assert response.status_code == 200 or path.endswith("/applications"), (lang, path)

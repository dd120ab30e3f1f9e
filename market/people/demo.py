"""Demo people of the trades: craftspeople in the workshops of the five trade clusters (stories in Korean and
English, one goldsmith in all five languages), the recognitions of 2022 (jewelry 5, sewing 4, machine-metal 3,
shoes 5, print 1) and of the years since (their grants paid out, their numbers in the certificates' sequence), a
few nominations waiting for review, reviewers, last year's skills competitions with their results and this year's
open ones, job posts with applicants in every state, guests' alerts, and school tours with a teacher's booking
(and last week's tour, whose students answered the survey).

Rows are written in bulk (``insert`` of plain dicts) so the step stays well under a second or two; no mail is
sent. The demo gives it a generator of its own, so the steps after it see the same random numbers.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa
from sqlmodel import Session, select

from i18n.content import ContentTranslation
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.careers.models import ENTITY as JOB_ENTITY
from market.careers.models import ApplicantProfile, JobAlert, JobApplication, JobPost
from market.db import utcnow
from market.payments import ledger
from market.payments.models import LedgerAccount, Payout
from market.people.models import ENTITY as PERSON_ENTITY
from market.people.models import Competition, CompetitionEntry, Craftsperson, MasterAward, Nomination
from market.people.services.awards import GRANT_KIND, GRANT_KRW, QUOTAS, SEQUENCE
from market.people.trades import CLUSTER_TRADES
from market.sequences import Sequence
from market.surveys.models import SurveyInvitation, SurveyResponse
from market.tours import survey as tour_survey
from market.tours.models import Tour, TourBooking, TourSurveySlip

# Someone a browser test can nominate: a Jongno goldsmith with no nomination yet.
DESIGNATED = {"name": "Han Geum-ju", "name_ko": "한금주", "years": 24, "stories": {
    "ko": "한금주 장인은 종로 3가에서 24년째 금은 세공을 해왔습니다. 전통 누금 기법을 현대 반지에 담습니다.",
    "en": "Han Geum-ju has worked gold and silver in Jongno 3-ga for 24 years, bringing traditional granulation "
          "to modern rings.",
    "ja": "ハン・グムジュ氏は鐘路3街で24年間、金銀細工を続けてきました。伝統的な粒金技法を現代の指輪に生かしています。",
    "zh_Hans": "韩金珠在钟路三街从事金银细工已有24年，把传统的金珠粒工艺用在现代戒指上。",
    "vi": "Han Geum-ju đã chế tác vàng bạc ở Jongno 3-ga suốt 24 năm, đưa kỹ thuật hạt vàng truyền thống vào "
          "những chiếc nhẫn hiện đại."}}
DEMO_USERS = {
    "reviewer_a": ("reviewer.kim@people.demo", "Kim Seong-hun (reviewer)"),
    "reviewer_b": ("reviewer.lee@people.demo", "Lee Hye-jin (reviewer)"),
    "jobseeker": ("jobseeker@people.demo", "Nguyen Thi Lan"),
    "teacher": ("teacher@people.demo", "Choi Yun-ho (teacher)"),
}

_SURNAMES = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"),
             ("Cho", "조"), ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"), ("Han", "한"), ("Oh", "오")]
_GIVEN = [("Young-ho", "영호"), ("Mi-sook", "미숙"), ("Jae-won", "재원"), ("Sun-hee", "선희"), ("Dong-su", "동수"),
          ("Eun-young", "은영"), ("Chang-min", "창민"), ("Hye-ran", "혜란"), ("Sung-jin", "성진"), ("Ok-ja", "옥자"),
          ("Byung-chul", "병철"), ("Kyung-ae", "경애"), ("Tae-hoon", "태훈"), ("Soo-jin", "수진")]
_WORK = {
    "jewelry": ("gold and silver rings and chains", "금은 반지와 체인"),
    "sewing": ("tailored jackets and sample garments", "맞춤 재킷과 샘플 의류"),
    "machine_metal": ("precision parts on lathes and milling machines", "선반과 밀링으로 정밀 부품"),
    "shoes": ("hand-lasted leather shoes", "수제 가죽 구두"),
    "printing": ("letterpress and offset printing", "활판과 오프셋 인쇄"),
}
_JOB_TITLES = {
    "jewelry": [("Apprentice goldsmith", "견습 금속공예가"), ("Stone setter", "보석 세팅 기술자")],
    "sewing": [("Apprentice pattern maker", "견습 패턴사"), ("Sample sewer", "샘플 봉제사")],
    "machine_metal": [("CNC lathe technician", "CNC 선반 기술자"), ("Apprentice machinist", "견습 기계가공사")],
    "shoes": [("Apprentice shoemaker", "견습 제화공"), ("Upper stitcher", "갑피 재봉사")],
    "printing": [("Offset press operator", "오프셋 인쇄기 기사"), ("Apprentice bookbinder", "견습 제본공")],
}
_LEVEL_WAGE = {"apprentice": (2_100_000, 2_600_000), "technician": (2_600_000, 3_300_000),
               "skilled": (3_200_000, 4_200_000), "lead": (4_000_000, 5_500_000)}
TRADE_FAIRS = {"jewelry": "JCK Las Vegas", "sewing": "Première Vision Paris", "machine_metal": "Hannover Messe",
               "shoes": "MICAM Milano", "printing": "drupa Düsseldorf"}


def _texts(entity: str, entity_id: int, field: str, texts: dict[str, str], now, source_locale: str) -> list[dict]:
    return [{"entity": entity, "entity_id": entity_id, "field": field, "locale": loc, "text": text,
             "source": "author" if loc == source_locale else "translator", "reviewed": loc == source_locale,
             "updated_at": now} for loc, text in texts.items()]


def _insert(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows in bulk and return their ids in order."""
    if not rows:
        return []
    result = session.execute(sa.insert(model).returning(model.id), rows)
    return [r[0] for r in result]


def _pay_past_grants(session: Session, year: int) -> None:
    """The grants of the years before this one were paid a month after their award: grant payouts of the
    payments core, written to its ledger (no mail: the demo sends none)."""
    for record in session.exec(select(MasterAward).where(MasterAward.year < year, MasterAward.grant_krw > 0)
                               .order_by(MasterAward.id)):
        payout = Payout(payee_org_id=record.org_id, currency="KRW", amount_minor=record.grant_krw,
                        amount_krw=record.grant_krw, method="bank_transfer", note=f"명장 장려금 {record.code}",
                        grant_kind=GRANT_KIND, grant_id=record.id,
                        created_at=record.issued_at + dt.timedelta(days=30))
        session.add(payout)
        session.flush()
        ledger.record_grant(session, payout, LedgerAccount.funds_manual)


def _past_tour_with_answers(session: Session, rng: random.Random, org: Organization, teacher_id: int,
                            now: dt.datetime) -> None:
    """Last week's tour: the teacher's class of 16 came (15 students), the survey slips were handed out and 11
    students answered, so the teacher and the host see results."""
    starts = (now - dt.timedelta(days=7)).replace(hour=1, minute=0, second=0, microsecond=0)
    tour = Tour(org_id=org.id, trade=CLUSTER_TRADES[org.cluster_code], starts_at=starts, capacity=30, booked=16,
                safety_notes="앞이 막힌 신발을 신어 주세요.", created_at=starts - dt.timedelta(days=20))
    session.add(tour)
    session.flush()
    booking = TourBooking(tour_id=tour.id, teacher_id=teacher_id, school="성동공업고등학교", group_size=16,
                          attended=15, reminded_at=starts - dt.timedelta(hours=20),
                          created_at=starts - dt.timedelta(days=14))
    session.add(booking)
    session.flush()
    comments = ["기계가 정말 멋있었어요.", "장인님 설명이 재미있었어요.", "", "직접 만들어 보고 싶어요.", ""]
    for number in range(1, 16):
        slip = TourSurveySlip(booking_id=booking.id, number=number, created_at=starts + dt.timedelta(hours=2))
        session.add(slip)
        session.flush()
        answered = number <= 11
        invitation = SurveyInvitation(
            kind=tour_survey.KIND, subject_id=slip.id, group_key=tour_survey.group_key(booking), user_id=teacher_id,
            locale="ko", title=f"{org.name} · {booking.school}", nonce=f"{rng.getrandbits(64):016x}",
            created_at=slip.created_at, expires_at=slip.created_at + dt.timedelta(days=14),
            answered_at=slip.created_at + dt.timedelta(hours=1) if answered else None)
        session.add(invitation)
        session.flush()
        if answered:
            answers = {"learned": rng.choice((3, 4, 4, 5, 5)), "interest": rng.random() < 0.55,
                       "overall": rng.choice((4, 4, 5, 5, 5))}
            comment = comments[number % len(comments)]
            if comment:
                answers["comment"] = comment
            session.add(SurveyResponse(invitation_id=invitation.id, kind=tour_survey.KIND, subject_id=slip.id,
                                       group_key=invitation.group_key, answers=answers, low_score=False,
                                       created_at=invitation.answered_at))
    session.flush()


def _users(session: Session, password_hash: str) -> dict[str, int]:
    ids = {}
    for key, (email, name) in DEMO_USERS.items():
        user = User(email=email, display_name=name, password_hash=password_hash, session_nonce=f"demo-{key}",
                    email_verified_at=utcnow(), locale="vi" if key == "jobseeker" else None)
        session.add(user)
        session.flush()
        ids[key] = user.id
    return ids


def add_demo_people(session: Session, rng: random.Random) -> dict[str, int]:
    """Fill the people, jobs, competition and tours tables; returns how many of each were made."""
    now = utcnow()
    year = now.year
    makers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker,
                                                          Organization.cluster_code.in_(list(CLUSTER_TRADES)))
                               .order_by(Organization.id)))
    owner_hash = session.exec(select(User.password_hash).join(Membership, Membership.user_id == User.id)
                              .limit(1)).first()
    users = _users(session, owner_hash)
    owners = dict(session.exec(select(Membership.organization_id, Membership.user_id)
                               .where(Membership.organization_id.in_([m.id for m in makers]))).all())
    # --- craftspeople --------------------------------------------------------------------------------------
    people, stories, designated_index = [], [], None
    for org in makers:
        trade = CLUSTER_TRADES[org.cluster_code]
        for _n in range(rng.choice((1, 2, 2, 3))):
            surname, given = rng.choice(_SURNAMES), rng.choice(_GIVEN)
            years = rng.choice((5, 9, 12, 17, 21, 26, 31, 38))
            people.append({"org_id": org.id, "name": f"{surname[0]} {given[0]}", "name_ko": surname[1] + given[1],
                           "trade": trade, "started_year": year - years, "source_locale": "ko",
                           "consent_at": now if rng.random() < 0.85 else None, "created_at": now})
        if designated_index is None and org.cluster_code == "jongno":
            designated_index = len(people)
            people.append({"org_id": org.id, "name": DESIGNATED["name"], "name_ko": DESIGNATED["name_ko"],
                           "trade": "jewelry", "started_year": year - DESIGNATED["years"], "source_locale": "ko",
                           "consent_at": now, "created_at": now})
    person_ids = _insert(session, Craftsperson, people)
    for index, (pid, p) in enumerate(zip(person_ids, people, strict=True)):
        if index == designated_index:
            texts = DESIGNATED["stories"]
        else:
            en, ko = _WORK[p["trade"]]
            years = year - p["started_year"]
            texts = {"ko": f"{p['name_ko']} 장인은 {years}년째 {ko}을(를) 만들고 있습니다.",
                     "en": f"{p['name']} has made {en} for {years} years."}
        stories += _texts(PERSON_ENTITY, pid, "story", texts, now, "ko")
    # --- recognitions: 2022's baseline and the years since; some nominations waiting ---------------------------
    by_trade: dict[str, list[int]] = {}
    for index, p in enumerate(people):
        if index != designated_index and p["consent_at"] is not None:
            by_trade.setdefault(p["trade"], []).append(index)
    plan: list[tuple[int, int, str]] = []  # (person index, year, level)
    for trade, indexes in by_trade.items():
        eligible = [i for i in indexes if year - people[i]["started_year"] >= 15]
        rng.shuffle(eligible)
        baseline = QUOTAS[2022].get(trade, 0)
        for i in eligible[:baseline]:
            plan.append((i, 2022, "master"))
        for offset, i in enumerate(eligible[baseline:baseline + 3]):
            plan.append((i, 2023 + offset, "master"))
    nomination_rows = [{"craftsperson_id": person_ids[i], "nominator_kind": "association", "level": level,
                        "year": y, "trade": people[i]["trade"], "career": "서울 공방에서 수십 년간 일해 왔습니다.",
                        "qualifications": "", "prizes": "", "apprentices": rng.randint(2, 12), "references": "",
                        "work_files": [], "site_visit": "공방을 방문해 도구와 작품을 확인했습니다.",
                        "interview": "심사위원단 면접을 마쳤습니다.", "decision_reason": "심사위원단이 선정했습니다.",
                        "status": "awarded", "created_at": now, "updated_at": now} for i, y, level in plan]
    waiting = [i for trade_indexes in by_trade.values() for i in trade_indexes
               if i not in {p[0] for p in plan} and year - people[i]["started_year"] >= 7][:6]
    nomination_rows += [{"craftsperson_id": person_ids[i], "nominator_kind": rng.choice(["centre", "peer", "self"]),
                         "level": "master" if year - people[i]["started_year"] >= 15 else "excellent",
                         "year": year, "trade": people[i]["trade"], "career": "올해 추천되었습니다.",
                         "qualifications": "", "prizes": "", "apprentices": rng.randint(0, 5), "references": "",
                         "work_files": [], "site_visit": "", "interview": "", "decision_reason": "",
                         "status": "submitted", "created_at": now, "updated_at": now} for i in waiting]
    nomination_ids = _insert(session, Nomination, nomination_rows)
    numbers: dict[int, int] = {}
    award_rows = []
    for nid, (i, y, level) in zip(nomination_ids, plan, strict=False):
        numbers[y] = numbers.get(y, 0) + 1
        award_rows.append({"code": f"MST-{y}-{numbers[y]:04d}", "nomination_id": nid,
                           "craftsperson_id": person_ids[i], "org_id": people[i]["org_id"], "level": level,
                           "trade": people[i]["trade"], "year": y, "grant_krw": GRANT_KRW,
                           "issued_at": dt.datetime(y, 11, 20, tzinfo=dt.UTC)})
    _insert(session, MasterAward, award_rows)
    session.execute(sa.insert(Sequence), [{"name": SEQUENCE, "year": y, "last": n} for y, n in numbers.items()])
    _pay_past_grants(session, year)
    # --- the skills competition: this year's results, next year's open -----------------------------------------
    competitions = 0
    entry_rows = []
    for trade in ("jewelry", "sewing", "machine_metal", "shoes", "printing"):
        workshops = [m for m in makers if CLUSTER_TRADES[m.cluster_code] == trade]
        done_id, _open_id = _insert(session, Competition, [
            {"trade": trade, "year": year, "entry_deadline": dt.date(year, 9, 30), "status": "results",
             "created_at": now},
            {"trade": trade, "year": year + 1, "entry_deadline": dt.date(year + 1, 3, 31), "status": "open",
             "created_at": now}])
        competitions += 2
        for place, org in enumerate(workshops[:4], start=1):
            entry_rows.append({"competition_id": done_id, "org_id": org.id, "title": _WORK[trade][1],
                               "video_url": "", "files": [], "score": round(92 - place * 4.5, 1), "place": place,
                               "prize": {1: "금상", 2: "은상", 3: "동상"}.get(place, ""),
                               "trade_fair": TRADE_FAIRS[trade] if place == 1 else "", "created_at": now})
    _insert(session, CompetitionEntry, entry_rows)
    # --- jobs -------------------------------------------------------------------------------------------------
    post_rows, post_texts = [], []
    for org in makers[: min(len(makers), 36)]:
        trade = CLUSTER_TRADES[org.cluster_code]
        level = rng.choice(["apprentice", "apprentice", "technician", "skilled", "lead"])
        low, high = _LEVEL_WAGE[level]
        post_rows.append({"org_id": org.id, "created_by_id": owners.get(org.id), "trade": trade,
                          "cluster_code": org.cluster_code, "level": level, "wage_type": "monthly",
                          "wage_min_krw": low, "wage_max_krw": high, "hours_per_week": rng.choice((40, 40, 44, 35)),
                          "work_days": "월–금 9:00–18:00", "social_insurance": True,
                          "training": level == "apprentice", "korean_level": rng.choice(["basic", "conversational"]),
                          "photo_keys": [], "deadline": (now + dt.timedelta(days=rng.randint(10, 60))).date(),
                          "openings": rng.randint(1, 3), "source_locale": "ko", "status": "open",
                          "created_at": now - dt.timedelta(days=rng.randint(1, 20)), "updated_at": now})
    post_ids = _insert(session, JobPost, post_rows)
    for pid, row in zip(post_ids, post_rows, strict=True):
        en, ko = rng.choice(_JOB_TITLES[row["trade"]])
        post_texts += _texts(JOB_ENTITY, pid, "title", {"ko": ko, "en": en}, now, "ko")
        post_texts += _texts(JOB_ENTITY, pid, "description", {
            "ko": "숙련 장인에게 일을 배우며 성장할 분을 찾습니다. 4대 보험 가입.",
            "en": "Learn the trade from skilled craftspeople. All four national insurances."}, now, "ko")
    session.execute(sa.insert(ContentTranslation), stories + post_texts)
    session.add(ApplicantProfile(user_id=users["jobseeker"], full_name="Nguyen Thi Lan", phone="010-5555-0101",
                                 email=DEMO_USERS["jobseeker"][0], languages=["vi", "ko", "en"],
                                 trades=["sewing", "shoes"], about="Hai năm làm thợ may ở Hà Nội."))
    statuses = ["applied", "viewed", "interview", "not_selected"]
    _insert(session, JobApplication, [
        {"post_id": pid, "applicant_id": users["jobseeker"], "note": "", "status": status,
         "answered_at": None if status == "applied" else now - dt.timedelta(days=1),
         "created_at": now - dt.timedelta(days=3), "updated_at": now}
        for pid, status in zip(post_ids[:4], statuses, strict=False)])
    _insert(session, JobAlert, [{"email": f"guest{n}@example.com", "trade": t, "cluster_code": "", "locale": loc,
                                 "created_at": now} for n, (t, loc) in enumerate([("shoes", "en"), ("jewelry", "ja"),
                                                                                   ("", "vi")])])
    # --- tours ------------------------------------------------------------------------------------------------
    tour_rows = []
    for n, org in enumerate(makers[:14]):
        day = (now + dt.timedelta(days=7 + 3 * n)).replace(hour=1, minute=0, second=0, microsecond=0)  # 10:00 KST
        tour_rows.append({"org_id": org.id, "trade": CLUSTER_TRADES[org.cluster_code], "starts_at": day,
                          "duration_minutes": 90, "capacity": rng.choice((25, 30, 40)), "booked": 0,
                          "safety_notes": "앞이 막힌 신발을 신어 주세요. 기계 근처에서는 보안경을 제공합니다.",
                          "created_at": now})
    tour_rows[0]["booked"] = 18
    tour_ids = _insert(session, Tour, tour_rows)
    session.add(TourBooking(tour_id=tour_ids[0], teacher_id=users["teacher"], school="서울공업고등학교",
                            group_size=18, phone="02-000-0000"))
    session.flush()
    _past_tour_with_answers(session, rng, makers[1], users["teacher"], now)
    return {"craftspeople": len(person_ids), "recognitions": len(award_rows),
            "nominations": len(nomination_ids), "competitions": competitions, "job posts": len(post_ids),
            "school tours": len(tour_ids) + 1}

"""Demo trainings: courses of every trade with past and coming sessions, trainees who completed them with
certificates (one revoked), follow-up answers, a full session, and a trainer."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlmodel import Session, select

from i18n.times import utcnow
from market.accounts import services as accounts
from market.accounts.models import Membership, User, UserRole
from market.programmes.services.texts import save_texts
from market.trainings.models import (
    Attendance,
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    TrainingSession,
)
from market.trainings.texts import COURSE, FIELDS, course_texts

TRAINER_EMAIL = "trainer@madeinseoul.demo"
TRAINER_PASSWORD = "seoul-workshops-2026"  # the demo owners' password: one shared hash, nothing to hash
TRAINEE_EMAIL = "trainee@madeinseoul.demo"
TRAINEE_PASSWORD = TRAINER_PASSWORD
CENTRE = "Seoul Urban Manufacturing Support Centre, {}"

COURSES = [
    ("SEW-101", "sewing", 1, 24, "sewing", ["1903020101_17v2", "1903020103_17v2"],
     {"en": "Industrial sewing machines, level 1", "ko": "공업용 미싱 기초"},
     {"en": "Threading, tension and straight seams on lockstitch and overlock machines.",
      "ko": "본봉·오버록 미싱의 실 걸기, 장력, 직선 박음질."}, "Changsin-dong"),
    ("SEW-201", "sewing", 2, 40, "sewing", ["1903020104_17v2"],
     {"en": "Automated sewing and pattern data", "ko": "자동 봉제와 패턴 데이터"},
     {"en": "Programming automated sewing units from digital patterns.",
      "ko": "디지털 패턴으로 자동 봉제기를 프로그래밍합니다."}, "Changsin-dong"),
    ("SHOE-201", "shoes_leather", 2, 60, None, ["1904010203_16v3"],
     {"en": "Handmade shoe pattern making", "ko": "수제화 패턴 제작"},
     {"en": "Lasts, patterns and uppers with Seongsu master shoemakers.", "ko": "성수동 명장과 함께하는 라스트·패턴·갑피."},
     "Seongsu-dong"),
    ("JEW-101", "jewelry", 1, 32, "casting", ["1904020301_17v2"],
     {"en": "Lost-wax casting for jewelry", "ko": "주얼리 로스트왁스 주조"},
     {"en": "Wax trees, investment, burnout and casting in silver.", "ko": "왁스 트리, 매몰, 소성, 은 주조."},
     "Jongno"),
    ("CNC-101", "machine_metal", 1, 40, "cnc", ["1501010302_19v3"],
     {"en": "CNC milling for small batches", "ko": "소량 생산을 위한 CNC 밀링"},
     {"en": "G-code, fixtures and measuring on a three-axis mill.", "ko": "3축 밀링의 G코드, 지그, 측정."},
     "Mullae-dong"),
    ("LASER-101", "machine_metal", 1, 16, "laser", ["1501020401_19v2"],
     {"en": "Laser cutting and engraving", "ko": "레이저 절단과 각인"},
     {"en": "Safe use of CO2 and fibre lasers on metal, leather and acrylic.",
      "ko": "금속·가죽·아크릴에 CO2·파이버 레이저를 안전하게 쓰는 법."}, "Mullae-dong"),
    ("PRINT-201", "printing", 2, 30, None, ["0803040101_17v1"],
     {"en": "Offset printing and finishing", "ko": "오프셋 인쇄와 후가공"},
     {"en": "Make-ready, colour and foil finishing with Euljiro printers.", "ko": "을지로 인쇄인과 함께하는 판걸이·색·박 가공."},
     "Euljiro"),
    ("SAFE-101", "machine_metal", 1, 4, "safety", ["2401010101_20v1"],
     {"en": "Workplace safety (Serious Accidents Act)", "ko": "중대재해처벌법 안전교육"},
     {"en": "Risk assessment, guards and emergency steps for any machine.", "ko": "위험성 평가, 방호장치, 비상 조치."},
     "Mullae-dong"),
]


# Course titles in the other three languages, stored as translatable content (market.trainings.texts).
TRANSLATED_TITLES = {
    "SEW-101": ("工業用ミシン 初級", "工业缝纫机入门", "Máy may công nghiệp, cấp 1"),
    "SEW-201": ("自動縫製とパターンデータ", "自动缝纫与版型数据", "May tự động và dữ liệu rập"),
    "SHOE-201": ("手製靴のパターン製作", "手工鞋版型制作", "Làm rập giày thủ công"),
    "JEW-101": ("ジュエリーのロストワックス鋳造", "珠宝失蜡铸造", "Đúc sáp thất lạc cho trang sức"),
    "CNC-101": ("少量生産のためのCNCフライス加工", "小批量CNC铣削", "Phay CNC cho lô nhỏ"),
    "LASER-101": ("レーザー切断と彫刻", "激光切割与雕刻", "Cắt và khắc laser"),
    "PRINT-201": ("オフセット印刷と後加工", "胶印与印后加工", "In offset và gia công sau in"),
    "SAFE-101": ("職場の安全（重大災害処罰法）", "工作场所安全（重大灾害处罚法）",
                 "An toàn lao động (Luật Xử phạt tai nạn nghiêm trọng)"),
}


def _user(session: Session, email: str, name: str, role: UserRole, password_hash: str) -> User:
    user = User(email=email, display_name=name, role=role, password_hash=password_hash,
                session_nonce=secrets.token_hex(16), email_verified_at=utcnow())
    session.add(user)
    return user


def add_demo_trainings(session: Session, rng: random.Random) -> dict[str, int]:
    """Courses, sessions, trainees, completions and certificates; returns counts."""
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    shared = session.exec(select(User.password_hash).join(Membership, Membership.user_id == User.id)
                          .order_by(User.id).limit(1)).first() or accounts.hash_password(TRAINEE_PASSWORD)
    trainer = _user(session, TRAINER_EMAIL, "Bae Hyun-woo", UserRole.programme_staff, shared)
    trainee = _user(session, TRAINEE_EMAIL, "Nguyen Thi Lan", UserRole.member, shared)
    session.flush()
    # She did the workplace safety training every machine needs at a support centre last month; a machine's own
    # training comes from completing its course here.
    from market.centres.models import Qualification

    session.add(Qualification(user_id=trainee.id, training="safety", source="staff",
                              granted_at=now - dt.timedelta(days=30), last_used_at=now - dt.timedelta(days=30)))
    trainees = [_user(session, f"trainee{i:02d}@trainees.demo", f"Trainee {i:02d}", UserRole.member, shared)
                for i in range(1, 41)]
    session.flush()
    sessions = certificates = 0
    serial = 0
    for code, trade, level, hours, equipment, ncs, title, summary, place in COURSES:
        course = Course(code=code, trade=trade, level=level, hours=hours, language="ko", ncs_units=ncs,
                        title=title, summary=summary, equipment=equipment, practical_check=True)
        session.add(course)
        session.flush()
        if code in TRANSLATED_TITLES:
            texts = course_texts(session, course, every_locale=True)
            texts["title"].update(zip(("ja", "zh_Hans", "vi"), TRANSLATED_TITLES[code], strict=True))
            save_texts(session, COURSE, course, FIELDS, texts, user_id=trainer.id)
        meetings = max(1, min(8, hours // 4))
        past_start = now - dt.timedelta(days=rng.randrange(100, 300))
        past = TrainingSession(course_id=course.id, starts_at=past_start,
                               ends_at=past_start + dt.timedelta(days=meetings, hours=4), facility=CENTRE.format(place),
                               capacity=12, fee_krw=0, meetings=meetings, trainer_user_id=trainer.id)
        upcoming_start = (now + dt.timedelta(days=rng.randrange(10, 40))).replace(hour=1)
        upcoming = TrainingSession(course_id=course.id, starts_at=upcoming_start,
                                   ends_at=upcoming_start + dt.timedelta(days=meetings, hours=4),
                                   facility=CENTRE.format(place), capacity=2 if code == "SHOE-201" else 12,
                                   fee_krw=0 if level == 1 else 50_000, meetings=meetings, trainer_user_id=trainer.id)
        session.add_all([past, upcoming])
        session.flush()
        sessions += 2
        for trainee in rng.sample(trainees, 8):
            completed = rng.random() < 0.85
            done_at = past.ends_at
            enrolment = Enrolment(session_id=past.id, user_id=trainee.id, created_at=past_start - dt.timedelta(days=9),
                                  status=EnrolmentStatus.completed if completed else EnrolmentStatus.failed,
                                  practical_passed=completed, completed_at=done_at)
            session.add(enrolment)
            session.flush()
            present = meetings if completed else max(0, meetings - 3)
            session.add_all([Attendance(enrolment_id=enrolment.id, meeting=m, present=m <= present,
                                        recorded_by_user_id=trainer.id) for m in range(1, meetings + 1)])
            if completed:
                serial += 1
                certificate = Certificate(code=f"TRN-{done_at.year}-{100000 + serial:06d}",
                                          enrolment_id=enrolment.id, holder_name=trainee.display_name,
                                          issued_at=done_at)
                if serial == 3:
                    certificate.revoked_at = done_at + dt.timedelta(days=30)
                    certificate.revoked_reason = "Issued in error: the practical check was not passed."
                session.add(certificate)
                certificates += 1
                for months in (3, 6):
                    if now - done_at > dt.timedelta(days=30 * months) and rng.random() < 0.7:
                        session.add(FollowUp(enrolment_id=enrolment.id, months=months,
                                             employed=rng.random() < 0.65,
                                             answered_at=done_at + dt.timedelta(days=30 * months)))
        if code == "SHOE-201":
            for trainee in trainees[:2]:
                session.add(Enrolment(session_id=upcoming.id, user_id=trainee.id, status=EnrolmentStatus.enrolled))
    session.flush()
    return {"training courses": len(COURSES), "training sessions": sessions, "training certificates": certificates}

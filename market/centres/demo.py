"""Demo support centres: the 29 facilities of the seeds (17 city, 7 district, 5 private; the Seongsu regional
centre and the trade centres: Euljiro print, Doksan/Changsin/Jangwi sewing, Bongik jewelry, Mullae machine-metal)
with 5–15 invented but plausible machines each, a centre manager who runs them all, and a month of bookings
(completed, surveyed, no-shows, late and free cancellations, some ahead) with survey answers, follow-ups for low
scores, a machine down and waitlist demand, so the reports have shape.

Rows are written in bulk (Core inserts), not through the services, so the step stays fast and sends no mail. A
Mullae maker without any training (:data:`MAKER_EMAIL`) is left for the booking journey.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

import sqlalchemy as sa
from sqlmodel import Session, select

from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User, UserRole
from market.accounts.services import hash_password
from market.centres import hours
from market.centres.models import (
    Blackout,
    Booking,
    Equipment,
    Facility,
    FacilityStaff,
    FollowUp,
    Qualification,
    WaitlistEntry,
)
from market.centres.survey import KIND, group_key
from market.db import utcnow
from market.surveys.models import SurveyInvitation, SurveyResponse

DEMO_CENTRE_PASSWORD = "seoul-workshops-2026"  # the demo owners' password (market.demo.build)
STAFF_EMAIL = "centre.manager@madeinseoul.demo"
MAKER_EMAIL = "mullae.maker@madeinseoul.demo"
MULLAE_SLUG = "mullae-machine-metal-centre"
# Centres whose demo bookings go back half a year (a lighter, growing use), so their dashboards' utilisation
# trend has shape; the others have the last month.
HISTORY_SLUGS = (MULLAE_SLUG, "seongsu-regional-centre")
# The share of a member maker's or startup's fee the city's voucher pays, by operator (invented but plausible).
VOUCHER_PERCENT = {"city": 30, "district": 20, "private": 0}

WEEKDAYS = {str(d): ["09:00", "18:00"] for d in range(5)}
CITY = {**WEEKDAYS, "5": ["10:00", "17:00"]}
LONG = {str(d): ["09:00", "21:00"] for d in range(6)}
EVERY_DAY = {str(d): ["09:00", "22:00"] for d in range(7)}
PRIVATE = {str(d): ["10:00", "22:00"] for d in range(6)}

# slug, English name, Korean name, operator, trade, district, cluster, hours, machines (low, high)
FACILITIES = [
    ("seongsu-regional-centre", "Seongsu Regional Manufacturing Centre", "성수 지역거점 제조지원센터", "city",
     "general", "seongdong", "seongsu", LONG, (12, 15)),
    ("euljiro-print-tech-centre", "Euljiro Print Technology Demo Centre", "을지로 인쇄기술 시연센터", "city", "print",
     "jung", "euljiro", CITY, (8, 12)),
    ("doksan-sewing-centre", "Doksan Sewing Support Centre", "독산 봉제지원센터", "city", "sewing", "geumcheon",
     "doksan", CITY, (8, 11)),
    ("changsin-sewing-centre", "Changsin Sewing Support Centre", "창신 봉제지원센터", "city", "sewing", "jongno",
     "changsin", CITY, (7, 10)),
    ("jangwi-sewing-centre", "Jangwi Sewing Support Centre", "장위 봉제지원센터", "city", "sewing", "seongbuk",
     "jangwi", CITY, (6, 9)),
    ("bongik-jewelry-centre", "Bongik Jewelry Support Centre", "봉익 주얼리지원센터", "city", "jewelry", "jongno",
     "bongik", CITY, (8, 12)),
    (MULLAE_SLUG, "Mullae Machine-Metal Centre", "문래 기계금속 지원센터", "city", "machine_metal", "yeongdeungpo",
     "mullae", EVERY_DAY, (10, 14)),
    ("dongdaemun-fashion-lab", "Dongdaemun Fashion Makers Lab", "동대문 패션메이커스랩", "city", "sewing", "jung",
     "dongdaemun", CITY, (6, 9)),
    ("seongsu-leather-centre", "Seongsu Shoes and Leather Centre", "성수 수제화·가죽 지원센터", "city", "leather",
     "seongdong", "seongsu", CITY, (6, 10)),
    ("guro-prototyping-centre", "Guro Digital Prototyping Centre", "구로 디지털 시제품센터", "city", "electronics",
     "guro", "guro-geumcheon", LONG, (8, 12)),
    ("seoul-fablab-mapo", "Seoul Fab Lab Mapo", "서울 팹랩 마포", "city", "general", "mapo", None, LONG, (6, 9)),
    ("jongno-casting-centre", "Jongno Jewelry Casting Centre", "종로 주얼리 주조센터", "city", "jewelry", "jongno",
     "jongno", CITY, (5, 8)),
    ("seoul-design-prototype-lab", "Seoul Design Prototype Lab", "서울디자인 시제품랩", "city", "general", "jung",
     None, CITY, (6, 9)),
    ("seoul-startup-makerspace", "Seoul Startup Hub Maker Space", "서울창업허브 메이커스페이스", "city", "general",
     "mapo", None, LONG, (7, 10)),
    ("geumcheon-electronics-centre", "Geumcheon Electronics Test Centre", "금천 전자 시험센터", "city",
     "electronics", "geumcheon", "guro-geumcheon", CITY, (5, 8)),
    ("yongsan-3d-centre", "Yongsan 3D Printing Centre", "용산 3D프린팅센터", "city", "general", "yongsan", None,
     CITY, (6, 10)),
    ("nowon-makerspace", "Seoul North Maker Space Nowon", "서울 북부 메이커스페이스 노원", "city", "general", "nowon",
     None, CITY, (5, 8)),
    ("seongdong-makerspace", "Seongdong-gu Maker Space", "성동구 메이커스페이스", "district", "general",
     "seongdong", "seongsu", WEEKDAYS, (5, 8)),
    ("jung-gu-print-centre", "Jung-gu Printing Support Centre", "중구 인쇄지원센터", "district", "print", "jung",
     "euljiro", WEEKDAYS, (5, 7)),
    ("jongno-craft-workshop", "Jongno-gu Craft Workshop", "종로구 공예공방", "district", "jewelry", "jongno",
     "jongno", WEEKDAYS, (5, 7)),
    ("yeongdeungpo-metal-workshop", "Yeongdeungpo-gu Metal Workshop", "영등포구 금속공작소", "district",
     "machine_metal", "yeongdeungpo", "mullae", WEEKDAYS, (5, 8)),
    ("guro-makerspace", "Guro-gu Maker Space", "구로구 메이커스페이스", "district", "electronics", "guro",
     "guro-geumcheon", WEEKDAYS, (5, 7)),
    ("jungnang-sewing-workshop", "Jungnang-gu Sewing Workshop", "중랑구 봉제공작소", "district", "sewing",
     "jungnang", None, WEEKDAYS, (5, 7)),
    ("seongbuk-makerspace", "Seongbuk-gu Maker Space", "성북구 메이커스페이스", "district", "general", "seongbuk",
     "jangwi", WEEKDAYS, (5, 7)),
    ("mullae-metal-art-fab", "Mullae Metal Art Fab", "문래 메탈아트 팹", "private", "machine_metal", "yeongdeungpo",
     "mullae", PRIVATE, (5, 8)),
    ("euljiro-makers-collective", "Euljiro Makers Collective", "을지로 메이커스 콜렉티브", "private", "print", "jung",
     "euljiro", PRIVATE, (5, 7)),
    ("seongsu-digital-fab", "Seongsu Digital Fab Studio", "성수 디지털팹 스튜디오", "private", "general",
     "seongdong", "seongsu", PRIVATE, (6, 9)),
    ("gangnam-prototype-factory", "Gangnam Prototype Factory", "강남 프로토타입 팩토리", "private", "electronics",
     "gangnam", None, PRIVATE, (6, 9)),
    ("bongik-goldsmiths-coop", "Bongik Goldsmiths' Co-op", "봉익 금은세공 협동조합", "private", "jewelry", "jongno",
     "bongik", PRIVATE, (5, 7)),
]

# category → [(name, Korean name, model, specs)], training, member hourly price
MACHINES = {
    "cnc": ([("CNC lathe", "CNC 선반", "Doosan Lynx 2100", {"max_diameter_mm": 300}),
             ("CNC milling centre", "CNC 머시닝센터", "Hyundai WIA i-CUT380", {"travel_mm": "760x430x520"}),
             ("5-axis CNC", "5축 CNC", "DN Solutions DVF 5000", {"axes": 5}),
             ("CNC router", "CNC 라우터", "ShopBot PRSalpha", {"bed_mm": "2440x1220"})], "cnc", 15_000),
    "laser_cutter": ([("Fiber laser cutter", "파이버 레이저 커터", "Trumpf TruLaser 1030", {"power_w": 3000}),
                      ("CO2 laser cutter", "CO2 레이저 커터", "Trotec Speedy 400", {"power_w": 120}),
                      ("Fabric laser cutter", "원단 레이저 커터", "Golden Laser JMCCJG", {"bed_mm": "1600x1000"})],
                     "laser", 10_000),
    "uv_printer": ([("UV flatbed printer", "UV 평판 프린터", "Mimaki UJF-6042 MkII", {"bed_mm": "610x420"}),
                    ("UV printer-cutter", "UV 프린터 커터", "Roland VersaUV LEF2-300", {"bed_mm": "770x330"})], None,
                   8_000),
    "printer_3d": ([("FDM 3D printer", "FDM 3D 프린터", "Ultimaker S5", {"build_mm": "330x240x300"}),
                    ("Resin 3D printer", "레진 3D 프린터", "Formlabs Form 4", {"layer_um": 25}),
                    ("Castable wax printer", "주조용 왁스 프린터", "Solidscape S500", {"layer_um": 6}),
                    ("3D printer farm", "3D 프린터 팜", "Bambu Lab X1C ×6", {"printers": 6})], None, 5_000),
    "sewing_automation": ([("Pattern sewing machine", "패턴 재봉기", "Juki AMS-221F", {"area_mm": "220x100"}),
                           ("Automatic pocket setter", "자동 포켓 세터", "Juki PLK-J", {}),
                           ("Programmable sewer", "프로그램 재봉기", "Brother BAS-326H", {"area_mm": "220x100"}),
                           ("Automatic fabric cutter", "자동 재단기", "Gerber Atria", {"ply_mm": 10})], "sewing",
                          6_000),
    "casting": ([("Vacuum pressure caster", "진공 가압 주조기", "Indutherm VC 500", {"flask_mm": 100}),
                 ("Centrifugal caster", "원심 주조기", "Yasui Kaken KC-100", {})], "casting", 20_000),
    "digital_press": ([("Digital press", "디지털 인쇄기", "HP Indigo 7K", {"sheet_mm": "330x482"}),
                       ("Production colour press", "프로덕션 컬러 인쇄기", "Xerox Iridesse", {"sheet_mm": "330x660"})],
                      None, 30_000),
}
TRADE_CATEGORIES = {
    "machine_metal": ["cnc", "cnc", "laser_cutter", "printer_3d", "uv_printer"],
    "print": ["digital_press", "uv_printer", "laser_cutter", "uv_printer"],
    "sewing": ["sewing_automation", "sewing_automation", "laser_cutter", "printer_3d"],
    "jewelry": ["casting", "printer_3d", "laser_cutter", "cnc"],
    "leather": ["laser_cutter", "sewing_automation", "cnc", "uv_printer"],
    "electronics": ["printer_3d", "cnc", "laser_cutter", "uv_printer"],
    "general": ["printer_3d", "laser_cutter", "cnc", "uv_printer", "digital_press", "sewing_automation"],
}
MATERIALS = {"cnc": ["aluminium", "steel", "brass", "POM"], "laser_cutter": ["acrylic", "plywood", "leather", "fabric"],
             "uv_printer": ["acrylic", "wood", "leather", "metal"], "printer_3d": ["PLA", "PETG", "resin"],
             "sewing_automation": ["cotton", "denim", "nylon"], "casting": ["silver", "gold", "brass"],
             "digital_press": ["coated paper", "uncoated paper"]}
CONSUMABLES = {"cnc": [{"name": "End mill (6 mm)", "price_krw": 15_000}],
               "laser_cutter": [{"name": "Acrylic sheet 3 mm", "price_krw": 12_000}],
               "uv_printer": [{"name": "UV ink (per ml)", "price_krw": 600}],
               "printer_3d": [{"name": "Filament (per 100 g)", "price_krw": 3_000}],
               "sewing_automation": [{"name": "Thread cone", "price_krw": 2_500}],
               "casting": [{"name": "Investment powder (1 kg)", "price_krw": 9_000}],
               "digital_press": [{"name": "SRA3 sheet", "price_krw": 250}]}


def _machines(rng: random.Random, facility_id: int, trade: str, count: int, private: bool, slug: str) -> list[dict]:
    rows = []
    pool = TRADE_CATEGORIES[trade]
    for i in range(count):
        category = pool[i % len(pool)] if i < len(pool) else rng.choice(pool)
        variants, training, hourly = MACHINES[category]
        name, name_ko, model, specs = variants[i % len(variants)] if i < len(pool) else rng.choice(variants)
        number = sum(1 for r in rows if r["model"] == model) + 1
        if number > 1:
            name, name_ko = f"{name} {number}", f"{name_ko} {number}"
        if private:
            hourly = hourly * 3 // 2
        farm = "farm" in name
        rows.append(dict(
            facility_id=facility_id, name=name, name_ko=name_ko, category=category, model=model, specs=specs,
            materials=MATERIALS[category], consumables=CONSUMABLES[category], capacity=6 if farm else 1,
            slot_minutes=30, min_block_minutes=60, max_block_minutes=480 if category == "printer_3d" else 240,
            buffer_minutes=30 if category in ("casting", "cnc") else 0, min_notice_minutes=60,
            horizon_days=30, approval_required=category == "casting",
            assisted=category == "digital_press" and slug == "euljiro-print-tech-centre" and number == 1,
            required_training=training, price_member_krw=hourly, price_startup_krw=hourly * 6 // 5,
            price_citizen_krw=hourly * 3 // 2, offpeak_percent=70, status="operational", booking_seq=0,
            created_at=utcnow() - dt.timedelta(days=400)))
    return rows


def _bookers(session: Session) -> list[tuple[int, int, str]]:
    """(user id, organisation id, tier) of the demo's makers and startups."""
    rows = session.exec(select(Membership.user_id, Organization.id, Organization.kind)
                        .join(Organization, Organization.id == Membership.organization_id)
                        .where(Organization.kind.in_([OrganizationKind.maker, OrganizationKind.startup]))
                        .order_by(Membership.user_id)).all()
    seen = {}
    for user_id, org_id, kind in rows:
        seen.setdefault(user_id, (user_id, org_id, "member" if kind == OrganizationKind.maker else "startup"))
    return list(seen.values())


def _users(session: Session, now: dt.datetime) -> tuple[User, User]:
    org = session.exec(select(Organization).where(Organization.cluster_code == "mullae",
                                                  Organization.kind == OrganizationKind.maker)
                       .order_by(Organization.id)).first()
    # The demo owners' hash of the demo password: one argon2 hash less to compute (the step must stay fast).
    owner = session.exec(select(User).join(Membership, Membership.user_id == User.id)
                         .where(Membership.organization_id == org.id)).first() if org is not None else None
    password = owner.password_hash if owner is not None else hash_password(DEMO_CENTRE_PASSWORD)
    staff = User(email=STAFF_EMAIL, display_name="Lee Seo-yeon", role=UserRole.facility_staff,
                 password_hash=password, session_nonce=secrets.token_hex(16), email_verified_at=now, locale="ko")
    maker = User(email=MAKER_EMAIL, display_name="Choi Dong-hyun", role=UserRole.member, password_hash=password,
                 session_nonce=secrets.token_hex(16), email_verified_at=now)
    session.add(staff)
    session.add(maker)
    session.flush()
    if org is not None:
        session.add(Membership(user_id=maker.id, organization_id=org.id, role=MembershipRole.member))
    return staff, maker


def add_demo_centres(session: Session, rng: random.Random) -> dict[str, int]:
    """Create the facilities, machines, staff, qualifications and a month of bookings with surveys."""
    now = utcnow()
    staff, maker = _users(session, now)
    session.execute(sa.insert(Facility.__table__), [dict(
        slug=slug, name=name, name_ko=name_ko, operator=operator, trade=trade, district=district,
        cluster_code=cluster, address=f"서울특별시 {name_ko}", phone=f"02-{2000 + i * 37:04d}-{1000 + i * 91:04d}",
        email=f"{slug}@centres.seoul.demo", services=["equipment", "training", "consulting"] +
        (["showroom", "incubation"] if slug == "seongsu-regional-centre" else []), opening_hours=opening,
        closed_on_holidays=slug != MULLAE_SLUG, free_cancel_hours=24, bill_late_cancel=operator != "district",
        no_show_minutes=15, weekly_hours_per_group=20, voucher_percent=VOUCHER_PERCENT.get(operator, 0),
        created_at=now - dt.timedelta(days=400))
        for i, (slug, name, name_ko, operator, trade, district, cluster, opening, _n) in enumerate(FACILITIES)])
    facilities = {f.slug: f for f in session.exec(select(Facility))}
    machine_rows = []
    for slug, _name, _ko, operator, trade, *_rest, (low, high) in FACILITIES:
        facility = facilities[slug]
        machine_rows += _machines(rng, facility.id, trade, rng.randint(low, high), operator == "private", slug)
    session.execute(sa.insert(Equipment.__table__), machine_rows)
    session.execute(sa.insert(FacilityStaff.__table__),
                    [dict(facility_id=f.id, user_id=staff.id) for f in facilities.values()])
    machines = list(session.exec(select(Equipment).order_by(Equipment.id)))
    by_facility = {f.id: f for f in facilities.values()}
    bookers = [b for b in _bookers(session) if b[0] != maker.id]  # the journey's maker starts untrained
    counts = _bookings(session, rng, now, machines, by_facility, bookers, staff)
    counts["centre bookings paid"] = _payments(session, now, facilities[MULLAE_SLUG], staff)
    _texts(session, facilities[MULLAE_SLUG])
    counts.update({"support centres": len(facilities), "centre machines": len(machines)})
    return counts


# The Mullae centre's name and description in the languages beyond its English and Korean columns.
MULLAE_TEXTS = {
    "name": {"ja": "文来機械金属支援センター", "zh_Hans": "文来机械金属支援中心", "vi": "Trung tâm hỗ trợ cơ khí – kim loại Mullae"},
    "description": {
        "en": "Shared CNC, laser and casting machines for the machine-metal workshops of Mullae-dong, with staff "
              "who help set up a first job.",
        "ko": "문래동 기계금속 공방을 위한 공동 CNC·레이저·주조 장비. 첫 작업 준비를 직원이 도와드립니다.",
        "ja": "文来洞の機械金属工房のための共用CNC・レーザー・鋳造設備。初めての加工はスタッフが準備をお手伝いします。",
        "zh_Hans": "为文来洞机械金属作坊提供的共享数控、激光和铸造设备，工作人员协助准备第一次加工。",
        "vi": "Máy CNC, laser và đúc dùng chung cho các xưởng cơ khí – kim loại ở Mullae-dong; nhân viên giúp "
              "chuẩn bị công việc đầu tiên.",
    },
}


def _texts(session: Session, facility: Facility) -> None:
    from i18n import content
    from market.centres.services.texts import FACILITY

    for field, by_locale in MULLAE_TEXTS.items():
        for locale, text in by_locale.items():
            content.set_text(session, FACILITY, facility.id, field, locale, text,
                             source=content.TextSource.translator, reviewed=True)


def _payments(session: Session, now: dt.datetime, facility: Facility, staff: User, limit: int = 120) -> int:
    """Bank transfers received for the Mullae centre's used bookings older than three days (the newest stay to
    pay), written to the ledger as the payments service writes them: collected for the centre, the voucher's
    part owed by the city."""
    from market.centres.services.payments import PAYABLE_KIND, VOUCHER_FUNDER, booking_charge, payee_ref
    from market.payments import ledger
    from market.payments.models import Payment, PaymentStatus, ProviderName

    due = session.exec(select(Booking).where(
        Booking.facility_id == facility.id, Booking.status.in_(["completed", "surveyed"]),
        Booking.checked_out_at < now - dt.timedelta(days=3)).order_by(Booking.checked_out_at.desc())
        .limit(limit)).all()
    paid = 0
    for booking in due:
        charge = booking_charge(booking)
        if not charge.payable:
            continue
        paid_at = booking.checked_out_at + dt.timedelta(days=2)
        payment = Payment(kind=PAYABLE_KIND, payable_id=booking.id, provider=ProviderName.manual,
                          status=PaymentStatus.paid, currency="KRW", amount_minor=charge.due_krw,
                          amount_krw=charge.due_krw, commission_bps=0,
                          description=f"Booking #{booking.id} at {facility.name}", payer_user_id=booking.user_id,
                          payer_org_id=booking.organization_id, payee_ref=payee_ref(facility.id),
                          payee_name=facility.name, voucher_minor=charge.voucher_krw, voucher_krw=charge.voucher_krw,
                          voucher_ref=VOUCHER_FUNDER if charge.voucher_krw else None, paid_at=paid_at,
                          received_by_id=staff.id, received_note="Demo bank transfer",
                          created_at=booking.checked_out_at, updated_at=paid_at)
        session.add(payment)
        session.flush()
        payment.reference = f"MIS-{payment.id:06d}"
        ledger.record_payment(session, payment)
        booking.paid_at = paid_at
        session.add(booking)
        paid += 1
    session.flush()
    return paid


def _bookings(session, rng, now, machines, facilities, bookers, staff) -> dict[str, int]:
    today = now.astimezone(hours.SEOUL).date()
    rows, waits, blackouts = [], [], []
    popularity = {m.id: rng.uniform(0.1, 0.75) for m in machines}
    down = [m for m in machines if m.category == "cnc"][3::17]
    for m in down:
        m.status = "down"
        session.add(m)
        blackouts.append(dict(equipment_id=m.id, start_at=now - dt.timedelta(days=2), end_at=now + dt.timedelta(days=5),
                              reason="Spindle bearing replacement", created_by_id=staff.id, created_at=now))
    if blackouts:
        session.execute(sa.insert(Blackout.__table__), blackouts)
    qualified: set[tuple[int, str]] = set()
    for m in machines:
        if m.assisted or m.status == "down":
            continue
        facility = facilities[m.facility_id]
        for offset in range(-180 if facility.slug in HISTORY_SLUGS else -30, 15):
            # Before the last month, use grows from a third of today's toward it (the 5% → 20% target).
            if offset < -30 and rng.random() > 0.33 + 0.67 * (180 + offset) / 150:
                continue
            day = today + dt.timedelta(days=offset)
            # Tomorrow stays free at the Mullae centre, for the booking journey.
            if offset == 1 and facility.slug == MULLAE_SLUG:
                continue
            opening = hours.window(facility, day)
            if opening is None or rng.random() > popularity[m.id] * (0.5 if offset > 0 else 1):
                continue
            cursor = opening[0] + dt.timedelta(minutes=30 * rng.randint(0, 4))
            while cursor + dt.timedelta(hours=1) <= opening[1] and rng.random() < popularity[m.id] + 0.2:
                length = dt.timedelta(minutes=60 * rng.randint(1, 3))
                end = min(cursor + length, opening[1])
                user_id, org_id, tier = rng.choice(bookers)
                rows.append(_booking_row(rng, m, facility, user_id, org_id, tier, cursor, end, now))
                qualified.update({(user_id, "safety")} | ({(user_id, m.required_training)} if m.required_training
                                                        else set()))
                cursor = end + dt.timedelta(minutes=m.buffer_minutes + 30 * rng.randint(0, 3))
            if offset <= 0 and rng.random() < popularity[m.id] / 3:
                start = opening[0] + dt.timedelta(hours=rng.randint(1, 4))
                waits.append(dict(equipment_id=m.id, user_id=rng.choice(bookers)[0], start_at=start,
                                  end_at=start + dt.timedelta(hours=2), status="expired", created_at=start))
    session.execute(sa.insert(Booking.__table__), rows)
    if waits:
        session.execute(sa.insert(WaitlistEntry.__table__), waits)
    session.execute(sa.insert(Qualification.__table__), [
        dict(user_id=u, training=t, source="training", granted_by_id=staff.id, granted_at=now - dt.timedelta(days=60),
             last_used_at=now - dt.timedelta(days=3)) for u, t in sorted(qualified)])
    surveys = _surveys(session, rng, now)
    return {"centre bookings": len(rows), "centre survey answers": surveys}


def _booking_row(rng, m, facility, user_id, org_id, tier, start, end, now) -> dict:
    from market.centres.pricing import quote

    price, lines = quote(m, tier, start, end)
    row = dict(equipment_id=m.id, facility_id=facility.id, user_id=user_id, organization_id=org_id, start_at=start,
               end_at=end, blocked_until_at=end + dt.timedelta(minutes=m.buffer_minutes), exclusive=m.capacity == 1,
               tier=tier, price_krw=price, price_lines=lines, charged_krw=0, purpose="", reason="",
               voucher_percent=VOUCHER_PERCENT.get(facility.operator, 0) if tier in ("member", "startup") else 0,
               checked_in_at=None, checked_out_at=None, cancelled_at=None, late_cancel=False,
               created_at=start - dt.timedelta(days=rng.randint(1, 10)), updated_at=now)
    roll = rng.random()
    if end <= now:
        if roll < 0.06:
            row["status"] = "no_show"
        elif roll < 0.14:
            late = roll < 0.09
            row.update(status="cancelled", cancelled_at=start - dt.timedelta(hours=3 if late else 72), late_cancel=late,
                       charged_krw=price if late and facility.bill_late_cancel else 0)
        else:
            checked_in = start + dt.timedelta(minutes=rng.randint(-10, 10))
            row.update(status="completed", checked_in_at=checked_in,
                       checked_out_at=end - dt.timedelta(minutes=rng.choice([0, 0, 10, 20, 30])))
    elif start <= now:
        row.update(status="checked_in", checked_in_at=start)
    else:
        row["status"] = "requested" if m.approval_required else ("cancelled" if roll < 0.05 else "confirmed")
        if row["status"] == "cancelled":
            row["cancelled_at"] = now
    return row


def _surveys(session, rng, now) -> int:
    done = session.exec(select(Booking.id, Booking.user_id, Booking.facility_id, Booking.checked_out_at)
                        .where(Booking.status == "completed")).all()
    session.execute(sa.insert(SurveyInvitation.__table__), [dict(
        kind=KIND, subject_id=b_id, group_key=group_key(f_id), user_id=u_id, locale="ko", title="",
        return_url="", nonce=secrets.token_hex(8), created_at=out, expires_at=out + dt.timedelta(days=14),
        answered_at=out + dt.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.62 else None)
        for b_id, u_id, f_id, out in done])
    answered = session.exec(select(SurveyInvitation.id, SurveyInvitation.subject_id, SurveyInvitation.group_key,
                                   SurveyInvitation.answered_at)
                            .where(SurveyInvitation.kind == KIND, SurveyInvitation.answered_at.is_not(None))).all()
    responses, follow_ups, surveyed = [], [], []
    for inv_id, subject_id, key, at in answered:
        base = rng.choices([5, 4, 3, 2], weights=[40, 38, 16, 6])[0]
        answers = {q: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for q in ("equipment", "staff", "booking")}
        answers.update(overall=base, again=base >= 3, recommend=max(0, min(10, base * 2 + rng.randint(-1, 1))))
        low = any(answers[q] <= 2 for q in ("equipment", "staff", "booking", "overall"))
        responses.append(dict(invitation_id=inv_id, kind=KIND, subject_id=subject_id, group_key=key,
                              answers=answers, low_score=low, created_at=at))
        surveyed.append(subject_id)
        if low:
            follow_ups.append(dict(facility_id=int(key.split(":")[1]), booking_id=subject_id, kind="low_score",
                                   note="Low score in the booking survey", created_at=at,
                                   closed_at=at + dt.timedelta(days=2) if rng.random() < 0.6 else None))
    if responses:
        session.execute(sa.insert(SurveyResponse.__table__), responses)
    if follow_ups:
        session.execute(sa.insert(FollowUp.__table__), follow_ups)
    for chunk in range(0, len(surveyed), 500):
        session.execute(sa.update(Booking).where(Booking.id.in_(surveyed[chunk:chunk + 500])).values(status="surveyed"))
    return len(responses)

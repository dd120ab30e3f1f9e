"""Demo data of the association: the member register (every platform maker and a few hundred firms that are
members without being on the platform), returns for three years with plausible trends (bulk inserts), the
campaign of this year open with most returns verified, official counts per cluster × trade with their source
and year, a trade chair's trade and three policy proposals.

A dedicated shoe workshop, ``owner@hanul-shoe-atelier.demo``, has paid orders from buyers abroad this year and
has not started its return: the browser journey files it with the pre-filled export figure. Textiles (KSIC 13)
have exactly four verified firms this year, a cell that reads "suppressed" everywhere.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

import sqlalchemy as sa
from sqlmodel import Session, select

from catalog.certification.models import Certificate
from market.accounts import services as accounts
from market.accounts.models import MembershipRole, Organization, OrganizationKind, User
from market.association.models import (
    AnnualReturn,
    Campaign,
    Member,
    OfficialCount,
    PolicyProposal,
    ProposalStatus,
    ReturnStatus,
    ReturnVersion,
    TradeChair,
)
from market.association.services.checks import value_added
from market.association.services.prefill import platform_figures
from market.clusters import reference_clusters
from market.db import utcnow
from market.orders.models import OrderStatus, WholesaleOrder
from market.prototypes.models import Commission
from matching.models import Introduction

JOURNEY_SLUG = "hanul-shoe-atelier"
REGISTER_ONLY = 240
_TRADES = {"seongsu": [("15", 1)], "jongno": [("33110", 1)], "bongik": [("33110", 1)],
           "mullae": [("25", 3), ("29", 1)], "euljiro": [("18", 1)], "dongdaemun": [("14", 1)],
           "changsin": [("14", 1)], "jangwi": [("14", 1)], "doksan": [("14", 1)],
           "guro-geumcheon": [("29", 1), ("33", 1)]}
_ASSOCIATION = {"15": "shoes", "33110": "jewelry", "25": "metal", "29": "metal", "33": "metal", "18": "printing",
                "14": "sewing", "13": "sewing"}
# Revenue per worker (KRW) by trade.
_PRODUCTIVITY = {"13": 90e6, "14": 80e6, "15": 110e6, "18": 120e6, "25": 150e6, "29": 170e6, "33110": 200e6,
                 "33": 130e6}
_DESTINATIONS = ["JP", "US", "CN", "VN", "FR", "DE", "TW", "SG"]
_SYLLABLES = ["Han", "Seo", "Mun", "Eul", "Jong", "Sung", "Dae", "Min", "Jin", "Hwa", "Bit", "Sol", "Na", "Ri",
              "Kyung", "Woo", "Ye", "Ha", "Geum", "Chang"]
_KINDS = {"15": "Shoes", "33110": "Jewelry", "25": "Metalworks", "29": "Machinery", "18": "Printing",
          "14": "Sewing", "13": "Textiles", "33": "Works"}


def _borough(cluster: dict, rng: random.Random) -> str:
    return rng.choice(cluster["borough_en"].replace(" and ", ",").split(",")).strip()


def _figures(rng: random.Random, ksic: str, staff: int, growth: float, exporter: bool, year_index: int) -> dict:
    """One year's plausible figures of a firm of ``staff`` in ``ksic``."""
    full = max(1, round(staff * rng.uniform(0.7, 0.95)))
    part = max(0, staff - full)
    revenue = int(_PRODUCTIVITY[ksic] * staff * rng.uniform(0.7, 1.3) * growth)
    labour = int(staff * rng.uniform(32e6, 46e6) * (1 + 0.04 * year_index))
    depreciation = int(revenue * rng.uniform(0.01, 0.04))
    financial = int(revenue * rng.uniform(0.0, 0.02))
    taxes = int(revenue * rng.uniform(0.005, 0.02))
    surplus = int(revenue * rng.uniform(0.36, 0.46)) - labour - depreciation - financial - taxes
    surplus = max(surplus, -labour // 3)
    exports = int(revenue * rng.uniform(0.12, 0.28) * (1 + 0.12 * year_index)) if exporter else 0
    by_country: dict[str, int] = {}
    if exports:
        countries = rng.sample(_DESTINATIONS, rng.randint(1, 3))
        left = exports
        for i, country in enumerate(countries):
            share = left if i == len(countries) - 1 else int(left * rng.uniform(0.4, 0.7))
            by_country[country] = share
            left -= share
    out = {"staff_full_time": full, "staff_part_time": part, "staff_under_35": rng.randint(0, staff // 2),
           "hires_this_year": rng.randint(0, max(0, staff // 3)), "labour_cost_krw": labour, "revenue_krw": revenue,
           "exports_krw": exports, "exports_by_country": by_country, "va_method": "items",
           "operating_surplus_krw": surplus, "financial_cost_krw": financial, "taxes_krw": taxes,
           "depreciation_krw": depreciation, "capital_investment_krw": int(revenue * rng.uniform(0, 0.08)),
           "smart_factory_stage": min(3, rng.choices([0, 1, 2, 3], [70, 21, 7, 2])[0] + (year_index > 1
                                                                                            and rng.random() < .1)),
           "technologies": rng.sample(["cad", "cnc", "printing3d", "mes", "sensors", "ecommerce"], rng.randint(0, 3)),
           "cooperation_projects": rng.choices([0, 1, 2], [82 - 4 * year_index, 14, 4])[0],
           "uses_shared_space": rng.random() < 0.06 + 0.03 * year_index,
           "export_programme": exporter and rng.random() < 0.35,
           "programme_participant": rng.random() < 0.2}
    out["value_added_krw"] = value_added(out)
    return out


def _journey_org(session: Session, rng: random.Random) -> Organization | None:
    """The shoe workshop of the browser journey, with two paid orders from buyers abroad this year."""
    owner_hash = session.exec(select(User.password_hash).where(User.email.like("owner@%")).limit(1)).first()
    buyers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.buyer,
                                                          Organization.country != "KR").order_by(Organization.id)
                               .limit(2)))
    if owner_hash is None or not buyers:
        return None
    org = accounts.create_organization(session, None, name="Hanul Shoe Atelier", name_ko="하늘수제화",
                                       kind=OrganizationKind.maker.value, country="KR", city="Seoul",
                                       cluster_code="seongsu", district="Seongsu 2-ga 3-dong", staff_count=6)
    owner = User(email=f"owner@{org.slug}.demo", display_name="Hanul Shoe Atelier owner", password_hash=owner_hash,
                 session_nonce=secrets.token_hex(16), email_verified_at=utcnow())
    session.add(owner)
    session.flush()
    accounts.add_member(session, org, owner, MembershipRole.owner)
    now = utcnow()
    for buyer, amount, status in ((buyers[0], 18_400_000, OrderStatus.delivered),
                                  (buyers[-1], 7_250_000, OrderStatus.shipped)):
        session.add(WholesaleOrder(buyer_org_id=buyer.id, maker_org_id=org.id, status=status, subtotal_krw=amount,
                                   shipping_address=f"{buyer.name}\n{buyer.city or ''}", shipping_country=buyer.country,
                                   created_at=now - dt.timedelta(days=20), updated_at=now - dt.timedelta(days=5)))
    session.flush()
    return org


def add_demo_association(session: Session, rng: random.Random) -> dict[str, int]:
    """The register, three years of returns, this year's open campaign, official counts, a chair, proposals."""
    clusters = {c["code"]: c for c in reference_clusters()}
    year = utcnow().year
    years = [year - 2, year - 1, year]
    journey = _journey_org(session, rng)
    makers = list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.maker)
                               .order_by(Organization.id)))
    members: list[dict] = []
    for org in makers:
        code = org.cluster_code if org.cluster_code in clusters else "seongsu"
        ksic = rng.choices([k for k, _ in _TRADES[code]], [w for _, w in _TRADES[code]])[0]
        members.append({"organization_id": org.id, "name": org.name, "name_ko": org.name_ko, "cluster_code": code,
                        "ksic": ksic, "district": _borough(clusters[code], rng), "staff": org.staff_count or 3})
    codes = list(_TRADES)
    for i in range(REGISTER_ONLY):
        code = codes[i % len(codes)]
        ksic = rng.choices([k for k, _ in _TRADES[code]], [w for _, w in _TRADES[code]])[0]
        if i < 4:  # four textile mills in Dongdaemun: a cell of four firms, suppressed everywhere
            code, ksic = "dongdaemun", "13"
        name = f"{rng.choice(_SYLLABLES)}{rng.choice(_SYLLABLES).lower()} {_KINDS[ksic]} {i + 1}"
        members.append({"organization_id": None, "name": name, "name_ko": None, "cluster_code": code, "ksic": ksic,
                        "district": _borough(clusters[code], rng),
                        "staff": rng.choices([2, 3, 4, 6, 8, 11, 16], [18, 22, 20, 16, 12, 8, 4])[0]})
    created = utcnow()
    session.execute(sa.insert(Member), [
        {k: v for k, v in m.items() if k != "staff"} | {
            "trade_association": _ASSOCIATION[m["ksic"]], "created_at": created,
            "dues_status": rng.choices(["paid", "due", "overdue", "exempt"], [70, 18, 9, 3])[0], "dues_year": year,
            "joined_year": rng.randint(1995, year), "active": True} for m in members])
    register = list(session.exec(select(Member).order_by(Member.id)))

    return_rows, version_rows = [], []
    staff_by_member = {}
    for member, spec in zip(register, members, strict=True):
        staff_by_member[member.id] = spec["staff"]
    for member in register:
        staff = staff_by_member[member.id]
        exporter = rng.random() < (0.5 if member.ksic in ("15", "33110", "29") else 0.35)
        trend = rng.uniform(0.98, 1.09)
        for index, y in enumerate(years):
            status = ReturnStatus.verified if rng.random() < 0.82 else ReturnStatus.not_started
            if y == year:
                status = rng.choices([ReturnStatus.verified, ReturnStatus.submitted, ReturnStatus.draft,
                                      ReturnStatus.not_started], [66, 8, 6, 20])[0]
                if member.ksic == "13":
                    status = ReturnStatus.verified
                if journey is not None and member.organization_id == journey.id:
                    status = ReturnStatus.not_started
            if status == ReturnStatus.not_started:
                figures = {}
            else:
                figures = _figures(rng, member.ksic, max(1, round(staff * (1 + 0.03 * index))), trend ** index,
                                   exporter, index)
            when = dt.datetime(y, 11, 20, 9, tzinfo=dt.UTC) if y < year else created
            return_rows.append({"member_id": member.id, "year": y, "status": status.value,
                                "version": 1 if status in (ReturnStatus.verified, ReturnStatus.submitted) else 0,
                                "exports_by_country": {}, "technologies": [], "prefill": {}, "va_method": "items",
                                **figures,
                                "submitted_at": when if status in (ReturnStatus.verified, ReturnStatus.submitted)
                                else None, "verified_at": when if status == ReturnStatus.verified else None,
                                "created_at": when, "updated_at": when})
    session.execute(sa.insert(AnnualReturn), return_rows)
    for ret in session.exec(select(AnnualReturn).where(AnnualReturn.status.in_(
            (ReturnStatus.verified, ReturnStatus.submitted)))):
        version_rows.append({"return_id": ret.id, "version": 1, "status": ret.status, "figures": {
            "revenue_krw": ret.revenue_krw, "exports_krw": ret.exports_krw, "value_added_krw": ret.value_added_krw},
            "created_at": ret.updated_at})
    session.execute(sa.insert(ReturnVersion), version_rows)
    # The platform's figures of this year, kept on the linked members' returns as the campaign made them.
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    active = set(session.exec(select(WholesaleOrder.maker_org_id).where(
        WholesaleOrder.shipping_country != "KR", WholesaleOrder.created_at >= start)))
    active |= set(session.exec(select(Certificate.organization_id).where(
        Certificate.issued_on >= dt.date(year, 1, 1))))
    active |= set(session.exec(select(Commission.maker_org_id).where(Commission.created_at >= start)))
    active |= {org for pair in session.exec(select(Introduction.from_org_id, Introduction.to_org_id).where(
        Introduction.created_at >= start)) for org in pair}
    for member in register:
        if member.organization_id not in active:
            continue
        ret = session.exec(select(AnnualReturn).where(AnnualReturn.member_id == member.id,
                                                      AnnualReturn.year == year)).one()
        figures = platform_figures(session, member, year)
        if figures:
            ret.prefill = figures
            if ret.status == ReturnStatus.not_started:
                ret.exports_krw = figures.get("exports_krw", {}).get("value")
                ret.exports_by_country = figures.get("exports_by_country", {}).get("value", {})
            session.add(ret)
    for y in years:
        session.add(Campaign(year=y, status="open" if y == year else "closed", deadline=dt.date(y, 12, 31),
                             opened_at=dt.datetime(y, 10, 1, tzinfo=dt.UTC),
                             closed_at=None if y == year else dt.datetime(y + 1, 1, 15, tzinfo=dt.UTC)))
    counts = 0
    for code, trades in _TRADES.items():
        for ksic, weight in trades + ([("13", 1)] if code == "dongdaemun" else []):
            firms = int(rng.uniform(300, 2400) * weight / sum(w for _, w in trades))
            session.add(OfficialCount(year=year, cluster_code=code, ksic=ksic, firms=firms,
                                      jobs=int(firms * rng.uniform(3.0, 4.5)),
                                      source="Demo figures in the form of the Census on Establishments",
                                      source_year=year - 2))
            counts += 1
    chair = session.exec(select(User).where(User.role == "trade_chair")).first()
    if chair is not None:
        session.add(TradeChair(user_id=chair.id, ksic="15"))
    # The association writes its proposals in Korean; pages mark their language.
    for title, status in (("성수동 수제화 공방 공동 마감실 설치", ProposalStatus.adopted),
                          ("종로 귀금속 장인 가업 승계 지원", ProposalStatus.on_agenda),
                          ("문래동 기계금속 업체 해외 박람회 공동관 참가 지원", ProposalStatus.submitted)):
        session.add(PolicyProposal(year=year, title=title, status=status))
    session.flush()
    return {"association members": len(register), "annual returns": len(return_rows),
            "official counts": counts}

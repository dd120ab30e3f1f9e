"""Awards: a selected nomination becomes a recognition with its own certificate number (``MST-<year>-<n>``),
within the year's quota for its trade; the certificate is checked at ``/verify/<code>`` (revoked ones verify as
revoked), exported as an Open Badges 3.0 credential, and can be revoked with a reason. The quotas count toward
the city's target of 300 recognised craftspeople by 2027.

A master craftsman's grant (5 million won) is due from the award and paid once, by staff, as a grant payout of
the payments core (kind ``master_grant``, the award's id): :func:`pay_grant`, :func:`grant_state`."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from i18n.locales import current_locale
from market.accounts.models import Organization
from market.notifications.services import notify_members
from market.payments import services as payments
from market.payments.models import Payout
from market.people.models import (
    NOMINATION_TRANSITIONS,
    Craftsperson,
    Level,
    MasterAward,
    Nomination,
    NominationStatus,
)
from market.people.services.common import PeopleError, require_staff
from market.people.services.nominations import LEVEL_LABELS, STATUS_LABELS
from market.people.trades import TRADES, trade_label
from market.refusals import Refusal, not_found
from market.sequences import next_in_sequence
from market.transitions import apply_transition
from market.verification import Credential

PREFIX = "MST"
GRANT_KIND = "master_grant"  # the grants' kind in the payments core
SEQUENCE = "master_certificate"  # the name of the certificates' numbering in market.sequences
GRANT_KRW = 5_000_000
TARGET = 300
TARGET_YEAR = 2027
# 2022, the plan's first year; each later year to 2027 the same yearly quotas (18 + 5 × 56 = 298 ≈ 300).
QUOTAS = {2022: {"jewelry": 5, "sewing": 4, "machine_metal": 3, "shoes": 5, "printing": 1}}
YEARLY_QUOTA = {"jewelry": 14, "sewing": 14, "machine_metal": 12, "shoes": 10, "printing": 6}


def quota(year: int, trade: str) -> int:
    """How many recognitions the trade may award in ``year``."""
    return QUOTAS.get(year, YEARLY_QUOTA).get(trade, 0)


def awarded_count(session: Session, year: int | None = None, trade: str | None = None) -> int:
    """Recognitions awarded (revoked ones included: the place was used), in a year and trade when given."""
    query = select(func.count()).select_from(MasterAward)
    if year is not None:
        query = query.where(MasterAward.year == year)
    if trade is not None:
        query = query.where(MasterAward.trade == trade)
    return session.exec(query).one()


@dataclasses.dataclass
class QuotaLine:
    """One trade's quota in one year and how much of it is used."""

    trade: str
    quota: int
    awarded: int


def quota_table(session: Session, year: int) -> tuple[list[QuotaLine], int]:
    """Each trade's quota and awards in ``year``, and all awards so far (toward the target of 300)."""
    rows = dict(session.exec(select(MasterAward.trade, func.count()).where(MasterAward.year == year)
                             .group_by(MasterAward.trade)).all())
    return [QuotaLine(t, quota(year, t), rows.get(t, 0)) for t in TRADES], awarded_count(session)


def _next_code(session: Session, year: int) -> str:
    """The next certificate number of ``year`` from the one numbering of the app (:mod:`market.sequences`): its row
    lock makes a concurrent award wait and take the number after ours, so no number is given twice or skipped."""
    return f"{PREFIX}-{year}-{next_in_sequence(session, SEQUENCE, year):04d}"


def award(session: Session, staff, nomination_id: int) -> MasterAward:
    """Award a selected nomination (staff): a certificate number, the grant of 5 million won (master craftsmen)
    due on the award and paid with :func:`pay_grant`, the workshop told. Refuses a nomination not selected (409)
    and a trade whose quota for the year is used up (409).

    The number is taken before the quota is counted: the lock on the year's numbering makes a concurrent award
    of the same year wait until this one commits, so the quota is counted with every earlier award in it."""
    require_staff(staff)
    nomination = session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found()
    apply_transition(session, nomination, NOMINATION_TRANSITIONS, NominationStatus.awarded, role="staff",
                     label=lambda s: str(STATUS_LABELS.get(NominationStatus(s), s)))
    code = _next_code(session, nomination.year)
    if awarded_count(session, nomination.year, nomination.trade) >= quota(nomination.year, nomination.trade):
        raise Refusal(_("The %(year)d quota for %(trade)s is used up.", year=nomination.year,
                        trade=trade_label(nomination.trade)), code="quota_full", status=409)
    person = session.get(Craftsperson, nomination.craftsperson_id)
    grant = GRANT_KRW if nomination.level == Level.master else 0
    record = MasterAward(code=code, nomination_id=nomination.id,
                         craftsperson_id=person.id, org_id=person.org_id, level=nomination.level,
                         trade=nomination.trade, year=nomination.year, grant_krw=grant, issued_by_id=staff.id)
    session.add(record)
    session.flush()
    notify_members(session, person.org_id, "master_award",
                   lambda: _("%(name)s is recognised as %(level)s. Certificate %(code)s.", name=person.name,
                             level=LEVEL_LABELS[Level(nomination.level)], code=record.code),
                   "market_people.person", person_id=person.id)
    return record


@dataclasses.dataclass(frozen=True)
class GrantState:
    """Where an award's grant stands: ``none`` (the recognition carries none), ``due`` (awaiting its payout),
    ``paid`` (with its payout) or ``withheld`` (revoked before it was paid)."""

    status: str
    amount_krw: int
    payout: Payout | None = None

    @property
    def label(self) -> str:
        """The state in words."""
        if self.status == "paid":
            return _("Paid on %(date)s", date=format_date(self.payout.created_at))
        return str(GRANT_STATUS_LABELS.get(self.status, self.status))


GRANT_STATUS_LABELS = {"none": _l("No grant"), "due": _l("Awaiting payment"),
                       "withheld": _l("Not paid: the certificate was revoked")}


def grant_state(session: Session, record: MasterAward) -> GrantState:
    """The state of an award's grant, from the payments' record of it."""
    if not record.grant_krw:
        return GrantState("none", 0)
    payout = payments.grant_payout(session, GRANT_KIND, record.id)
    if payout is not None:
        return GrantState("paid", record.grant_krw, payout)
    return GrantState("withheld" if record.revoked_at is not None else "due", record.grant_krw)


def pay_grant(session: Session, staff, code: str) -> Payout:
    """Pay an award's grant to the master's workshop through the payments core (staff): a payout from the
    platform's funds, in the ledger, the workshop told. Once: refuses a grant paid already (409, also when two
    staff pay it at the same moment), a recognition without a grant (409) and a revoked certificate (409)."""
    require_staff(staff)
    record = get_award(session, code)
    if not record.grant_krw:
        raise Refusal(_("This recognition carries no grant."), code="no_grant", status=409)
    if record.revoked_at is not None:
        raise Refusal(_("This certificate is revoked: its grant is not paid."), code="revoked", status=409)
    person = session.get(Craftsperson, record.craftsperson_id)
    return payments.pay_grant(
        session, staff, kind=GRANT_KIND, grant_id=record.id, payee_org_id=record.org_id,
        amount_krw=record.grant_krw,
        describe=lambda: _("Master craftsman grant of %(name)s, certificate %(code)s", name=person.name,
                           code=record.code))


def get_award(session: Session, code: str) -> MasterAward:
    """The award with this certificate code; 404 when there is none."""
    record = session.exec(select(MasterAward).where(MasterAward.code == (code or "").strip().upper())).first()
    if record is None:
        raise not_found()
    return record


def revoke(session: Session, staff, code: str, reason: str) -> MasterAward:
    """Revoke an award with the reason (staff); it then verifies as revoked. Refuses no reason (422) and an
    award already revoked (409)."""
    require_staff(staff)
    reason = (reason or "").strip()
    if not reason:
        raise PeopleError(_("Give the reason for the revocation."), "reason")
    record = get_award(session, code)
    result = session.exec(sa.update(MasterAward).where(MasterAward.id == record.id, MasterAward.revoked_at.is_(None))
                          .values(revoked_at=dt.datetime.now(dt.UTC), revoke_reason=reason[:2000])
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal(_("This certificate is already revoked."), code="already_revoked", status=409)
    session.flush()
    session.refresh(record)
    return record


def verify_master(session: Session, code: str) -> Credential | None:
    """The verifier of ``/verify/<code>`` for ``MST-…`` certificates (None for any other code)."""
    if not code.startswith(PREFIX + "-"):
        return None
    record = session.exec(select(MasterAward).where(MasterAward.code == code)).first()
    if record is None:
        return None
    person = session.get(Craftsperson, record.craftsperson_id)
    org = session.get(Organization, record.org_id)
    revoked = record.revoked_at is not None
    link = None
    if person.consent_at is not None:
        link = url_for("market_people.person", lang=current_locale(), person_id=person.id)
    return Credential(
        code=record.code, kind=_("Seoul master craftsman recognition"),
        title=_("%(level)s in %(trade)s, %(year)d", level=LEVEL_LABELS[Level(record.level)],
                trade=trade_label(record.trade), year=record.year),
        holder=person.name, issuer=_("Seoul Metropolitan Government · Made in Seoul"),
        status="revoked" if revoked else "valid", issued_on=record.issued_at.date(),
        revoked_on=record.revoked_at.date() if revoked else None,
        reason=record.revoke_reason if revoked else None,
        facts=((_("Workshop"), org.name),), link=link)


def open_badge(session: Session, record: MasterAward, base_url: str) -> dict:
    """The award as an Open Badges 3.0 credential (a W3C verifiable credential, unsigned): achievement with its
    criteria, the holder, evidence (the verify page), validity and, when revoked, its status."""
    person = session.get(Craftsperson, record.craftsperson_id)
    org = session.get(Organization, record.org_id)
    verify = f"{base_url.rstrip('/')}/verify/{record.code}"
    level = Level(record.level)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{LEVEL_LABELS[level]} — {trade_label(record.trade)} ({record.year})",
        "issuer": {"id": base_url.rstrip("/") + "/", "type": ["Profile"],
                   "name": "Seoul Metropolitan Government · Made in Seoul"},
        "validFrom": record.issued_at.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": person.name,
            "achievement": {
                "id": f"{base_url.rstrip('/')}/achievements/{level.value}/{record.trade}",
                "type": ["Achievement"],
                "achievementType": "Award",
                "name": str(LEVEL_LABELS[level]),
                "description": _("Recognised by the City of Seoul for skill in %(trade)s.",
                                 trade=trade_label(record.trade)),
                "criteria": {"narrative": _(
                    "At least %(years)d years in the trade in a Seoul workshop; dossier, site visit and interview "
                    "reviewed against the national criteria.", years=15 if level == Level.master else 7)},
            },
        },
        "evidence": [{"id": verify, "type": ["Evidence"], "name": _("Public verification"),
                      "description": org.name}],
    }
    if record.revoked_at is not None:
        credential["credentialStatus"] = {"id": verify, "type": "RevocationStatus", "revoked": True,
                                          "revokedAt": record.revoked_at.isoformat(),
                                          "reason": record.revoke_reason or ""}
    return credential


@dataclasses.dataclass
class MasterRow:
    """A valid recognition with its person and workshop, for the registry and the API."""

    award: MasterAward
    person: Craftsperson
    org: Organization


def list_masters(session: Session, trade: str | None = None, cluster: str | None = None,
                 public_only: bool = True, org_id: int | None = None) -> list[MasterRow]:
    """Valid recognitions by trade and cluster (newest year first); only people who consented to publication."""
    query = (select(MasterAward, Craftsperson, Organization)
             .join(Craftsperson, Craftsperson.id == MasterAward.craftsperson_id)
             .join(Organization, Organization.id == MasterAward.org_id)
             .where(MasterAward.revoked_at.is_(None)))
    if public_only:
        query = query.where(Craftsperson.consent_at.is_not(None))
    if trade:
        query = query.where(MasterAward.trade == trade)
    if cluster:
        query = query.where(Organization.cluster_code == cluster)
    if org_id is not None:
        query = query.where(MasterAward.org_id == org_id)
    rows = session.exec(query.order_by(MasterAward.year.desc(), MasterAward.trade, Craftsperson.name))
    return [MasterRow(a, p, o) for a, p, o in rows]


def master_org_ids(session: Session) -> set[int]:
    """Workshops with at least one valid recognition."""
    return set(session.exec(select(MasterAward.org_id).where(MasterAward.revoked_at.is_(None)).distinct()))


def master_product_ids(session: Session) -> set[int]:
    """Products made in a master's workshop (for the catalog filter)."""
    from catalog.products.models import Product

    return set(session.exec(select(Product.id).where(Product.maker_id.in_(
        select(MasterAward.org_id).where(MasterAward.revoked_at.is_(None))))))


def workshop_awards(session: Session, org_id: int) -> list[MasterRow]:
    """The valid, public recognitions of one workshop (the maker page's badge)."""
    return list_masters(session, org_id=org_id)


def award_of(session: Session, nomination_id: int) -> MasterAward | None:
    """The award a nomination led to, or None."""
    return session.exec(select(MasterAward).where(MasterAward.nomination_id == nomination_id)).first()

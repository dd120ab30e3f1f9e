"""Nominations for recognition: eligibility checked on submit (a Seoul workshop, one of the five trades, 15+
years for a master craftsman and 7+ for an excellent skilled worker), the dossier (career, works as photos or
3D files through the upload checks, qualifications, prizes, apprentices trained, references), the review
(reviewers from the review piece score the national criteria; staff record the site visit and interview) and
the decision with its reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Organization, User
from market.careers.services.common import notify_user
from market.db import utcnow
from market.people.models import (
    MIN_YEARS,
    NOMINATION_TRANSITIONS,
    Craftsperson,
    Level,
    Nomination,
    NominationStatus,
    NominatorKind,
)
from market.people.services.common import PeopleError, is_member, require_staff
from market.people.trades import TRADES
from market.refusals import Refusal, not_found
from market.transitions import apply_transition
from market.uploads.files import check_files, store_files

REVIEW_KIND = "nomination"
SCOPE_KIND = "masters"
MAX_WORK_FILES = 10
SEOUL_NAMES = {"seoul", "서울", "서울시", "서울특별시"}

LEVEL_LABELS = {Level.master: _l("Master craftsman"), Level.excellent: _l("Excellent skilled worker")}
NOMINATOR_LABELS = {NominatorKind.self: _l("Self-nomination"), NominatorKind.association: _l("Association"),
                    NominatorKind.centre: _l("Support centre"), NominatorKind.peer: _l("Peer craftsperson")}
STATUS_LABELS = {
    NominationStatus.submitted: _l("Submitted"), NominationStatus.in_review: _l("In review"),
    NominationStatus.selected: _l("Selected"), NominationStatus.not_selected: _l("Not selected"),
    NominationStatus.awarded: _l("Awarded"),
}

# The national criteria of the Master Craftsman scheme, as the review piece's weighted rubric.
RUBRIC = (
    ("skill", {"en": "Level of skill and works", "ko": "숙련 기술 수준과 작품"}, 35),
    ("career", {"en": "Career in the trade", "ko": "해당 분야 경력"}, 20),
    ("contribution", {"en": "Contribution to the trade and its succession", "ko": "산업 발전 및 기술 전수 기여"}, 25),
    ("apprentices", {"en": "Apprentices trained", "ko": "후진 양성"}, 20),
)


def is_seoul_workshop(org: Organization) -> bool:
    """A workshop in Seoul: in one of the city's clusters, or a Korean workshop whose city is Seoul."""
    return org.country == "KR" and (org.cluster_code is not None or (org.city or "").strip().lower() in SEOUL_NAMES)


def check_eligibility(person: Craftsperson, org: Organization, level: Level, today: dt.date | None = None) -> None:
    """Refuse (422) a nomination the scheme does not allow: a workshop outside Seoul, a trade outside the five
    and fewer years in the trade than the level requires."""
    if not is_seoul_workshop(org):
        raise PeopleError(_("Only craftspeople of workshops in Seoul can be nominated."), "craftsperson_id")
    if person.trade not in TRADES:
        raise PeopleError(_("Choose one of the trades."), "trade")
    years = person.years_in_trade(today)
    if years < MIN_YEARS[level]:
        raise PeopleError(_("%(level)s needs at least %(min)d years in the trade; %(name)s has %(years)d.",
                            level=LEVEL_LABELS[level], min=MIN_YEARS[level], name=person.name, years=years),
                          "level")


def nominate(session: Session, user, *, craftsperson_id: int, nominator_kind: str, level: str,
             career: str, qualifications: str = "", prizes: str = "", apprentices: int = 0,
             references: str = "", works=(), year: int | None = None) -> Nomination:
    """Submit a nomination with its dossier. Refuses an ineligible person (422), a self-nomination from outside
    the person's workshop (403), an empty career, a negative number of apprentices, work files the upload
    checks refuse, and a second nomination of the same person for the same level and year (409)."""
    person = session.get(Craftsperson, craftsperson_id)
    if person is None:
        raise not_found()
    org = session.get(Organization, person.org_id)
    try:
        kind, lvl = NominatorKind(nominator_kind), Level(level)
    except ValueError as exc:
        raise PeopleError(_("Choose who nominates and the level."), "level") from exc
    if kind == NominatorKind.self and not is_member(session, user, person.org_id):
        raise PeopleError(_("Only the person's own workshop can send a self-nomination."), "nominator_kind")
    check_eligibility(person, org, lvl)
    if not (career or "").strip():
        raise PeopleError(_("Describe the person's career."), "career")
    if apprentices is None or apprentices < 0 or apprentices > 10_000:
        raise PeopleError(_("Give the number of apprentices trained."), "apprentices")
    year = year or dt.date.today().year
    duplicate = session.exec(select(Nomination.id).where(
        Nomination.craftsperson_id == person.id, Nomination.level == lvl, Nomination.year == year)).first()
    if duplicate is not None:
        raise Refusal(_("This person is already nominated for this level this year."), code="duplicate",
                      status=409)
    checked = check_files(list(works), limit=MAX_WORK_FILES)
    keys = store_files(checked)
    files = [{"key": k, "name": c.filename, "type": c.content_type} for k, c in zip(keys, checked, strict=True)]
    nomination = Nomination(craftsperson_id=person.id, nominated_by_id=user.id, nominator_kind=kind, level=lvl,
                            year=year, trade=person.trade, career=career.strip(),
                            qualifications=(qualifications or "").strip(), prizes=(prizes or "").strip(),
                            apprentices=apprentices or 0, references=(references or "").strip(), work_files=files)
    session.add(nomination)
    session.flush()
    return nomination


def get_nomination(session: Session, nomination_id: int) -> Nomination:
    """The nomination with this id; 404 when there is none."""
    nomination = session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found()
    return nomination


def visible_nomination(session: Session, user, nomination_id: int) -> Nomination:
    """A nomination for its nominator, the person's workshop and staff; 404 for anyone else."""
    nomination = get_nomination(session, nomination_id)
    person = session.get(Craftsperson, nomination.craftsperson_id)
    if not (user.is_staff or nomination.nominated_by_id == user.id or is_member(session, user, person.org_id)):
        raise not_found()
    return nomination


def _label(status) -> str:
    return str(STATUS_LABELS.get(NominationStatus(status), status))


def ensure_rubric(session: Session, year: int) -> None:
    """Give the year's selection its rubric in the review piece (once)."""
    from market.reviews.services import CriterionSpec, rubric_of, set_rubric

    if rubric_of(session, SCOPE_KIND, year) is None:
        set_rubric(session, SCOPE_KIND, year, [CriterionSpec(code, labels, weight)
                                               for code, labels, weight in RUBRIC])


def start_review(session: Session, staff, nomination_id: int, reviewers: list[User]) -> Nomination:
    """Send a submitted nomination to review: each reviewer is granted the year's selection and assigned in the
    review piece. Refuses non-staff (403), no reviewer (422), a reviewer of the person's own workshop (422) and
    a nomination no longer submitted (409)."""
    from market.reviews.services import assign_reviewer, grant_reviewer

    require_staff(staff)
    nomination = get_nomination(session, nomination_id)
    person = session.get(Craftsperson, nomination.craftsperson_id)
    if not reviewers:
        raise PeopleError(_("Choose at least one reviewer."), "reviewers")
    for reviewer in reviewers:
        if is_member(session, reviewer, person.org_id):
            raise PeopleError(_("A reviewer cannot review someone of their own workshop."), "reviewers")
    apply_transition(session, nomination, NOMINATION_TRANSITIONS, NominationStatus.in_review, role="staff",
                     label=_label)
    ensure_rubric(session, nomination.year)
    for reviewer in reviewers:
        grant_reviewer(session, reviewer, SCOPE_KIND, nomination.year, by=staff)
        assign_reviewer(session, REVIEW_KIND, nomination.id, reviewer, by=staff)
        notify_user(session, reviewer, "review_assigned",
                    lambda: _("A nomination for the master craftsman selection waits for your review."),
                    "market_reviews.index")
    return nomination


def record_visit(session: Session, staff, nomination_id: int, site_visit: str, interview: str) -> Nomination:
    """Record the site visit and the interview of a nomination under review (staff)."""
    require_staff(staff)
    nomination = get_nomination(session, nomination_id)
    nomination.site_visit, nomination.interview = (site_visit or "").strip(), (interview or "").strip()
    nomination.updated_at = utcnow()
    session.add(nomination)
    session.flush()
    return nomination


def decide(session: Session, staff, nomination_id: int, selected: bool, reason: str) -> Nomination:
    """Select or turn down a nomination with the reasons (staff). Refuses a decision without reasons (422) and a
    nomination not in review (409); selecting needs at least one submitted review."""
    require_staff(staff)
    reason = (reason or "").strip()
    if not reason:
        raise PeopleError(_("Give the reasons for the decision."), "reason")
    nomination = get_nomination(session, nomination_id)
    if selected:
        from market.reviews.services import score_summary

        if score_summary(session, REVIEW_KIND, nomination.id).submitted == 0:
            raise PeopleError(_("No reviewer has scored this nomination yet."), "reason")
    to = NominationStatus.selected if selected else NominationStatus.not_selected
    apply_transition(session, nomination, NOMINATION_TRANSITIONS, to, role="staff", label=_label,
                     values={"decision_reason": reason})
    return nomination


@dataclasses.dataclass
class NominationRow:
    """A nomination with its person and workshop, for lists."""

    nomination: Nomination
    person: Craftsperson
    org: Organization


def list_nominations(session: Session, status: str | None = None, year: int | None = None) -> list[NominationRow]:
    """Nominations for staff, newest first, optionally of one status and year."""
    query = (select(Nomination, Craftsperson, Organization)
             .join(Craftsperson, Craftsperson.id == Nomination.craftsperson_id)
             .join(Organization, Organization.id == Craftsperson.org_id))
    if status:
        query = query.where(Nomination.status == status)
    if year:
        query = query.where(Nomination.year == year)
    return [NominationRow(n, p, o) for n, p, o in session.exec(query.order_by(Nomination.created_at.desc()))]


def nominations_by(session: Session, user) -> list[NominationRow]:
    """The nominations the user sent, newest first."""
    query = (select(Nomination, Craftsperson, Organization)
             .join(Craftsperson, Craftsperson.id == Nomination.craftsperson_id)
             .join(Organization, Organization.id == Craftsperson.org_id)
             .where(Nomination.nominated_by_id == user.id))
    return [NominationRow(n, p, o) for n, p, o in session.exec(query.order_by(Nomination.created_at.desc()))]


class NominationSubjects:
    """The review piece's adapter for nominations: the scope is the year's selection; reviewers read the
    dossier (never the nominator)."""

    kind = REVIEW_KIND

    def scope_of(self, session: Session, subject_id: int) -> tuple[str, int]:
        return SCOPE_KIND, get_nomination(session, subject_id).year

    def describe(self, session: Session, subject_id: int):
        from market.people.trades import trade_label
        from market.reviews.registry import SubjectFile

        n = get_nomination(session, subject_id)
        person = session.get(Craftsperson, n.craftsperson_id)
        org = session.get(Organization, person.org_id)
        sections = (
            (_("Level"), str(LEVEL_LABELS[Level(n.level)])),
            (_("Trade"), trade_label(n.trade)),
            (_("Years in the trade"), str(person.years_in_trade())),
            (_("Career"), n.career), (_("Qualifications"), n.qualifications), (_("Prizes"), n.prizes),
            (_("Apprentices trained"), str(n.apprentices)), (_("References"), n.references),
            (_("Works"), ", ".join(f["name"] for f in n.work_files)),
            (_("Site visit"), n.site_visit), (_("Interview"), n.interview),
        )
        return SubjectFile(kind=self.kind, id=n.id, scope_kind=SCOPE_KIND, scope_id=n.year,
                           title=_("Nomination of %(name)s", name=person.name), organisation=org.name,
                           sections=tuple((label, text) for label, text in sections if text),
                           scope_title=_("Master craftsman selection %(year)d", year=n.year))


SUBJECTS = NominationSubjects()

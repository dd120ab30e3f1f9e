"""The skills competition of one trade and year: staff open it, workshops enter (photos, 3D models, a process
video link), judges score each entry in the review piece — blind, with conflicts declared, and never their own
workshop's entry — and staff publish the results with prizes (trade-fair places recorded); the winners carry a
badge on their maker page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Organization, OrganizationKind, User
from market.people.models import Competition, CompetitionEntry
from market.people.services.common import PeopleError, is_member, require_staff
from market.people.trades import TRADES, trade_label
from market.refusals import Refusal, forbidden, not_found
from market.uploads.files import check_files, store_files

REVIEW_KIND = "competition_entry"
SCOPE_KIND = "competition"
RUBRIC = (
    ("technique", {"en": "Technique and precision", "ko": "기술 완성도와 정밀도"}, 40),
    ("design", {"en": "Design and originality", "ko": "디자인과 독창성"}, 30),
    ("process", {"en": "Process and materials", "ko": "공정과 소재"}, 20),
    ("market", {"en": "Market potential", "ko": "시장성"}, 10),
)
WINNING_PLACES = 3
COMPETITION_STATUS_LABELS = {"open": _l("Open for entries"), "judging": _l("Being judged"),
                             "results": _l("Results out")}


def open_competition(session: Session, staff, trade: str, year: int, entry_deadline: dt.date) -> Competition:
    """Open the competition of a trade and year (staff); refuses an unknown trade and a second one (409)."""
    require_staff(staff)
    if trade not in TRADES:
        raise PeopleError(_("Choose one of the trades."), "trade")
    if session.exec(select(Competition.id).where(Competition.trade == trade, Competition.year == year)).first():
        raise Refusal(_("This competition already exists."), code="duplicate", status=409)
    competition = Competition(trade=trade, year=year, entry_deadline=entry_deadline)
    session.add(competition)
    session.flush()
    return competition


def get_competition(session: Session, competition_id: int) -> Competition:
    """The competition with this id; 404 when there is none."""
    competition = session.get(Competition, competition_id)
    if competition is None:
        raise not_found()
    return competition


def enter(session: Session, user, competition_id: int, *, org_id: int, title: str, video_url: str = "",
          craftsperson_id: int | None = None, files=()) -> CompetitionEntry:
    """Enter a maker's workshop (the user's) with its work; refuses a closed competition or one past its
    deadline (409), an empty title, a video link that is not http(s), files the upload checks refuse and a
    second entry of the same workshop (409)."""
    competition = get_competition(session, competition_id)
    if competition.status != "open" or competition.entry_deadline < dt.date.today():
        raise Refusal(_("This competition no longer takes entries."), code="closed", status=409)
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker or not is_member(session, user, org_id):
        raise forbidden(_("Only the workshop's members can enter it."))
    title = (title or "").strip()
    if not title:
        raise PeopleError(_("Give the entry a title."), "title")
    video_url = (video_url or "").strip()
    if video_url and urlsplit(video_url).scheme not in ("http", "https"):
        raise PeopleError(_("The video link must start with http:// or https://."), "video_url")
    if session.exec(select(CompetitionEntry.id).where(CompetitionEntry.competition_id == competition.id,
                                                      CompetitionEntry.org_id == org_id)).first():
        raise Refusal(_("This workshop has already entered."), code="duplicate", status=409)
    checked = check_files(list(files))
    keys = store_files(checked)
    entry = CompetitionEntry(competition_id=competition.id, org_id=org_id, craftsperson_id=craftsperson_id,
                             title=title[:160], video_url=video_url[:500], created_by_id=user.id,
                             files=[{"key": k, "name": c.filename, "type": c.content_type}
                                    for k, c in zip(keys, checked, strict=True)])
    session.add(entry)
    session.flush()
    return entry


def entries_of(session: Session, competition_id: int) -> list[tuple[CompetitionEntry, Organization]]:
    """The entries of a competition with their workshops, by place once judged, else by entry."""
    rows = session.exec(select(CompetitionEntry, Organization)
                        .join(Organization, Organization.id == CompetitionEntry.org_id)
                        .where(CompetitionEntry.competition_id == competition_id)
                        .order_by(CompetitionEntry.place.is_(None), CompetitionEntry.place, CompetitionEntry.id))
    return list(rows)


def assign_judge(session: Session, staff, entry_id: int, judge: User):
    """Ask a judge to score one entry in the review piece; refuses (422) a judge of the entry's own workshop."""
    from market.reviews.services import assign_reviewer, grant_reviewer

    require_staff(staff)
    entry = session.get(CompetitionEntry, entry_id)
    if entry is None:
        raise not_found()
    if is_member(session, judge, entry.org_id):
        raise PeopleError(_("A judge cannot score their own workshop's entry."), "judge")
    grant_reviewer(session, judge, SCOPE_KIND, entry.competition_id, by=staff)
    return assign_reviewer(session, REVIEW_KIND, entry.id, judge, by=staff)


def start_judging(session: Session, staff, competition_id: int, judges: list[User]) -> int:
    """Close entries and send every entry to every judge, blind, except a judge's own workshop's entry; returns
    how many assignments were made. Refuses no judges (422) and a competition not open (409)."""
    from market.reviews.services import CriterionSpec, set_rubric

    require_staff(staff)
    competition = get_competition(session, competition_id)
    if competition.status != "open":
        raise Refusal(_("Judging has already started."), code="wrong_state", status=409)
    if not judges:
        raise PeopleError(_("Choose at least one judge."), "judges")
    set_rubric(session, SCOPE_KIND, competition.id,
               [CriterionSpec(code, labels, weight) for code, labels, weight in RUBRIC], blind=True)
    made = 0
    for entry, _org in entries_of(session, competition.id):
        for judge in judges:
            if is_member(session, judge, entry.org_id):
                continue
            assign_judge(session, staff, entry.id, judge)
            made += 1
    competition.status = "judging"
    session.add(competition)
    session.flush()
    return made


def publish_results(session: Session, staff, competition_id: int, prizes: dict[int, tuple[str, str]]
                    ) -> list[CompetitionEntry]:
    """Rank the entries by their judges' mean weighted score and publish the results (staff); ``prizes`` gives
    the prize and trade fair per place. Refuses a competition not being judged (409)."""
    from market.reviews.services import score_summary

    require_staff(staff)
    competition = get_competition(session, competition_id)
    if competition.status != "judging":
        raise Refusal(_("The competition is not being judged."), code="wrong_state", status=409)
    scored = []
    for entry, _org in entries_of(session, competition.id):
        entry.score = score_summary(session, REVIEW_KIND, entry.id).mean_total
        scored.append(entry)
    ranked = sorted((e for e in scored if e.score is not None), key=lambda e: (-e.score, e.id))
    for place, entry in enumerate(ranked, start=1):
        entry.place = place
        entry.prize, entry.trade_fair = prizes.get(place, ("", ""))
        session.add(entry)
    competition.status = "results"
    session.add(competition)
    session.flush()
    return ranked


@dataclasses.dataclass
class Win:
    """A winning place of a workshop, for its badge."""

    competition: Competition
    entry: CompetitionEntry

    @property
    def label(self) -> str:
        return _("%(trade)s skills competition %(year)d · place %(place)d",
                 trade=trade_label(self.competition.trade), year=self.competition.year, place=self.entry.place)


def wins_of(session: Session, org_id: int) -> list[Win]:
    """The workshop's winning places (top three) in published competitions."""
    rows = session.exec(select(Competition, CompetitionEntry)
                        .join(CompetitionEntry, CompetitionEntry.competition_id == Competition.id)
                        .where(CompetitionEntry.org_id == org_id, Competition.status == "results",
                               CompetitionEntry.place.is_not(None), CompetitionEntry.place <= WINNING_PLACES)
                        .order_by(Competition.year.desc()))
    return [Win(c, e) for c, e in rows]


def list_competitions(session: Session) -> list[Competition]:
    """Every competition, newest year first."""
    return list(session.exec(select(Competition).order_by(Competition.year.desc(), Competition.trade)))


class EntrySubjects:
    """The review piece's adapter for competition entries: scope is the competition; the file is the work."""

    kind = REVIEW_KIND

    def scope_of(self, session: Session, subject_id: int) -> tuple[str, int]:
        entry = session.get(CompetitionEntry, subject_id)
        if entry is None:
            raise not_found()
        return SCOPE_KIND, entry.competition_id

    def describe(self, session: Session, subject_id: int):
        from market.reviews.registry import SubjectFile

        entry = session.get(CompetitionEntry, subject_id)
        if entry is None:
            raise not_found()
        competition = session.get(Competition, entry.competition_id)
        org = session.get(Organization, entry.org_id)
        sections = ((_("Process video"), entry.video_url),
                    (_("Files"), ", ".join(f["name"] for f in entry.files)))
        return SubjectFile(kind=self.kind, id=entry.id, scope_kind=SCOPE_KIND, scope_id=competition.id,
                           title=entry.title, organisation=org.name,
                           sections=tuple((lbl, text) for lbl, text in sections if text),
                           scope_title=_("%(trade)s skills competition %(year)d",
                                         trade=trade_label(competition.trade), year=competition.year))


SUBJECTS = EntrySubjects()

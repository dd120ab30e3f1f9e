"""Craftspeople's profiles: a workshop (or staff) adds a person with their trade, the year they started, a photo
and a story in up to five languages; the public sees only those who consented to publication."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.content import LocalizedText, localize, resolve_many, set_text
from i18n.locales import LOCALES
from market.accounts.models import Organization, OrganizationKind
from market.db import utcnow
from market.people.models import ENTITY, Craftsperson
from market.people.services.common import PeopleError, is_member
from market.people.trades import TRADES
from market.refusals import forbidden, not_found
from market.uploads.images import clean_image, store_image

FIRST_YEAR = 1940


def _may_edit(session: Session, user, org_id: int) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and (user.is_staff or is_member(session, user, org_id)))


def add_craftsperson(session: Session, user, *, org_id: int, name: str, trade: str, started_year: int,
                     name_ko: str = "", story: dict[str, str] | None = None, source_locale: str = "ko",
                     consent: bool = False, photo=None) -> Craftsperson:
    """Add a person to a maker's workshop (its members or staff). Refuses an empty name, an unknown trade, a
    start year before 1940 or in the future, a story in an unknown language and a photo the image checks
    refuse; ``consent`` records the person's consent to a public profile."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker:
        raise not_found()
    if not _may_edit(session, user, org_id):
        raise forbidden()
    name = (name or "").strip()
    if not name:
        raise PeopleError(_("Give the person's name."), "name")
    if trade not in TRADES:
        raise PeopleError(_("Choose one of the trades."), "trade")
    if started_year is None or not FIRST_YEAR <= started_year <= dt.date.today().year:
        raise PeopleError(_("Give the year they started in the trade."), "started_year")
    story = {loc: (text or "").strip() for loc, text in (story or {}).items() if (text or "").strip()}
    if any(loc not in LOCALES for loc in story) or source_locale not in LOCALES:
        raise PeopleError(_("Unknown language."), "story")
    photo_key = None
    if photo is not None and photo.data:
        photo_key = store_image(clean_image(photo.data, photo.filename)).web_key
    person = Craftsperson(org_id=org_id, name=name[:120], name_ko=(name_ko or "").strip()[:120] or None,
                          trade=trade, started_year=started_year, photo_key=photo_key, source_locale=source_locale,
                          consent_at=utcnow() if consent else None, created_by_id=user.id)
    session.add(person)
    session.flush()
    for loc, text in story.items():
        set_text(session, ENTITY, person.id, "story", loc, text, source="author" if loc == source_locale
                 else "translator", reviewed=loc == source_locale, user_id=user.id)
    return person


def set_story(session: Session, user, person_id: int, locale: str, text: str) -> None:
    """Write or replace the person's story in one language (the workshop's members or staff)."""
    person = get_person(session, person_id)
    if not _may_edit(session, user, person.org_id):
        raise forbidden()
    if locale not in LOCALES:
        raise PeopleError(_("Unknown language."), "locale")
    set_text(session, ENTITY, person.id, "story", locale, text, user_id=user.id)


def set_consent(session: Session, user, person_id: int, consent: bool) -> Craftsperson:
    """Record or withdraw the person's consent to a public profile."""
    person = get_person(session, person_id)
    if not _may_edit(session, user, person.org_id):
        raise forbidden()
    person.consent_at = utcnow() if consent else None
    session.add(person)
    session.flush()
    return person


def get_person(session: Session, person_id: int) -> Craftsperson:
    """The person with this id; 404 when there is none."""
    person = session.get(Craftsperson, person_id)
    if person is None:
        raise not_found()
    return person


def public_person(session: Session, user, person_id: int) -> Craftsperson:
    """A person whose profile the reader may see: public with consent, else only to the workshop and staff."""
    person = get_person(session, person_id)
    if person.consent_at is None and not _may_edit(session, user, person.org_id):
        raise not_found()
    return person


def story_of(session: Session, person: Craftsperson, locale: str) -> LocalizedText | None:
    """The person's story in ``locale`` (with fallback)."""
    return localize(session, ENTITY, person.id, ("story",), locale)["story"]


def stories_of(session: Session, people, locale: str) -> dict[int, LocalizedText]:
    """Stories of many people in one query."""
    return resolve_many(session, ENTITY, [p.id for p in people], "story", locale)


def workshop_people(session: Session, org_id: int, public_only: bool = False) -> list[Craftsperson]:
    """The people of one workshop, by name; only those who consented when ``public_only``."""
    query = select(Craftsperson).where(Craftsperson.org_id == org_id)
    if public_only:
        query = query.where(Craftsperson.consent_at.is_not(None))
    return list(session.exec(query.order_by(Craftsperson.name)))


def may_edit_workshop(session: Session, user, org_id: int) -> bool:
    """Whether the user may add and edit the workshop's people."""
    return _may_edit(session, user, org_id)


def list_public_people(session: Session, trade: str | None = None, cluster: str | None = None
                       ) -> list[tuple[Craftsperson, Organization]]:
    """People who consented to a public profile, by trade and their workshop's cluster, by name."""
    query = (select(Craftsperson, Organization).join(Organization, Organization.id == Craftsperson.org_id)
             .where(Craftsperson.consent_at.is_not(None)))
    if trade:
        query = query.where(Craftsperson.trade == trade)
    if cluster:
        query = query.where(Organization.cluster_code == cluster)
    return list(session.exec(query.order_by(Craftsperson.name)))

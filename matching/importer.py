"""Bulk import of technology listings and profiles from CSV or JSONL, as a technology bank or a lab uploading its
portfolio would (``seoulmade matching import FILE --source NAME``, ``POST /api/v1/matching/import``).

Every row is validated first; if any row is refused, the report lists each refused row with its line number and
reasons and nothing is stored (all-or-nothing). Each row keeps its ``external_ref``, unique per source (a database
constraint on ``(source, external_ref)``), so importing the same file again updates the records instead of
duplicating them.

Rows: ``external_ref``, ``kind`` (maker, buyer, ip_holder, lab, startup), ``title``, ``description``, ``lang``;
optionally ``organization``, ``tags``, ``ipc``, ``trl``, ``license_terms``, ``region``, and ``seek``,
``patent_number``, ``nda_required``, ``teaser_title``, ``teaser``, ``questions``, ``country``, ``cluster``. In CSV,
list fields are separated by ``;`` (or ``|``). Rows of kind ``ip_holder`` or ``lab`` become technology listings
(title, description → abstract); the other kinds become matching profiles (title, description → offer, seek).
A row's organisation is the existing one with that name (its kind must match), else one is created per
``organization`` name, or — without a name — one per source and kind ("<source> (<kind>)"). Imported records are
published. Tags default to the glossary concepts the texts name.

Rights: staff import anything; a member of an IP holder or lab imports only its own organisation's listings
(rows of its kind, ``organization`` empty or its own name).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts import services as accounts
from market.accounts.models import Organization, User
from market.clusters import get_cluster
from market.db import utcnow
from matching.changes import docs_changed
from matching.documents import KINDS
from matching.errors import MatchingError, forbidden, not_found
from matching.models import (
    LISTING_ENTITY,
    PROFILE_ENTITY,
    MatchProfile,
    PublishStatus,
    TechListing,
)
from matching.services.docs import listing_doc_id, listing_tags, profile_doc_id, suggest_tags
from matching.services.listings import LISTING_KINDS
from matching.services.rights import can_edit
from matching.services.texts import add_new_texts, store_texts
from matching.services.validation import (
    MAX_TEXT,
    MAX_TITLE,
    clean_ipc,
    clean_lang,
    clean_license_terms,
    clean_questions,
    clean_region,
    clean_tags,
    clean_trl,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
SOURCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,59}$")
REF_RE = re.compile(r"^\S(?:.{0,118}\S)?$")
REQUIRED = ("external_ref", "kind", "title", "description", "lang")
KNOWN_FIELDS = {*REQUIRED, "organization", "tags", "ipc", "trl", "license_terms", "region", "seek",
                "patent_number", "nda_required", "teaser_title", "teaser", "questions", "country", "cluster"}
_LIST_SPLIT = re.compile(r"[;|]")


@dataclasses.dataclass
class RowError:
    """Why one row was refused."""

    line: int
    external_ref: str | None
    reasons: list[str]


@dataclasses.dataclass
class ImportReport:
    """What an import did, or — when ``errors`` is not empty — why nothing was stored."""

    source: str
    rows: int = 0
    profiles_created: int = 0
    profiles_updated: int = 0
    listings_created: int = 0
    listings_updated: int = 0
    organizations_created: int = 0
    errors: list[RowError] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {**dataclasses.asdict(self), "ok": self.ok}

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)d of %(total)d rows were refused; nothing was imported.", n=len(self.errors),
                     total=self.rows)
        return _("Imported %(rows)d rows from %(source)s: %(pc)d profiles created, %(pu)d updated, %(lc)d listings "
                 "created, %(lu)d updated, %(oc)d organisations created.", rows=self.rows, source=self.source,
                 pc=self.profiles_created, pu=self.profiles_updated, lc=self.listings_created,
                 lu=self.listings_updated, oc=self.organizations_created)


class ImportFileError(MatchingError):
    """The file as a whole cannot be read (format, size, encoding)."""


def _too_large() -> ImportFileError:
    return ImportFileError(_("The file is too large (at most %(n)d MB).", n=MAX_BYTES // (1024 * 1024)), "file",
                           code="payload_too_large", status=413)


@dataclasses.dataclass
class _Row:
    line: int
    data: dict
    clean: dict = dataclasses.field(default_factory=dict)


# --- reading -----------------------------------------------------------------------------------------------------------


def detect_format(filename: str | None, text: str) -> str:
    """``csv`` or ``jsonl`` from the file name, else from the first non-blank character."""
    name = (filename or "").lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    first = text.lstrip()[:1]
    return "jsonl" if first in ("{", "[") else "csv"


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise _too_large()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text."), "file") from exc


def read_rows(data: bytes | str, fmt: str | None = None, filename: str | None = None
              ) -> tuple[list[_Row], list[RowError]]:
    """The rows of a CSV or JSONL file with their line numbers, and the lines that could not be parsed."""
    text = _decode(data)
    if len(text.encode()) > MAX_BYTES:
        raise _too_large()
    fmt = fmt or detect_format(filename, text)
    rows: list[_Row] = []
    errors: list[RowError] = []
    if fmt == "jsonl":
        stripped = text.strip()
        if stripped.startswith("["):  # a JSON array is accepted too; rows are then numbered from 1
            try:
                items = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise ImportFileError(_("The file is not valid JSON: %(error)s", error=exc.msg), "file") from exc
            for number, item in enumerate(items, start=1):
                if isinstance(item, dict):
                    rows.append(_Row(number, item))
                else:
                    errors.append(RowError(number, None, [_("Each row must be a JSON object.")]))
        else:
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(RowError(number, None, [_("Not valid JSON: %(error)s", error=exc.msg)]))
                    continue
                if not isinstance(item, dict):
                    errors.append(RowError(number, None, [_("Each row must be a JSON object.")]))
                    continue
                rows.append(_Row(number, item))
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in reader.fieldnames or []]
        if not header:
            raise ImportFileError(_("The CSV file has no header line."), "file")
        reader.fieldnames = header
        missing = [f for f in REQUIRED if f not in header]
        if missing:
            raise ImportFileError(_("The CSV header lacks the columns: %(cols)s.", cols=", ".join(missing)), "file")
        line = reader.line_num + 1
        try:
            for item in reader:
                rows.append(_Row(line, {k: v for k, v in item.items() if k is not None}))
                line = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFileError(_("The CSV file cannot be read near line %(line)d: %(error)s", line=line,
                                 error=str(exc)), "file") from exc
    else:
        raise ImportFileError(_("Send CSV or JSONL."), "format")
    if len(rows) + len(errors) > MAX_ROWS:
        raise ImportFileError(_("Import at most %(n)d rows at a time.", n=MAX_ROWS), "file")
    return rows, errors


# --- validating --------------------------------------------------------------------------------------------------------


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part for part in (p.strip() for p in _LIST_SPLIT.split(str(value))) if part]


def _as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "false", "no", "n"):
        return False
    if text in ("1", "true", "yes", "y"):
        return True
    raise MatchingError(_("Write true or false."), "nda_required")


def _text(value, field: str, limit: int, required: bool) -> str:
    text = "" if value is None else str(value).strip()
    if field.endswith("title") or field == "organization":
        text = " ".join(text.split())
    if required and not text:
        raise MatchingError(_("%(field)s is required.", field=field), field)
    if len(text) > limit:
        raise MatchingError(_("%(field)s is too long (at most %(n)d characters).", field=field, n=limit), field)
    return text


def _validate_row(data: dict) -> tuple[dict, list[str]]:
    """The cleaned row and the reasons it is refused (every problem, not just the first)."""
    reasons: list[str] = []
    clean: dict = {}

    def check(field: str, fn):
        try:
            clean[field] = fn()
        except MatchingError as exc:
            reasons.append(f"{field}: {exc.message}")

    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        reasons.append(_("unknown fields: %(fields)s", fields=", ".join(unknown)))
    ref = str(data.get("external_ref") or "").strip()
    if not ref:
        reasons.append("external_ref: " + _("external_ref is required."))
    elif len(ref) > 120 or not REF_RE.match(ref):
        reasons.append("external_ref: " + _("Use at most 120 characters without line breaks."))
    clean["external_ref"] = ref
    kind = str(data.get("kind") or "").strip()
    if kind not in KINDS:
        reasons.append(f"kind: {_('Unknown kind: %(kinds)s. Choose from: %(known)s.', kinds=kind or '—', known=', '.join(KINDS))}")
    clean["kind"] = kind
    check("title", lambda: _text(data.get("title"), "title", MAX_TITLE, True))
    check("description", lambda: _text(data.get("description"), "description", MAX_TEXT, True))
    check("lang", lambda: clean_lang(str(data.get("lang") or "").strip()))
    check("organization", lambda: _text(data.get("organization"), "organization", 160, False))
    check("seek", lambda: _text(data.get("seek"), "seek", MAX_TEXT, False))
    check("teaser_title", lambda: _text(data.get("teaser_title"), "teaser_title", MAX_TITLE, False))
    check("teaser", lambda: _text(data.get("teaser"), "teaser", MAX_TEXT, False))
    check("patent_number", lambda: _text(data.get("patent_number"), "patent_number", 60, False))
    check("tags", lambda: clean_tags(_as_list(data.get("tags"))) if data.get("tags") not in (None, "", []) else None)
    check("ipc", lambda: clean_ipc(_as_list(data.get("ipc"))))
    check("trl", lambda: clean_trl(data.get("trl")))
    check("license_terms", lambda: clean_license_terms(_as_list(data.get("license_terms"))))
    check("region", lambda: clean_region(str(data.get("region") or "")))
    check("nda_required", lambda: _as_bool(data.get("nda_required")))
    check("questions", lambda: clean_questions(data.get("questions") if isinstance(data.get("questions"), list)
                                               else _as_list(data.get("questions"))))
    check("country", lambda: str(data.get("country") or "").strip().upper() or None)
    check("cluster", lambda: str(data.get("cluster") or "").strip() or None)
    if kind in LISTING_KINDS:
        if clean.get("nda_required") and not (clean.get("teaser_title") and clean.get("teaser")):
            reasons.append(_("teaser: a listing behind an NDA needs teaser_title and teaser."))
    elif kind in KINDS:
        for field in ("ipc", "trl", "license_terms", "patent_number", "teaser_title", "teaser", "questions"):
            if clean.get(field):
                reasons.append(_("%(field)s: only technology listings (ip_holder, lab) have this field.",
                                 field=field))
        if clean.get("nda_required"):
            reasons.append(_("nda_required: only technology listings (ip_holder, lab) have this field."))
    return clean, reasons


def _find_org(session: Session, name: str) -> Organization | None:
    return session.exec(select(Organization).where(sa.func.lower(Organization.name) == name.lower())
                        .order_by(Organization.id)).first()


def import_data(session: Session, user: User | None, data: bytes | str, *, source: str, fmt: str | None = None,
                filename: str | None = None, org_id: int | None = None) -> ImportReport:
    """Read a CSV/JSONL file and import it (see the module docstring); refused rows leave nothing stored."""
    rows, errors = read_rows(data, fmt, filename)
    return import_rows(session, user, rows, source=source, org_id=org_id, parse_errors=errors)


def import_rows(session: Session, user: User | None, rows: list, *, source: str, org_id: int | None = None,
                parse_errors: list[RowError] | None = None) -> ImportReport:
    """Validate then import rows (dicts, or ``_Row`` with line numbers); all-or-nothing.

    ``user`` None means the command line (trusted, like staff). A non-staff user must name ``org_id``: an IP
    holder or lab they belong to, into which all rows go. Raises :class:`MatchingError` for an unusable source
    or organisation; refused rows are in the report's ``errors`` and nothing is written then.
    """
    source = (source or "").strip()
    if not SOURCE_RE.match(source):
        raise MatchingError(_("Name the source with letters, digits, dots, dashes or underscores (at most 60)."),
                            "source")
    trusted = user is None or user.is_staff
    own_org: Organization | None = None
    if org_id is not None:
        own_org = session.get(Organization, org_id)
        if own_org is None or (user is not None and not can_edit(session, user, org_id)):
            raise not_found("org_id")
    if not trusted:
        if own_org is None:
            raise forbidden(_("Choose the organisation whose listings you import."), "org_id")
        if own_org.kind not in LISTING_KINDS:
            raise forbidden(_("Only IP holders and labs import technology listings."), "org_id")
    items = [r if isinstance(r, _Row) else _Row(n, r) for n, r in enumerate(rows, start=1)]
    report = ImportReport(source=source, rows=len(items) + len(parse_errors or []))
    report.errors.extend(parse_errors or [])
    if len(items) > MAX_ROWS:
        raise MatchingError(_("Import at most %(n)d rows at a time.", n=MAX_ROWS), "file")
    if not items and not report.errors:
        raise MatchingError(_("The file has no rows."), "file")

    seen_refs: dict[str, int] = {}
    existing_profiles = {p.external_ref: p for p in session.exec(
        select(MatchProfile).where(MatchProfile.source == source))}
    existing_listings = {t.external_ref: t for t in session.exec(
        select(TechListing).where(TechListing.source == source))}
    new_orgs: dict[tuple[str, str], dict] = {}  # (name lowercased, kind) → what to create
    for row in items:
        clean, reasons = _validate_row(row.data)
        ref, kind = clean.get("external_ref"), clean.get("kind")
        if ref:
            if ref in seen_refs:
                reasons.append(_("external_ref: the same external_ref is on line %(line)d.", line=seen_refs[ref]))
            else:
                seen_refs[ref] = row.line
        is_listing = kind in LISTING_KINDS
        if ref and kind in KINDS:
            other = existing_profiles.get(ref) if is_listing else existing_listings.get(ref)
            if other is not None:
                reasons.append(_("external_ref: already imported as a %(what)s; its kind cannot change.",
                                 what=_("profile") if is_listing else _("technology listing")))
        name = clean.get("organization") or ""
        org = None
        if kind in KINDS and not reasons:
            if own_org is not None:
                if name and name.lower() != own_org.name.lower():
                    reasons.append(_("organization: you can only import into %(name)s.", name=own_org.name))
                elif kind != own_org.kind:
                    reasons.append(_("kind: %(name)s is a %(kind)s.", name=own_org.name, kind=own_org.kind))
                org = own_org
            else:
                org = _find_org(session, name or f"{source} ({kind})")
                if org is not None and org.kind != kind:
                    reasons.append(_("kind: the organisation %(name)s is a %(kind)s.", name=org.name, kind=org.kind))
            if org is None and own_org is None:
                key = ((name or f"{source} ({kind})").lower(), kind)
                other_kind = next((k for (n, k) in new_orgs if n == key[0] and k != kind), None)
                if other_kind:
                    reasons.append(_("kind: the organisation %(name)s is a %(kind)s on another row.",
                                     name=name or source, kind=other_kind))
                elif kind == "maker" and key not in new_orgs:
                    if not clean.get("cluster") or get_cluster(session, clean["cluster"]) is None:
                        reasons.append(_("cluster: a new maker organisation needs a known cluster code."))
                if not reasons:
                    new_orgs.setdefault(key, {"name": name or f"{source} ({kind})", "kind": kind,
                                              "country": clean.get("country") or "KR",
                                              "cluster": clean.get("cluster")})
            existing = (existing_listings if is_listing else existing_profiles).get(ref)
            if existing is not None and org is not None and existing.org_id != org.id:
                reasons.append(_("external_ref: already imported for another organisation."))
        if reasons:
            report.errors.append(RowError(row.line, ref or None, reasons))
        else:
            row.clean = {**clean, "_org": org}
    if report.errors:
        report.errors.sort(key=lambda e: e.line)
        return report
    _write(session, user, items, source, new_orgs, existing_profiles, existing_listings, report)
    return report


# --- writing ----------------------------------------------------------------------------------------------------------


def _write(session: Session, user: User | None, items: list[_Row], source: str, new_orgs: dict,
           existing_profiles: dict, existing_listings: dict, report: ImportReport) -> None:
    created: dict[tuple[str, str], Organization] = {}
    user_id = user.id if user is not None else None
    changed: list[str] = []
    # A savepoint: if anything fails while writing (a race on the unique constraint), nothing stays.
    with session.begin_nested():
        for key, spec in new_orgs.items():
            try:
                created[key] = accounts.create_organization(
                    session, None, name=spec["name"][:160], kind=spec["kind"], country=spec["country"],
                    cluster_code=spec["cluster"] if spec["kind"] == "maker" else None)
            except accounts.AccountError as exc:
                raise MatchingError(f"organization {spec['name']}: {exc.message}", "organization") from exc
            report.organizations_created += 1
        for row in items:
            c = row.clean
            org = c["_org"] or created[((c["organization"] or f"{source} ({c['kind']})").lower(), c["kind"])]
            lang = c["lang"]
            if c["kind"] in LISTING_KINDS:
                texts = {lang: {"title": c["title"], "abstract": c["description"],
                                "teaser_title": c["teaser_title"], "teaser": c["teaser"]}}
                tags = c["tags"] if c["tags"] is not None else list(listing_tags(texts, c["nda_required"]))
                values = {"lang": lang, "patent_number": c["patent_number"] or None, "ipc": c["ipc"],
                          "trl": c["trl"], "license_terms": c["license_terms"], "nda_required": c["nda_required"],
                          "questions": c["questions"], "tags": tags,
                          "region": c["region"] or ("KR-11" if org.country == "KR" else org.country),
                          "status": PublishStatus.published}
                listing = existing_listings.get(c["external_ref"])
                if listing is None:
                    listing = TechListing(org_id=org.id, source=source, external_ref=c["external_ref"],
                                          created_by_id=user_id, **values)
                    session.add(listing)
                    session.flush()
                    add_new_texts(session, LISTING_ENTITY, listing.id, lang, texts)
                    report.listings_created += 1
                else:
                    for key, value in values.items():
                        setattr(listing, key, value)
                    listing.updated_at = utcnow()
                    session.add(listing)
                    store_texts(session, LISTING_ENTITY, listing.id, lang, texts, user_id)
                    report.listings_updated += 1
                session.flush()
                changed.append(listing_doc_id(listing.id))
            else:
                texts = {lang: {"title": c["title"], "offer": c["description"], "seek": c["seek"]}}
                tags = c["tags"] if c["tags"] is not None else list(suggest_tags({lang: c["description"]}))
                values = {"lang": lang, "tags": tags, "status": PublishStatus.published,
                          "region": c["region"] or ("KR-11" if org.country == "KR" else org.country)}
                profile = existing_profiles.get(c["external_ref"])
                if profile is None:
                    profile = MatchProfile(org_id=org.id, source=source, external_ref=c["external_ref"], **values)
                    session.add(profile)
                    session.flush()
                    add_new_texts(session, PROFILE_ENTITY, profile.id, lang, texts)
                    report.profiles_created += 1
                else:
                    for key, value in values.items():
                        setattr(profile, key, value)
                    profile.updated_at = utcnow()
                    session.add(profile)
                    store_texts(session, PROFILE_ENTITY, profile.id, lang, texts, user_id)
                    report.profiles_updated += 1
                session.flush()
                changed.append(profile_doc_id(profile.id))
    docs_changed(session, changed)

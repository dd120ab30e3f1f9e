"""Maker profile operations: the public maker page, the list of public makers (pages and API), product cards,
editing the profile and its workshop photos, and the figures other features compute (the co-brand badge from
certification, the response statistics from requests for quotes).

Functions take a session, flush when they need to and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from catalog.certification.services import maker_badge
from catalog.makers.models import MakerProfile
from catalog.products.cards import ProductCard, product_cards
from catalog.products.categories import UNIT_LABELS
from catalog.products.models import Product, ProductStatus
from i18n import content, vocabularies
from market.accounts.models import Organization, OrganizationKind, User
from market.accounts.services import can_edit_organization, organization_about
from market.clusters import Cluster, get_cluster
from market.db import utcnow
from market.pages import offset
from market.refusals import Refusal, not_found
from market.rfq.services import response_stats as rfq_response_stats
from market.uploads import files
from market.uploads.images import ImageRefused, clean_image, store_image

MAX_LIST_ITEMS = 30
MAX_ITEM_LENGTH = 80
MAX_MIN_ORDER = 1_000_000
MAX_LEAD_TIME_DAYS = 365
MAX_NOTE_LENGTH = 160
MAX_PHOTOS = 8
MAX_PER_PAGE = 100

TIER_LABELS = {"gold": _l("Gold"), "silver": _l("Silver"), "bronze": _l("Bronze")}


class MakerError(Refusal):
    """A refused profile operation; ``field`` names the form field the message belongs to."""


# --- what other features compute ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ResponseStats:
    """How a maker answers requests for quotes: how many it received, the share answered, the median delay."""

    requests: int
    response_rate: float | None
    median_response: dt.timedelta | None

    @property
    def median_hours(self) -> float | None:
        """The median delay in hours, or None."""
        return None if self.median_response is None else self.median_response.total_seconds() / 3600


@dataclasses.dataclass(frozen=True)
class Badge:
    """The co-brand badge a certified maker shows."""

    tier: str | None
    code: str | None
    url: str | None
    expires_on: dt.date | None

    @property
    def tier_label(self) -> str:
        """The tier's name in the current locale."""
        return str(TIER_LABELS.get(self.tier or "", self.tier or ""))


def response_stats(session: Session, org_id: int) -> ResponseStats | None:
    """The maker's figures from :func:`market.rfq.services.response_stats` (how many requests it received,
    the share answered, the median first response); None when it has had no requests yet."""
    raw = rfq_response_stats(session, org_id)
    if raw is None:
        return None
    rate = raw["response_rate"]
    return ResponseStats(raw["rfq_count"], float(rate) if rate is not None else None, raw["median_first_response"])


def cobrand_badge(session: Session, org_id: int) -> Badge | None:
    """The maker's co-brand badge (:func:`catalog.certification.services.maker_badge`: the tier, code, expiry and
    verify path of its newest valid certificate); None when it holds no valid certificate."""
    raw = maker_badge(session, org_id)
    if raw is None:
        return None
    return Badge(raw["tier"], raw["code"], raw["url"], raw["expires_on"])


# --- reading ---------------------------------------------------------------------------------------------------


def get_maker_by_slug(session: Session, slug: str) -> Organization | None:
    """The maker organisation with this slug, or None (also for other kinds of organisation)."""
    return session.exec(select(Organization).where(Organization.slug == slug,
                                                   Organization.kind == OrganizationKind.maker)).first()


def get_profile(session: Session, org_id: int) -> MakerProfile | None:
    """The maker's profile row, or None when it was never saved."""
    return session.get(MakerProfile, org_id)


def is_public(profile: MakerProfile | None) -> bool:
    """Whether the profile is published."""
    return profile is not None and profile.published_at is not None


def can_edit_maker(session: Session, user: User | None, org_id: int) -> bool:
    """The maker's owners (and admins) edit its profile."""
    return bool(user and getattr(user, "is_authenticated", False) and can_edit_organization(session, user, org_id))


def get_editable_maker(session: Session, user: User | None, slug: str
                       ) -> tuple[Organization, MakerProfile] | None:
    """The maker with this slug and its profile (a new, unsaved one when it has none) if ``user`` may edit
    it; None for everyone else, as for an unknown slug."""
    maker = get_maker_by_slug(session, slug)
    if maker is None or not can_edit_maker(session, user, maker.id):
        return None
    return maker, get_profile(session, maker.id) or MakerProfile(organization_id=maker.id)


def _published_products(query, maker_id: int | None, cluster_code: str | None):
    """``query`` over published products joined to their maker, narrowed to one maker or to one cluster's
    public makers (a cluster page lists only makers whose profile is public, so it shows only their products)."""
    query = (query.join(Organization, Organization.id == Product.maker_id)
             .where(Product.status == ProductStatus.published))
    if maker_id is not None:
        query = query.where(Product.maker_id == maker_id)
    if cluster_code is not None:
        query = (query.join(MakerProfile, MakerProfile.organization_id == Organization.id)
                 .where(Organization.cluster_code == cluster_code, MakerProfile.published_at.is_not(None)))
    return query


def showcase(session: Session, locale: str, *, maker_id: int | None = None, cluster_code: str | None = None,
             limit: int = 24) -> list[ProductCard]:
    """Published products of one maker, or of one cluster's public makers, newest first, as cards in
    ``locale``."""
    query = _published_products(select(Product, Organization), maker_id, cluster_code)
    rows = session.exec(query.order_by(Product.published_at.desc(), Product.id.desc()).limit(limit))
    return product_cards(session, rows, locale)


def count_products(session: Session, *, maker_id: int | None = None, cluster_code: str | None = None) -> int:
    """How many published products one maker, or one cluster's public makers, have."""
    return session.exec(_published_products(select(func.count()).select_from(Product), maker_id,
                                            cluster_code)).one()


@dataclasses.dataclass
class MakerPage:
    """What a maker's public page shows in one locale."""

    maker: Organization
    profile: MakerProfile
    cluster: Cluster | None
    about: content.LocalizedText | None
    products: list[ProductCard]
    product_count: int
    response: ResponseStats | None
    badge: Badge | None
    editable: bool

    @property
    def public(self) -> bool:
        """Whether anyone may see the page (else only its editors, as a preview)."""
        return is_public(self.profile)


def get_maker_page(session: Session, slug: str, locale: str, viewer: User | None,
                   products_limit: int = 24) -> MakerPage | None:
    """A maker as its public page shows it in ``locale``; an unpublished profile only for those who may edit
    it, and None for unknown slugs and other kinds of organisation."""
    maker = get_maker_by_slug(session, slug)
    if maker is None:
        return None
    profile = get_profile(session, maker.id)
    editable = can_edit_maker(session, viewer, maker.id)
    if not is_public(profile) and not editable:
        return None
    profile = profile or MakerProfile(organization_id=maker.id)
    cluster = get_cluster(session, maker.cluster_code) if maker.cluster_code else None
    return MakerPage(
        maker=maker, profile=profile, cluster=cluster, about=organization_about(session, maker, locale),
        products=showcase(session, locale, maker_id=maker.id, limit=products_limit),
        product_count=count_products(session, maker_id=maker.id),
        response=response_stats(session, maker.id), badge=cobrand_badge(session, maker.id), editable=editable)


@dataclasses.dataclass
class MakerSummary:
    """A maker in a list."""

    maker: Organization
    profile: MakerProfile
    product_count: int


@dataclasses.dataclass
class MakerList:
    """One page of public makers."""

    items: list[MakerSummary]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_makers(session: Session, *, cluster_code: str | None = None, q: str | None = None, page: int = 1,
                per_page: int = 20) -> MakerList:
    """Public makers by name, optionally of one cluster and whose English or Korean name contains ``q``.

    Refuses a page below 1 and a page size outside 1–100.
    """
    if page < 1:
        raise MakerError(_("Pages start at 1."), "page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise MakerError(_("Choose between 1 and %(n)d results per page.", n=MAX_PER_PAGE), "per_page")
    conditions = [Organization.kind == OrganizationKind.maker, MakerProfile.published_at.is_not(None)]
    if cluster_code:
        conditions.append(Organization.cluster_code == cluster_code)
    q = (q or "").strip()
    if q:
        pattern = _like_pattern(q)
        conditions.append(sa.or_(Organization.name.ilike(pattern, escape="\\"),
                                 Organization.name_ko.ilike(pattern, escape="\\")))
    joined = sa.join(Organization, MakerProfile, MakerProfile.organization_id == Organization.id)
    total = session.exec(select(func.count()).select_from(joined).where(*conditions)).one()
    rows = list(session.exec(select(Organization, MakerProfile).select_from(joined).where(*conditions)
                             .order_by(Organization.name, Organization.id)
                             .offset(offset(page, per_page)).limit(per_page)))
    ids = [org.id for org, _profile in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = {maker_id: n for maker_id, n in session.exec(
            select(Product.maker_id, func.count()).where(Product.maker_id.in_(ids),
                                                         Product.status == ProductStatus.published)
            .group_by(Product.maker_id))}
    items = [MakerSummary(org, profile, counts.get(org.id, 0)) for org, profile in rows]
    return MakerList(items, total, page, per_page)


# --- editing ---------------------------------------------------------------------------------------------------


def parse_items(value: str | list[str] | None, field: str) -> list[str]:
    """A list of short entries from one-per-line text (or a list): trimmed, blanks and repeats dropped.

    Refuses more than 30 entries and entries longer than 80 characters.
    """
    lines = value if isinstance(value, list) else (value or "").splitlines()
    items: list[str] = []
    seen: set[str] = set()
    for line in lines:
        item = " ".join(str(line).split())
        if not item or item.casefold() in seen:
            continue
        if len(item) > MAX_ITEM_LENGTH:
            raise MakerError(_("Keep each entry to at most %(n)d characters: “%(item)s”.", n=MAX_ITEM_LENGTH,
                               item=item[:40] + "…"), field)
        seen.add(item.casefold())
        items.append(item)
    if len(items) > MAX_LIST_ITEMS:
        raise MakerError(_("List at most %(n)d entries.", n=MAX_LIST_ITEMS), field)
    return items


def _get_or_create_profile(session: Session, org_id: int) -> MakerProfile:
    profile = session.get(MakerProfile, org_id)
    if profile is None:
        profile = MakerProfile(organization_id=org_id)
        session.add(profile)
    return profile


def _editable_maker(session: Session, user: User, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker or not can_edit_maker(session, user, org_id):
        raise not_found(_("Maker not found."))
    return org


PROFILE_FIELDS = ("materials", "equipment", "capabilities", "certifications", "min_order_qty", "min_order_unit",
                  "min_order_note", "lead_time_days", "published")
# Fields whose values come from a controlled vocabulary (ids, read by each reader in their language) with
# free text for the rest; capabilities are the organisation's, the others the profile's.
VOCABULARY_FIELDS = ("materials", "equipment", "capabilities")


def parse_vocabulary_items(value: str | list[str] | None, field: str) -> list[str]:
    """A vocabulary field's values to store: ids kept, names of ids in any language become the id, other text
    kept as written (one per line in a string, or a list mixing ids and text). Refuses an unknown id, entries
    over 80 characters and more than 30 entries, naming the field."""
    try:
        if isinstance(value, list):
            items = vocabularies.clean_list(field, value, max_other=MAX_ITEM_LENGTH)
        else:
            items = vocabularies.clean_values(field, [], value or "", max_other=MAX_ITEM_LENGTH)
    except vocabularies.VocabularyError as exc:
        raise MakerError(str(exc), field) from exc
    if len(items) > MAX_LIST_ITEMS:
        raise MakerError(_("List at most %(n)d entries.", n=MAX_LIST_ITEMS), field)
    return items


def update_maker_profile(session: Session, user: User, org_id: int, **changes) -> MakerProfile:
    """Change a maker's profile fields (creating the row on first save); only its owners and admins may, for
    everyone else the maker is not found.

    Materials, equipment and capabilities are stored as controlled-vocabulary ids where they name one
    (:func:`parse_vocabulary_items`); capabilities are the organisation's. Refuses unknown vocabulary ids,
    over-long lists or entries, a minimum order outside 1–1,000,000 or in an unknown unit, a note over
    160 characters, a lead time outside 0–365 days and unknown fields; nothing changes when it refuses.
    """
    _editable_maker(session, user, org_id)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise MakerError(_("Unknown field."), sorted(unknown)[0])
    values: dict[str, Any] = {}
    for field in VOCABULARY_FIELDS:
        if field in changes:
            values[field] = parse_vocabulary_items(changes[field], field)
    if "certifications" in changes:
        values["certifications"] = parse_items(changes["certifications"], "certifications")
    if "min_order_qty" in changes:
        qty = changes["min_order_qty"]
        if qty is not None and (isinstance(qty, bool) or not isinstance(qty, int) or not 1 <= qty <= MAX_MIN_ORDER):
            raise MakerError(_("Enter a minimum order between 1 and %(n)s, or leave it empty.",
                               n=format_decimal(MAX_MIN_ORDER)), "min_order_qty")
        values["min_order_qty"] = qty
    if "min_order_unit" in changes:
        unit = changes["min_order_unit"] or "piece"
        if unit not in UNIT_LABELS:
            raise MakerError(_("Choose a unit from the list."), "min_order_unit")
        values["min_order_unit"] = unit
    if "min_order_note" in changes:
        note = " ".join((changes["min_order_note"] or "").split())
        if len(note) > MAX_NOTE_LENGTH:
            raise MakerError(_("Keep the note to at most %(n)d characters.", n=MAX_NOTE_LENGTH), "min_order_note")
        values["min_order_note"] = note or None
    if "lead_time_days" in changes:
        days = changes["lead_time_days"]
        if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                                 or not 0 <= days <= MAX_LEAD_TIME_DAYS):
            raise MakerError(_("Enter a lead time between 0 and %(n)d days, or leave it empty.",
                               n=MAX_LEAD_TIME_DAYS), "lead_time_days")
        values["lead_time_days"] = days
    profile = _get_or_create_profile(session, org_id)
    if "capabilities" in values:
        org = session.get(Organization, org_id)
        org.capabilities = values.pop("capabilities")
        session.add(org)
    for key, value in values.items():
        setattr(profile, key, value)
    if "published" in changes:
        if changes["published"] and profile.published_at is None:
            profile.published_at = utcnow()
        elif not changes["published"]:
            profile.published_at = None
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def add_workshop_photos(session: Session, user: User, org_id: int, uploads: list) -> list[dict]:
    """Add workshop photos (:class:`market.uploads.images.Upload` objects) to the maker's profile.

    Every upload is checked and cleaned by the image pipeline before anything is stored: a file that is not a
    JPEG, PNG or WEBP photo, too big or damaged, or more than 8 photos in all, is refused with the pipeline's
    message and nothing is stored. Accepted photos get their own files (never shared), so the caller deletes
    them with :func:`market.uploads.files.discard` if its commit fails. Only the maker's owners and admins may
    add photos.
    """
    _editable_maker(session, user, org_id)
    profile = _get_or_create_profile(session, org_id)
    uploads = [u for u in uploads if u.data]
    if not uploads:
        raise MakerError(_("Choose at least one photo."), "photos")
    if len(profile.photos) + len(uploads) > MAX_PHOTOS:
        raise MakerError(_("A profile shows at most %(n)d workshop photos; remove some first.", n=MAX_PHOTOS),
                         "photos")
    try:
        cleaned = [clean_image(u.data, u.filename) for u in uploads]
    except ImageRefused as exc:
        raise MakerError(exc.message, "photos", exc.code) from exc
    added: list[dict] = []
    try:
        for clean in cleaned:
            stored = store_image(clean)
            added.append({"id": secrets.token_hex(6), "web_key": stored.web_key, "thumb_key": stored.thumb_key,
                          "width": stored.width, "height": stored.height, "thumb_width": stored.thumb_width,
                          "thumb_height": stored.thumb_height})
    except Exception:
        files.discard([k for p in added for k in (p["web_key"], p["thumb_key"])])
        raise
    # A new list, so SQLAlchemy sees the JSON column change.
    profile.photos = [*profile.photos, *added]
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return added


def remove_workshop_photo(session: Session, user: User, org_id: int, photo_id: str) -> dict:
    """Take one photo off the maker's profile and return it; the caller deletes its files after committing.

    Only the maker's owners and admins may; an unknown photo is not found.
    """
    _editable_maker(session, user, org_id)
    profile = get_profile(session, org_id)
    photo = next((p for p in (profile.photos if profile else []) if p.get("id") == photo_id), None)
    if photo is None:
        raise not_found(_("Photo not found."))
    profile.photos = [p for p in profile.photos if p.get("id") != photo_id]
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return photo


# --- the profile goes public with the first product --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ProfileGap:
    """Something a maker's public profile still lacks, and the page (endpoint and arguments) where it is added."""

    label: str
    endpoint: str
    args: dict


class ProfileIncomplete(MakerError):
    """Publishing a product would link buyers to a maker profile that cannot be public yet; ``gaps`` says what
    is missing and where to add it."""

    gaps: list[ProfileGap]


def profile_gaps(session: Session, maker: Organization) -> list[ProfileGap]:
    """What the maker's profile needs before it can be public: the workshop's story (its organisation's "about"
    text) and its cluster, both on the organisation's page; empty when nothing is missing."""
    gaps = []
    about = organization_about(session, maker, maker.source_locale or "ko")
    if about is None or not about.text.strip():
        gaps.append(ProfileGap(_("a short story of your workshop (About)"), "market_organizations.edit",
                               {"org_id": maker.id}))
    if not maker.cluster_code:
        gaps.append(ProfileGap(_("your cluster"), "market_organizations.edit", {"org_id": maker.id}))
    return gaps


def publish_profile_for_product(session: Session, user: User, org_id: int) -> MakerProfile | None:
    """Make the maker's profile public before its first product goes public, since the product page links to it.

    Returns the profile it published, or None when the profile was already public. Refuses (``ProfileIncomplete``,
    code ``profile_incomplete``, with every gap and where to fill it) when the profile lacks what a public page
    needs; only the maker's owners and admins may (else the maker is not found).
    """
    maker = _editable_maker(session, user, org_id)
    profile = get_profile(session, org_id)
    if is_public(profile):
        return None
    gaps = profile_gaps(session, maker)
    if gaps:
        refusal = ProfileIncomplete(
            _("Buyers who open this product can also open your maker profile, which is not public yet. To publish, "
              "first add %(missing)s.", missing=", ".join(gap.label for gap in gaps)), code="profile_incomplete")
        refusal.gaps = gaps
        raise refusal
    profile = _get_or_create_profile(session, org_id)
    profile.published_at = profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile

"""RFQ operations: sending a request (checked, scored, against the maker's minimums), quoting, declining,
talking in the thread, accepting a quote into an order, the makers' policies and their response statistics.

Functions take a session, flush when they need ids and never commit. Only the two parties see an RFQ: anyone
else gets :class:`RfqError` with code ``not_found`` (a 404) and nothing changes. Status changes follow
:data:`market.rfq.models.RFQ_TRANSITIONS`, each one a conditional UPDATE (``WHERE status = old``), so two
concurrent requests cannot both apply. Each message, quote, decline and acceptance notifies the other side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import statistics
import warnings
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import groupby

import pycountry
import sqlalchemy as sa
from babel.numbers import get_currency_precision
from flask import url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.locales import DEFAULT_LOCALE, LOCALES
from i18n.money import CURRENCIES
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.accounts.services import can_edit_organization
from market.db import utcnow
from market.rfq.models import (
    INCOTERMS,
    RFQ_TRANSITIONS,
    DeclineReason,
    QuoteStatus,
    Rfq,
    RfqAttachment,
    RfqMessage,
    RfqOrder,
    RfqOrderStatus,
    RfqPolicy,
    RfqQuote,
    RfqStatus,
    Side,
)
from market.rfq.scoring import Completeness, score_rfq

MAX_QUANTITY = 10_000_000
MAX_AMOUNT = Decimal("1e12")
MAX_MESSAGE = 5000
MAX_TERMS = 4000
MAX_NOTE = 2000
MAX_LEAD_TIME_DAYS = 730
MAX_QUOTE_VALIDITY_DAYS = 365
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000
RESPONSE_WINDOW = dt.timedelta(hours=72)
PER_PAGE = 20

STATUS_LABELS = {
    RfqStatus.open: _l("waiting for the maker"),
    RfqStatus.quoted: _l("quoted"),
    RfqStatus.declined: _l("declined"),
    RfqStatus.accepted: _l("accepted"),
}
QUOTE_STATUS_LABELS = {
    QuoteStatus.offered: _l("on offer"),
    QuoteStatus.accepted: _l("accepted"),
    QuoteStatus.superseded: _l("not chosen"),
    QuoteStatus.withdrawn: _l("withdrawn"),
}
DECLINE_REASONS = {
    DeclineReason.capacity: _l("We are fully booked for this period"),
    DeclineReason.quantity: _l("The quantity is outside what we make"),
    DeclineReason.price: _l("The target price is too low for us"),
    DeclineReason.lead_time: _l("We cannot meet the date"),
    DeclineReason.capability: _l("This is not something we make"),
    DeclineReason.other: _l("Another reason (see the note)"),
}


class RfqError(ValueError):
    """A refused RFQ operation: a message, a code, the HTTP status it maps to and messages per field."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid", status: int = 422,
                 fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
        self.fields = dict(fields or {})
        if field and field not in self.fields:
            self.fields[field] = message


def _not_found() -> RfqError:
    return RfqError(_("Request for quote not found."), code="not_found", status=404)


def _conflict(message: str, code: str = "conflict") -> RfqError:
    return RfqError(message, code=code, status=409)


def _today() -> dt.date:
    return utcnow().date()


# --- checking input --------------------------------------------------------------------------------------------


def parse_currency_code(value) -> str:
    """A supported currency code, upper-cased; refuses others."""
    code = str(value or "").strip().upper()
    if code not in CURRENCIES:
        raise RfqError(_("Choose one of: %(list)s.", list=", ".join(CURRENCIES)), "currency")
    return code


def parse_amount(value, currency: str, field: str) -> Decimal:
    """A positive amount in ``currency`` with no more decimals than the currency has; refuses anything else."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise RfqError(_("Enter an amount such as 12.50."), field) from exc
    if not amount.is_finite() or amount <= 0:
        raise RfqError(_("Enter an amount greater than zero."), field)
    if amount >= MAX_AMOUNT:
        raise RfqError(_("This amount is too large."), field)
    places = get_currency_precision(currency)
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum, rounding=ROUND_HALF_UP):
        if places == 0:
            raise RfqError(_("Amounts in %(currency)s have no decimals.", currency=currency), field)
        raise RfqError(_("Amounts in %(currency)s have at most %(n)d decimals.", currency=currency, n=places),
                       field)
    return amount.quantize(quantum)


def parse_incoterm(value) -> str:
    """One of the incoterms makers quote on; refuses others."""
    code = str(value or "").strip().upper()
    if code not in INCOTERMS:
        raise RfqError(_("Choose one of: %(list)s.", list=", ".join(INCOTERMS)), "incoterm")
    return code


def parse_country(value) -> str:
    """An ISO 3166 alpha-2 country code, upper-cased; refuses unknown codes."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise RfqError(_("Choose a destination country (an ISO code such as JP or DE)."), "destination_country")
    return code


def _collect(errors: dict[str, str], func, *args):
    try:
        return func(*args)
    except RfqError as exc:
        errors.update(exc.fields)
        return None


@dataclasses.dataclass(frozen=True)
class Upload:
    """A file as sent by the buyer: its name (for display only) and its bytes."""

    filename: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    """An attachment whose content was checked: a real PDF, PNG or JPEG."""

    filename: str
    data: bytes
    content_type: str
    suffix: str


_KINDS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_SUFFIX = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
_PIL_FORMAT = {"image/png": "PNG", "image/jpeg": "JPEG"}


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _is_sound_image(data: bytes, content_type: str) -> bool:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != _PIL_FORMAT[content_type]:
                    return False
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()
            # verify() reads only the structure; decoding finds truncated or corrupt pixel data too.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            return False
    return True


def _is_sound_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def display_name(filename: str, suffix: str) -> str:
    """The file's own name without folders or control characters, short enough to show; never a path."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:120]
    return name or f"attachment{suffix}"


def check_attachments(uploads) -> list[CheckedFile]:
    """Check attachments by content: at most 5, each a real PDF, PNG or JPEG of at most 10 MB whose name
    does not claim another type. Refuses the whole set with one message when any file fails."""
    uploads = [u for u in uploads if u.data or u.filename]
    if len(uploads) > MAX_ATTACHMENTS:
        raise RfqError(_("Attach at most %(n)d files.", n=MAX_ATTACHMENTS), "attachments")
    checked = []
    for upload in uploads:
        name = display_name(upload.filename, "")
        if not upload.data:
            raise RfqError(_("“%(name)s” is empty.", name=name), "attachments")
        if len(upload.data) > MAX_ATTACHMENT_BYTES:
            raise RfqError(_("“%(name)s” is larger than %(mb)d MB.", name=name, mb=MAX_ATTACHMENT_BYTES // 2**20),
                           "attachments")
        kind = _sniff(upload.data)
        claimed = _KINDS.get("." + name.rsplit(".", 1)[-1].lower()) if "." in name else None
        sound = kind is not None and (_is_sound_pdf(upload.data) if kind == "application/pdf"
                                      else _is_sound_image(upload.data, kind))
        if not sound or (claimed is not None and claimed != kind):
            raise RfqError(_("“%(name)s” is not a valid PDF, PNG or JPEG file.", name=name), "attachments")
        checked.append(CheckedFile(display_name(upload.filename, _SUFFIX[kind]), upload.data, kind, _SUFFIX[kind]))
    return checked


# --- organisations, policies, targets --------------------------------------------------------------------------


def _org_ids(session: Session, user: User, kind: OrganizationKind | None = None) -> list[int]:
    query = (select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
             .where(Membership.user_id == user.id))
    if kind is not None:
        query = query.where(Organization.kind == kind)
    return list(session.exec(query))


def buyer_organizations(session: Session, user: User) -> list[Organization]:
    """The buyer organisations ``user`` belongs to, by name (those it may send RFQs for)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.buyer)
        .order_by(Organization.name)))


def maker_organizations(session: Session, user: User) -> list[Organization]:
    """The maker organisations ``user`` belongs to, by name (whose RFQ inboxes it reads)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.maker)
        .order_by(Organization.name)))


def resolve_buyer_org(session: Session, user: User, buyer_org_id: int | None) -> Organization:
    """The buyer organisation sending: the user's only one, or the one named; refuses any other."""
    orgs = buyer_organizations(session, user)
    if not orgs:
        raise RfqError(_("Join or create a buyer organisation to ask for quotes."), "buyer_org_id",
                       code="no_buyer_organization")
    if buyer_org_id is None:
        if len(orgs) > 1:
            raise RfqError(_("Choose which of your buyer organisations is asking."), "buyer_org_id")
        return orgs[0]
    for org in orgs:
        if org.id == buyer_org_id:
            return org
    raise RfqError(_("Choose one of your buyer organisations."), "buyer_org_id")


def resolve_target(session: Session, product_id: int | None, maker_id: int | None
                   ) -> tuple[Organization, Product | None]:
    """The maker asked (and the product, when the RFQ is on one); refuses unpublished products and non-makers."""
    if product_id is not None:
        product = session.get(Product, product_id)
        if product is None or product.status != ProductStatus.published:
            raise RfqError(_("This product is not available."), "product_id", code="unknown_product")
        if maker_id is not None and maker_id != product.maker_id:
            raise RfqError(_("This product is made by another maker."), "maker_id")
        return session.get(Organization, product.maker_id), product
    if maker_id is None:
        raise RfqError(_("Name the product or the maker you are asking."), "product_id")
    maker = session.get(Organization, maker_id)
    if maker is None or maker.kind != OrganizationKind.maker:
        raise RfqError(_("This maker does not exist."), "maker_id", code="unknown_maker")
    return maker, None


def get_policy(session: Session, org_id: int) -> RfqPolicy:
    """The maker's RFQ minimums (defaults when it never set them: any quantity, any completeness)."""
    return session.get(RfqPolicy, org_id) or RfqPolicy(organization_id=org_id)


def policy_organization(session: Session, user: User, org_id: int) -> Organization | None:
    """The maker organisation whose RFQ settings ``user`` may change (its owners, admins), else None."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker or not can_edit_organization(session, user, org_id):
        return None
    return org


def set_policy(session: Session, user: User, org_id: int, min_quantity: int, min_completeness: int) -> RfqPolicy:
    """Set a maker's RFQ minimums; only its owners (and admins) may, others get not_found. Refuses a minimum
    quantity outside 1–10,000,000 and a completeness outside 0–100."""
    if policy_organization(session, user, org_id) is None:
        raise RfqError(_("Organisation not found."), code="not_found", status=404)
    errors = {}
    if min_quantity is None or not 1 <= int(min_quantity) <= MAX_QUANTITY:
        errors["min_quantity"] = _("Enter a quantity between 1 and %(max)s.", max=format_decimal(MAX_QUANTITY))
    if min_completeness is None or not 0 <= int(min_completeness) <= 100:
        errors["min_completeness"] = _("Enter a score between 0 and 100.")
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)
    policy = session.get(RfqPolicy, org_id) or RfqPolicy(organization_id=org_id)
    policy.min_quantity, policy.min_completeness = int(min_quantity), int(min_completeness)
    policy.updated_at, policy.updated_by_id = utcnow(), user.id
    session.add(policy)
    session.flush()
    return policy


# --- sending an RFQ --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class RfqAssessment:
    """A checked draft: who asks whom, its values, its score, the maker's minimums and what falls short."""

    buyer: Organization
    maker: Organization
    product: Product | None
    values: dict
    files: list[CheckedFile]
    completeness: Completeness
    policy: RfqPolicy
    shortfalls: dict[str, str]

    @property
    def accepted_by_maker(self) -> bool:
        """Whether the draft meets the maker's minimum quantity and completeness."""
        return not self.shortfalls


class RfqIncomplete(RfqError):
    """The draft is valid but falls short of the maker's minimums (``below_minimum``) or misses useful facts
    and was not confirmed (``incomplete``); ``assessment`` tells what is missing."""

    def __init__(self, assessment: RfqAssessment, code: str):
        if code == "below_minimum":
            message = _("This request falls short of what the maker accepts. Add what is missing below.")
        else:
            message = _("Your request could say more. Add what is missing, or send it as it is.")
        fields = dict(assessment.shortfalls)
        super().__init__(message, code=code, status=422, fields=fields)
        self.assessment = assessment


def assess_rfq(session: Session, user: User, *, product_id: int | None = None, maker_id: int | None = None,
               buyer_org_id: int | None = None, quantity=None, target_price=None, currency=None, incoterm=None,
               destination_country=None, needed_by: dt.date | None = None, message: str | None = "",
               attachments=()) -> RfqAssessment:
    """Check a draft RFQ and score it against the maker's minimums, storing nothing.

    Refuses (one :class:`RfqError` with every field's message) a user without that buyer organisation, an
    unknown or unpublished target, a quantity outside 1–10,000,000, an unknown currency, a price that is not a
    positive amount of it, an unknown incoterm or country, a date that is not after today, an empty or too long
    message, and attachments that are too many, too large or not what they claim.
    """
    errors: dict[str, str] = {}
    try:
        buyer = resolve_buyer_org(session, user, buyer_org_id)
    except RfqError as exc:
        if exc.code == "no_buyer_organization":
            raise
        errors.update(exc.fields)
    target = _collect(errors, resolve_target, session, product_id, maker_id)
    values: dict = {"target_price": None, "currency": None, "incoterm": None, "destination_country": None,
                    "needed_by": None}
    try:
        values["quantity"] = int(quantity)
    except (TypeError, ValueError):
        values["quantity"] = None
    if values["quantity"] is None or not 1 <= values["quantity"] <= MAX_QUANTITY:
        errors["quantity"] = _("Enter a quantity between 1 and %(max)s.", max=format_decimal(MAX_QUANTITY))
    if target_price not in (None, ""):
        code = _collect(errors, parse_currency_code, currency)
        if code is None and "currency" in errors:
            errors["currency"] = _("Choose the currency of the target price: %(list)s.", list=", ".join(CURRENCIES))
        else:
            values["currency"] = code
            values["target_price"] = _collect(errors, parse_amount, target_price, code, "target_price")
    elif currency not in (None, ""):
        _collect(errors, parse_currency_code, currency)
    if incoterm not in (None, ""):
        values["incoterm"] = _collect(errors, parse_incoterm, incoterm)
    if destination_country not in (None, ""):
        values["destination_country"] = _collect(errors, parse_country, destination_country)
    if needed_by is not None:
        if not isinstance(needed_by, dt.date) or needed_by <= _today():
            errors["needed_by"] = _("Choose a date after today.")
        else:
            values["needed_by"] = needed_by
    text = (message or "").strip()
    if not text:
        errors["message"] = _("Describe what you need.")
    elif len(text) > MAX_MESSAGE:
        errors["message"] = _("Write at most %(n)d characters.", n=MAX_MESSAGE)
    values["message"] = text
    files = _collect(errors, check_attachments, list(attachments)) or []
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)

    maker, product = target
    completeness = score_rfq(attachment_count=len(files), **{k: v for k, v in values.items()})
    policy = get_policy(session, maker.id)
    shortfalls = {}
    if values["quantity"] < policy.min_quantity:
        shortfalls["quantity"] = _("%(maker)s accepts requests from %(n)s units.", maker=maker.name,
                                   n=format_decimal(policy.min_quantity))
    if completeness.score < policy.min_completeness:
        shortfalls["completeness"] = _(
            "%(maker)s answers requests scoring at least %(min)d of 100; yours scores %(score)d.",
            maker=maker.name, min=policy.min_completeness, score=completeness.score)
    return RfqAssessment(buyer, maker, product, values, files, completeness, policy, shortfalls)


def send_rfq(session: Session, user: User, *, confirmed: bool = True, **draft) -> Rfq:
    """Send an RFQ (arguments as :func:`assess_rfq`) and notify the maker's members.

    Refuses what :func:`assess_rfq` refuses; a draft below the maker's minimums (``below_minimum``), and, unless
    ``confirmed``, one that misses useful facts (``incomplete``, so the form can ask for them first). Nothing
    is stored when it refuses.
    """
    assessment = assess_rfq(session, user, **draft)
    if not assessment.accepted_by_maker:
        raise RfqIncomplete(assessment, "below_minimum")
    if assessment.completeness.missing and not confirmed:
        raise RfqIncomplete(assessment, "incomplete")
    values = assessment.values
    rfq = Rfq(buyer_org_id=assessment.buyer.id, maker_org_id=assessment.maker.id,
              product_id=assessment.product.id if assessment.product else None, created_by_id=user.id,
              completeness=assessment.completeness.score, **values)
    session.add(rfq)
    session.flush()
    _store_attachments(session, rfq, user, assessment.files)
    buyer_name = assessment.buyer.name
    _notify_side(session, rfq, Side.maker, user.id, "rfq.new", lambda: _(
        "%(buyer)s sent you a request for quote #%(id)d for %(quantity)s units.",
        buyer=buyer_name, id=rfq.id, quantity=format_decimal(rfq.quantity)))
    return rfq


def _store_attachments(session: Session, rfq: Rfq, user: User, files: list[CheckedFile]) -> None:
    from market.storage import get_storage

    storage = get_storage()
    keys = []
    try:
        for checked in files:
            key = storage.save(checked.data, checked.suffix, area="private")
            keys.append(key)
            session.add(RfqAttachment(rfq_id=rfq.id, storage_key=key, filename=checked.filename,
                                      content_type=checked.content_type, size_bytes=len(checked.data),
                                      uploaded_by_id=user.id))
        session.flush()
    except BaseException:
        for key in keys:
            storage.delete(key)
        raise


# --- reading ---------------------------------------------------------------------------------------------------


def side_of(session: Session, user: User, rfq: Rfq) -> Side | None:
    """Which party ``user`` is on (buyer first when in both organisations), or None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    org_ids = set(_org_ids(session, user))
    if rfq.buyer_org_id in org_ids:
        return Side.buyer
    if rfq.maker_org_id in org_ids:
        return Side.maker
    return None


def _acts_as(session: Session, user: User, rfq: Rfq, side: Side) -> bool:
    org_id = rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id
    return org_id in set(_org_ids(session, user))


def get_rfq_for(session: Session, user: User, rfq_id: int) -> tuple[Rfq, Side]:
    """The RFQ and the user's side in it; refuses (not_found) anyone but the two parties."""
    rfq = session.get(Rfq, rfq_id)
    side = side_of(session, user, rfq) if rfq is not None else None
    if side is None:
        raise _not_found()
    return rfq, side


def product_titles(session: Session, product_ids, locale: str) -> dict[int, content.LocalizedText]:
    """Products' titles in ``locale`` (with fallback), by id."""
    ids = [i for i in set(product_ids) if i is not None]
    texts = content.load_texts(session, "product", ids)
    titles = {}
    for pid in ids:
        title = content.resolve(texts[pid].get("title", {}), locale)
        if title is not None:
            titles[pid] = title
    return titles


def is_expired(quote: RfqQuote, today: dt.date | None = None) -> bool:
    """A quote is valid through its ``valid_until`` day (UTC) and expired after it."""
    return quote.valid_until < (today or _today())


def quote_total(quote: RfqQuote, quantity: int) -> Decimal:
    """The quote's price for ``quantity`` units, in its currency's minor units."""
    quantum = Decimal(1).scaleb(-get_currency_precision(quote.currency))
    return (Decimal(quote.unit_price) * quantity).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclasses.dataclass
class MessageView:
    """A message of the thread with its author's name."""

    message: RfqMessage
    author_name: str


@dataclasses.dataclass
class RfqDetail:
    """Everything the RFQ page and API show to one party."""

    rfq: Rfq
    side: Side
    buyer: Organization
    maker: Organization
    product: Product | None
    product_title: content.LocalizedText | None
    attachments: list[RfqAttachment]
    quotes: list[RfqQuote]
    messages: list[MessageView]
    order: RfqOrder | None
    policy: RfqPolicy

    def total(self, quote: RfqQuote) -> Decimal:
        """The quote's price for the RFQ's quantity."""
        return quote_total(quote, self.rfq.quantity)

    def expired(self, quote: RfqQuote) -> bool:
        """Whether the quote's validity has passed."""
        return is_expired(quote)

    def acceptable(self, quote: RfqQuote) -> bool:
        """Whether the buyer may accept this quote now."""
        return (self.side == Side.buyer and self.rfq.status == RfqStatus.quoted
                and quote.status == QuoteStatus.offered and not is_expired(quote))

    @property
    def maker_can_answer(self) -> bool:
        """Whether the maker may still quote or decline."""
        return self.side == Side.maker and self.rfq.status in (RfqStatus.open, RfqStatus.quoted)


def rfq_detail(session: Session, user: User, rfq_id: int, locale: str = DEFAULT_LOCALE) -> RfqDetail:
    """The RFQ with its attachments, quotes (newest first), thread (oldest first) and order, for a party;
    refuses (not_found) anyone else."""
    rfq, side = get_rfq_for(session, user, rfq_id)
    product = session.get(Product, rfq.product_id) if rfq.product_id else None
    title = product_titles(session, [rfq.product_id], locale).get(rfq.product_id) if product else None
    attachments = list(session.exec(select(RfqAttachment).where(RfqAttachment.rfq_id == rfq.id)
                                    .order_by(RfqAttachment.id)))
    quotes = list(session.exec(select(RfqQuote).where(RfqQuote.rfq_id == rfq.id)
                               .order_by(RfqQuote.created_at.desc(), RfqQuote.id.desc())))
    rows = session.exec(select(RfqMessage, User.display_name).outerjoin(User, User.id == RfqMessage.author_id)
                        .where(RfqMessage.rfq_id == rfq.id).order_by(RfqMessage.created_at, RfqMessage.id))
    messages = [MessageView(m, name or "") for m, name in rows]
    order = session.exec(select(RfqOrder).where(RfqOrder.rfq_id == rfq.id)).first()
    return RfqDetail(rfq, side, session.get(Organization, rfq.buyer_org_id),
                     session.get(Organization, rfq.maker_org_id), product, title, attachments, quotes, messages,
                     order, get_policy(session, rfq.maker_org_id))


@dataclasses.dataclass
class RfqRow:
    """One line of a list: the RFQ, the other party's name and country, and the product's title."""

    rfq: Rfq
    counterpart: str
    counterpart_country: str
    product_title: content.LocalizedText | None


def list_rfqs(session: Session, user: User, side: Side, status: str | None = None, page: int = 1,
              per_page: int = PER_PAGE, locale: str = DEFAULT_LOCALE) -> tuple[list[RfqRow], int]:
    """The RFQs of the user's buyer organisations (``side=buyer``) or addressed to its maker organisations
    (``side=maker``), newest first, optionally of one status; and how many there are."""
    kind = OrganizationKind.buyer if side == Side.buyer else OrganizationKind.maker
    own = Rfq.buyer_org_id if side == Side.buyer else Rfq.maker_org_id
    other = Rfq.maker_org_id if side == Side.buyer else Rfq.buyer_org_id
    org_ids = _org_ids(session, user, kind)
    if not org_ids:
        return [], 0
    where = [own.in_(org_ids)]
    if status in {s.value for s in RfqStatus}:
        where.append(Rfq.status == status)
    total = session.exec(select(func.count()).select_from(Rfq).where(*where)).one()
    page = max(1, page)
    rows = list(session.exec(
        select(Rfq, Organization.name, Organization.country).join(Organization, Organization.id == other)
        .where(*where).order_by(Rfq.created_at.desc(), Rfq.id.desc())
        .offset((page - 1) * per_page).limit(per_page)))
    titles = product_titles(session, [r.product_id for r, _n, _c in rows], locale)
    return [RfqRow(r, name, country, titles.get(r.product_id)) for r, name, country in rows], total


def rfq_id_of_quote(session: Session, quote_id: int) -> int | None:
    """The RFQ a quote belongs to (for redirects after a refused acceptance)."""
    quote = session.get(RfqQuote, quote_id)
    return quote.rfq_id if quote is not None else None


def get_attachment(session: Session, user: User, rfq_id: int, attachment_id: int) -> RfqAttachment:
    """An attachment of an RFQ, for its two parties only; refuses (not_found) anyone else."""
    rfq, _side = get_rfq_for(session, user, rfq_id)
    attachment = session.get(RfqAttachment, attachment_id)
    if attachment is None or attachment.rfq_id != rfq.id:
        raise _not_found()
    return attachment


# --- the conversation ------------------------------------------------------------------------------------------


def _transition(session: Session, rfq: Rfq, to: RfqStatus, side: Side, **values) -> None:
    """Move the RFQ to ``to`` with one conditional UPDATE; refuses steps outside the transition table (409)
    and loses (409) to a concurrent request that changed the status first."""
    current = RfqStatus(rfq.status)
    allowed = RFQ_TRANSITIONS.get((current, to))
    if allowed is None:
        raise _conflict(_("This request is %(status)s, so this is no longer possible.",
                          status=STATUS_LABELS[current]), "wrong_state")
    if allowed != side:
        raise RfqError(_("Only the other party can do this."), code="forbidden", status=403)
    result = session.exec(sa.update(Rfq).where(Rfq.id == rfq.id, Rfq.status == current)
                          .values(status=to, updated_at=utcnow(), **values)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This request changed in the meantime. Reload the page and try again."))
    session.refresh(rfq)


def _mark_first_response(session: Session, rfq: Rfq) -> None:
    # Conditional, so the first maker action wins even when two happen at once.
    session.exec(sa.update(Rfq).where(Rfq.id == rfq.id, Rfq.first_response_at.is_(None))
                 .values(first_response_at=utcnow()).execution_options(synchronize_session=False))
    session.refresh(rfq)


def _recipient_locale(user: User, org: Organization) -> str:
    if user.locale in LOCALES:
        return user.locale
    return org.source_locale if org.source_locale in LOCALES else DEFAULT_LOCALE


def _notify_side(session: Session, rfq: Rfq, side: Side, actor_id: int | None, kind: str, message) -> None:
    """Notify the members of ``side``'s organisation (not the actor), each group in its own language;
    ``message`` is called inside that language."""
    from market.notifications.services import notify

    org = session.get(Organization, rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id)
    users = list(session.exec(select(User).join(Membership, Membership.user_id == User.id)
                              .where(Membership.organization_id == org.id, User.id != (actor_id or 0))))
    users.sort(key=lambda u: _recipient_locale(u, org))
    for locale, group in groupby(users, key=lambda u: _recipient_locale(u, org)):
        with force_locale(locale):
            url = url_for("market_rfq.detail", rfq_id=rfq.id, lang=locale, _external=False)
            notify(session, [u.id for u in group], kind, message(), url)


def post_message(session: Session, user: User, rfq_id: int, body: str) -> RfqMessage:
    """Add a message to the thread and notify the other side; refuses non-parties (not_found) and an empty or
    too long message."""
    rfq, side = get_rfq_for(session, user, rfq_id)
    body = (body or "").strip()
    if not body:
        raise RfqError(_("Write a message."), "body")
    if len(body) > MAX_MESSAGE:
        raise RfqError(_("Write at most %(n)d characters.", n=MAX_MESSAGE), "body")
    message = RfqMessage(rfq_id=rfq.id, author_id=user.id, side=side, body=body)
    session.add(message)
    session.flush()
    if side == Side.maker:
        _mark_first_response(session, rfq)
    other = Side.maker if side == Side.buyer else Side.buyer
    sender = session.get(Organization, rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id).name
    snippet = body if len(body) <= 300 else body[:300] + "…"
    _notify_side(session, rfq, other, user.id, "rfq.message", lambda: _(
        "New message from %(org)s on request for quote #%(id)d:", org=sender, id=rfq.id) + "\n\n" + snippet)
    return message


def send_quote(session: Session, user: User, rfq_id: int, *, unit_price, currency, lead_time_days,
               valid_until: dt.date, terms: str | None = "") -> RfqQuote:
    """The maker offers a price (in any supported currency) and notifies the buyer.

    Refuses non-parties (not_found), the buyer (forbidden), a declined or accepted RFQ (409), an unknown
    currency, a price that is not a positive amount of it, a lead time outside 0–730 days, a validity date
    before today or more than a year ahead, and terms over 4000 characters.
    """
    from flask_babel import format_date

    from i18n.money import format_money

    rfq, _side = get_rfq_for(session, user, rfq_id)
    if not _acts_as(session, user, rfq, Side.maker):
        raise RfqError(_("Only the maker can quote."), code="forbidden", status=403)
    errors: dict[str, str] = {}
    code = _collect(errors, parse_currency_code, currency)
    price = _collect(errors, parse_amount, unit_price, code, "unit_price") if code else None
    try:
        lead = int(lead_time_days)
    except (TypeError, ValueError):
        lead = None
    if lead is None or not 0 <= lead <= MAX_LEAD_TIME_DAYS:
        errors["lead_time_days"] = _("Enter a lead time between 0 and %(n)d days.", n=MAX_LEAD_TIME_DAYS)
    today = _today()
    if not isinstance(valid_until, dt.date) or valid_until < today:
        errors["valid_until"] = _("Choose today or a later date.")
    elif valid_until > today + dt.timedelta(days=MAX_QUOTE_VALIDITY_DAYS):
        errors["valid_until"] = _("A quote can be valid for at most a year.")
    terms = (terms or "").strip()
    if len(terms) > MAX_TERMS:
        errors["terms"] = _("Write at most %(n)d characters.", n=MAX_TERMS)
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)
    _transition(session, rfq, RfqStatus.quoted, Side.maker)
    quote = RfqQuote(rfq_id=rfq.id, created_by_id=user.id, unit_price=price, currency=code, lead_time_days=lead,
                     valid_until=valid_until, terms=terms)
    session.add(quote)
    session.flush()
    _mark_first_response(session, rfq)
    maker = session.get(Organization, rfq.maker_org_id).name
    _notify_side(session, rfq, Side.buyer, user.id, "rfq.quote", lambda: _(
        "%(maker)s quoted %(price)s per unit on request for quote #%(id)d, valid until %(date)s.",
        maker=maker, price=format_money(quote.unit_price, quote.currency), id=rfq.id,
        date=format_date(quote.valid_until)))
    return quote


def decline_rfq(session: Session, user: User, rfq_id: int, reason: str, note: str | None = "") -> Rfq:
    """The maker declines with a reason from :data:`DECLINE_REASONS` and an optional note; offers still open
    are withdrawn and the buyer is notified. Refuses non-parties (not_found), the buyer (forbidden), an unknown
    reason, a note over 2000 characters, and an RFQ already declined or accepted (409)."""
    rfq, _side = get_rfq_for(session, user, rfq_id)
    if not _acts_as(session, user, rfq, Side.maker):
        raise RfqError(_("Only the maker can decline."), code="forbidden", status=403)
    try:
        reason_code = DeclineReason(reason)
    except ValueError as exc:
        raise RfqError(_("Choose a reason."), "reason") from exc
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise RfqError(_("Write at most %(n)d characters.", n=MAX_NOTE), "note")
    _transition(session, rfq, RfqStatus.declined, Side.maker, decline_reason=reason_code.value,
                decline_note=note or None, declined_at=utcnow())
    session.exec(sa.update(RfqQuote).where(RfqQuote.rfq_id == rfq.id, RfqQuote.status == QuoteStatus.offered)
                 .values(status=QuoteStatus.withdrawn).execution_options(synchronize_session="fetch"))
    _mark_first_response(session, rfq)
    maker = session.get(Organization, rfq.maker_org_id).name
    _notify_side(session, rfq, Side.buyer, user.id, "rfq.declined", lambda: _(
        "%(maker)s declined request for quote #%(id)d: %(reason)s.", maker=maker, id=rfq.id,
        reason=DECLINE_REASONS[reason_code]) + (f"\n\n{note}" if note else ""))
    return rfq


def accept_quote(session: Session, user: User, quote_id: int) -> RfqOrder:
    """The buyer accepts a quote: the RFQ becomes accepted, the other offers are superseded, and an order at the
    quote's price and currency awaits payment; the maker is notified.

    Refuses non-parties (not_found), the maker (forbidden), and (409) a quote that expired, was already
    accepted or is no longer on offer, and an RFQ that is not quoted. Only one quote per RFQ can win: both the
    RFQ's and the quote's status change by conditional UPDATE.
    """
    quote = session.get(RfqQuote, quote_id)
    if quote is None:
        raise RfqError(_("Quote not found."), code="not_found", status=404)
    rfq, _side = get_rfq_for(session, user, quote.rfq_id)
    if not _acts_as(session, user, rfq, Side.buyer):
        raise RfqError(_("Only the buyer can accept a quote."), code="forbidden", status=403)
    if quote.status == QuoteStatus.accepted or rfq.status == RfqStatus.accepted:
        raise _conflict(_("A quote on this request was already accepted."), "already_accepted")
    if quote.status != QuoteStatus.offered:
        raise _conflict(_("This quote is no longer on offer."), "not_on_offer")
    today = _today()
    if is_expired(quote, today):
        from flask_babel import format_date

        raise _conflict(_("This quote expired on %(date)s. Ask the maker for a new one.",
                          date=format_date(quote.valid_until)), "quote_expired")
    now = utcnow()
    _transition(session, rfq, RfqStatus.accepted, Side.buyer)
    result = session.exec(sa.update(RfqQuote)
                          .where(RfqQuote.id == quote.id, RfqQuote.status == QuoteStatus.offered,
                                 RfqQuote.valid_until >= today)
                          .values(status=QuoteStatus.accepted, accepted_at=now)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(_("This quote changed in the meantime. Reload the page and try again."))
    session.exec(sa.update(RfqQuote)
                 .where(RfqQuote.rfq_id == rfq.id, RfqQuote.id != quote.id, RfqQuote.status == QuoteStatus.offered)
                 .values(status=QuoteStatus.superseded).execution_options(synchronize_session="fetch"))
    session.refresh(quote)
    order = RfqOrder(rfq_id=rfq.id, quote_id=quote.id, buyer_org_id=rfq.buyer_org_id,
                     maker_org_id=rfq.maker_org_id, quantity=rfq.quantity, unit_price=quote.unit_price,
                     currency=quote.currency, total=quote_total(quote, rfq.quantity),
                     status=RfqOrderStatus.awaiting_payment)
    session.add(order)
    try:
        session.flush()
    except sa.exc.IntegrityError as exc:
        raise _conflict(_("A quote on this request was already accepted."), "already_accepted") from exc
    buyer = session.get(Organization, rfq.buyer_org_id).name
    _notify_side(session, rfq, Side.maker, user.id, "rfq.accepted", lambda: _(
        "%(buyer)s accepted your quote on request for quote #%(id)d. Order #%(order)d awaits payment.",
        buyer=buyer, id=rfq.id, order=order.id))
    return order


# --- makers' statistics ----------------------------------------------------------------------------------------


def response_stats(session: Session, org_id: int) -> dict | None:
    """How a maker answers RFQs, or None when it has received none.

    ``response_rate`` is the share (0–1) of its RFQs answered by a quote, a decline or a message within 72
    hours; RFQs younger than 72 hours and not yet answered are left out, since they still can be.
    ``median_first_response`` (a timedelta) and ``median_first_response_hours`` are over answered RFQs.
    Returns ``{"rfq_count", "counted", "answered_within_72h", "response_rate", "response_rate_percent",
    "median_first_response", "median_first_response_hours"}`` (rate and medians None when nothing counts).
    """
    rows = list(session.exec(select(Rfq.created_at, Rfq.first_response_at).where(Rfq.maker_org_id == org_id)))
    if not rows:
        return None
    now = utcnow()
    delays = [first - created for created, first in rows if first is not None]
    counted = [(c, f) for c, f in rows if f is not None or now - c >= RESPONSE_WINDOW]
    answered = [1 for c, f in counted if f is not None and f - c <= RESPONSE_WINDOW]
    rate = len(answered) / len(counted) if counted else None
    median = statistics.median(sorted(delays)) if delays else None
    return {
        "rfq_count": len(rows),
        "counted": len(counted),
        "answered_within_72h": len(answered),
        "response_rate": round(rate, 3) if rate is not None else None,
        "response_rate_percent": round(rate * 100) if rate is not None else None,
        "median_first_response": median,
        "median_first_response_hours": round(median.total_seconds() / 3600, 1) if median is not None else None,
    }

"""Sending a request for quote: the draft checked field by field, its attachments checked by content, scored
against the maker's minimums, then stored with its files and the maker told."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlmodel import Session

from catalog.products.models import Product, ProductStatus
from i18n.money import CURRENCIES
from market.accounts.models import Organization, OrganizationKind, User
from market.rfq.models import Rfq, RfqAttachment, RfqPolicy, Side
from market.rfq.scoring import Completeness, score_rfq
from market.rfq.services.checks import (
    collect,
    parse_amount,
    parse_country,
    parse_currency_code,
    parse_incoterm,
    parse_materials,
    parse_payment_terms,
)
from market.rfq.services.common import (
    MAX_MESSAGE,
    MAX_QUANTITY,
    RfqError,
    buyer_organizations,
    notify_side,
    today,
)
from market.rfq.services.policies import get_policy
from market.uploads.files import PDF_OR_IMAGE, CheckedFile, FileRefused, check_files, discard, store_files

MAX_ATTACHMENTS = 5


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


def check_attachments(uploads) -> list[CheckedFile]:
    """Check attachments by content: at most 5, each a real PDF, PNG or JPEG of at most 10 MB whose name does
    not claim another type. Refuses the whole set, on the ``attachments`` field, when any file fails."""
    try:
        return check_files(uploads, limit=MAX_ATTACHMENTS, kinds=PDF_OR_IMAGE)
    except FileRefused as exc:
        raise RfqError(exc.message, "attachments") from exc


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
    # What the buyer should see before sending (a quantity below the product's MOQ); sent once confirmed.
    warnings: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def accepted_by_maker(self) -> bool:
        """Whether the draft meets the maker's minimum quantity and completeness."""
        return not self.shortfalls


class RfqIncomplete(RfqError):
    """The draft is valid but falls short of the maker's minimums (``below_minimum``) or misses useful facts
    and was not confirmed (``incomplete``); its ``assessment`` tells what is missing (see :func:`incomplete`)."""

    assessment: RfqAssessment


def incomplete(assessment: RfqAssessment, code: str) -> RfqIncomplete:
    """The refusal of a draft that is ``below_minimum`` or ``incomplete``, with its shortfalls on their fields."""
    if code == "below_minimum":
        message = _("This request falls short of what the maker accepts. Add what is missing below.")
    else:
        message = _("Your request could say more. Add what is missing, or send it as it is.")
    refusal = RfqIncomplete(message, code=code, fields=dict(assessment.shortfalls))
    refusal.assessment = assessment
    return refusal


def assess_rfq(session: Session, user: User, *, product_id: int | None = None, maker_id: int | None = None,
               buyer_org_id: int | None = None, quantity=None, target_price=None, currency=None, incoterm=None,
               destination_country=None, needed_by: dt.date | None = None, message: str | None = "",
               materials=(), materials_other=(), payment_terms=(), payment_terms_other=(),
               attachments=()) -> RfqAssessment:
    """Check a draft RFQ and score it against the maker's minimums, storing nothing.

    Refuses (one :class:`RfqError` with every field's message) a user without that buyer organisation, an
    unknown or unpublished target, a quantity outside 1–10,000,000, an unknown currency, a price that is not a
    positive amount of it, an unknown incoterm or country, an unknown material id (``materials`` are
    vocabulary ids, ``materials_other`` free texts) or payment-terms id (``payment_terms``, with
    ``payment_terms_other``), a date that is not after today, an empty or too long
    message, and attachments that are too many, too large or not what they claim.
    """
    errors: dict[str, str] = {}
    try:
        buyer = resolve_buyer_org(session, user, buyer_org_id)
    except RfqError as exc:
        if exc.code == "no_buyer_organization":
            raise
        errors.update(exc.fields)
    target = collect(errors, resolve_target, session, product_id, maker_id)
    values: dict = {"target_price": None, "currency": None, "incoterm": None, "destination_country": None,
                    "needed_by": None}
    try:
        values["quantity"] = int(quantity)
    except (TypeError, ValueError):
        values["quantity"] = None
    if values["quantity"] is None or not 1 <= values["quantity"] <= MAX_QUANTITY:
        errors["quantity"] = _("Enter a quantity between 1 and %(max)s.", max=format_decimal(MAX_QUANTITY))
    if target_price not in (None, ""):
        code = collect(errors, parse_currency_code, currency)
        if code is None and "currency" in errors:
            errors["currency"] = _("Choose the currency of the target price: %(list)s.", list=", ".join(CURRENCIES))
        else:
            values["currency"] = code
            values["target_price"] = collect(errors, parse_amount, target_price, code, "target_price")
    elif currency not in (None, ""):
        collect(errors, parse_currency_code, currency)
    if incoterm not in (None, ""):
        values["incoterm"] = collect(errors, parse_incoterm, incoterm)
    if destination_country not in (None, ""):
        values["destination_country"] = collect(errors, parse_country, destination_country)
    values["materials"] = collect(errors, parse_materials, materials, materials_other) or []
    values["payment_terms"] = collect(errors, parse_payment_terms, payment_terms, payment_terms_other) or []
    if needed_by is not None:
        if not isinstance(needed_by, dt.date) or needed_by <= today():
            errors["needed_by"] = _("Choose a date after today.")
        else:
            values["needed_by"] = needed_by
    text = (message or "").strip()
    if not text:
        errors["message"] = _("Describe what you need.")
    elif len(text) > MAX_MESSAGE:
        errors["message"] = _("Write at most %(n)d characters.", n=MAX_MESSAGE)
    values["message"] = text
    files = collect(errors, check_attachments, list(attachments)) or []
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)

    maker, product = target
    completeness = score_rfq(attachment_count=len(files),
                             **{key: value for key, value in values.items() if key != "payment_terms"})
    policy = get_policy(session, maker.id)
    shortfalls = {}
    if values["quantity"] < policy.min_quantity:
        shortfalls["quantity"] = _("%(maker)s accepts requests from %(n)s units.", maker=maker.name,
                                   n=format_decimal(policy.min_quantity))
    if completeness.score < policy.min_completeness:
        shortfalls["completeness"] = _(
            "%(maker)s answers requests scoring at least %(min)d of 100; yours scores %(score)d.",
            maker=maker.name, min=policy.min_completeness, score=completeness.score)
    warnings = {}
    if product is not None and values["quantity"] < product.moq:
        warnings["quantity"] = _("This product's minimum order is %(moq)s units and you ask for %(quantity)s: the "
                                 "maker may decline or quote another quantity.", moq=format_decimal(product.moq),
                                 quantity=format_decimal(values["quantity"]))
    return RfqAssessment(buyer, maker, product, values, files, completeness, policy, shortfalls, warnings)


def send_rfq(session: Session, user: User, *, confirmed: bool = True, **draft) -> Rfq:
    """Send an RFQ (arguments as :func:`assess_rfq`) and notify the maker's members.

    Refuses what :func:`assess_rfq` refuses; a draft below the maker's minimums (``below_minimum``), and, unless
    ``confirmed``, one that misses useful facts or asks for less than the product's MOQ (``incomplete``, so the
    form can ask for them or warn first). Nothing is stored when it refuses.
    """
    assessment = assess_rfq(session, user, **draft)
    if not assessment.accepted_by_maker:
        raise incomplete(assessment, "below_minimum")
    if (assessment.completeness.missing or assessment.warnings) and not confirmed:
        raise incomplete(assessment, "incomplete")
    values = assessment.values
    rfq = Rfq(buyer_org_id=assessment.buyer.id, maker_org_id=assessment.maker.id,
              product_id=assessment.product.id if assessment.product else None, created_by_id=user.id,
              completeness=assessment.completeness.score, **values)
    session.add(rfq)
    session.flush()
    _store_attachments(session, rfq, user, assessment.files)
    buyer_name = assessment.buyer.name
    notify_side(session, rfq, Side.maker, user.id, "rfq.new", lambda: _(
        "%(buyer)s sent you a request for quote #%(id)d for %(quantity)s units.",
        buyer=buyer_name, id=rfq.id, quantity=format_decimal(rfq.quantity)))
    return rfq


def _store_attachments(session: Session, rfq: Rfq, user: User, files: list[CheckedFile]) -> None:
    keys = store_files(files)
    try:
        for checked, key in zip(files, keys, strict=True):
            session.add(RfqAttachment(rfq_id=rfq.id, storage_key=key, filename=checked.filename,
                                      content_type=checked.content_type, size_bytes=len(checked.data),
                                      uploaded_by_id=user.id))
        session.flush()
    except BaseException:
        discard(keys)
        raise

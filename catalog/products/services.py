"""Product operations: adding products, makers managing their own products (texts, prices, tiers, publishing,
images), reading a product page in a locale, and who may edit what.

Every management function takes the acting user and answers a product or maker the user may not edit exactly
as a missing one (a 404 refusal), so other makers learn nothing about it.
"""

from __future__ import annotations

import dataclasses
import re

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.certification.models import CertificateProduct
from catalog.products import images
from catalog.products.categories import CATEGORY_LABELS, UNIT_LABELS
from catalog.products.models import PRODUCT_TRANSITIONS, Product, ProductImage, ProductStatus
from catalog.search.documents import listings_changed
from i18n import content, vocabularies
from i18n.locales import LOCALES
from market.accounts.models import Organization, OrganizationKind, User
from market.accounts.services import can_edit_organization
from market.db import utcnow
from market.refusals import Refusal, not_found
from market.transitions import apply_transition
from market.uploads import files
from market.uploads.images import CleanImage, ImageRefused, StoredImage, Upload, max_image_bytes, store_image

ENTITY = "product"
TRANSLATABLE_FIELDS = ("title", "description")
INCOTERMS = ("EXW", "FOB", "CIF", "DAP", "DDP")
MAX_TITLE = 200
MAX_DESCRIPTION = 8000
MAX_TIERS = 8
MAX_MATERIALS = 20
# Integer columns are 32-bit on PostgreSQL; these keep every amount well inside them.
MAX_PRICE_KRW = 2_000_000_000
MAX_QUANTITY = 10_000_000
MAX_LEAD_TIME_DAYS = 365
MAX_WEIGHT_G = 100_000_000
MAX_DIMENSION_MM = 100_000


class ProductError(Refusal):
    """A refused product operation; ``fields`` maps form fields to messages for people."""


def add_product(session: Session, maker: Organization, *, title: dict[str, str], description: dict[str, str],
                source_locale: str = "ko", status: ProductStatus = ProductStatus.draft,
                translated_by: content.TextSource = content.TextSource.translator, **fields) -> Product:
    """Create a product of ``maker`` with its texts (the ``source_locale`` text counts as the author's)."""
    if maker.kind != OrganizationKind.maker:
        raise ValueError("only makers list products")
    if fields.get("materials"):
        # Names of vocabulary materials are kept as their ids, so every reader sees them in their language.
        fields["materials"] = list(dict.fromkeys(vocabularies.map_value("materials", str(m))
                                                 for m in fields["materials"]))
    product = Product(maker_id=maker.id, source_locale=source_locale, status=status,
                      published_at=utcnow() if status == ProductStatus.published else None, **fields)
    session.add(product)
    session.flush()
    # A new product has no texts yet, so rows are added directly instead of through set_text's look-up.
    for field, texts in (("title", title), ("description", description)):
        for locale, text in texts.items():
            if locale not in LOCALES or not text.strip():
                raise ValueError(f"bad {field} text for locale {locale!r}")
            source = content.TextSource.author if locale == source_locale else translated_by
            session.add(content.ContentTranslation(entity=ENTITY, entity_id=product.id, field=field, locale=locale,
                                                   text=text.strip(), source=source,
                                                   reviewed=locale == source_locale))
    session.flush()
    return product


def can_edit_product(session: Session, user: User | None, product: Product) -> bool:
    """The maker's owners (and admins) edit its products."""
    return bool(user and getattr(user, "is_authenticated", False)
                and can_edit_organization(session, user, product.maker_id))


# --- Makers managing their products ---------------------------------------------------------------------------


@dataclasses.dataclass
class ProductInput:
    """What a maker types into the product form, before validation (numbers already parsed or None)."""

    category: str
    title: str
    description: str = ""
    price_krw: int | None = None
    srp_krw: int | None = None  # suggested retail price, optional
    quantity_tiers: list[tuple[int | None, int | None]] = dataclasses.field(default_factory=list)
    moq: int | None = 1
    unit: str = "piece"
    lead_time_days: int | None = 14
    hs_code: str | None = None
    materials: str | list[str] = ""
    dimensions_mm: tuple[int | None, int | None, int | None] | None = None
    weight_g: int | None = None
    incoterms: list[str] = dataclasses.field(default_factory=list)


def _not_found() -> Refusal:
    return not_found(_("Product not found."))


def get_managed_maker(session: Session, user: User | None, org_id: int) -> Organization | None:
    """The maker organisation ``org_id`` if ``user`` may manage its products (its owners, admins); else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker or not can_edit_organization(session, user, org.id):
        return None
    return org


def get_editable_product(session: Session, user: User | None, product_id: int, *, lock: bool = False
                         ) -> Product | None:
    """The product if ``user`` may edit it, else None; ``lock`` holds its row until the commit."""
    statement = select(Product).where(Product.id == product_id)
    if lock:
        # Read the row afresh under the lock, not the copy an earlier query left in the session.
        statement = statement.with_for_update().execution_options(populate_existing=True)
    product = session.exec(statement).first()
    if product is None or not can_edit_product(session, user, product):
        return None
    return product


def _editable(session: Session, user: User | None, product_id: int, lock: bool = False) -> Product:
    product = get_editable_product(session, user, product_id, lock=lock)
    if product is None:
        raise _not_found()
    return product


def parse_materials(value: str | list[str]) -> list[str]:
    """The materials to store: vocabulary ids (:mod:`i18n.vocabularies`, so each reader sees them in their
    language) and free text for the rest; a name of a vocabulary material in any language becomes its id. A
    list mixes ids and text (the form's and the API's); a string is text separated by commas. Refuses an unknown
    id or a text over 60 characters with :class:`i18n.vocabularies.VocabularyError`."""
    if isinstance(value, list):
        values = vocabularies.clean_list("materials", value, max_other=60)
    else:
        values = vocabularies.clean_values("materials", [], value or "", max_other=60)
    seen: dict[str, str] = {}
    for text in values:
        seen.setdefault(text.casefold(), text)
    return list(seen.values())


def normalize_hs_code(value: str | None) -> str | None:
    """An HS code as digits only (``6403.99`` → ``640399``); None when empty."""
    text = re.sub(r"[\s.\-]", "", value or "")
    return text or None


def validate_tiers(rows: list[tuple[int | None, int | None]], moq: int | None, price_krw: int | None
                   ) -> list[dict]:
    """Quantity prices as stored: each row has a quantity above the MOQ and above the previous row's, and a unit
    price below the base price and below the previous row's. Empty rows are skipped; refuses anything else."""
    tiers = []
    for min_qty, tier_price in rows:
        if min_qty is None and tier_price is None:
            continue
        if min_qty is None or tier_price is None:
            raise ProductError(_("Give both the quantity and the unit price of each quantity price."),
                               "quantity_tiers")
        if not (0 < min_qty <= MAX_QUANTITY) or not (0 < tier_price <= MAX_PRICE_KRW):
            raise ProductError(_("Quantities and prices of quantity prices are positive whole numbers."),
                               "quantity_tiers")
        tiers.append({"min_qty": int(min_qty), "price_krw": int(tier_price)})
    if len(tiers) > MAX_TIERS:
        raise ProductError(_("At most %(n)d quantity prices.", n=MAX_TIERS), "quantity_tiers")
    previous_qty, previous_price = moq or 1, price_krw
    for tier in tiers:
        if tier["min_qty"] <= previous_qty:
            if tier is tiers[0]:
                raise ProductError(_("Quantity prices start above the minimum order quantity (%(moq)d).",
                                     moq=moq or 1), "quantity_tiers")
            raise ProductError(_("Each quantity price needs a larger quantity than the one before it."),
                               "quantity_tiers")
        if previous_price and tier["price_krw"] >= previous_price:
            raise ProductError(_("Each quantity price must be lower than the unit price and the quantity price "
                                 "before it."), "quantity_tiers")
        previous_qty, previous_price = tier["min_qty"], tier["price_krw"]
    return tiers


def _validated(data: ProductInput) -> tuple[dict, str, str]:
    """The product's columns, title and description from ``data``; refuses with every problem at once."""
    errors: dict[str, str] = {}
    fields: dict = {}
    if data.category not in CATEGORY_LABELS:
        errors["category"] = _("Choose a category.")
    fields["category"] = data.category
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("Enter a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("At most %(n)d characters.", n=MAX_TITLE)
    description = (data.description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("At most %(n)d characters.", n=MAX_DESCRIPTION)
    if data.price_krw is not None and not (0 < data.price_krw <= MAX_PRICE_KRW):
        errors["price_krw"] = _("Enter the price in whole won, from 1 to %(max)s.", max=format_decimal(MAX_PRICE_KRW))
    fields["price_krw"] = data.price_krw or 0
    if data.srp_krw is not None and not (0 < data.srp_krw <= MAX_PRICE_KRW):
        errors["srp_krw"] = _("Enter the price in whole won, from 1 to %(max)s.", max=format_decimal(MAX_PRICE_KRW))
    fields["srp_krw"] = data.srp_krw or None
    if data.moq is None or not (1 <= data.moq <= MAX_QUANTITY):
        errors["moq"] = _("The minimum order is a whole number from 1 to %(max)s.", max=format_decimal(MAX_QUANTITY))
    fields["moq"] = data.moq or 1
    if data.unit not in UNIT_LABELS:
        errors["unit"] = _("Choose a unit.")
    fields["unit"] = data.unit
    if data.lead_time_days is None or not (0 <= data.lead_time_days <= MAX_LEAD_TIME_DAYS):
        errors["lead_time_days"] = _("The lead time is a number of days from 0 to %(max)d.", max=MAX_LEAD_TIME_DAYS)
    fields["lead_time_days"] = data.lead_time_days or 0
    hs_code = normalize_hs_code(data.hs_code)
    if hs_code is not None and not re.fullmatch(r"\d{6,10}", hs_code):
        errors["hs_code"] = _("An HS code has 6 to 10 digits, e.g. 640399.")
    fields["hs_code"] = hs_code
    try:
        materials = parse_materials(data.materials)
    except vocabularies.VocabularyError as exc:
        errors["materials"] = str(exc)
        materials = []
    if len(materials) > MAX_MATERIALS:
        errors["materials"] = _("At most %(n)d materials of up to 60 characters each.", n=MAX_MATERIALS)
    fields["materials"] = materials
    dimensions = [d for d in (data.dimensions_mm or ()) if d is not None]
    if dimensions and (len(dimensions) != 3 or not all(0 < d <= MAX_DIMENSION_MM for d in dimensions)):
        errors["dimensions_mm"] = _("Give all three dimensions in whole millimetres, or none.")
    fields["dimensions_mm"] = [int(d) for d in dimensions] if dimensions else None
    if data.weight_g is not None and not (0 < data.weight_g <= MAX_WEIGHT_G):
        errors["weight_g"] = _("The weight is a whole number of grams above 0.")
    fields["weight_g"] = data.weight_g
    unknown = set(data.incoterms) - set(INCOTERMS)
    if unknown:
        errors["incoterms"] = _("Choose among %(list)s.", list=", ".join(INCOTERMS))
    fields["incoterms"] = [term for term in INCOTERMS if term in data.incoterms]
    if "moq" not in errors and "price_krw" not in errors:
        try:
            fields["quantity_tiers"] = validate_tiers(data.quantity_tiers, data.moq, data.price_krw)
        except ProductError as exc:
            errors.update(exc.fields)
    if errors:
        field = next(iter(errors))
        raise ProductError(errors[field], field, fields=errors)
    return fields, title, description


def _store_texts(session: Session, product: Product, user: User, title: str, description: str) -> None:
    for field, text in (("title", title), ("description", description)):
        content.set_text(session, ENTITY, product.id, field, product.source_locale, text,
                         content.TextSource.author, reviewed=True, user_id=user.id)


def create_product(session: Session, user: User, maker_id: int, data: ProductInput) -> Product:
    """A new draft of maker ``maker_id``, its texts in the maker's source language (reviewed, as the author's).

    Refuses a maker the user may not manage (``not_found``) and invalid fields (every problem at once).
    """
    maker = get_managed_maker(session, user, maker_id)
    if maker is None:
        raise not_found(_("Maker not found."))
    fields, title, description = _validated(data)
    product = Product(maker_id=maker.id, source_locale=maker.source_locale or "ko", status=ProductStatus.draft,
                      **fields)
    session.add(product)
    session.flush()
    _store_texts(session, product, user, title, description)
    listings_changed(session, [product.id])
    return product


def update_product(session: Session, user: User, product_id: int, data: ProductInput) -> Product:
    """Change a product's fields and its source-language texts.

    Refuses others' products (``not_found``), invalid fields, and leaving a published product without what
    publishing needs (a description, a price): unpublish it first.
    """
    product = _editable(session, user, product_id, lock=True)
    fields, title, description = _validated(data)
    if product.status == ProductStatus.published:
        errors = {}
        if not description:
            errors["description"] = _("A published product needs a description; unpublish it first to remove it.")
        if not fields["price_krw"]:
            errors["price_krw"] = _("A published product needs a price; unpublish it first to remove it.")
        if errors:
            field = next(iter(errors))
            raise ProductError(errors[field], field, fields=errors)
    for key, value in fields.items():
        setattr(product, key, value)
    product.updated_at = utcnow()
    session.add(product)
    session.flush()
    _store_texts(session, product, user, title, description)
    listings_changed(session, [product.id])
    return product


def source_texts(session: Session, product: Product) -> tuple[str, str]:
    """The product's title and description in its source language ('' when missing)."""
    texts = content.load_texts(session, ENTITY, [product.id])[product.id]
    title = texts.get("title", {}).get(product.source_locale)
    description = texts.get("description", {}).get(product.source_locale)
    return (title.text if title else "", description.text if description else "")


def publication_gaps(session: Session, product: Product) -> list[str]:
    """What the product still lacks before it can be published (empty when nothing)."""
    title, description = source_texts(session, product)
    gaps = []
    if not title:
        gaps.append(_("a title"))
    if not description:
        gaps.append(_("a description"))
    if not product.price_krw:
        gaps.append(_("a price"))
    if not count_images(session, product.id):
        gaps.append(_("at least one image"))
    return gaps


def status_label(status) -> str:
    """A product status as its badge names it."""
    return _("Published") if status == ProductStatus.published else _("Draft")


def _transition(session: Session, product: Product, new: ProductStatus) -> Product:
    """Move ``product`` to ``new`` (:data:`PRODUCT_TRANSITIONS`) with one conditional UPDATE, so two requests
    cannot both apply it; a step to the status it already has says so."""
    if product.status == new:
        message = (_("This product is already published.") if new == ProductStatus.published
                   else _("This product is not published."))
        raise ProductError(message, code="conflict", status=409)
    apply_transition(session, product, PRODUCT_TRANSITIONS, new, role="maker", label=status_label,
                     values={"published_at": utcnow() if new == ProductStatus.published else None})
    listings_changed(session, [product.id])
    return product


def publish_product(session: Session, user: User, product_id: int) -> Product:
    """Make a draft public. Refuses others' products (``not_found``), a product already published
    (``conflict``) and one without a title, a description, a price or an image (``incomplete``, saying which).

    The product row stays locked until the commit, so an image cannot be deleted between the check and the
    update."""
    product = _editable(session, user, product_id, lock=True)
    if product.status == ProductStatus.draft:
        gaps = publication_gaps(session, product)
        if gaps:
            raise ProductError(_("To publish this product, add %(missing)s.", missing=", ".join(gaps)),
                               code="incomplete")
    return _transition(session, product, ProductStatus.published)


def unpublish_product(session: Session, user: User, product_id: int) -> Product:
    """Take a published product back to draft (only its maker sees it). Refuses others' products
    (``not_found``) and drafts (``conflict``)."""
    product = _editable(session, user, product_id)
    return _transition(session, product, ProductStatus.draft)


def delete_draft_product(session: Session, user: User, product_id: int) -> list[str]:
    """Delete a draft with its texts and image rows; returns the image files' keys, to pass to
    ``images.discard_unreferenced`` after the commit. Refuses others' products (``not_found``), a published
    product (``conflict``: unpublish it first) and a draft that a co-brand certificate covers (``conflict``).
    Carts and lists lose it; orders and requests for quote keep their own copy of its title."""
    product = _editable(session, user, product_id, lock=True)
    if product.status != ProductStatus.draft:
        raise ProductError(_("Only drafts can be deleted; unpublish this product first."), code="conflict",
                           status=409)
    if session.exec(select(func.count()).select_from(CertificateProduct)
                    .where(CertificateProduct.product_id == product.id)).one():
        raise ProductError(_("A co-brand certificate covers this product, so it stays; keep it as a draft."),
                           code="conflict", status=409)
    keys = [key for image in list_images(session, product.id) for key in (image.web_key, image.thumb_key)]
    session.exec(sa.delete(content.ContentTranslation).where(content.ContentTranslation.entity == ENTITY,
                                                             content.ContentTranslation.entity_id == product.id))
    session.delete(product)
    session.flush()
    return keys


# --- Images ---------------------------------------------------------------------------------------------------


def list_images(session: Session, product_id: int) -> list[ProductImage]:
    """A product's images in their order (the first is the main one)."""
    return list(session.exec(select(ProductImage).where(ProductImage.product_id == product_id)
                             .order_by(ProductImage.position, ProductImage.id)))


def count_images(session: Session, product_id: int) -> int:
    """How many images a product has."""
    return session.exec(select(func.count()).select_from(ProductImage)
                        .where(ProductImage.product_id == product_id)).one()


def first_images(session: Session, product_ids: list[int]) -> dict[int, ProductImage]:
    """The main (first) image of each of these products that has one."""
    if not product_ids:
        return {}
    result: dict[int, ProductImage] = {}
    rows = session.exec(select(ProductImage).where(ProductImage.product_id.in_(product_ids))
                        .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id))
    for row in rows:
        result.setdefault(row.product_id, row)
    return result


def add_product_images(session: Session, user: User, product_id: int, uploads: list[Upload],
                       alt_text: str | None = None) -> list[ProductImage]:
    """Check, clean and store uploaded pictures and append them to the product.

    Refuses others' products (``not_found``), no file, more than ``MAX_IMAGES_PER_PRODUCT`` images in all, and
    any file that is not an acceptable picture (too big, not an image, another format, too many pixels,
    damaged): then no file of the request is stored and nothing changes (``fields["images"]`` names every
    refused file).
    """
    product = _editable(session, user, product_id, lock=True)
    uploads = [u for u in uploads if u.filename or u.data]
    if not uploads:
        raise ProductError(_("Choose at least one image to upload."), "images")
    limit = images.MAX_IMAGES_PER_PRODUCT
    count = count_images(session, product.id)
    if count >= limit:
        raise ProductError(_("This product already has %(max)d images, the most it can have. Delete one to add "
                             "another.", max=limit), "images", code="too_many_images")
    if count + len(uploads) > limit:
        raise ProductError(_("A product can have at most %(max)d images: this one has %(count)d, so you can add "
                             "%(left)d more.", max=limit, count=count, left=limit - count), "images",
                           code="too_many_images")
    alt_text = " ".join((alt_text or "").split()) or None
    if alt_text and len(alt_text) > 300:
        raise ProductError(_("At most %(n)d characters.", n=300), "alt_text")
    max_bytes = max_image_bytes()
    prepared: list[StoredImage | CleanImage] = []
    refusals: list[str] = []
    for upload in uploads:
        try:
            prepared.append(images.prepare_image(session, upload, max_bytes))
        except ImageRefused as exc:
            refusals.append(exc.message)
    if refusals:
        raise ProductError(refusals[0], code="refused", fields={"images": " ".join(refusals)})
    stored_now: list[str] = []
    rows = []
    try:
        for offset, item in enumerate(prepared):
            if isinstance(item, CleanImage):
                item = store_image(item)
                stored_now += [item.web_key, item.thumb_key]
            rows.append(ProductImage(product_id=product.id, position=count + offset, alt_text=alt_text,
                                     **item.row_fields()))
        session.add_all(rows)
        product.updated_at = utcnow()
        session.add(product)
        session.flush()
    except Exception:
        files.discard(stored_now)
        raise
    return rows


def _editable_image(session: Session, user: User, product_id: int, image_id: int) -> tuple[Product, ProductImage]:
    product = _editable(session, user, product_id, lock=True)
    image = session.get(ProductImage, image_id)
    if image is None or image.product_id != product.id:
        raise not_found(_("Image not found."))
    return product, image


def _renumber(session: Session, ordered: list[ProductImage]) -> None:
    for position, image in enumerate(ordered):
        if image.position != position:
            image.position = position
            session.add(image)
    session.flush()


def move_product_image(session: Session, user: User, product_id: int, image_id: int, offset: int) -> ProductImage:
    """Move an image ``offset`` places earlier (negative) or later; the first image is the main one.
    Refuses others' products and images (``not_found``); moving past either end keeps it there."""
    _product, image = _editable_image(session, user, product_id, image_id)
    ordered = list_images(session, product_id)
    index = ordered.index(image)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    _renumber(session, ordered)
    return image


def reorder_product_images(session: Session, user: User, product_id: int, image_ids: list[int]
                           ) -> list[ProductImage]:
    """Put the product's images in the order of ``image_ids``, which must name each of them exactly once."""
    _editable(session, user, product_id, lock=True)
    current = list_images(session, product_id)
    by_id = {image.id: image for image in current}
    if sorted(image_ids) != sorted(by_id):
        raise ProductError(_("Name each image of the product exactly once."), "images")
    ordered = [by_id[i] for i in image_ids]
    _renumber(session, ordered)
    return ordered


def set_image_alt_text(session: Session, user: User, product_id: int, image_id: int, alt_text: str
                       ) -> ProductImage:
    """Describe an image for people who cannot see it (empty: the product's title is used)."""
    _product, image = _editable_image(session, user, product_id, image_id)
    alt_text = " ".join((alt_text or "").split())
    if len(alt_text) > 300:
        raise ProductError(_("At most %(n)d characters.", n=300), "alt_text")
    image.alt_text = alt_text or None
    session.add(image)
    session.flush()
    return image


def delete_product_image(session: Session, user: User, product_id: int, image_id: int) -> list[str]:
    """Remove an image; returns its storage keys, to pass to ``images.discard_unreferenced`` after the commit
    (files shared with identical images elsewhere stay). Refuses others' images (``not_found``) and the last
    image of a published product (publishing needs one)."""
    product, image = _editable_image(session, user, product_id, image_id)
    ordered = list_images(session, product_id)
    if product.status == ProductStatus.published and len(ordered) == 1:
        raise ProductError(_("A published product keeps at least one image; unpublish it first."), "images",
                           code="conflict", status=409)
    keys = [image.web_key, image.thumb_key]
    session.delete(image)
    session.flush()
    _renumber(session, [i for i in ordered if i.id != image.id])
    return keys

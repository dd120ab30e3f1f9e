"""Showrooms: one per cluster and per support centre, each a set of curated rows of products shown in 3D and AR
(published, with a ready model), arranged by curators; and what a showroom's page, cards and poster show."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import Session, select

from catalog.certification.services import product_badges
from catalog.products.models import Product, ProductStatus
from catalog.products.services import ENTITY, first_images
from catalog.showroom.models import ModelStatus, ProductModel, Showroom, ShowroomItem, ShowroomKind
from i18n import content
from market.accounts.models import Organization
from market.refusals import Refusal, conflict, forbidden, not_found

CURATOR_ROLES = ("curator", "admin")


def is_curator(user) -> bool:
    """Whether the user arranges showrooms (curators and admins)."""
    return bool(user and getattr(user, "is_authenticated", False) and str(user.role) in CURATOR_ROLES)


def _curator(user) -> None:
    if not is_curator(user):
        raise forbidden(_("Only curators arrange showrooms."))


def list_showrooms(session: Session) -> list[Showroom]:
    """Every showroom: clusters first, then support centres, by English name."""
    return list(session.exec(select(Showroom).order_by(Showroom.kind.desc(), Showroom.name_en)))


def get_showroom(session: Session, slug: str) -> Showroom | None:
    """The showroom at ``slug``, or None."""
    return session.exec(select(Showroom).where(Showroom.slug == slug)).first()


def showroom_of_centre(session: Session, facility_slug: str) -> Showroom | None:
    """The showroom of a support centre: a centre's showroom shares its facility's slug (the Seongsu regional
    centre's is ``/showroom/seongsu-regional-centre``); None when the centre has none."""
    return session.exec(select(Showroom).where(Showroom.slug == facility_slug,
                                               Showroom.kind == ShowroomKind.centre)).first()


def create_showroom(session: Session, *, slug: str, kind: ShowroomKind, name_en: str, name_ko: str,
                    cluster_code: str | None = None, intro_en: str = "", intro_ko: str = "") -> Showroom:
    """A new showroom (the demo and operators make them; a cluster's points at its cluster)."""
    showroom = Showroom(slug=slug, kind=kind, name_en=name_en, name_ko=name_ko, cluster_code=cluster_code,
                        intro_en=intro_en, intro_ko=intro_ko)
    session.add(showroom)
    session.flush()
    return showroom


def showroom_name(showroom: Showroom, locale: str) -> str:
    """The showroom's name in Korean for Korean pages, else in English."""
    return showroom.name_ko if locale == "ko" else showroom.name_en


@dataclasses.dataclass
class Card:
    """A product as a showroom row shows it."""

    item: ShowroomItem
    product: Product
    model: ProductModel
    title: content.LocalizedText | None
    title_ko: str | None
    maker: Organization
    badge: dict | None
    image_key: str | None


def showroom_rows(session: Session, showroom: Showroom, locale: str) -> list[list[Card]]:
    """The showroom's rows in order, each its cards in order: published products with a ready 3D model only."""
    rows = list(session.exec(
        select(ShowroomItem, Product, ProductModel, Organization)
        .join(Product, Product.id == ShowroomItem.product_id)
        .join(ProductModel, ProductModel.product_id == Product.id)
        .join(Organization, Organization.id == Product.maker_id)
        .where(ShowroomItem.showroom_id == showroom.id, Product.status == ProductStatus.published,
               ProductModel.status == ModelStatus.ready)
        .order_by(ShowroomItem.row, ShowroomItem.position, ShowroomItem.id)))
    ids = [product.id for _item, product, _model, _maker in rows]
    texts = content.load_texts(session, ENTITY, ids)
    badges = product_badges(session, ids)
    images = first_images(session, ids)
    grouped: dict[int, list[Card]] = {}
    for item, product, model, maker in rows:
        titles = texts[product.id].get("title", {})
        ko = titles.get("ko")
        grouped.setdefault(item.row, []).append(Card(
            item, product, model, content.resolve(titles, locale), ko.text if ko else None, maker,
            badges.get(product.id), images[product.id].web_key if product.id in images else None))
    return [grouped[row] for row in sorted(grouped)]


def add_to_showroom(session: Session, user, showroom_id: int, product_id: int, row: int = 0) -> ShowroomItem:
    """Put a published product with a ready 3D model at the end of a showroom's row (curators only); refuses
    other products and a product already shown there."""
    _curator(user)
    showroom = session.get(Showroom, showroom_id)
    if showroom is None:
        raise not_found(_("Showroom not found."))
    if not 0 <= int(row) <= 50:
        raise Refusal(_("Choose a row between 1 and 51."), "row")
    ready = session.exec(select(Product.id).join(ProductModel, ProductModel.product_id == Product.id)
                         .where(Product.id == product_id, Product.status == ProductStatus.published,
                                ProductModel.status == ModelStatus.ready)).first()
    if ready is None:
        raise Refusal(_("Only published products with a ready 3D model can be shown."), "product_id")
    exists = session.exec(select(ShowroomItem).where(ShowroomItem.showroom_id == showroom.id,
                                                     ShowroomItem.product_id == product_id)).first()
    if exists is not None:
        raise conflict(_("This product is already in the showroom."))
    last = session.exec(select(func.max(ShowroomItem.position)).where(ShowroomItem.showroom_id == showroom.id,
                                                                      ShowroomItem.row == row)).one()
    item = ShowroomItem(showroom_id=showroom.id, product_id=product_id, row=int(row),
                        position=0 if last is None else last + 1)
    session.add(item)
    session.flush()
    return item


def _item(session: Session, user, showroom_id: int, item_id: int) -> ShowroomItem:
    _curator(user)
    item = session.get(ShowroomItem, item_id)
    if item is None or item.showroom_id != showroom_id:
        raise not_found(_("This product is not in the showroom."))
    return item


def move_item(session: Session, user, showroom_id: int, item_id: int, direction: str) -> ShowroomItem:
    """Move a product one place left or right in its row, or to the row above or below (curators only)."""
    item = _item(session, user, showroom_id, item_id)
    if direction in ("up", "down"):
        target = item.row + (-1 if direction == "up" else 1)
        if target < 0:
            raise Refusal(_("This is already the first row."), "direction")
        last = session.exec(select(func.max(ShowroomItem.position)).where(
            ShowroomItem.showroom_id == showroom_id, ShowroomItem.row == target)).one()
        item.row, item.position = target, 0 if last is None else last + 1
    elif direction in ("left", "right"):
        row = list(session.exec(select(ShowroomItem).where(ShowroomItem.showroom_id == showroom_id,
                                                           ShowroomItem.row == item.row)
                                .order_by(ShowroomItem.position, ShowroomItem.id)))
        index = next(i for i, other in enumerate(row) if other.id == item.id)
        other = index + (-1 if direction == "left" else 1)
        if 0 <= other < len(row):
            row[index], row[other] = row[other], row[index]
        for position, entry in enumerate(row):
            entry.position = position
            session.add(entry)
    else:
        raise Refusal(_("Unknown direction."), "direction")
    session.add(item)
    session.flush()
    return item


def remove_item(session: Session, user, showroom_id: int, item_id: int) -> None:
    """Take a product out of a showroom (curators only)."""
    item = _item(session, user, showroom_id, item_id)
    session.delete(item)
    session.flush()


def candidate_products(session: Session, showroom: Showroom, locale: str) -> list[tuple[Product, str]]:
    """Published products with a ready model not yet in the showroom (its cluster's first), with their titles."""
    shown = select(ShowroomItem.product_id).where(ShowroomItem.showroom_id == showroom.id)
    rows = list(session.exec(
        select(Product, Organization).join(ProductModel, ProductModel.product_id == Product.id)
        .join(Organization, Organization.id == Product.maker_id)
        .where(Product.status == ProductStatus.published, ProductModel.status == ModelStatus.ready,
               Product.id.not_in(shown)).order_by(Product.id)))
    rows.sort(key=lambda r: (r[1].cluster_code != showroom.cluster_code, r[0].id))
    titles = content.resolve_many(session, ENTITY, [p.id for p, _m in rows], "title", locale)
    return [(p, titles[p.id].text if p.id in titles else f"#{p.id}") for p, _m in rows]

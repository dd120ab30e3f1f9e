"""Saved lists: create, rename and delete a user's lists, save products to them and remove them, and read a
list's products in a locale. Every operation takes the acting user; another user's list is "not found".
"""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlmodel import Session, delete, func, select

from catalog.lists.models import SavedList, SavedListItem
from catalog.products.models import Product, ProductImage, ProductStatus
from catalog.products.services import ENTITY as PRODUCT_ENTITY
from catalog.products.services import first_images
from i18n import content
from market.accounts.models import Organization, User
from market.orders.services import cart as carts
from market.orders.services.common import OrderError
from market.orders.services.minimums import maker_shortfalls
from market.refusals import Refusal, not_found

MAX_LISTS_PER_USER = 50
MAX_ITEMS_PER_LIST = 500
MAX_NAME = 80


class ListError(Refusal):
    """A refused list operation; ``field`` names the form field the message belongs to."""


def _not_found() -> Refusal:
    """Missing lists and products, and other users' lists, are all simply not found."""
    return not_found(_("This list or product was not found."))


def clean_name(name: str | None) -> str:
    """A list name with outer spaces removed; refuses empty names and names over 80 characters."""
    name = " ".join((name or "").split())
    if not name:
        raise ListError(_("Give the list a name."), "name")
    if len(name) > MAX_NAME:
        raise ListError(_("A list name has at most %(n)d characters.", n=MAX_NAME), "name")
    return name


# --- reading ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ListSummary:
    """A list on the "My lists" page, with how many products it holds."""

    saved_list: SavedList
    count: int


def list_lists(session: Session, user: User) -> list[ListSummary]:
    """The user's lists, newest first, with their product counts."""
    counts = (select(SavedListItem.list_id, func.count().label("n")).group_by(SavedListItem.list_id).subquery())
    rows = session.exec(select(SavedList, func.coalesce(counts.c.n, 0))
                        .outerjoin(counts, counts.c.list_id == SavedList.id)
                        .where(SavedList.owner_id == user.id)
                        .order_by(SavedList.created_at.desc(), SavedList.id.desc()))
    return [ListSummary(saved_list, count) for saved_list, count in rows]


def get_own_list(session: Session, user: User | None, list_id: int) -> SavedList | None:
    """The list if ``user`` owns it; None for everyone else, as for an unknown id."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    saved_list = session.get(SavedList, list_id)
    if saved_list is None or saved_list.owner_id != user.id:
        return None
    return saved_list


def _own_list(session: Session, user: User, list_id: int) -> SavedList:
    saved_list = get_own_list(session, user, list_id)
    if saved_list is None:
        raise _not_found()
    return saved_list


@dataclasses.dataclass
class ListEntry:
    """One saved product as a list page shows it in one locale."""

    product: Product
    title: content.LocalizedText
    maker: Organization
    image: ProductImage | None
    note: str | None


def list_entries(session: Session, saved_list: SavedList, locale: str) -> list[ListEntry]:
    """The list's published products, oldest saved first (drafts that were unpublished later are left out)."""
    rows = list(session.exec(
        select(SavedListItem, Product, Organization)
        .join(Product, Product.id == SavedListItem.product_id)
        .join(Organization, Organization.id == Product.maker_id)
        .where(SavedListItem.list_id == saved_list.id, Product.status == ProductStatus.published)
        .order_by(SavedListItem.added_at, SavedListItem.id)))
    ids = [product.id for _item, product, _maker in rows]
    texts = content.load_texts(session, PRODUCT_ENTITY, ids)
    images = first_images(session, ids)
    entries = []
    for item, product, maker in rows:
        title = (content.resolve(texts[product.id].get("title", {}), locale)
                 or content.LocalizedText(f"#{product.id}", locale, locale, "author", False))
        entries.append(ListEntry(product, title, maker, images.get(product.id), item.note))
    return entries


def lists_containing(session: Session, user: User, product_id: int) -> set[int]:
    """Ids of the user's lists that already hold the product."""
    return set(session.exec(select(SavedListItem.list_id).join(SavedList, SavedList.id == SavedListItem.list_id)
                            .where(SavedList.owner_id == user.id, SavedListItem.product_id == product_id)))


def saveable_product(session: Session, product_id: int) -> Product | None:
    """The product if it is published (only those can be saved), else None."""
    product = session.get(Product, product_id)
    if product is None or product.status != ProductStatus.published:
        return None
    return product


# --- writing ---------------------------------------------------------------------------------------------------


def create_list(session: Session, user: User, name: str) -> SavedList:
    """A new list of the user's; refuses bad names and a 51st list."""
    name = clean_name(name)
    count = session.exec(select(func.count()).select_from(SavedList).where(SavedList.owner_id == user.id)).one()
    if count >= MAX_LISTS_PER_USER:
        raise ListError(_("You already have %(n)d lists, the most allowed. Delete one you no longer need.",
                          n=MAX_LISTS_PER_USER), "name", code="limit")
    saved_list = SavedList(owner_id=user.id, name=name)
    session.add(saved_list)
    session.flush()
    return saved_list


def rename_list(session: Session, user: User, list_id: int, name: str) -> SavedList:
    """Rename one of the user's lists; refuses bad names and others' lists (not found)."""
    saved_list = _own_list(session, user, list_id)
    saved_list.name = clean_name(name)
    session.add(saved_list)
    session.flush()
    return saved_list


def delete_list(session: Session, user: User, list_id: int) -> None:
    """Delete one of the user's lists with its items; refuses others' lists (not found)."""
    saved_list = _own_list(session, user, list_id)
    session.exec(delete(SavedListItem).where(SavedListItem.list_id == saved_list.id))
    session.delete(saved_list)
    session.flush()


def save_product(session: Session, user: User, product_id: int, *, list_id: int | None = None,
                 new_list_name: str | None = None) -> tuple[SavedList, bool]:
    """Save a published product to one of the user's lists (``list_id``), or to a new list named
    ``new_list_name`` (default "My list"); returns the list and whether the product was added (False when it
    was already there). Refuses drafts and unknown products, others' lists (not found), and a 501st item."""
    if saveable_product(session, product_id) is None:
        raise _not_found()
    if list_id is not None:
        saved_list = _own_list(session, user, list_id)
    else:
        saved_list = create_list(session, user, new_list_name or _("My list"))
    exists = session.exec(select(SavedListItem.id).where(SavedListItem.list_id == saved_list.id,
                                                         SavedListItem.product_id == product_id)).first()
    if exists is not None:
        return saved_list, False
    count = session.exec(select(func.count()).select_from(SavedListItem)
                         .where(SavedListItem.list_id == saved_list.id)).one()
    if count >= MAX_ITEMS_PER_LIST:
        raise ListError(_("This list already holds %(n)d products, the most allowed. Start another list.",
                          n=MAX_ITEMS_PER_LIST), "list_id", code="limit")
    session.add(SavedListItem(list_id=saved_list.id, product_id=product_id))
    session.flush()
    return saved_list, True


def remove_item(session: Session, user: User, list_id: int, product_id: int) -> None:
    """Take a product off one of the user's lists; refuses others' lists and products not on it (not found)."""
    saved_list = _own_list(session, user, list_id)
    item = session.exec(select(SavedListItem).where(SavedListItem.list_id == saved_list.id,
                                                    SavedListItem.product_id == product_id)).first()
    if item is None:
        raise _not_found()
    session.delete(item)
    session.flush()


def list_products(session: Session, saved_list: SavedList) -> list[Product]:
    """The list's published products in the order they were saved (for its line sheet)."""
    return list(session.exec(select(Product).join(SavedListItem, SavedListItem.product_id == Product.id)
                             .where(SavedListItem.list_id == saved_list.id,
                                    Product.status == ProductStatus.published)
                             .order_by(SavedListItem.added_at, SavedListItem.id)))


def maker_products(session: Session, maker_id: int) -> list[Product]:
    """A maker's published products, newest first (for its line sheet)."""
    return list(session.exec(select(Product).where(Product.maker_id == maker_id,
                                                   Product.status == ProductStatus.published)
                             .order_by(Product.published_at.desc(), Product.id.desc())))


# --- the whole list to the cart --------------------------------------------------------------------------------


@dataclasses.dataclass
class CartOutcome:
    """What putting a list in the cart did: the products added (title, quantity), those left out with the reason
    in the current language, and the makers whose own minimum order the cart does not reach yet."""

    added: list[tuple[str, int]]
    skipped: list[tuple[str, str]]
    shortfalls: list[str]


def add_list_to_cart(session: Session, user: User, list_id: int, locale: str, currency: str = "KRW"
                     ) -> CartOutcome:
    """Put every product of one of the user's lists in the user's cart at its minimum order (MOQ), with the
    checks the cart makes: products no longer published and products already in the cart are left out and
    named with the reason, as is any product the cart refuses (its message). Afterwards the makers whose own
    minimum the cart does not reach are named. Refuses others' lists (not found), users outside buyer
    organisations (403, as the cart does) and a list none of whose products could be added (409)."""
    saved_list = _own_list(session, user, list_id)
    rows = list(session.exec(select(SavedListItem, Product).join(Product, Product.id == SavedListItem.product_id)
                             .where(SavedListItem.list_id == saved_list.id)
                             .order_by(SavedListItem.added_at, SavedListItem.id)))
    if not rows:
        raise ListError(_("This list is empty."), code="empty_list", status=409)
    texts = content.resolve_many(session, PRODUCT_ENTITY, [product.id for _item, product in rows], "title", locale)
    in_cart = carts.cart_quantities(session, user)
    added, skipped = [], []
    for _item, product in rows:
        title = texts[product.id].text if texts.get(product.id) else f"#{product.id}"
        if product.status != ProductStatus.published:
            skipped.append((title, _("no longer available")))
            continue
        if product.id in in_cart:
            skipped.append((title, _("already in your cart (%(count)d units): change the quantity there",
                                     count=in_cart[product.id])))
            continue
        try:
            with session.begin_nested():
                carts.add_to_cart(session, user, product.id, product.moq)
        except OrderError as exc:
            if exc.code == "no_buyer_organization":
                raise
            skipped.append((title, exc.message))
            continue
        added.append((title, product.moq))
    if not added:
        raise ListError(_("None of this list's products could be added to your cart: %(reasons)s",
                          reasons="; ".join(f"{title} ({reason})" for title, reason in skipped)),
                        code="nothing_added", status=409)
    cart = carts.load_cart(session, user, locale)
    makers = {product.maker_id for _item, product in rows}
    shortfalls = [s.message for maker_id, s in maker_shortfalls(session, cart, currency).items() if maker_id in makers]
    return CartOutcome(added, skipped, shortfalls)


# --- demo ------------------------------------------------------------------------------------------------------


def add_demo_lists(session: Session, rng, users: list[User], products: list[Product], per_user: int = 2,
                   items_per_list: int = 8) -> list[SavedList]:
    """Demo data: for each of ``users``, ``per_user`` lists (named like a buyer would) of up to
    ``items_per_list`` published products picked with ``rng`` (a ``random.Random``); flushes, never commits."""
    names = ("Spring 2027 buying", "Trade fair shortlist", "Gift shop picks", "Samples to order")
    published = [p for p in products if p.status == ProductStatus.published]
    created = []
    for user in users:
        for name in rng.sample(names, k=min(per_user, len(names))):
            saved_list = SavedList(owner_id=user.id, name=name)
            session.add(saved_list)
            session.flush()
            for product in rng.sample(published, k=min(items_per_list, len(published))):
                session.add(SavedListItem(list_id=saved_list.id, product_id=product.id))
            created.append(saved_list)
    session.flush()
    return created

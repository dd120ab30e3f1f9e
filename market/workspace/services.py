"""What awaits a user on each side of the market, counted in one place for the menu and the workspace pages.

The buyer side counts over the user's buyer organisations (orders awaiting payment, from the cart or a quote, quotes
received and not yet answered, requests for quote still open, saved lists, the cart); the maker side over the
user's maker organisations (orders to confirm, confirmed orders to make and ship, requests for quote to
answer, draft and published products, co-brand applications to finish, what the maker is owed). Each figure
is one COUNT (or SUM) query on an indexed column, so the menu can ask for them on every page.
"""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, func, select

from catalog.certification.models import ApplicationStatus, CertificationApplication
from catalog.lists.models import SavedList
from catalog.products.models import Product, ProductStatus
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.orders.models import ORDER_TRANSITIONS, CartItem, OrderStatus, WholesaleOrder
from market.payments.services.payouts import payee_balances
from market.rfq.models import QuoteStatus, Rfq, RfqDraft, RfqQuote, RfqStatus

# The statuses from which the maker's next step is to confirm the order (paid, or placed on invoice terms),
# read from the order's own transition table.
TO_CONFIRM = sorted({before for before, after in ORDER_TRANSITIONS if after == OrderStatus.confirmed})


@dataclasses.dataclass(frozen=True)
class BuyerCounts:
    """What awaits a buyer: the first three need the buyer to act."""

    orders_to_pay: int = 0
    quotes_received: int = 0
    rfqs_open: int = 0
    lists: int = 0
    cart_lines: int = 0
    rfq_drafts: int = 0

    @property
    def awaiting(self) -> int:
        """How many things wait for the buyer (payments to make, quotes to answer)."""
        return self.orders_to_pay + self.quotes_received


@dataclasses.dataclass(frozen=True)
class MakerCounts:
    """What awaits a maker: orders to confirm and to ship and requests to answer need the maker to act."""

    orders_to_confirm: int = 0
    orders_to_ship: int = 0
    rfqs_to_answer: int = 0
    draft_products: int = 0
    published_products: int = 0
    cobrand_drafts: int = 0
    owed: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def awaiting(self) -> int:
        """How many things wait for the maker (orders to confirm or ship, requests to answer)."""
        return self.orders_to_confirm + self.orders_to_ship + self.rfqs_to_answer


@dataclasses.dataclass(frozen=True)
class Workspace:
    """The user's organisations on each side and what awaits them there (None for a side they are not on)."""

    buyer_orgs: list[Organization]
    maker_orgs: list[Organization]
    buyer: BuyerCounts | None
    maker: MakerCounts | None


def _count(session: Session, model, *conditions) -> int:
    return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


def user_organizations(session: Session, user: User) -> dict[OrganizationKind, list[Organization]]:
    """The user's organisations by kind, each list by name."""
    rows = session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                        .where(Membership.user_id == user.id).order_by(Organization.name, Organization.id))
    found: dict[OrganizationKind, list[Organization]] = {}
    for org in rows:
        found.setdefault(OrganizationKind(org.kind), []).append(org)
    return found


def buyer_counts(session: Session, user: User, org_ids: list[int]) -> BuyerCounts:
    """What awaits the user as a member of the buyer organisations ``org_ids``."""
    lists = _count(session, SavedList, SavedList.owner_id == user.id)
    cart = _count(session, CartItem, CartItem.user_id == user.id)
    if not org_ids:
        return BuyerCounts(lists=lists, cart_lines=cart)
    drafts = _count(session, RfqDraft, RfqDraft.user_id == user.id)
    quotes = session.exec(select(func.count()).select_from(RfqQuote).join(Rfq, Rfq.id == RfqQuote.rfq_id)
                          .where(Rfq.buyer_org_id.in_(org_ids), Rfq.status == RfqStatus.quoted,
                                 RfqQuote.status == QuoteStatus.offered)).one()
    return BuyerCounts(
        orders_to_pay=_count(session, WholesaleOrder, WholesaleOrder.buyer_org_id.in_(org_ids),
                             WholesaleOrder.status == OrderStatus.awaiting_payment),
        quotes_received=quotes,
        rfqs_open=_count(session, Rfq, Rfq.buyer_org_id.in_(org_ids), Rfq.status == RfqStatus.open),
        lists=lists, cart_lines=cart, rfq_drafts=drafts)


def maker_counts(session: Session, org_ids: list[int], *, with_balances: bool = False) -> MakerCounts:
    """What awaits the maker organisations ``org_ids``; ``with_balances`` adds what they are owed (per currency,
    minor units), which the workspace page shows and the menu does not need."""
    if not org_ids:
        return MakerCounts()
    owed: dict[str, int] = {}
    if with_balances:
        for org_id in org_ids:
            for currency, amount in payee_balances(session, org_id).get(org_id, {}).items():
                owed[currency] = owed.get(currency, 0) + amount
    return MakerCounts(
        orders_to_confirm=_count(session, WholesaleOrder, WholesaleOrder.maker_org_id.in_(org_ids),
                                 WholesaleOrder.status.in_(TO_CONFIRM)),
        orders_to_ship=_count(session, WholesaleOrder, WholesaleOrder.maker_org_id.in_(org_ids),
                              WholesaleOrder.status.in_([OrderStatus.confirmed, OrderStatus.in_production])),
        rfqs_to_answer=_count(session, Rfq, Rfq.maker_org_id.in_(org_ids), Rfq.status == RfqStatus.open),
        draft_products=_count(session, Product, Product.maker_id.in_(org_ids),
                              Product.status == ProductStatus.draft),
        published_products=_count(session, Product, Product.maker_id.in_(org_ids),
                                  Product.status == ProductStatus.published),
        cobrand_drafts=_count(session, CertificationApplication,
                              CertificationApplication.organization_id.in_(org_ids),
                              CertificationApplication.status == ApplicationStatus.draft),
        owed={currency: amount for currency, amount in sorted(owed.items()) if amount})


def workspace(session: Session, user: User, *, with_balances: bool = False) -> Workspace:
    """The user's workspace: their organisations on each side and what awaits them. The buyer side is shown to
    every signed-in user (the cart and lists are theirs even before they join a buyer organisation); the maker
    side only to members of a maker."""
    orgs = user_organizations(session, user)
    buyers, makers = orgs.get(OrganizationKind.buyer, []), orgs.get(OrganizationKind.maker, [])
    return Workspace(
        buyer_orgs=buyers, maker_orgs=makers,
        buyer=buyer_counts(session, user, [org.id for org in buyers]),
        maker=maker_counts(session, [org.id for org in makers], with_balances=with_balances) if makers else None)


@dataclasses.dataclass(frozen=True)
class DraftRow:
    """One of the buyer's unsent requests for quote, with the maker it is for."""

    draft: RfqDraft
    maker_name: str


def rfq_drafts(session: Session, user: User) -> list[DraftRow]:
    """The user's unsent requests for quote, newest first, with their makers' names."""
    rows = session.exec(select(RfqDraft, Organization.name).join(Organization,
                                                                 Organization.id == RfqDraft.maker_org_id)
                        .where(RfqDraft.user_id == user.id)
                        .order_by(RfqDraft.updated_at.desc(), RfqDraft.id.desc()))
    return [DraftRow(draft, name) for draft, name in rows]

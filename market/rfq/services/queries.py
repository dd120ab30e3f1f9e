"""What the RFQ pages and API show: an RFQ with its files, quotes, thread and order for one of its parties, the
lists of each side, and an attachment to download."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from sqlmodel import Session, func, select

from catalog.products.models import Product
from i18n import content
from i18n.locales import DEFAULT_LOCALE
from market.accounts.models import Organization, OrganizationKind, User
from market.orders.models import WholesaleOrder
from market.orders.services.terms import terms_of
from market.pages import offset
from market.rfq.models import (
    QuoteStatus,
    Rfq,
    RfqAttachment,
    RfqMessage,
    RfqPolicy,
    RfqQuote,
    RfqStatus,
    Side,
)
from market.rfq.services.common import PER_PAGE, get_rfq_for, not_found, org_ids
from market.rfq.services.policies import get_policy
from market.rfq.services.quotes import is_expired, quote_total


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
    order: WholesaleOrder | None  # the order the accepted quote placed (in the one order table)
    policy: RfqPolicy

    def total(self, quote: RfqQuote) -> Decimal:
        """The quote's price for the RFQ's quantity."""
        return quote_total(quote, self.rfq.quantity)

    def expired(self, quote: RfqQuote) -> bool:
        """Whether the quote's validity has passed."""
        return is_expired(quote)

    @property
    def accepted_quote(self) -> RfqQuote | None:
        """The quote the buyer accepted, if any."""
        return next((q for q in self.quotes if q.status == QuoteStatus.accepted), None)

    def payment_terms(self, quote: RfqQuote) -> str:
        """The quote's payment terms in words."""
        return terms_of(quote).describe()

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
    title = content.resolve_many(session, "product", [rfq.product_id], "title", locale).get(rfq.product_id) if product else None
    attachments = list(session.exec(select(RfqAttachment).where(RfqAttachment.rfq_id == rfq.id)
                                    .order_by(RfqAttachment.id)))
    quotes = list(session.exec(select(RfqQuote).where(RfqQuote.rfq_id == rfq.id)
                               .order_by(RfqQuote.created_at.desc(), RfqQuote.id.desc())))
    rows = session.exec(select(RfqMessage, User.display_name).outerjoin(User, User.id == RfqMessage.author_id)
                        .where(RfqMessage.rfq_id == rfq.id).order_by(RfqMessage.created_at, RfqMessage.id))
    messages = [MessageView(m, name or "") for m, name in rows]
    order = session.exec(select(WholesaleOrder).where(WholesaleOrder.rfq_id == rfq.id)).first()
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
    ids = org_ids(session, user, kind)
    if not ids:
        return [], 0
    where = [own.in_(ids)]
    if status in {s.value for s in RfqStatus}:
        where.append(Rfq.status == status)
    total = session.exec(select(func.count()).select_from(Rfq).where(*where)).one()
    rows = list(session.exec(
        select(Rfq, Organization.name, Organization.country).join(Organization, Organization.id == other)
        .where(*where).order_by(Rfq.created_at.desc(), Rfq.id.desc())
        .offset(offset(page, per_page)).limit(per_page)))
    titles = content.resolve_many(session, "product", [r.product_id for r, _n, _c in rows], "title", locale)
    return [RfqRow(r, name, country, titles.get(r.product_id)) for r, name, country in rows], total


def get_attachment(session: Session, user: User, rfq_id: int, attachment_id: int) -> RfqAttachment:
    """An attachment of an RFQ, for its two parties only; refuses (not_found) anyone else."""
    rfq, _side = get_rfq_for(session, user, rfq_id)
    attachment = session.get(RfqAttachment, attachment_id)
    if attachment is None or attachment.rfq_id != rfq.id:
        raise not_found()
    return attachment

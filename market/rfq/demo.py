"""Demo requests for quote: about 60 RFQs between demo buyers and makers in every state, with threads in
English, Japanese and Korean, quotes, declines, accepted orders, a few makers' minimums and notifications.

Rows are written directly (not through the services) so their times lie in the past, as a month of real use
would leave them, and no mail is sent.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from babel.numbers import get_currency_precision
from flask_babel import force_locale, format_date, format_decimal
from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.products.models import Product
from i18n.locales import url_segment
from i18n.money import format_money
from market.accounts.models import Membership, MembershipRole, Organization, User
from market.db import utcnow
from market.notifications.models import Notification
from market.orders.services.placing import place_quote_order
from market.orders.services.terms import PREPAID
from market.payments.amounts import round_amount
from market.rfq.models import (
    INCOTERMS,
    DeclineReason,
    QuoteStatus,
    Rfq,
    RfqMessage,
    RfqPolicy,
    RfqQuote,
    RfqStatus,
    Side,
)
from market.rfq.scoring import score_rfq
from market.rfq.services.common import DECLINE_REASONS

# Rough won per unit, only to make demo prices plausible in each currency.
_APPROX_KRW = {"KRW": Decimal(1), "USD": Decimal("1391.20"), "JPY": Decimal("9.065"), "EUR": Decimal("1468.40"),
               "CNY": Decimal("192.35"), "VND": Decimal("0.05487")}
_COUNTRY_CURRENCY = {"JP": "JPY", "KR": "KRW", "DE": "EUR", "FR": "EUR", "IT": "EUR", "NL": "EUR", "ES": "EUR",
                     "CN": "CNY", "VN": "VND"}

_DETAILED = {
    "en": [
        "We run {kind} in {city} and are planning {qty} units for next season. Material: full-grain leather or "
        "the closest you work with; colour black and tan; size about 30 × 20 cm; matte finish. Please include "
        "packaging options and whether you can add our logo.",
        "Looking for {qty} pieces for a museum shop programme. Brass or stainless steel is fine, polished finish, "
        "diameter around 45 mm, two colours (gold tone and silver). Could you send a sample first?",
        "We would like {qty} units in natural linen, colour ivory, size M and L, with a stone-washed finish. "
        "Labels in English and Japanese. Please tell us your lead time for a repeat order as well.",
    ],
    "ja": [
        "{city}のセレクトショップです。来季に向けて{qty}点を検討しています。素材は本革、カラーは黒とキャメル、"
        "サイズは30×20cm程度、仕上げはマットでお願いします。パッケージの選択肢とロゴ刻印の可否も教えてください。",
        "ミュージアムショップ向けに{qty}個を探しています。真鍮またはステンレス、研磨仕上げ、直径45mm前後、"
        "色はゴールドとシルバーの2色です。先にサンプルをお願いできますか。",
    ],
    "ko": [
        "안녕하세요, {city}에서 편집숍을 운영하고 있습니다. 다음 시즌용으로 {qty}개를 검토 중입니다. 소재는 천연 가죽, "
        "색상은 블랙과 탄, 크기는 약 30×20cm, 마감은 무광으로 부탁드립니다. 포장 옵션과 로고 각인 가능 여부도 알려주세요.",
        "뮤지엄숍 납품용으로 {qty}개가 필요합니다. 황동 또는 스테인리스 소재, 유광 마감, 지름 45mm 정도, 골드와 실버 "
        "두 가지 색상입니다. 샘플을 먼저 받아볼 수 있을까요?",
    ],
}
_SHORT = {
    "en": ["Please send your best price for {qty} units.", "Interested in {qty} pieces. What is your price?"],
    "ja": ["{qty}個の見積もりをお願いします。", "{qty}点の価格を教えてください。"],
    "ko": ["{qty}개 견적 부탁드립니다.", "{qty}개 단가가 궁금합니다."],
}
_MAKER_REPLIES = {
    "ko": ["문의 감사합니다. 샘플 제작이 가능하며 약 2주 정도 걸립니다.",
           "요청하신 사양으로 제작 가능합니다. 색상 견본을 사진으로 보내드릴까요?",
           "수량이 늘어나면 단가를 조정해 드릴 수 있습니다."],
    "en": ["Thank you for your request. We can make a sample in about two weeks.",
           "We can make this to your specification. Shall we send photos of colour swatches?",
           "We can lower the unit price for a larger quantity."],
}
_BUYER_REPLIES = {
    "en": ["Could you also quote for twice the quantity?", "Thank you. Photos of the swatches would help.",
           "Can you ship by sea to reduce the cost?"],
    "ja": ["数量を倍にした場合の価格も教えていただけますか。", "ありがとうございます。色見本の写真をお願いします。",
           "船便にした場合の費用も知りたいです。"],
    "ko": ["수량을 두 배로 하면 단가가 어떻게 되나요?", "감사합니다. 색상 견본 사진 부탁드립니다.",
           "해상 운송으로 하면 비용이 얼마나 줄어드나요?"],
}
_TERMS = {
    "ko": "결제: 선금 30%, 출고 전 잔금 70%. 포장: 개별 더스트백 포함.",
    "en": "Payment: 30% deposit, 70% before shipping. Packing: individual dust bags included.",
}
_DECLINE_NOTES = {
    "ko": "이번 분기는 생산 일정이 모두 찼습니다. 다음 분기에 다시 문의 부탁드립니다.",
    "en": "Our workshop is fully booked this quarter; please ask us again next quarter.",
}


def _language(country: str, rng: random.Random) -> str:
    if country == "JP":
        return "ja"
    if country == "KR":
        return "ko"
    return "en" if rng.random() < 0.85 else rng.choice(["ja", "ko"])


def _in_currency(amount_krw: int, currency: str) -> Decimal:
    quantum = Decimal(1).scaleb(-get_currency_precision(currency))
    return max(round_amount(Decimal(amount_krw) / _APPROX_KRW[currency], currency), quantum)


def _owners(session: Session, org_ids: set[int]) -> dict[int, User]:
    rows = session.exec(select(Membership.organization_id, User).join(User, User.id == Membership.user_id)
                        .where(Membership.organization_id.in_(org_ids), Membership.role == MembershipRole.owner)
                        .order_by(User.id))
    owners: dict[int, User] = {}
    for org_id, user in rows:
        owners.setdefault(org_id, user)
    return owners


def _notice(session: Session, user: User | None, org: Organization, rfq: Rfq, kind: str, at: dt.datetime,
            read: bool, text) -> None:
    if user is None:
        return
    locale = user.locale or org.source_locale or "en"
    with force_locale(locale):
        message = text()
    session.add(Notification(user_id=user.id, kind=kind, message=message, url=f"/{url_segment(locale)}/rfqs/{rfq.id}",
                             created_at=at, read_at=at + dt.timedelta(hours=2) if read else None))


def add_demo_rfqs(session: Session, rng: random.Random, buyers: list, products: list, count: int = 60) -> int:
    """Create ``count`` demo RFQs from ``buyers`` (buyer organisations) on ``products`` (published products, or
    to their makers), in every state — open, quoted (one with an expired quote), declined, accepted with its
    order — with threads in English, Japanese and Korean, each party's latest notification, and RFQ minimums
    for a few makers. Returns how many RFQs were made."""
    if not buyers or not products:
        return 0
    now = utcnow()
    today = now.date()
    makers = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_({p.maker_id for p in products})))}
    owners = _owners(session, {b.id for b in buyers} | set(makers))
    states = ([RfqStatus.open] * 14 + [RfqStatus.quoted] * 16 + [RfqStatus.declined] * 12
              + [RfqStatus.accepted] * 18)
    rng.shuffle(states)
    # Concentrate on a few makers (always including the first, whose owner the demo prints) so that inboxes,
    # threads and response statistics look like a real month rather than one request per maker.
    first_maker = min(p.maker_id for p in products)
    focus = [p for p in products if p.maker_id == first_maker][:3]
    focus += rng.sample(products, min(len(products), 12))
    made = 0
    lowest: dict[int, tuple[int, int]] = {}
    for i in range(count):
        state = states[i % len(states)]
        buyer: Organization = rng.choice(buyers)
        product: Product = rng.choice(focus) if rng.random() < 0.85 else rng.choice(products)
        maker = makers[product.maker_id]
        lang = _language(buyer.country, rng)
        quantity = max(product.moq, rng.choice([20, 50, 100, 200, 300, 500, 1000]))
        detailed = rng.random() < 0.7
        text = rng.choice((_DETAILED if detailed else _SHORT)[lang]).format(
            qty=f"{quantity:,}", city=buyer.city or buyer.country, kind="a design shop")
        currency = _COUNTRY_CURRENCY.get(buyer.country, "USD")
        with_price = detailed or rng.random() < 0.3
        values = {
            "quantity": quantity,
            "target_price": _in_currency(int(product.price_krw * 0.85), currency) if with_price else None,
            "currency": currency if with_price else None,
            "incoterm": rng.choice(product.incoterms or list(INCOTERMS)) if detailed or rng.random() < 0.5 else None,
            "destination_country": buyer.country if detailed or rng.random() < 0.5 else None,
            "needed_by": today + dt.timedelta(days=rng.randint(30, 150)) if detailed else None,
            "message": text,
        }
        created = now - dt.timedelta(days=rng.randint(4, 60), hours=rng.randint(0, 23))
        on_product = rng.random() < 0.8
        rfq = Rfq(buyer_org_id=buyer.id, maker_org_id=maker.id, product_id=product.id if on_product else None,
                  created_by_id=owners[buyer.id].id if buyer.id in owners else None,
                  completeness=score_rfq(**values).score, status=state, created_at=created, updated_at=created,
                  # Detailed requests say which payment terms the buyer accepts (no random draw: the rest of the
                  # demo stays as it was).
                  payment_terms=["tt_30_70", "lc_sight"] if detailed else [], **values)
        session.add(rfq)
        session.flush()
        made += 1
        low_q, low_c = lowest.get(maker.id, (quantity, rfq.completeness))
        lowest[maker.id] = (min(low_q, quantity), min(low_c, rfq.completeness))

        maker_lang = "ko" if lang == "ko" or rng.random() < 0.4 else "en"
        buyer_user, maker_user = owners.get(buyer.id), owners.get(maker.id)
        # Most makers answer within a day or two; some take longer than the 72 hours that count.
        delay = dt.timedelta(hours=rng.choice([1, 3, 5, 9, 18, 26, 40, 60, 90, 130]))
        first = created + delay
        at = first
        if state == RfqStatus.open:
            if rng.random() < 0.5:
                session.add(RfqMessage(rfq_id=rfq.id, author_id=maker_user.id if maker_user else None,
                                       side=Side.maker, body=rng.choice(_MAKER_REPLIES[maker_lang]), created_at=at))
                rfq.first_response_at = at
                _notice(session, buyer_user, buyer, rfq, "rfq.message", at, rng.random() < 0.5,
                        lambda m=maker.name, r=rfq.id: _("New message from %(org)s on request for quote #%(id)d:",
                                                         org=m, id=r))
            else:
                _notice(session, maker_user, maker, rfq, "rfq.new", created, False,
                        lambda b=buyer.name, r=rfq.id, q=quantity: _(
                            "%(buyer)s sent you a request for quote #%(id)d for %(quantity)s units.",
                            buyer=b, id=r, quantity=format_decimal(q)))
        elif state == RfqStatus.declined:
            reason = rng.choice(list(DeclineReason))
            rfq.decline_reason = reason.value
            rfq.decline_note = _DECLINE_NOTES[maker_lang] if rng.random() < 0.6 else None
            rfq.declined_at = rfq.first_response_at = at
            _notice(session, buyer_user, buyer, rfq, "rfq.declined", at, rng.random() < 0.5,
                    lambda m=maker.name, r=rfq.id, why=DECLINE_REASONS[reason]: _(
                        "%(maker)s declined request for quote #%(id)d: %(reason)s.", maker=m, id=r, reason=why))
        else:
            rfq.first_response_at = at
            if rng.random() < 0.6:
                session.add(RfqMessage(rfq_id=rfq.id, author_id=maker_user.id if maker_user else None,
                                       side=Side.maker, body=rng.choice(_MAKER_REPLIES[maker_lang]), created_at=at))
                at += dt.timedelta(hours=rng.randint(2, 20))
                session.add(RfqMessage(rfq_id=rfq.id, author_id=buyer_user.id if buyer_user else None,
                                       side=Side.buyer, body=rng.choice(_BUYER_REPLIES[lang]), created_at=at))
                at += dt.timedelta(hours=rng.randint(2, 30))
            quote_currency = currency if rng.random() < 0.7 else "KRW"
            unit_price = _in_currency(int(product.price_krw * rng.uniform(0.85, 1.05)), quote_currency)
            expired = state == RfqStatus.quoted and rng.random() < 0.15
            valid_until = (today - dt.timedelta(days=rng.randint(1, 5)) if expired
                           else max(today, at.date()) + dt.timedelta(days=rng.randint(10, 40)))
            quote = RfqQuote(rfq_id=rfq.id, created_by_id=maker_user.id if maker_user else None,
                             unit_price=unit_price, currency=quote_currency,
                             lead_time_days=product.lead_time_days + rng.randint(0, 14), valid_until=valid_until,
                             terms=_TERMS[maker_lang], created_at=at)
            session.add(quote)
            session.flush()
            if state == RfqStatus.accepted:
                accepted_at = at + dt.timedelta(hours=rng.randint(6, 72))
                quote.status, quote.accepted_at = QuoteStatus.accepted, accepted_at
                quote.valid_until = max(quote.valid_until, accepted_at.date())
                total = round_amount(unit_price * quantity, quote_currency)
                order = place_quote_order(
                    session, buyer_user, rfq_id=rfq.id, quote_id=quote.id, buyer_org_id=buyer.id,
                    maker_org_id=maker.id, product_id=rfq.product_id, title=f"RFQ #{rfq.id}", quantity=quantity,
                    unit_price=unit_price, currency=quote_currency, total=total, terms=PREPAID,
                    shipping_country=buyer.country, shipping_address=buyer.name)
                order.created_at = order.updated_at = accepted_at
                session.add(order)
                session.flush()
                rfq.updated_at = accepted_at
                _notice(session, maker_user, maker, rfq, "rfq.accepted", accepted_at, rng.random() < 0.5,
                        lambda b=buyer.name, r=rfq.id, o=order.id: _(
                            "%(buyer)s accepted your quote on request for quote #%(id)d. Order #%(order)d was "
                            "placed.", buyer=b, id=r, order=o))
            else:
                rfq.updated_at = at
                _notice(session, buyer_user, buyer, rfq, "rfq.quote", at, rng.random() < 0.3,
                        lambda m=maker.name, r=rfq.id, q=quote: _(
                            "%(maker)s quoted %(price)s per unit on request for quote #%(id)d, valid until %(date)s.",
                            maker=m, price=format_money(q.unit_price, q.currency), id=r,
                            date=format_date(q.valid_until)))
        session.add(rfq)
    # A few makers state what they accept, set just below what they already received.
    for maker_id, (low_q, low_c) in list(lowest.items())[:6]:
        session.add(RfqPolicy(organization_id=maker_id, min_quantity=max(1, low_q // 2),
                              min_completeness=(low_c // 10) * 10))
    session.flush()
    return made

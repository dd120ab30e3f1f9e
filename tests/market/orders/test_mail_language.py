"""Mail speaks its reader's language: through a whole quote order — the request, the quote, the acceptance, the
invoice, the payment, every shipment step and the rating prompt — no mail to the Korean maker or the Japanese
buyer carries an English sentence of the catalogue."""

from __future__ import annotations

import logging
import re

from babel.messages.pofile import read_po

from i18n.locales import TRANSLATIONS_DIR
from market.orders.models import OrderRole
from market.orders.services import orders as order_services
from tests.factories.money import rates  # noqa: F401
from tests.factories.quote_orders import pay, quote_order

BRAND = "Made in Seoul"  # the platform's name reads the same in every language
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]")


def _english_phrases() -> set[str]:
    """The fixed parts of the catalogue's messages of three words or more (a mail reading one in a non-English
    mail is a sentence nobody translated)."""
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as file:
        template = read_po(file)
    phrases = set()
    for message in template:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for part in _PLACEHOLDER.split(msgid or ""):
                part = part.strip(" .,:;!?()“”\"'\n")
                if len(part.split()) >= 3 and re.search(r"[a-z]{3}", part) and part != BRAND:
                    phrases.add(part)
    return phrases


def test_every_mail_of_a_quote_order_is_in_its_readers_language(db_session, buyer, maker, wallet, rates,  # noqa: F811
                                                                  make_user, caplog):
    """The maker reads Korean, the buyer Japanese; each mail they receive has no English catalogue sentence."""
    maker.user.locale, buyer.user.locale = "ko", "ja"
    db_session.add_all([maker.user, buyer.user])
    db_session.commit()
    staff = make_user(role="admin", name="Payments Admin")
    caplog.set_level(logging.INFO, logger="seoulmade.mail")
    order = quote_order(db_session, buyer, maker, wallet, payment_terms="prepaid")
    pay(db_session, buyer.user, staff, "wholesale_order", order.id)
    for step in ("confirmed", "in_production"):
        order_services.move_order(db_session, maker.user, order.id, step, role=OrderRole.maker)
    order_services.move_order(db_session, maker.user, order.id, "shipped", role=OrderRole.maker,
                              carrier="Korea Post", tracking_number="EE123456789KR")
    order_services.move_order(db_session, buyer.user, order.id, "delivered", role=OrderRole.buyer)
    db_session.commit()
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail" and "to=" in r.getMessage()]
    readers = {maker.user.email: "ko", buyer.user.email: "ja"}
    ours = [m for m in mails if re.search(r"to=(\S+)", m).group(1) in readers]
    assert len(ours) >= 5, mails
    phrases = _english_phrases()
    leftovers = sorted({(re.search(r"to=(\S+)", m).group(1), p) for m in ours for p in phrases if p in m})
    assert leftovers == [], leftovers

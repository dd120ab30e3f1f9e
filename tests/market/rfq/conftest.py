"""Fixtures of RFQ tests: a maker with a published product, buyers signed in, real files to attach."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlmodel import func, select

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from tests.helpers import csrf_token, sign_in

LONG_MESSAGE = ("We need hand-stitched wallets in full-grain leather, colour black and tan, size 110 × 90 mm, "
                "with a matte finish and our logo embossed inside.")


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    """A real PNG image."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.new("RGB", size, color) as image:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    """A real JPEG image."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.new("RGB", size, (20, 120, 200)) as image:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Wallet drawing, 110 x 90 mm")
    return bytes(pdf.output())


def count(session, model) -> int:
    """Rows of ``model``."""
    return session.exec(select(func.count()).select_from(model)).one()


def stored_private_files(app) -> int:
    """How many files the private storage area holds."""
    root = Path(app.config["UPLOAD_DIR"]) / "private"
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, hence its own ``g``.

    The ``app`` fixture keeps an app context pushed, and Flask reuses it for test requests, so ``g`` (Flask-Login's
    current user, Flask-WTF's CSRF token) would leak from one client's request into another client's.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def isolated_client(app, user=None) -> IsolatedClient:
    """A client with its own ``g`` per request, signed in as ``user`` when given."""
    client = IsolatedClient(app, app.response_class, use_cookies=True)
    if user is not None:
        sign_in(client, user)
    return client


@dataclasses.dataclass
class Party:
    """A signed-in client, its user and its organisation."""

    client: object
    user: object
    org: object


@pytest.fixture
def maker(app, make_user, make_org):
    """The owner of a Seongsu leather workshop, signed in."""
    user = make_user(name="Min-jun Park")
    org = make_org(user, kind="maker", name="Saesol Leather", cluster_code="seongsu")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def product(db_session, maker):
    """A published wallet of the maker."""
    item = add_product(db_session, maker.org, status=ProductStatus.published, category="leather_goods",
                       price_krw=48_000, moq=20, unit="piece", lead_time_days=21, materials=["cowhide"],
                       title={"ko": "수제 가죽 지갑", "en": "Hand-stitched leather wallet"},
                       description={"ko": "성수동에서 만든 지갑.", "en": "Made in Seongsu-dong."})
    db_session.commit()
    return item


@pytest.fixture
def buyer(app, make_user, make_org):
    """The owner of a Tokyo select shop, signed in."""
    user = make_user(name="Aiko Tanaka")
    org = make_org(user, kind="buyer", name="Tokyo Select", country="JP", city="Tokyo")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def other_buyer(app, make_user, make_org):
    """A buyer with nothing to do with the RFQ, signed in."""
    user = make_user(name="Lena Vogel")
    org = make_org(user, kind="buyer", name="Berlin Goods", country="DE")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def other_maker(app, make_user, make_org):
    """Another maker, signed in."""
    user = make_user(name="Ji-ho Kim")
    org = make_org(user, kind="maker", name="Mullae Metal")
    return Party(isolated_client(app, user), user, org)


def full_draft(**overrides) -> dict:
    """Every field of a complete request, as service keyword arguments."""
    draft = {"quantity": 200, "target_price": "32.50", "currency": "USD", "incoterm": "FOB",
             "destination_country": "JP", "needed_by": dt.date.today() + dt.timedelta(days=60),
             "message": LONG_MESSAGE}
    draft.update(overrides)
    return draft


def form_data(client, url: str, **overrides) -> dict:
    """The RFQ form's fields with a CSRF token, filled in completely."""
    draft = full_draft()
    data = {"csrf_token": csrf_token(client, url), "quantity": str(draft["quantity"]),
            "target_price": draft["target_price"], "currency": draft["currency"], "incoterm": draft["incoterm"],
            "destination_country": draft["destination_country"], "needed_by": draft["needed_by"].isoformat(),
            "message": draft["message"], "confirmed": ""}
    data.update(overrides)
    return data


@pytest.fixture
def sent_rfq(db_session, buyer, product):
    """An RFQ the buyer sent on the product (complete, without attachments, confirmed)."""
    from market.rfq.services import sending

    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft())
    db_session.commit()
    return rfq

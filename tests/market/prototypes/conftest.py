"""Fixtures of prototype commission tests: a startup, Mullae and Seongsu makers, real files of every accepted
kind, and helpers that post a request, bid, award and fund (through the payments adapter, as payments will)."""

from __future__ import annotations

import datetime as dt
import io
import struct

import pytest
from sqlmodel import func, select

from tests.market.rfq.conftest import Party, isolated_client

DRAWING_NOTE = "Bracket drawing, 6061-T6, 120 x 80 x 6 mm"


def pdf_bytes(text: str = DRAWING_NOTE) -> bytes:
    """A real one-page PDF drawing."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 11, 1, tzinfo=dt.UTC))  # the same bytes every time
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    pdf.rect(20, 30, 120, 80)
    return bytes(pdf.output())


def image_bytes(fmt: str = "PNG", size=(64, 48), color=(40, 90, 160)) -> bytes:
    """A real PNG, JPEG or WEBP image."""
    from PIL import Image, ImageDraw

    buffer = io.BytesIO()
    with Image.new("RGB", size, color) as image:
        ImageDraw.Draw(image).rectangle((8, 8, size[0] - 8, size[1] - 8), outline=(250, 250, 250), width=2)
        image.save(buffer, fmt)
    return buffer.getvalue()


def stl_binary() -> bytes:
    """A binary STL of one triangle (the size formula 84 + 50·n holds)."""
    header = b"seoulmade test bracket".ljust(80, b" ")
    facet = struct.pack("<12fH", 0, 0, 1, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0)
    return header + struct.pack("<I", 1) + facet


def stl_ascii() -> bytes:
    """An ASCII STL of one triangle."""
    return (b"solid bracket\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 10 0 0\n"
            b"   vertex 0 10 0\n  endloop\n endfacet\nendsolid bracket\n")


def step_bytes() -> bytes:
    """A minimal STEP (ISO 10303-21) file."""
    return (b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('bracket'),'2;1');\nFILE_NAME('bracket.step','2026-11-22',"
            b"(''),(''),'','','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\nDATA;\n#1=CARTESIAN_POINT('',"
            b"(0.,0.,0.));\nENDSEC;\nEND-ISO-10303-21;\n")


def iges_bytes() -> bytes:
    """A minimal IGES file: 80-column records with the section letter in column 73."""
    def record(text: str, section: str, n: int) -> bytes:
        return f"{text:<72}{section}{n:>7}\n".encode()

    return (record("bracket drawing", "S", 1) + record("1H,,1H;,7Hbracket,", "G", 1)
            + record("     110       1       0       0       0       0       0       000000000", "D", 1)
            + record("     110       0       0       1       0                        0D", "D", 2)
            + record("110,0.,0.,0.,10.,0.,0.;", "P", 1) + record("S      1G      1D      2P      1", "T", 1))


def dxf_bytes() -> bytes:
    """A minimal ASCII DXF with one line."""
    return (b"  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\n0\n 10\n0.0\n 20\n0.0\n 11\n120.0\n 21\n80.0\n"
            b"  0\nENDSEC\n  0\nEOF\n")


def count(session, model, *where) -> int:
    """Rows of ``model`` matching ``where``."""
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture
def startup(app, make_user, make_org):
    """The owner of a Seoul hardware startup, signed in."""
    user = make_user(name="Seo-yeon Han")
    org = make_org(user, kind="startup", name="Mapo Bike Works")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def other_startup(app, make_user, make_org):
    """Another startup with nothing to do with the request, signed in."""
    user = make_user(name="Tom Becker")
    org = make_org(user, kind="startup", name="Ecoloop Home", country="US")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def maker(app, make_user, make_org):
    """The owner of a Mullae-dong machine shop, signed in."""
    user = make_user(name="Ji-ho Kim")
    org = make_org(user, kind="maker", name="Mullae Precision", cluster_code="mullae",
                   capabilities=["CNC machining", "TIG welding", "aluminium"])
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def other_maker(app, make_user, make_org):
    """The owner of another Mullae-dong workshop, signed in."""
    user = make_user(name="Dong-hyun Lee")
    org = make_org(user, kind="maker", name="Yujin Tech", cluster_code="mullae")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def leather_maker(app, make_user, make_org):
    """A Seongsu leather workshop."""
    user = make_user(name="Min-jun Park")
    org = make_org(user, kind="maker", name="Saesol Leather", cluster_code="seongsu")
    return Party(isolated_client(app, user), user, org)


@pytest.fixture
def buyer(app, make_user, make_org):
    """A buyer (neither startup nor maker), signed in."""
    user = make_user(name="Aiko Tanaka")
    org = make_org(user, kind="buyer", name="Tokyo Select", country="JP")
    return Party(isolated_client(app, user), user, org)


def request_fields(**overrides) -> dict:
    """Every field of a complete request, as service keyword arguments."""
    fields = {"title": "Cargo-bike frame bracket", "description": "A TIG-welded bracket for our cargo bike, "
              "aluminium 6061, 5 prototype units.", "category": "machine_metal", "quantity": 5,
              "budget_min_krw": 800_000, "budget_max_krw": 1_500_000,
              "deadline": dt.date.today() + dt.timedelta(days=21), "nda_required": True,
              "materials": ["aluminium 6061", "stainless bolts"], "locale": "en"}
    fields.update(overrides)
    return fields


PLAN = [{"title": "Design review", "amount_krw": 200_000}, {"title": "First article", "amount_krw": 400_000},
        {"title": "Final batch", "amount_krw": 600_000}]


@pytest.fixture
def posted(db_session, startup):
    """An open request with an NDA and a PDF drawing, posted by the startup."""
    from market.prototypes.services.requests import create_request
    from market.uploads.files import Upload

    req = create_request(db_session, startup.user, files=[Upload("bracket.pdf", pdf_bytes())],
                                  **request_fields())
    db_session.commit()
    return req


@pytest.fixture
def bid(db_session, posted, maker):
    """The Mullae maker accepted the NDA and bid 1,200,000 won in three milestones."""
    from market.prototypes.services.bids import submit_bid
    from market.prototypes.services.nda import accept_nda

    accept_nda(db_session, maker.user, posted.id)
    item = submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                               notes="TIG welded, anodised.", milestones=PLAN)
    db_session.commit()
    return item


@pytest.fixture
def commission(db_session, startup, bid):
    """The startup awarded the bid: a commission with three milestones awaiting funding."""
    from market.prototypes.services.bids import award_bid

    item = award_bid(db_session, startup.user, bid.id)
    db_session.commit()
    return item


def milestones_of(session, commission):
    """The commission's milestones in order."""
    from market.prototypes.models import Milestone

    return list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                             .order_by(Milestone.position)))


_payment_ids = iter(range(9000, 100000))


def fund(session, milestone, payment_id: int | None = None) -> int:
    """Fund a milestone. Without ``payment_id``: through the payments service, as a startup does (a manual
    invoice that staff mark as received), so the money is in the ledger and held until approval. With one: the
    adapter's ``on_paid`` directly (the payments contract), for tests of that contract. Returns the payment id."""
    from market.payments.payables import get_adapter

    if payment_id is not None:
        get_adapter("milestone").on_paid(session, milestone.id, payment_id)
        session.commit()
        return payment_id
    from market.accounts.models import Membership, User, UserRole
    from market.payments import services as payments
    from market.prototypes.models import Commission

    commission = session.get(Commission, milestone.commission_id)
    payer = session.exec(select(User).join(Membership, Membership.user_id == User.id)
                         .where(Membership.organization_id == commission.startup_org_id).order_by(User.id)).first()
    staff = session.exec(select(User).where(User.role == UserRole.admin).order_by(User.id)).first()
    if staff is None:
        import secrets

        staff = User(email=f"finance-{secrets.token_hex(4)}@madeinseoul.test", display_name="Finance",
                     password_hash="x", session_nonce=secrets.token_hex(16), role=UserRole.admin)
        session.add(staff)
        session.flush()
    payment = payments.start_payment(session, payer, "milestone", milestone.id)
    payments.mark_received(session, staff, payment.id)
    session.commit()
    return payment.id

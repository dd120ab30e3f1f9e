"""Line sheets: a list's or a public maker's products as a PDF in the buyer's language and currency."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from catalog.lists import linesheet, services
from catalog.products.models import Product
from catalog.products.services import add_product_images
from i18n import content, money
from market import pdf as documents
from market.uploads.images import Upload
from tests.factories.files import png_bytes
from tests.factories.makers import make_maker, make_product
from tests.factories.money import clear_rates
from tests.helpers import sign_in


@pytest.fixture
def catalog(db_session, make_org, make_user):
    """Rates (USD and JPY only), a public maker with a tiered product translated into Japanese, a hidden maker,
    the owner."""
    clear_rates(db_session)
    for currency, rate in {"USD": "1391.20", "JPY": "9.065"}.items():
        money.set_rate(db_session, currency, rate, dt.date(2026, 11, 20))
    owner = make_user()
    maker = make_maker(db_session, make_org, owner, name="Saesol Shoes", name_ko="새솔제화")
    boots = make_product(db_session, maker, title={"ko": "수제 첼시 부츠", "en": "Chelsea boots", "ja": "チェルシーブーツ"})
    boots.quantity_tiers = [{"min_qty": 50, "price_krw": 230_000}]
    boots.hs_code, boots.incoterms = "6403.99", ["FOB", "EXW"]
    hidden = make_maker(db_session, make_org, published=False)
    db_session.commit()
    return maker, boots, hidden, owner


def _assert_pdf(response, pages: int = 1):
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.get_data()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert re.search(rb"/Count %d\b" % pages, data)
    assert "filename=" in response.headers["Content-Disposition"]
    return data


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_maker_linesheet_in_each_language(client, catalog, lang):
    """A public maker's line sheet answers a one-page PDF; Korean and Japanese embed a CJK font."""
    maker, _boots, _hidden, _owner = catalog
    _assert_pdf(client.get(f"/{lang}/makers/{maker.slug}/linesheet.pdf"))


def test_maker_page_links_to_linesheet(client, catalog):
    """The public maker page links to its line sheet; a hidden maker has none (404)."""
    maker, _boots, hidden, _owner = catalog
    assert 'id="maker-linesheet"' in client.get(f"/en/makers/{maker.slug}").get_data(as_text=True)
    assert client.get(f"/en/makers/{hidden.slug}/linesheet.pdf").status_code == 404
    assert client.get("/en/makers/no-such-maker/linesheet.pdf").status_code == 404


def test_list_linesheet_for_owner(app, db_session, catalog, make_user):
    """The owner downloads their list's line sheet in Japanese, with the product's stored thumbnail."""
    _maker, boots, _hidden, owner = catalog
    add_product_images(db_session, owner, boots.id, [Upload("a.png", png_bytes((300, 200), (160, 90, 40)))])
    db_session.commit()
    user = make_user()
    saved, _added = services.save_product(db_session, user, boots.id, new_list_name="展示会")
    db_session.commit()
    client = app.test_client()
    sign_in(client, user)
    data = _assert_pdf(client.get(f"/ja/lists/{saved.id}/linesheet.pdf"))
    assert b"/Subtype /Image" in data or b"/Image" in data


def _sheet(app, db_session, boots, lang, currency):
    with app.test_request_context(f"/{lang}/"):
        return linesheet.build_sheet(
            db_session, [db_session.get(Product, boots.id)], title="T", subtitle="S", locale=lang,
            currency=currency, rates=money.latest_rates(db_session), product_url=lambda p: f"https://x/{p.id}",
            thumb_path=lambda key: None)


def test_sheet_rows_are_localized_and_converted(app, db_session, catalog):
    """The sheet's rows carry the title in the requested language and prices in its currency with the rate date."""
    _maker, boots, _hidden, _owner = catalog
    ja = _sheet(app, db_session, boots, "ja", "JPY")
    row = ja.rows[0]
    assert row.title.text == "チェルシーブーツ" and row.price == "￥27,579" and ja.rate_date == dt.date(2026, 11, 20)
    assert row.tiers == [(50, "￥25,372")] and row.moq == 10 and row.hs_code == "6403.99"
    en = _sheet(app, db_session, boots, "en", "USD")
    assert en.rows[0].title.text == "Chelsea boots" and en.rows[0].price == "$179.70"
    vi = _sheet(app, db_session, boots, "vi", "VND")  # no VND rate: falls back to won, English title
    assert vi.currency == "KRW" and vi.rows[0].title.text == "Chelsea boots" and vi.rows[0].title.is_fallback
    with app.test_request_context("/ja/"):
        pdf = linesheet.build_linesheet(ja)
    assert pdf.startswith(b"%PDF-")


def test_documents_use_fonts_for_their_script():
    """Each CJK language gets its own regional face; DejaVu Sans writes Latin and Vietnamese, and a CJK font is
    embedded only when the text needs one."""
    ja, ko = documents.cjk_font("ja"), documents.cjk_font("ko")
    assert ja is not None and ko is not None and (ja.path, ja.index) != (ko.path, ko.index)
    assert documents.latin_font().path.name == "DejaVuSans.ttf"
    from fpdf import FPDF

    latin = FPDF()
    assert documents.use_fonts(latin, "vi", ["Giày Chelsea thủ công", "$179.70"]) == documents.FAMILY
    assert set(latin.fonts) == {"doc", "docB"}
    korean = FPDF()
    documents.use_fonts(korean, "en", ["Saesol Shoes", "새솔제화"])
    assert "doccjk" in korean.fonts


def test_fonts_are_parsed_once_per_process():
    """A second document reuses the parsed fonts (no second parse) and still embeds its own glyphs."""
    from fpdf import FPDF

    def document(text):
        pdf = FPDF()
        family = documents.use_fonts(pdf, "ko", [text])
        pdf.add_page()
        pdf.set_font(family, "", 12)
        pdf.cell(0, 10, text)
        return bytes(pdf.output())

    document("첫 번째 문서")
    parsed = documents._template.cache_info().currsize
    second = document("두 번째 문서 Chelsea")
    assert documents._template.cache_info().currsize == parsed and documents._template.cache_info().hits > 0
    # pypdf reads a NUL before each glyph of the CJK (CFF) face; fpdf2 writes the same without our cache.
    text = PdfReader(io.BytesIO(second)).pages[0].extract_text().replace("\x00", "")
    assert "두 번째 문서" in text and "Chelsea" in text


def _row(**fields):
    values = dict(product_id=1, title=content.LocalizedText("Chelsea boots", "en", "en", "author", False),
                  description="Hand-lasted.", maker_name="Saesol Shoes", price="$179.70", price_krw="₩250,000",
                  tiers=[(50, "$165.33")], moq=10, unit="pair", lead_time_days=21, hs_code="6403.99",
                  incoterms=["FOB"], url="https://x/1", thumb_path=None)
    return linesheet.SheetRow(**{**values, **fields})


def test_pdf_shows_seal_retail_price_contact_and_terms(app):
    """A certified product's card carries the co-brand seal and code; every card its suggested retail price, MOQ,
    lead time and the maker's contact; the sheet its payment terms."""
    row = _row(srp="$329.00", seal={"tier": "gold", "code": "MIS-2026-000007", "url": "https://x/verify/MIS"},
               maker_contact="Seongsu 2-ga 1-dong, Seoul · https://saesol.example")
    with app.test_request_context("/en/"):
        sheet = linesheet.LineSheet("Saesol Shoes", "Made in Seoul", "en", "USD", dt.date(2026, 11, 20),
                                    dt.date(2026, 12, 1), [row, _row(product_id=2)],
                                    payment_terms=linesheet.payment_terms(14))
        text = PdfReader(io.BytesIO(linesheet.build_linesheet(sheet))).pages[0].extract_text()
    flat = " ".join(text.split())
    for expected in ("MADE IN", "SEOUL", "MIS-2026-000007", "Suggested retail price: $329.00", "MOQ: 10 pair",
                     "Lead time: 21 days", "Contact: Seongsu 2-ga 1-dong", "due in 14 days"):
        assert expected in flat, expected
    assert flat.count("MIS-2026") == 1  # the uncertified product has no seal


def test_sheet_rows_carry_retail_price_and_contact(app, db_session, catalog):
    """The suggested retail price is converted like the wholesale price; the maker's place and page are its
    contact."""
    maker, boots, _hidden, _owner = catalog
    boots.srp_krw = 390_000
    db_session.commit()
    with app.test_request_context("/en/"):
        sheet = linesheet.build_sheet(
            db_session, [db_session.get(Product, boots.id)], title="T", subtitle="S", locale="en", currency="USD",
            rates=money.latest_rates(db_session), product_url=lambda p: f"https://x/{p.id}",
            thumb_path=lambda key: None, maker_url=lambda m: f"https://x/makers/{m.slug}")
    row = sheet.rows[0]
    assert row.srp == "$280.33" and row.seal is None
    assert "Seongsu 2-ga 1-dong" in row.maker_contact and f"https://x/makers/{maker.slug}" in row.maker_contact


def test_images_are_downscaled_once(tmp_path):
    """A product photo is decoded and downscaled once per file version, to the card's print size."""
    from PIL import Image

    path = tmp_path / "photo.jpg"
    Image.new("RGB", (3000, 2000), (120, 80, 40)).save(path)
    first = linesheet.thumbnail(path)
    assert max(first.size) <= linesheet.THUMB_PX and linesheet.thumbnail(path) is first
    assert linesheet.thumbnail(tmp_path / "missing.jpg") is None


def test_download_token_tells_the_page_the_sheet_is_ready(client, catalog):
    """The page's busy button adds a token; the PDF's response sets the cookie it waits for (and only for a
    plain token)."""
    maker, _boots, _hidden, _owner = catalog
    page = client.get(f"/en/makers/{maker.slug}").get_data(as_text=True)
    assert 'id="maker-linesheet"' in page and "data-busy=" in page
    ready = client.get(f"/en/makers/{maker.slug}/linesheet.pdf?download_token=k3x9")
    assert "download_k3x9=1" in ready.headers.get("Set-Cookie", "")
    odd = client.get(f"/en/makers/{maker.slug}/linesheet.pdf?download_token=a;b")
    assert "Set-Cookie" not in odd.headers or "download_" not in odd.headers["Set-Cookie"]


def test_bench_measures_each_language(app):
    """``seoulmade bench linesheet`` reports first and warm times per language against the 1.5 s target."""
    from catalog.lists import bench
    from market.cli import bench as bench_group

    assert "linesheet" in bench_group.commands
    figures = bench.measure(app, locales=("en", "ko"), products=2, rounds=1)
    assert set(figures["locales"]) == {"en", "ko"} and figures["target_seconds"] == 1.5
    assert all(row["bytes"] > 1000 and row["p50_s"] > 0 for row in figures["locales"].values())

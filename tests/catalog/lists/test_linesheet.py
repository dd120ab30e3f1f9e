"""Line sheets: a list's or a public maker's products as a PDF in the buyer's language and currency."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from catalog.lists import linesheet, services
from catalog.products.models import Product
from catalog.products.services import add_product_images
from i18n import money
from market.uploads.images import Upload
from tests.factories.files import png_bytes
from tests.factories.makers import make_maker, make_product
from tests.helpers import sign_in


@pytest.fixture
def catalog(db_session, make_org, make_user):
    """Rates, a public maker with a tiered product translated into Japanese, a hidden maker, the owner."""
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


def test_sheets_write_with_fonts_for_their_script():
    """Korean, Japanese and Chinese sheets write with a CJK font; English and Vietnamese with DejaVu Sans
    (Vietnamese diacritics) and fall back to the CJK font for Korean names."""
    for locale in ("ko", "ja", "zh_Hans"):
        primary, _fallback = linesheet.sheet_fonts(locale)
        assert "CJK" in primary["regular"].path.name or "NotoSans" in primary["regular"].path.name
    ja, ko = linesheet.sheet_fonts("ja")[0]["regular"], linesheet.sheet_fonts("ko")[0]["regular"]
    assert (ja.path, ja.index) != (ko.path, ko.index)  # each language gets its own regional face
    for locale in ("en", "vi"):
        primary, fallback = linesheet.sheet_fonts(locale)
        assert primary["regular"].path.name == "DejaVuSans.ttf" and fallback is not None

"""The public maker page and the maker list: names, story in the visitor's language (or a marked fallback),
profile facts and published products; unknown and unpublished makers are not found."""

import re

from catalog.products.models import ProductStatus
from tests.factories.makers import make_maker, make_product
from tests.helpers import sign_in


def test_maker_page_in_english(client, shoemaker):
    """The English page shows both names, the English story, the cluster link and the profile facts."""
    org, _owner = shoemaker
    response = client.get(f"/en/makers/{org.slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<h1 id="maker-name">\s*Saesol Shoe Workshop\s*</h1>', html)
    assert '<span lang="ko">새솔제화</span>' in html
    assert "A handmade shoe workshop founded in Seongsu in 1988." in html
    assert "fallback-note" not in html
    assert 'href="/en/clusters/seongsu"' in html and "Seongsu-dong" in html
    for text in ("Seongsu 2-ga 1-dong", "1988", "6 people", "calfskin", "post-bed sewing machines", "ISO 9001",
                 "20 (unit: pair)", "sizes can be mixed", "3 weeks", "hand-lasted shoes", "No requests yet"):
        assert text in html, text
    assert "Edit maker profile" not in html


def test_maker_page_in_korean_and_fallback(client, db_session, make_org, shoemaker):
    """The Korean page leads with the Korean name and story; a language without a story says it falls back."""
    org, _owner = shoemaker
    ko = client.get(f"/ko/makers/{org.slug}").get_data(as_text=True)
    assert re.search(r'<h1 id="maker-name">\s*<span lang="ko">새솔제화</span>\s*</h1>', ko)
    assert "1988년 성수동에서 시작한 수제화 공방입니다." in ko and "fallback-note" not in ko
    assert "성수동" in ko
    ja = client.get(f"/ja/makers/{org.slug}").get_data(as_text=True)
    assert "A handmade shoe workshop founded in Seongsu in 1988." in ja and "fallback-note" in ja
    english_only = make_maker(db_session, make_org, name="Mullae Metal", cluster_code="mullae",
                              about={"en": "We turn parts."})
    ko = client.get(f"/ko/makers/{english_only.slug}").get_data(as_text=True)
    assert "We turn parts." in ko and "fallback-note" in ko and 'lang="en" class="maker-story fallback"' in ko


def test_maker_page_lists_published_products(client, db_session, shoemaker):
    """Published products appear as cards with their localized title and price; drafts do not."""
    org, _owner = shoemaker
    make_product(db_session, org, title={"ko": "첼시 부츠", "en": "Chelsea boots"})
    make_product(db_session, org, title={"ko": "비공개 로퍼", "en": "Secret loafers"}, status=ProductStatus.draft)
    en = client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    assert "Chelsea boots" in en and "₩250,000" in en and "Secret loafers" not in en
    ko = client.get(f"/ko/makers/{org.slug}").get_data(as_text=True)
    assert "첼시 부츠" in ko and "fallback-mark" not in ko
    vi = client.get(f"/vi/makers/{org.slug}").get_data(as_text=True)
    assert "Chelsea boots" in vi and "fallback-mark" in vi


def test_unknown_and_unpublished_makers_are_not_found(app, client, db_session, make_org, make_user, shoemaker):
    """Unknown slugs, other kinds of organisation and unpublished profiles answer 404; owners see a preview."""
    assert client.get("/en/makers/no-such-maker").status_code == 404
    buyer = make_org(make_user(), kind="buyer", name="Kobe Leather Select", country="JP")
    assert client.get(f"/en/makers/{buyer.slug}").status_code == 404
    owner = make_user()
    hidden = make_maker(db_session, make_org, owner, name="Quiet Workshop", published=False)
    assert client.get(f"/en/makers/{hidden.slug}").status_code == 404
    stranger = app.test_client()
    sign_in(stranger, make_user())
    assert stranger.get(f"/en/makers/{hidden.slug}").status_code == 404
    owner_client = app.test_client()
    sign_in(owner_client, owner)
    page = owner_client.get(f"/en/makers/{hidden.slug}").get_data(as_text=True)
    assert "Your profile is not public yet" in page and "Edit maker profile" in page


def test_maker_pages_have_no_inline_styles_or_scripts(client, shoemaker):
    """Pages respect the CSP: no inline style attributes or scripts."""
    org, _owner = shoemaker
    for url in (f"/en/makers/{org.slug}", "/en/makers/", "/en/clusters/", "/en/clusters/seongsu"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        # Scripts come from files (src=...), never inline.
        assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html), url


def test_maker_list_searches_and_filters(client, db_session, make_org, shoemaker):
    """The maker list shows public makers, found by English or Korean name and filtered by cluster."""
    make_maker(db_session, make_org, name="Mullae Precision", name_ko="문래정밀", cluster_code="mullae")
    make_maker(db_session, make_org, name="Hidden Works", published=False)
    html = client.get("/en/makers/").get_data(as_text=True)
    assert "Saesol Shoe Workshop" in html and "Mullae Precision" in html and "Hidden Works" not in html
    html = client.get("/en/makers/?q=문래").get_data(as_text=True)
    assert "Mullae Precision" in html and "Saesol Shoe Workshop" not in html
    html = client.get("/en/makers/?cluster=seongsu").get_data(as_text=True)
    assert "Saesol Shoe Workshop" in html and "Mullae Precision" not in html
    assert client.get("/en/makers/?cluster=atlantis").status_code == 422

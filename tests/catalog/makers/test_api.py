"""GET /api/v1/makers (public makers, filtered by cluster and name, paged) and GET /api/v1/makers/{slug}
(a profile with its story in the requested language and whether that is a fallback)."""

import pytest

from tests.factories.makers import make_maker, make_product
from tests.helpers import sign_in


@pytest.fixture
def makers(db_session, make_org, shoemaker):
    """Three public Seongsu makers (one is the shoemaker), one public Mullae maker and an unpublished one."""
    org, _owner = shoemaker
    make_maker(db_session, make_org, name="Ttukseom Leather", name_ko="뚝섬가죽")
    make_maker(db_session, make_org, name="Bareun Shoemakers", name_ko="바른구두")
    make_maker(db_session, make_org, name="Mullae Precision", name_ko="문래정밀", cluster_code="mullae")
    make_maker(db_session, make_org, name="Hidden Shoes", published=False)
    make_product(db_session, org, title={"en": "Chelsea boots"})
    return org


def test_list_filters_and_pages(client, makers):
    """The list holds public makers only, by name, filtered by cluster and name, in pages."""
    body = client.get("/api/v1/makers").json
    assert body["total"] == 4 and body["page"] == 1 and body["per_page"] == 20
    assert [m["name"] for m in body["items"]] == ["Bareun Shoemakers", "Mullae Precision", "Saesol Shoe Workshop",
                                                  "Ttukseom Leather"]
    saesol = body["items"][2]
    assert saesol["product_count"] == 1 and saesol["cluster_code"] == "seongsu"
    assert saesol["url"].endswith("/makers/saesol-shoe-workshop")
    body = client.get("/api/v1/makers?cluster=seongsu&per_page=2&page=2").json
    assert body["total"] == 3 and [m["name"] for m in body["items"]] == ["Ttukseom Leather"]
    assert body["page"] == 2 and body["per_page"] == 2
    assert [m["name"] for m in client.get("/api/v1/makers?q=문래").json["items"]] == ["Mullae Precision"]
    assert [m["name"] for m in client.get("/api/v1/makers?q=LEATHER").json["items"]] == ["Ttukseom Leather"]
    assert client.get("/api/v1/makers?q=100%25").json["total"] == 0


@pytest.mark.parametrize(("query", "field"), [("cluster=atlantis", "cluster"), ("page=0", "page"),
                                               ("per_page=500", "per_page"), ("lang=xx", "lang"),
                                               ("colour=red", "colour")])
def test_list_refuses_bad_parameters(client, makers, query, field):
    """Unknown clusters, pages below 1, page sizes over 100, unknown languages and parameters get 422."""
    response = client.get(f"/api/v1/makers?{query}")
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_detail_in_requested_language(client, makers):
    """The profile comes with the story in the requested language, or the fallback it is really in."""
    body = client.get(f"/api/v1/makers/{makers.slug}?lang=ko").json
    assert body["name"] == "Saesol Shoe Workshop" and body["name_ko"] == "새솔제화"
    assert body["about"] == {"text": "1988년 성수동에서 시작한 수제화 공방입니다.", "locale": "ko", "fallback": False,
                             "reviewed": True}
    assert body["min_order"] == {"quantity": 20, "unit": "pair", "note": "sizes can be mixed"}
    assert body["lead_time_days"] == 21 and body["materials"] == ["calfskin", "leather soles"]
    assert body["cluster_name"] == "Seongsu-dong" and body["published"] is True
    assert body["cobrand_status"] == "none" and body["response"] is None and body["photos"] == []
    ja = client.get(f"/api/v1/makers/{makers.slug}?lang=ja").json
    assert ja["about"]["locale"] == "en" and ja["about"]["fallback"] is True


def test_detail_not_found(app, client, db_session, make_org, make_user):
    """Unknown slugs and unpublished makers answer 404 in the error envelope; owners see their own."""
    assert client.get("/api/v1/makers/no-such-maker").json["error"]["code"] == "not_found"
    owner = make_user()
    hidden = make_maker(db_session, make_org, owner, name="Quiet Workshop", published=False)
    assert client.get(f"/api/v1/makers/{hidden.slug}").status_code == 404
    owner_client = app.test_client()
    sign_in(owner_client, owner)
    body = owner_client.get(f"/api/v1/makers/{hidden.slug}").json
    assert body["name"] == "Quiet Workshop" and body["published"] is False


def test_makers_are_documented(client):
    """Both operations appear in the OpenAPI document."""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "get" in paths["/api/v1/makers"] and "get" in paths["/api/v1/makers/{slug}"]

"""Facility and machine names and descriptions in all five languages: staff write them once, every page in
that language shows them marked with their language, and other languages fall back (marked) as before."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token, sign_in


@pytest.fixture
def world(app, make_facility, make_machine, staff_user):
    facility = make_facility(staff=[staff_user], slug="texts-centre", name="Texts Centre", name_ko="텍스트 센터")
    machine = make_machine(facility, name="Five-axis CNC")
    client = app.test_client()
    sign_in(client, staff_user)
    return client, facility, machine


def _form(**values):
    data = {f"{field}_{loc}": "" for loc in ("en", "ko", "ja", "zh_Hans", "vi") for field in ("name", "description")}
    data.update(values)
    return data


def test_staff_name_and_describe_a_machine_in_five_languages(app, db_session, world):
    """Saved names show on the machine, facility and search pages of their language; the description falls back
    to English, marked, where a language has none."""
    client, facility, machine = world
    url = f"/en/centres/machines/{machine.id}"
    data = _form(name_en="Five-axis CNC", name_ko="5축 CNC", name_ja="5軸CNC", name_zh_Hans="五轴数控机床",
                 name_vi="Máy CNC năm trục", description_en="Cuts aluminium and brass up to 600 mm.",
                 description_ja="600 mmまでのアルミと真鍮を加工します。")
    data["csrf_token"] = csrf_token(client, url)
    assert client.post(f"{url}/texts", data=data).status_code == 302
    expected = {"ko": ("5축 CNC", 'lang="ko"'), "ja": ("5軸CNC", 'lang="ja"'), "zh-hans": ("五轴数控机床", 'lang="zh-Hans"'),
                "vi": ("Máy CNC năm trục", 'lang="vi"'), "en": ("Five-axis CNC", 'lang="en"')}
    for lang, (name, marker) in expected.items():
        page = app.test_client().get(f"/{lang}/centres/machines/{machine.id}").get_data(as_text=True)
        assert f"{marker}>{name}</span>" in page, lang
        assert name in app.test_client().get(f"/{lang}/centres/facilities/{facility.slug}").get_data(as_text=True)
    ja = app.test_client().get(f"/ja/centres/machines/{machine.id}").get_data(as_text=True)
    assert "600 mmまでのアルミ" in ja
    vi = app.test_client().get(f"/vi/centres/machines/{machine.id}").get_data(as_text=True)
    assert "Cuts aluminium" in vi and "fallback-note" in vi


def test_a_facility_description_and_refusals(app, db_session, world, make_user):
    """The facility's texts are saved the same way; an empty English name or an over-long text is refused on its
    field with nothing saved; others than its staff are refused."""
    from market.centres.models import Facility

    client, facility, _machine = world
    url = f"/en/centres/facilities/{facility.slug}"
    token = csrf_token(client, url)
    refused = client.post(f"{url}/texts", data={**_form(name_en="", description_en="Shared floor"),
                                                "csrf_token": token})
    assert refused.status_code == 422 and "Give the name in English." in refused.get_data(as_text=True)
    too_long = client.post(f"{url}/texts", data={**_form(name_en="Texts Centre", description_ko="가" * 4001),
                                                 "csrf_token": token})
    assert too_long.status_code == 422
    db_session.expire_all()
    assert db_session.get(Facility, facility.id).name == "Texts Centre"
    ok = client.post(f"{url}/texts", data={**_form(name_en="Texts Centre", name_ko="텍스트 센터",
                                                   name_vi="Trung tâm Văn bản", description_ko="공동 장비 층"),
                                           "csrf_token": token})
    assert ok.status_code == 302
    assert "공동 장비 층" in app.test_client().get(f"/ko{url[3:]}").get_data(as_text=True)
    assert "Trung tâm Văn bản" in app.test_client().get(f"/vi{url[3:]}").get_data(as_text=True)
    maker = make_user(email="texts-maker@example.com")
    other = app.test_client()
    sign_in(other, maker)
    token = csrf_token(other, url)
    assert other.post(f"{url}/texts", data={**_form(name_en="Hacked"), "csrf_token": token}).status_code == 403

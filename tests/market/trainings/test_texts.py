"""Course titles and summaries in all five languages: training staff write them on the course page, every page
and the API in that language show them, a missing one falls back to English marked with its language; bad input
is marked on its field; others than staff are refused."""

from __future__ import annotations

from tests.factories.clients import isolated_client
from tests.factories.programmes import add_course
from tests.helpers import csrf_token


def _form(**values):
    data = {f"{field}_{loc}": "" for loc in ("en", "ko", "ja", "zh_Hans", "vi") for field in ("title", "summary")}
    data.update(values)
    return data


def test_staff_write_a_course_in_five_languages(app, db_session, make_user):
    course, row = add_course(db_session)
    staff = isolated_client(app, make_user(role="programme_staff"))
    url = f"/en/trainings/courses/{course.id}"
    assert 'id="course-texts-form"' in staff.get(url).get_data(as_text=True)
    data = _form(title_en="Industrial sewing", title_ko="공업용 미싱", title_ja="工業用ミシン", title_zh_Hans="工业缝纫",
                 title_vi="May công nghiệp", summary_en="Lockstitch and overlock machines, 20 hours.",
                 summary_ko="본봉과 오버록 20시간.", csrf_token=csrf_token(staff, url))
    assert staff.post(f"{url}/texts", data=data).status_code == 302
    db_session.refresh(course)
    assert course.title == {"en": "Industrial sewing", "ko": "공업용 미싱"}
    for lang, title in {"ja": "工業用ミシン", "zh-hans": "工业缝纫", "vi": "May công nghiệp", "ko": "공업용 미싱"}.items():
        client = isolated_client(app)
        assert title in client.get(f"/{lang}/trainings/courses/{course.id}").get_data(as_text=True), lang
        assert title in client.get(f"/{lang}/trainings/").get_data(as_text=True), lang
    ja = isolated_client(app).get(f"/ja/trainings/courses/{course.id}").get_data(as_text=True)
    assert 'lang="en"' in ja and "Lockstitch and overlock" in ja
    ics = isolated_client(app).get(f"/vi/trainings/sessions/{row.id}.ics").get_data(as_text=True)
    assert "SUMMARY:" in ics


def test_bad_course_texts_are_marked_and_others_refused(app, db_session, make_user, signed_in):
    course, _row = add_course(db_session)
    staff = isolated_client(app, make_user(role="programme_staff"))
    url = f"/en/trainings/courses/{course.id}"
    token = csrf_token(staff, url)
    refused = staff.post(f"{url}/texts", data=_form(title_ko="공업용 미싱", summary_vi="x" * 2001, csrf_token=token))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="title_en-error"' in html and 'id="summary_vi-error"' in html
    db_session.refresh(course)
    assert course.title["en"] == "Industrial sewing"
    member, _user, _org = signed_in(kind="maker")
    token = csrf_token(member, url)
    assert member.post(f"{url}/texts", data=_form(title_en="Hacked", csrf_token=token)).status_code == 403

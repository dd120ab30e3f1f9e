"""Staff write programmes: a new programme from the staff page (texts in five languages, type, trades, budget,
window, rules and the application form's questions and documents) shows in the directory and takes applications;
bad input is refused on its fields with nothing saved; only programme staff may; editing keeps answers with their
questions. A programme's status moves by its dates everywhere (pages, API filter, applying)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from i18n.times import utcnow
from market.programmes.models import Programme, ProgrammeStatus
from market.programmes.phases import phase
from market.programmes.services import editing, staff
from market.refusals import Refusal
from tests.factories.clients import isolated_client
from tests.factories.programmes import add_profile, add_programme, complete_application
from tests.helpers import csrf_token

NEW = "/en/programmes/staff/programmes/new"


def _seoul(delta: dt.timedelta) -> str:
    return (utcnow() + delta).astimezone(editing.SEOUL).strftime("%Y-%m-%dT%H:%M")


def _form(**values) -> dict:
    data = {"code": "SF-2027-1", "support_type": "facility", "selection_method": "review", "trades": ["sewing"],
            "districts": "Jongno-gu, Jung-gu", "benefit_max_krw": "30000000", "places": "40",
            "responsible_agency": "Seoul", "executing_agency": "SBA", "notice_url": "https://example.org/n.pdf",
            "opens_at": _seoul(-dt.timedelta(days=1)), "closes_at": _seoul(dt.timedelta(days=20)),
            "overlap_years": "3",
            "title_en": "Cutting-room automation", "title_ko": "재단실 자동화", "title_ja": "裁断室の自動化",
            "title_zh_Hans": "裁剪室自动化", "title_vi": "Tự động hóa phòng cắt",
            "summary_en": "Automatic cutters for small sewing workshops.", "summary_ja": "小さな縫製工房の自動裁断機。",
            "rule_headcount_max": "10", "rule_seoul": "y", "rule_ksic": "14",
            "rule_no_support_type": "facility", "rule_no_support_years": "3",
            "q0_label_en": "What will you automate?", "q0_label_ko": "무엇을 자동화합니까?", "q0_type": "textarea",
            "q0_required": "y", "q0_max": "800",
            "q1_label_en": "Which machine?", "q1_type": "choice", "q1_choices": "Cutter\nSpreader",
            "q2_label_en": "",
            "d0_code": "quote", "d0_label_en": "Supplier's quote", "d0_required": "y", "d1_code": ""}
    data.update(values)
    return data


@pytest.fixture
def officer(app, make_user):
    user = make_user(role="programme_staff")
    return isolated_client(app, user), user


def test_staff_create_a_programme_that_members_can_apply_to(app, db_session, officer, signed_in):
    """The new programme is open by its window, shows in each language with its rules and form, and a sewing
    workshop applies to it with the questions staff wrote."""
    client, _user = officer
    data = _form(csrf_token=csrf_token(client, NEW))
    response = client.post(NEW, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    programme = db_session.exec(select(Programme).where(Programme.code == "SF-2027-1")).one()
    assert phase(programme) == ProgrammeStatus.open and programme.places == 40
    assert programme.districts == ["Jongno-gu", "Jung-gu"] and programme.trades == ["sewing"]
    assert {r["code"] for r in programme.rules} == {"headcount_under", "seoul_workplace", "ksic", "no_recent_support"}
    assert [f["type"] for f in programme.form] == ["textarea", "choice"]
    assert programme.form[1]["choices"][1]["label"] == {"en": "Spreader"}
    assert programme.documents == [{"code": "quote", "label": {"en": "Supplier's quote"}, "required": True}]
    # English and Korean stay in the row; the other languages are translatable content.
    assert programme.title == {"en": "Cutting-room automation", "ko": "재단실 자동화"}
    for lang, title in {"ja": "裁断室の自動化", "zh-hans": "裁剪室自动化", "vi": "Tự động hóa phòng cắt",
                        "ko": "재단실 자동화"}.items():
        html = app.test_client().get(f"/{lang}/programmes/{programme.id}").get_data(as_text=True)
        assert title in html, lang
    vi = app.test_client().get(f"/vi/programmes/{programme.id}").get_data(as_text=True)
    assert 'lang="en">Automatic cutters' in vi  # the summary falls back to English, marked
    api = isolated_client(app).get("/api/v1/programmes?lang=ja&status=open").get_json()
    assert "裁断室の自動化" in [p["title"] for p in api["items"]]

    member, _member_user, org = signed_in(kind="maker", cluster_code="changsin", staff_count=6, founded_year=2001)
    add_profile(db_session, org)
    token = csrf_token(member, f"/en/programmes/{programme.id}")
    applied = member.post(f"/en/programmes/{programme.id}/apply", data={"csrf_token": token})
    assert applied.status_code == 302
    page = member.get(applied.headers["Location"]).get_data(as_text=True)
    assert "What will you automate?" in page and "Spreader" in page and "Supplier&#39;s quote" in page


def test_bad_input_is_marked_on_its_fields_and_nothing_is_saved(app, db_session, officer):
    """A missing English title, a deadline before the opening, an unknown support type, a rule without its
    years, a choice question with one option and a document without a name: 422, each field marked."""
    client, _user = officer
    token = csrf_token(client, NEW)
    bad = _form(csrf_token=token, title_en="", closes_at=_seoul(-dt.timedelta(days=3)), support_type="lottery",
                rule_no_support_years="", q1_choices="Cutter", d0_label_en="", places="0")
    response = client.post(NEW, data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("title_en", "closes_at", "support_type", "rule_no_support_years", "q1_choices", "d0_label_en",
                  "places"):
        assert f'id="{field}-error"' in html, field
    assert "Give the title in English." in html and "The deadline must come after the opening." in html
    assert db_session.exec(select(Programme).where(Programme.code == "SF-2027-1")).first() is None
    not_a_number = client.post(NEW, data=_form(csrf_token=token, benefit_max_krw="a lot", title_en=""))
    html = not_a_number.get_data(as_text=True)
    assert not_a_number.status_code == 422 and 'id="benefit_max_krw-error"' in html and 'id="title_en-error"' in html
    add_programme(db_session, code="TAKEN")
    taken = client.post(NEW, data=_form(csrf_token=token, code="TAKEN"))
    assert taken.status_code == 422 and "Another programme has this code." in taken.get_data(as_text=True)


def test_only_programme_staff_create_or_edit(app, db_session, make_user, signed_in):
    programme = add_programme(db_session)
    member, _user, _org = signed_in(kind="maker")
    assert member.get(NEW).status_code == 403
    assert member.get(f"/en/programmes/staff/programmes/{programme.id}/edit").status_code == 403
    token = csrf_token(member, f"/en/programmes/{programme.id}")
    assert member.post(NEW, data=_form(csrf_token=token)).status_code == 403
    with pytest.raises(Refusal) as refused:
        editing.create_programme(db_session, make_user(), editing.ProgrammeInput())
    assert refused.value.status == 403
    assert app.test_client().get(NEW).status_code in (302, 401)


def test_editing_keeps_answers_with_their_questions(app, db_session, officer, signed_in):
    """The edit page starts from the programme; rewording a question keeps its name (and the answers given);
    a later deadline reopens a closed programme."""
    client, _user = officer
    programme = add_programme(db_session, status=ProgrammeStatus.closed)
    url = f"/en/programmes/staff/programmes/{programme.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Smart factory stage 1"' in page and 'value="plan"' in page
    form = editing.input_from_programme(db_session, programme)
    assert [q.name for q in form.questions] == ["plan", "workers", "process", "consent"]
    data = {"csrf_token": csrf_token(client, url), "code": programme.code, "support_type": "facility",
            "selection_method": "review", "opens_at": _seoul(-dt.timedelta(days=30)),
            "closes_at": _seoul(dt.timedelta(days=5)), "overlap_years": "3", "title_en": "Smart factory stage 1",
            "summary_en": "Sensors and barcodes.", "title_ja": "スマート工場 第1段階"}
    for i, q in enumerate(form.questions):
        data.update({f"q{i}_name": q.name, f"q{i}_label_en": q.label_en + (" (reworded)" if i == 0 else ""),
                     f"q{i}_label_ko": q.label_ko, f"q{i}_type": q.type, f"q{i}_choices": q.choices})
        if q.required:
            data[f"q{i}_required"] = "y"
        if q.max is not None:
            data[f"q{i}_max"] = str(q.max)
    data.update({"d0_code": "registration", "d0_label_en": "Business registration certificate", "d0_required": "y"})
    assert client.post(url, data=data).status_code == 302
    db_session.refresh(programme)
    assert programme.form[0]["name"] == "plan" and programme.form[0]["label"] == {"en": "Plan (reworded)", "ko": "계획"}
    assert [c["value"] for c in programme.form[2]["choices"]] == ["cutting", "sewing"]
    assert programme.form[1]["min"] == 0 and programme.form[1]["max"] == 999
    assert phase(programme) == ProgrammeStatus.open
    assert "スマート工場 第1段階" in app.test_client().get(f"/ja/programmes/{programme.id}").get_data(as_text=True)


def test_the_status_follows_the_window_everywhere(app, client, db_session, signed_in):
    """Before its window a programme is upcoming, inside it open, after the deadline closed — in the API's
    filter, on its page and when applying or submitting — without anyone moving it; the stored column
    catches up in one idempotent run."""
    now = utcnow()
    later = add_programme(db_session, title={"en": "Opens later"}, status=ProgrammeStatus.open,
                          opens_at=now + dt.timedelta(days=2), closes_at=now + dt.timedelta(days=9))
    past = add_programme(db_session, title={"en": "Deadline passed"}, status=ProgrammeStatus.open,
                         opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(minutes=1))
    running = add_programme(db_session, title={"en": "Running"}, status=ProgrammeStatus.upcoming,
                            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1))

    def titles(status):
        return {p["title"] for p in client.get(f"/api/v1/programmes?status={status}").get_json()["items"]}

    assert "Running" in titles("open") and {"Opens later", "Deadline passed"}.isdisjoint(titles("open"))
    assert "Opens later" in titles("upcoming") and "Deadline passed" in titles("closed")
    assert "Closed" in client.get(f"/en/programmes/{past.id}").get_data(as_text=True)

    member, _user, org = signed_in(kind="maker", cluster_code="changsin", staff_count=6, founded_year=2001)
    add_profile(db_session, org)
    token = csrf_token(member, f"/en/programmes/{running.id}")
    refused = member.post(f"/en/programmes/{past.id}/apply", data={"csrf_token": token})
    assert refused.status_code == 409
    from market.programmes.services import applications as apps

    with pytest.raises(Refusal) as closed:
        apps.start_application(db_session, past.id, org, _user)
    assert closed.value.code == "programme_closed"
    application = complete_application(db_session, running, org, _user)
    with pytest.raises(Refusal) as late:
        apps.submit_application(db_session, application.id, _user, now=now + dt.timedelta(days=2))
    assert late.value.code == "programme_closed"

    assert editing.sync_statuses(db_session, now) == 3
    db_session.expire_all()
    assert [db_session.get(Programme, p.id).status for p in (later, past, running)] == [
        ProgrammeStatus.upcoming, ProgrammeStatus.closed, ProgrammeStatus.open]
    assert editing.sync_statuses(db_session, now) == 0


def test_staff_open_now_close_now_and_publish(app, db_session, make_user):
    """Opening now starts the window now, closing now ends it now; results only after closing; a programme whose
    deadline passed cannot be opened without a later deadline."""
    officer = make_user(role="programme_staff")
    programme = add_programme(db_session, status=ProgrammeStatus.upcoming)
    with pytest.raises(Refusal) as early:
        editing.set_programme_status(db_session, programme.id, officer, "results")
    assert early.value.status == 409
    editing.set_programme_status(db_session, programme.id, officer, "open")
    assert phase(programme) == ProgrammeStatus.open and programme.opens_at <= utcnow()
    editing.set_programme_status(db_session, programme.id, officer, "closed")
    assert phase(programme) == ProgrammeStatus.closed
    with pytest.raises(Refusal) as reopen:
        editing.set_programme_status(db_session, programme.id, officer, "open")
    assert reopen.value.status == 409
    editing.set_programme_status(db_session, programme.id, officer, "results")
    assert phase(programme) == ProgrammeStatus.results
    assert staff.programmes_for_staff(db_session, officer)

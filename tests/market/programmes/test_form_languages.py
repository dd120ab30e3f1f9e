"""An application form's questions, help texts, options and documents in five languages: the demo programmes have
them, staff write them in the programme's editor, the applicant and the reviewer read them in their language with
a visible mark when one falls back to another, and validation messages name the field in the reader's
language."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from flask_babel import force_locale
from sqlmodel import select

from i18n.locales import LOCALES
from i18n.times import utcnow
from market.programmes.demo import add_demo_programmes
from market.programmes.models import Programme
from market.programmes.review_subject import ADAPTER
from market.programmes.services import applications as apps
from market.programmes.services import editing
from market.refusals import Refusal
from tests.factories.clients import isolated_client
from tests.factories.programmes import add_profile, add_programme
from tests.helpers import csrf_token

NEW = "/en/programmes/staff/programmes/new"
FIVE = {"en": "How many machines?", "ko": "기계는 몇 대입니까?", "ja": "機械は何台ですか？", "zh_Hans": "有几台机器？",
        "vi": "Có bao nhiêu máy?"}
FORM = [
    {"name": "machines", "type": "number", "label": FIVE, "required": True, "min": 0, "max": 50,
     "help": {"en": "Count the sewing machines.", "ja": "ミシンの台数を数えてください。"}},
    {"name": "process", "type": "choice", "label": {"en": "Process", "ko": "공정", "ja": "工程"}, "required": False,
     "choices": [{"value": "cutting", "label": {"en": "Cutting", "ja": "裁断"}},
                 {"value": "sewing", "label": {"en": "Sewing"}}]},
    {"name": "story", "type": "text", "label": {"en": "Your story"}, "required": True},
]
DOCUMENTS = [{"code": "registration", "required": True,
              "label": {"en": "Business registration certificate", "ja": "事業者登録証"}}]


def _seoul(delta: dt.timedelta) -> str:
    return (utcnow() + delta).astimezone(editing.SEOUL).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def workshop(make_user, make_org, db_session):
    owner = make_user(name="Kim Soon-ja")
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6, founded_year=1996)
    add_profile(db_session, org)
    return owner, org


def test_every_demo_question_option_and_document_has_five_languages(app, db_session):
    """The demo programmes' forms are written in ko, en, ja, zh_Hans and vi, down to each option."""
    add_demo_programmes(db_session, random.Random(7))
    db_session.commit()
    programmes = list(db_session.exec(select(Programme)))
    assert programmes
    for programme in programmes:
        for field in programme.form:
            assert set(field["label"]) == set(LOCALES), (programme.code, field["name"])
            assert all(field["label"].values())
            if "help" in field:
                assert set(field["help"]) == set(LOCALES)
            for choice in field.get("choices", []):
                assert set(choice["label"]) == set(LOCALES), (programme.code, choice["value"])
        for document in programme.documents:
            assert set(document["label"]) == set(LOCALES), (programme.code, document["code"])


def test_the_applicant_reads_the_form_in_their_language_with_fallbacks_marked(app, db_session, workshop):
    """On the Japanese page the questions, help and options written in Japanese show in Japanese; those written in
    English only show in English, inside lang="en" and with a visible “shown in English” mark."""
    owner, org = workshop
    programme = add_programme(db_session, form=FORM, documents=DOCUMENTS)
    draft = apps.start_application(db_session, programme.id, org, owner)
    db_session.commit()
    page = isolated_client(app, owner).get(f"/ja/programmes/applications/{draft.id}").get_data(as_text=True)
    assert "機械は何台ですか？" in page and "ミシンの台数を数えてください。" in page and "裁断" in page
    assert "事業者登録証" in page
    assert 'lang="en"' in page and "Your story" in page
    assert page.count('data-fallback="en"') >= 1
    with force_locale("ja"):
        from market.programmes.labels import fallback_note

        note = fallback_note({"en": "Sewing"}, "ja")
    assert note and note in page  # the option “Sewing” carries the note in words
    english = isolated_client(app, owner).get(f"/en/programmes/applications/{draft.id}").get_data(as_text=True)
    assert "How many machines?" in english and 'data-fallback=' not in english


def test_validation_messages_name_the_field_in_the_readers_language(app, db_session, workshop):
    """A refused answer and a missing one name their question as the reader reads it."""
    owner, org = workshop
    programme = add_programme(db_session, form=FORM, documents=DOCUMENTS)
    draft = apps.start_application(db_session, programme.id, org, owner)
    db_session.commit()
    for locale, label in (("ja", "機械は何台ですか？"), ("vi", "Có bao nhiêu máy?"), ("en", "How many machines?")):
        with force_locale(locale), pytest.raises(Refusal) as refused:
            apps.save_answers(db_session, draft.id, owner, {"machines": "many"})
        assert label in refused.value.fields["machines"], locale
        with force_locale(locale):
            needed = apps.missing_for_submission(db_session, draft)
        assert label in needed["machines"] and "Your story" in needed["story"]
    assert db_session.get(type(draft), draft.id).answers == {}
    client = isolated_client(app, owner)
    url = f"/ja/programmes/applications/{draft.id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "machines": "99", "action": "save"})
    assert response.status_code == 422
    assert "機械は何台ですか？" in response.get_data(as_text=True)


def test_the_api_names_fields_in_the_requested_language(app, db_session, workshop):
    """The API's 422 on an answer names the question in the request's language."""
    from tests.factories.clients import bearer

    owner, org = workshop
    programme = add_programme(db_session, form=FORM, documents=DOCUMENTS)
    draft = apps.start_application(db_session, programme.id, org, owner)
    db_session.commit()
    headers = {**bearer(db_session, owner), "Accept-Language": "ja"}
    refused = isolated_client(app).put(f"/api/v1/applications/{draft.id}", json={"answers": {"machines": "x"}},
                                       headers=headers)
    assert refused.status_code == 422
    assert "機械は何台ですか？" in refused.get_json()["error"]["fields"]["machines"]


def test_the_reviewer_reads_labels_in_their_language(app, db_session, workshop):
    """The reviewer's file shows each question in the reviewer's language, noting when it falls back."""
    owner, org = workshop
    programme = add_programme(db_session, form=FORM, documents=DOCUMENTS)
    draft = apps.start_application(db_session, programme.id, org, owner)
    apps.save_answers(db_session, draft.id, owner, {"machines": 4, "process": "sewing", "story": "Thirty years"})
    with force_locale("zh_Hans"):
        sections = dict(ADAPTER.describe(db_session, draft.id).sections)
    assert sections["有几台机器？"] == "4"
    story = next(k for k in sections if k.startswith("Your story"))
    assert story != "Your story"  # marked as shown in English
    assert any(v.startswith("Sewing (") for v in sections.values())


def _form(**values) -> dict:
    data = {"code": "SF-LANG-1", "support_type": "facility", "selection_method": "review", "trades": ["sewing"],
            "opens_at": _seoul(-dt.timedelta(days=1)), "closes_at": _seoul(dt.timedelta(days=20)),
            "overlap_years": "3", "title_en": "Cutting-room automation", "summary_en": "Automatic cutters.",
            "q0_label_en": "Which machine?", "q0_label_ko": "어떤 기계입니까?", "q0_label_ja": "どの機械ですか？",
            "q0_label_zh_Hans": "哪台机器？", "q0_label_vi": "Máy nào?", "q0_type": "choice",
            "q0_choices": "Cutter\nSpreader", "q0_choices_ko": "재단기\n연단기", "q0_choices_ja": "裁断機\n",
            "q0_choices_vi": "Máy cắt\nMáy trải vải", "q0_help_en": "The one you will buy first.",
            "q0_help_vi": "Máy bạn sẽ mua trước.",
            "d0_code": "quote", "d0_label_en": "Supplier's quote", "d0_label_ja": "見積書",
            "d0_label_zh_Hans": "报价单", "d0_required": "y"}
    data.update(values)
    return data


@pytest.fixture
def officer(app, make_user):
    user = make_user(role="programme_staff")
    return isolated_client(app, user), user


def test_staff_write_questions_options_and_documents_in_five_languages(app, db_session, officer):
    """The editor takes every label, help text and option list per language; the edit page shows them again and
    says which languages a question still lacks."""
    client, _user = officer
    response = client.post(NEW, data=_form(csrf_token=csrf_token(client, NEW)))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    programme = db_session.exec(select(Programme).where(Programme.code == "SF-LANG-1")).one()
    [question] = programme.form
    assert question["label"] == {"en": "Which machine?", "ko": "어떤 기계입니까?", "ja": "どの機械ですか？",
                                 "zh_Hans": "哪台机器？", "vi": "Máy nào?"}
    assert question["help"] == {"en": "The one you will buy first.", "vi": "Máy bạn sẽ mua trước."}
    assert [c["label"] for c in question["choices"]] == [
        {"en": "Cutter", "ko": "재단기", "ja": "裁断機", "vi": "Máy cắt"},
        {"en": "Spreader", "ko": "연단기", "vi": "Máy trải vải"}]
    assert programme.documents == [{"code": "quote", "required": True, "label": {
        "en": "Supplier's quote", "ja": "見積書", "zh_Hans": "报价单"}}]
    edit = client.get(f"/en/programmes/staff/programmes/{programme.id}/edit").get_data(as_text=True)
    assert "どの機械ですか？" in edit and "Máy bạn sẽ mua trước." in edit and "見積書" in edit
    assert "Missing:" in edit  # the document lacks Vietnamese
    # Rewording keeps the option's value (and the answers given), with its translations.
    values = [c["value"] for c in question["choices"]]
    url = f"/en/programmes/staff/programmes/{programme.id}/edit"
    again = _form(csrf_token=csrf_token(client, url), q0_name=question["name"], q0_choices_zh_Hans="裁剪机\n铺布机")
    assert client.post(url, data=again).status_code == 302
    db_session.refresh(programme)
    assert [c["value"] for c in programme.form[0]["choices"]] == values
    assert programme.form[0]["choices"][1]["label"]["zh_Hans"] == "铺布机"


def test_more_options_in_another_language_than_in_english_are_refused(app, db_session, officer):
    """Options in another language must follow the English ones: one too many is refused on its field, and a
    label over its length too; nothing is saved."""
    client, _user = officer
    response = client.post(NEW, data=_form(csrf_token=csrf_token(client, NEW), q0_choices_ja="裁断機\n延反機\n余分",
                                           d0_label_vi="x" * 201))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="q0_choices_ja"' in page and "Give at most as many options as in English" in page
    assert db_session.exec(select(Programme).where(Programme.code == "SF-LANG-1")).first() is None


def test_the_api_gives_the_form_in_the_requested_language(app, db_session):
    """A programme's questions, options and documents come in the request's language, each saying which
    language its label is really in."""
    programme = add_programme(db_session, form=FORM, documents=DOCUMENTS)
    body = isolated_client(app).get(f"/api/v1/programmes/{programme.id}", headers={"Accept-Language": "ja"}).get_json()
    machines, process, story = body["questions"]
    assert (machines["label"], machines["label_lang"], machines["help"]) == (
        "機械は何台ですか？", "ja", "ミシンの台数を数えてください。")
    assert [(c["label"], c["label_lang"]) for c in process["choices"]] == [("裁断", "ja"), ("Sewing", "en")]
    assert (story["label"], story["label_lang"]) == ("Your story", "en")
    assert body["documents"] == [{"code": "registration", "label": "事業者登録証", "label_lang": "ja",
                                  "required": True}]

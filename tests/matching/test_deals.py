"""After an accepted introduction: the two sides' thread with checked attachments, the deal's stages (either side,
final once agreed or ended), the accepted NDA as a page and a PDF, and the outcomes as evaluation labels."""

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.refusals import Refusal
from market.uploads.files import Upload
from matching import deals
from matching import introductions as intros
from matching.models import DealStage, IntroMessage, IntroMessageFile
from matching.services import listings, profiles
from tests.factories.clients import isolated_client
from tests.factories.files import pdf_bytes
from tests.helpers import csrf_token


@pytest.fixture
def accepted(db_session, make_user, make_org):
    """A maker whose staged request for a lab's NDA-gated listing went through to the NDA and was accepted."""
    holder = make_user(email="tto@lab.example.com", name="Park Holder")
    lab = make_org(holder, kind="lab", name="Seoul Casting Lab")
    gated = listings.create_listing(
        db_session, holder, lab.id, lang="ko", publish=True, nda_required=True, questions=["월 주조량은?"],
        texts={"ko": {"title": "은 주조 기공 저감 합금", "abstract": "탈산 모합금", "teaser_title": "은 주조 기술",
                      "teaser": "NDA 후 공개"}})
    maker_user = make_user(email="boss@mullae.example.com", name="Kim Maker")
    maker = make_org(maker_user, kind="maker", name="Mullae Works")
    profile = profiles.ensure_org_profile(db_session, maker_user, maker.id)
    profiles.update_profile(db_session, maker_user, profile.id,
                            texts={"ko": {"offer": "CNC 가공", "seek": "은 주조 기공을 줄이는 기술 라이선스"}})
    profiles.set_profile_status(db_session, maker_user, profile.id, True)
    intro = intros.request_introduction(db_session, maker_user, to_doc_id=f"t:{gated.id}", message="은 주조")
    intros.answer_questions(db_session, maker_user, intro.id, ["월 300개"])
    intros.approve_introduction(db_session, holder, intro.id)
    intros.accept_nda(db_session, maker_user, intro.id, intros.current_nda(db_session).version)
    db_session.commit()
    return {"holder": holder, "lab": lab, "maker_user": maker_user, "maker": maker, "intro": intro,
            "listing": gated, "profile": profile}


def test_the_two_sides_write_with_files_and_the_other_is_told(app, db_session, accepted):
    """A message with a PDF reaches the other side's notices with a link to the thread; only the two sides see
    the file."""
    a = accepted
    deals.post_intro_message(db_session, a["maker_user"], a["intro"].id, "Drawings attached.",
                             [Upload("part.pdf", pdf_bytes())])
    db_session.commit()
    notes = list(db_session.exec(select(Notification).where(Notification.user_id == a["holder"].id,
                                                            Notification.kind == "intro_message")))
    assert len(notes) == 1 and f"/introductions/{a['intro'].id}#thread" in notes[0].url
    [(message, files)] = deals.thread_of(db_session, a["holder"], a["intro"].id)
    assert message.body == "Drawings attached." and files[0].filename == "part.pdf"
    holder = isolated_client(app, a["holder"])
    response = holder.get(f"/en/introductions/{a['intro'].id}/files/{files[0].id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "private, no-store"
    anonymous = isolated_client(app)
    assert anonymous.get(f"/en/introductions/{a['intro'].id}/files/{files[0].id}").status_code == 302


def test_an_outsider_gets_nothing(app, db_session, accepted, make_user):
    """Someone of neither side cannot read the thread, its files, the NDA or write to it (404)."""
    a = accepted
    deals.post_intro_message(db_session, a["maker_user"], a["intro"].id, "Hello", [Upload("p.pdf", pdf_bytes())])
    db_session.commit()
    file_id = db_session.exec(select(IntroMessageFile.id)).first()
    outsider = make_user(email="nosy@example.com")
    for call in (lambda: deals.thread_of(db_session, outsider, a["intro"].id),
                 lambda: deals.nda_record(db_session, outsider, a["intro"].id),
                 lambda: deals.post_intro_message(db_session, outsider, a["intro"].id, "Hi"),
                 lambda: deals.set_deal_stage(db_session, outsider, a["intro"].id, "evaluating")):
        with pytest.raises(Refusal) as refused:
            call()
        assert refused.value.status == 404
    client = isolated_client(app, outsider)
    assert client.get(f"/en/introductions/{a['intro'].id}/files/{file_id}").status_code == 404
    assert client.get(f"/en/introductions/{a['intro'].id}/nda.pdf").status_code == 404


def test_bad_messages_are_refused_and_store_nothing(app, db_session, accepted):
    """An empty message, a file that is not what it says and a message before acceptance are refused; nothing is
    stored."""
    a = accepted
    with pytest.raises(Refusal) as refused:
        deals.post_intro_message(db_session, a["maker_user"], a["intro"].id, "  ")
    assert refused.value.field == "body"
    with pytest.raises(Refusal) as refused:
        deals.post_intro_message(db_session, a["maker_user"], a["intro"].id, "see file",
                                 [Upload("drawing.pdf", b"MZ\x90\x00 not a pdf")])
    assert refused.value.field == "files"
    assert db_session.exec(select(IntroMessage)).all() == []
    client = isolated_client(app, a["maker_user"])
    url = f"/en/introductions/{a['intro'].id}"
    page = client.post(f"{url}/messages", data={"csrf_token": csrf_token(client, url), "body": "",
                                                 "files": (io.BytesIO(b"GIF89a fake"), "photo.pdf")},
                       content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and 'aria-invalid="true"' in html and "photo.pdf" in html
    assert db_session.exec(select(IntroMessage)).all() == []


def test_deal_stages_move_either_way_until_agreed(app, db_session, accepted):
    """Either side moves the deal; an agreement needs what was agreed; an agreed deal is final; each change is a
    line on the thread and the other side is told."""
    a = accepted
    intro_id = a["intro"].id
    deals.set_deal_stage(db_session, a["maker_user"], intro_id, "evaluating", expected="talking")
    deals.set_deal_stage(db_session, a["holder"], intro_id, "negotiating", note="Draft licence sent.")
    with pytest.raises(Refusal) as refused:
        deals.set_deal_stage(db_session, a["holder"], intro_id, "agreed")
    assert refused.value.field == "kind"
    with pytest.raises(Refusal) as refused:  # a stale page: the stage changed since the actor looked
        deals.set_deal_stage(db_session, a["maker_user"], intro_id, "agreed", "licence", expected="evaluating")
    assert refused.value.status == 409
    with pytest.raises(Refusal) as refused:
        deals.set_deal_stage(db_session, a["maker_user"], intro_id, "signed")
    assert refused.value.field == "stage"
    intro = deals.set_deal_stage(db_session, a["maker_user"], intro_id, "agreed", "licence")
    db_session.commit()
    assert (intro.deal_stage, intro.deal_kind) == (DealStage.agreed, "licence")
    with pytest.raises(Refusal) as refused:
        deals.set_deal_stage(db_session, a["holder"], intro_id, "negotiating")
    assert refused.value.status == 409
    stages = [m.stage for m, _files in deals.thread_of(db_session, a["holder"], intro_id)]
    assert stages == ["evaluating", "negotiating", "agreed"]
    told = list(db_session.exec(select(Notification).where(Notification.user_id == a["holder"].id,
                                                          Notification.kind == "intro_deal")))
    assert len(told) == 2 and all(f"/introductions/{intro_id}#thread" in n.url for n in told)


def test_an_agreed_deal_is_the_strongest_evaluation_label(app, db_session, accepted):
    """The requester's profile text becomes the query and the listing the relevant doc, graded by the stage."""
    a = accepted
    [label] = deals.deal_labels(db_session)
    assert label["relevant_ids"] == [f"t:{a['listing'].id}"] and label["grade"] == 1
    assert label["query"] == "은 주조 기공을 줄이는 기술 라이선스" and label["lang"] == "ko"
    deals.set_deal_stage(db_session, a["maker_user"], a["intro"].id, "agreed", "licence")
    assert deals.deal_labels(db_session)[0]["grade"] == 3


def test_the_accepted_nda_is_a_page_and_a_pdf(app, db_session, accepted):
    """Both sides read the NDA they are bound by with the parties, version, who accepted and when, and keep it
    as a PDF; the introduction page links both and shows the steps as done."""
    a = accepted
    holder = isolated_client(app, a["holder"])
    detail = holder.get(f"/en/introductions/{a['intro'].id}").get_data(as_text=True)
    assert detail.count("✓") == 4 and f"/en/introductions/{a['intro'].id}/nda.pdf" in detail
    assert 'id="thread-form"' in detail and 'id="deal-form"' in detail
    assert f'/en/matching/profiles/{a["profile"].id}' in detail  # the requester's public profile
    page = holder.get(f"/ko/introductions/{a['intro'].id}/nda").get_data(as_text=True)
    assert "Seoul Casting Lab" in page and "Mullae Works" in page and "Kim Maker" in page
    assert "상호 비밀유지계약" in page
    pdf = isolated_client(app, a["maker_user"]).get(f"/en/introductions/{a['intro'].id}/nda.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Mullae Works" in text and "Seoul Casting Lab" in text and "Kim Maker" in text


def test_the_deal_form_shows_refusals_on_its_field(app, db_session, accepted):
    """Agreeing without saying what was agreed re-renders the page with the kind field marked; nothing moves."""
    a = accepted
    client = isolated_client(app, a["maker_user"])
    url = f"/en/introductions/{a['intro'].id}"
    response = client.post(f"{url}/deal", data={"csrf_token": csrf_token(client, url), "stage": "agreed",
                                                "kind": "", "expected": "talking"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="kind"' in html and "Say what was agreed" in html
    db_session.refresh(a["intro"])
    assert a["intro"].deal_stage is None
    moved = client.post(f"{url}/deal", data={"csrf_token": csrf_token(client, url), "stage": "evaluating",
                                             "kind": "", "expected": "talking"})
    assert moved.status_code == 302
    assert "Evaluating" in client.get(url).get_data(as_text=True)


def test_the_holder_attaches_its_own_nda_and_the_requester_accepts_it(app, db_session, make_user, make_org):
    """A lab attaches its own NDA (a PDF; anything else is refused with nothing stored); the requester at the NDA
    step can download it, an outsider cannot; accepting records the file's SHA-256 on the introduction, and the
    NDA record names it."""
    import hashlib

    from matching import holder_nda

    holder = make_user(email="legal@lab.example.com")
    lab = make_org(holder, kind="lab", name="KAIST Casting Lab")
    listing = listings.create_listing(
        db_session, holder, lab.id, lang="en", publish=True, nda_required=True, questions=["Volume?"],
        texts={"en": {"title": "Porosity-free silver", "abstract": "Deoxidising alloy", "teaser_title": "Silver",
                      "teaser": "After NDA"}})
    with pytest.raises(Refusal) as refused:
        holder_nda.set_holder_nda(db_session, holder, listing.id, Upload("nda.pdf", b"GIF89a not a pdf"))
    assert refused.value.field == "nda_file" and listing.nda_file_key is None
    pdf = pdf_bytes("KAIST Casting Lab mutual NDA, Seoul law")
    holder_nda.set_holder_nda(db_session, holder, listing.id, Upload("kaist-nda.pdf", pdf))
    db_session.commit()
    requester = make_user(email="cto@startup.example.com")
    startup = make_org(requester, kind="startup", name="Mapo Bike Works")
    outsider = make_user(email="nobody@example.com")
    intro = intros.request_introduction(db_session, requester, to_doc_id=f"t:{listing.id}", message="Hello")
    intros.answer_questions(db_session, requester, intro.id, ["50 a month"])
    assert not holder_nda.may_read_holder_nda(db_session, requester, listing)  # not at the NDA step yet
    intros.approve_introduction(db_session, holder, intro.id)
    db_session.commit()
    page = isolated_client(app, requester).get(f"/en/introductions/{intro.id}").get_data(as_text=True)
    assert 'id="holder-nda-link"' in page and "kaist-nda.pdf" in page
    file_url = f"/en/matching/listings/{listing.id}/nda-file"
    assert isolated_client(app, requester).get(file_url).data == pdf
    assert isolated_client(app, outsider).get(file_url).status_code == 404
    intros.accept_nda(db_session, requester, intro.id, intros.current_nda(db_session).version)
    db_session.commit()
    assert intro.nda_file_sha256 == hashlib.sha256(pdf).hexdigest()
    record = isolated_client(app, requester).get(f"/en/introductions/{intro.id}/nda").get_data(as_text=True)
    assert intro.nda_file_sha256 in record and "kaist-nda.pdf" in record
    assert startup.id == intro.from_org_id


def test_the_holder_nda_form_marks_a_wrong_file(app, db_session, accepted):
    """Uploading a PNG as the NDA re-renders the listing editor with the field marked; nothing is attached."""
    a = accepted
    client = isolated_client(app, a["holder"])
    url = f"/en/matching/listings/{a['listing'].id}/edit"
    response = client.post(f"/en/matching/listings/{a['listing'].id}/nda-file",
                           data={"csrf_token": csrf_token(client, url),
                                 "nda_file": (io.BytesIO(b"\x89PNG\r\n\x1a\n0000"), "nda.png")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in html and "not a valid PDF" in html
    db_session.refresh(a["listing"])
    assert a["listing"].nda_file_key is None

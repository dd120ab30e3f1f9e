"""Every refusal of the commission page's forms marks the field at fault, in the milestone it was posted from
(the banner links to it); steps that move money ask for confirmation first."""

import io
import re

from tests.factories.files import image_bytes
from tests.factories.prototypes import fund, milestones_of
from tests.helpers import csrf_token


def test_sending_back_without_a_comment_marks_the_comment(db_session, startup, maker, commission):
    """"Send back" with no comment answers 422 with that milestone's comment field marked and linked."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    url = f"/en/prototypes/commissions/{commission.id}"
    maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                      data={"csrf_token": csrf_token(maker.client, url), "note": "Drawings."},
                      content_type="multipart/form-data")
    refused = startup.client.post(f"/en/prototypes/milestones/{first.id}/reject",
                                  data={"csrf_token": csrf_token(startup.client, url), "comment": " "})
    html = refused.get_data(as_text=True)
    field_id = f"reject-{first.id}-comment"
    assert refused.status_code == 422
    assert f'<a href="#{field_id}">' in html and "Please correct the fields marked below" in html
    assert re.search(rf'<textarea id="{field_id}" name="comment" rows="2" aria-invalid="true" '
                     rf'aria-describedby="{field_id}-error">', html)
    assert f'<p class="error" id="{field_id}-error">Say what needs to change.</p>' in html
    # The approve form of the same milestone is not marked.
    assert f'id="approve-{first.id}-comment" name="comment" rows="2">' in html


def test_an_empty_delivery_marks_the_files_of_that_milestone(db_session, maker, commission):
    """Delivering neither a note nor a file marks that milestone's files field; other milestones stay clean."""
    first, second, _third = milestones_of(db_session, commission)
    fund(db_session, first)
    url = f"/en/prototypes/commissions/{commission.id}"
    refused = maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                                data={"csrf_token": csrf_token(maker.client, url), "note": ""},
                                content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert f'<a href="#deliver-{first.id}-files">' in html
    assert f'id="deliver-{first.id}-files" name="files" multiple aria-invalid="true"' in html
    assert html.count('aria-invalid="true"') == 1


def test_a_refused_photo_is_named_on_the_files_field(db_session, maker, commission):
    """A photo that is not what it claims is refused on the files field with its name."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    url = f"/en/prototypes/commissions/{commission.id}"
    refused = maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                                data={"csrf_token": csrf_token(maker.client, url), "note": "Photo.",
                                      "files": [(io.BytesIO(image_bytes("PNG")[:40]), "part.png")]},
                                content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="deliver-{first.id}-files-error"' in html and "part.png" in html
    assert "Photo." in html  # the note is kept


def test_money_steps_ask_for_confirmation(db_session, startup, maker, commission, posted):
    """Approving (which releases money) asks with the amount; awarding asked on the request page."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    url = f"/en/prototypes/commissions/{commission.id}"
    maker.client.post(f"/en/prototypes/milestones/{first.id}/deliver",
                      data={"csrf_token": csrf_token(maker.client, url), "note": "Done."},
                      content_type="multipart/form-data")
    page = startup.client.get(url).get_data(as_text=True)
    assert re.search(r'class="approve-form"\s+data-confirm="Approve this delivery\? ₩200,000 is then released',
                     page)


def test_an_empty_answer_or_message_marks_its_own_field(db_session, posted, startup, maker):
    """On the request page, an empty answer marks that question's answer field and an empty private message
    marks that thread's message field (the banner links to each)."""
    from market.prototypes.services.nda import accept_nda
    from market.prototypes.services.questions import ask_question

    accept_nda(db_session, maker.user, posted.id)
    question = ask_question(db_session, maker.user, posted.id, "Is anodising included?")
    db_session.commit()
    url = f"/en/prototypes/{posted.id}"
    refused = startup.client.post(f"/en/prototypes/questions/{question.id}/answer",
                                  data={"csrf_token": csrf_token(startup.client, url), "answer": ""})
    html = refused.get_data(as_text=True)
    field_id = f"answer-{question.id}-answer"
    assert refused.status_code == 422 and f'<a href="#{field_id}">' in html
    assert f'<textarea id="{field_id}" name="answer" rows="2" aria-invalid="true"' in html
    refused = maker.client.post(f"{url}/messages", data={"csrf_token": csrf_token(maker.client, url), "body": "",
                                                         "maker_org_id": str(maker.org.id)})
    html = refused.get_data(as_text=True)
    field_id = f"message-{maker.org.id}-body"
    assert refused.status_code == 422 and f'<a href="#{field_id}">' in html
    assert f'<textarea id="{field_id}" name="body" rows="2" aria-invalid="true"' in html

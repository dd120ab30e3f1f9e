"""A machine's manual and photo: the facility's staff upload them through the upload checks, they show on the
machine page, a wrong file is refused on its field and changes nothing, and only the staff may upload."""

from __future__ import annotations

import io

import pytest

from tests.factories.files import jpeg_bytes, pdf_bytes, png_bytes
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def world(app, make_user, make_facility, make_machine, staff_user):
    facility = make_facility(staff=[staff_user], name="Files Centre")
    machine = make_machine(facility, name="Files CNC", specs={"Travel": "600 × 400 mm"})
    client = app.test_client()
    sign_in(client, staff_user)
    return client, facility, machine


def _post(client, machine, **files):
    url = f"/en/centres/machines/{machine.id}"
    data = {"csrf_token": csrf_token(client, url)}
    for name, (content, filename) in files.items():
        data[name] = (io.BytesIO(content), filename)
    return client.post(f"{url}/files", data=data, content_type="multipart/form-data")


def test_staff_upload_a_manual_and_a_photo_shown_on_the_machine_page(app, db_session, world):
    """The manual (PDF) and photo are stored; the page shows the photo and links the manual, which downloads
    as a PDF; the facility page links the machine page; a new photo replaces the old file."""
    from market.centres.models import Equipment
    from market.storage import get_storage

    client, _facility, machine = world
    answer = _post(client, machine, manual=(pdf_bytes("CNC operating manual"), "manual.pdf"),
                   photo=(jpeg_bytes(), "cnc.jpg"))
    assert answer.status_code == 302
    db_session.expire_all()
    stored = db_session.get(Equipment, machine.id)
    assert stored.manual_key.startswith("private/") and stored.photo_key.endswith(".webp")
    page = client.get(f"/en/centres/machines/{machine.id}").get_data(as_text=True)
    assert 'id="machine-photo"' in page and 'id="machine-manual"' in page and "600 × 400 mm" in page
    manual = client.get(f"/en/centres/machines/{machine.id}/manual.pdf")
    assert manual.status_code == 200 and manual.mimetype == "application/pdf" and manual.data.startswith(b"%PDF")
    photo_url = page.split('id="machine-photo" src="')[1].split('"')[0]
    served = app.test_client().get(photo_url)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    served.close()
    assert f"/en/centres/machines/{machine.id}" in client.get(
        f"/en/centres/facilities/{_facility.slug}").get_data(as_text=True)
    old = stored.photo_key
    assert _post(client, machine, photo=(png_bytes(), "new.png")).status_code == 302
    db_session.expire_all()
    assert db_session.get(Equipment, machine.id).photo_key != old and not get_storage().exists(old)


def test_a_file_that_is_not_a_pdf_is_refused_on_its_field(app, db_session, world):
    """An image sent as the manual, or text sent as the photo, is refused (422) on its field in the user's
    language, and nothing is stored."""
    from market.centres.models import Equipment

    client, _facility, machine = world
    refused = _post(client, machine, manual=(png_bytes(), "manual.pdf"))
    assert refused.status_code == 422
    assert "manual.pdf" in refused.get_data(as_text=True)
    bad_photo = _post(client, machine, photo=(b"not a picture", "cnc.jpg"))
    assert bad_photo.status_code == 422
    empty = _post(client, machine)
    assert empty.status_code == 422 and "Choose a manual" in empty.get_data(as_text=True)
    db_session.expire_all()
    stored = db_session.get(Equipment, machine.id)
    assert stored.manual_key is None and stored.photo_key is None
    assert client.get(f"/en/centres/machines/{machine.id}/manual.pdf").status_code == 404


def test_only_the_facility_staff_may_upload(app, db_session, world, make_user):
    """A maker gets 403 and no form; the page still shows the machine to everyone."""
    _client, _facility, machine = world
    maker = make_user(email="nosy@example.com")
    client = app.test_client()
    sign_in(client, maker)
    page = client.get(f"/en/centres/machines/{machine.id}")
    assert page.status_code == 200 and "machine-files-form" not in page.get_data(as_text=True)
    assert _post(client, machine, manual=(pdf_bytes(), "manual.pdf")).status_code == 403
    assert app.test_client().get(f"/ko/centres/machines/{machine.id}").status_code == 200

"""Editing a maker profile: owners save it (and its workshop photos); bad input is refused with a message and
changes nothing; other people get 404 and change nothing."""

import io

import pytest
from lxml import html as lxml_html

from catalog.makers import services
from catalog.makers.models import MakerProfile
from market.refusals import Refusal
from tests.factories.files import png_bytes, stored_files
from tests.helpers import csrf_token, sign_in

PHOTO = png_bytes(colour=(180, 120, 60))

VALID = {"materials": ["shoes_leather.calfskin", "shoes_leather.suede"], "materials-other": "Calfskin",
         "capabilities": ["shoes_leather.hand_stitching"], "equipment-other": "post-bed sewing machine",
         "certifications": "ISO 9001", "min_order_qty": "30", "min_order_unit": "pair",
         "min_order_note": "sizes can be mixed", "lead_time_days": "28", "published": "y"}


@pytest.fixture
def owner_client(app, shoemaker):
    """A client signed in as the shoemaker's owner."""
    _org, owner = shoemaker
    client = app.test_client()
    sign_in(client, owner)
    return client


def _profile(db_session, org) -> MakerProfile:
    db_session.expire_all()
    return db_session.get(MakerProfile, org.id)


def test_owner_edits_profile(owner_client, db_session, shoemaker):
    """The owner sees the form filled in, saves it and finds the new facts on the public page."""
    org, _owner = shoemaker
    url = f"/en/makers/{org.slug}/profile"
    form = owner_client.get(url)
    assert form.status_code == 200
    doc = lxml_html.fromstring(form.get_data(as_text=True))
    # Free text stored before the vocabulary: a known name is ticked, the rest stays under "Other".
    assert doc.xpath('//input[@name="materials"][@checked]/@value') == ["shoes_leather.calfskin"]
    assert doc.xpath('//input[@name="materials-other"]/@value') == ["leather soles"]
    response = owner_client.post(url, data={**VALID, "csrf_token": csrf_token(owner_client, url)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/en/makers/{org.slug}")
    profile = _profile(db_session, org)
    assert profile.materials == ["shoes_leather.calfskin", "shoes_leather.suede"]
    assert profile.equipment == ["post-bed sewing machine"]
    db_session.refresh(org)
    assert org.capabilities == ["shoes_leather.hand_stitching"]
    assert (profile.min_order_qty, profile.min_order_unit, profile.lead_time_days) == (30, "pair", 28)
    assert profile.published_at is not None
    page = owner_client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    assert "Your maker profile was saved." in page and "4 weeks" in page and "suede" in page


def test_owner_unpublishes_profile(owner_client, client, db_session, shoemaker):
    """Unticking "Show my public profile" hides the page from everyone but its owners."""
    org, _owner = shoemaker
    url = f"/en/makers/{org.slug}/profile"
    data = {k: v for k, v in VALID.items() if k != "published"}
    response = owner_client.post(url, data={**data, "csrf_token": csrf_token(owner_client, url)})
    assert response.status_code == 302
    assert _profile(db_session, org).published_at is None
    assert client.get(f"/en/makers/{org.slug}").status_code == 404


@pytest.mark.parametrize(("field", "value", "message"), [
    ("lead_time_days", "999", "Number must be between 0 and 365."),
    ("min_order_qty", "0", "Number must be between 1 and 1000000."),
    ("min_order_unit", "barrel", "Not a valid choice."),
    ("materials-other", "x" * 81, "Each “Other” value may have at most 80 characters."),
    ("materials", "shoes_leather.unobtainium", "Choose values from the list"),
    ("equipment-other", "\n".join(f"machine {i}" for i in range(31)), "List at most 30 values."),
])
def test_bad_input_is_refused(owner_client, db_session, shoemaker, field, value, message):
    """Bad values re-render the form with the field's message (422) and change nothing."""
    org, _owner = shoemaker
    url = f"/en/makers/{org.slug}/profile"
    response = owner_client.post(url, data={**VALID, field: value, "csrf_token": csrf_token(owner_client, url)})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    profile = _profile(db_session, org)
    assert profile.materials == ["calfskin", "leather soles"] and profile.lead_time_days == 21


def test_others_cannot_edit(app, client, db_session, make_user, signed_in, shoemaker):
    """Another maker's owner gets 404 for the form and the save, and nothing changes; visitors must sign in."""
    org, _owner = shoemaker
    url = f"/en/makers/{org.slug}/profile"
    other, _user, _other_org = signed_in("maker")
    assert other.get(url).status_code == 404
    response = other.post(url, data={**VALID, "csrf_token": csrf_token(other, "/en/account/")})
    assert response.status_code == 404
    assert _profile(db_session, org).min_order_qty == 20
    assert client.get(url).status_code == 302
    assert other.get("/en/makers/no-such-maker/profile").status_code == 404


def test_service_refuses_strangers_and_unknown_fields(app, db_session, make_user, shoemaker):
    """The service itself answers "not found" to strangers and refuses unknown fields."""
    org, owner = shoemaker
    with pytest.raises(Refusal) as exc:
        services.update_maker_profile(db_session, make_user(), org.id, lead_time_days=3)
    assert (exc.value.code, exc.value.status) == ("not_found", 404)
    with pytest.raises(services.MakerError) as exc:
        services.update_maker_profile(db_session, owner, org.id, cobrand_status="gold")
    assert exc.value.field == "cobrand_status"
    assert _profile(db_session, org).lead_time_days == 21


def test_owner_adds_and_removes_workshop_photos(app, owner_client, client, db_session, shoemaker):
    """A real photo is cleaned, stored and shown on the page; removing it deletes its files."""
    org, _owner = shoemaker
    edit_url = f"/en/makers/{org.slug}/profile"
    token = csrf_token(owner_client, edit_url)
    response = owner_client.post(f"/en/makers/{org.slug}/photos", content_type="multipart/form-data",
                                 data={"photo-csrf_token": token,
                                       "photo-photos": (io.BytesIO(PHOTO), "../../etc/workshop.png")})
    assert response.status_code == 302
    photos = _profile(db_session, org).photos
    assert len(photos) == 1 and photos[0]["thumb_key"].endswith(".webp") and "workshop" not in photos[0]["web_key"]
    page = client.get(f"/en/makers/{org.slug}").get_data(as_text=True)
    thumb_url = "/media/" + photos[0]["thumb_key"]
    assert thumb_url in page and "Workshop photo 1 of 1" in page
    with client.get(thumb_url) as media:
        assert media.status_code == 200 and media.mimetype == "image/webp"
    keys = {photos[0]["web_key"], photos[0]["thumb_key"]}
    response = owner_client.post(f"/en/makers/{org.slug}/photos/{photos[0]['id']}/delete",
                                 data={"csrf_token": token})
    assert response.status_code == 302
    assert _profile(db_session, org).photos == []
    assert not keys & stored_files(app)


def test_non_image_photo_is_refused(app, owner_client, db_session, shoemaker):
    """A file that is not an image is refused with a message and nothing is stored."""
    org, _owner = shoemaker
    token = csrf_token(owner_client, f"/en/makers/{org.slug}/profile")
    before = stored_files(app)
    response = owner_client.post(f"/en/makers/{org.slug}/photos", content_type="multipart/form-data",
                                 data={"photo-csrf_token": token,
                                       "photo-photos": (io.BytesIO(b"%PDF-1.4 not a photo"), "shop.jpg")})
    assert response.status_code == 422
    assert "shop.jpg" in response.get_data(as_text=True)
    assert _profile(db_session, org).photos == [] and stored_files(app) == before


def test_others_cannot_add_or_remove_photos(db_session, signed_in, shoemaker):
    """Another maker's owner gets 404 when adding or removing photos, and nothing changes."""
    from market.uploads.images import Upload

    org, owner = shoemaker
    services.add_workshop_photos(db_session, owner, org.id, [Upload("a.png", PHOTO)])
    db_session.commit()
    photo = _profile(db_session, org).photos[0]
    other, _user, _org = signed_in("maker")
    token = csrf_token(other, "/en/account/")
    response = other.post(f"/en/makers/{org.slug}/photos", content_type="multipart/form-data",
                          data={"photo-csrf_token": token, "photo-photos": (io.BytesIO(PHOTO), "b.png")})
    assert response.status_code == 404
    response = other.post(f"/en/makers/{org.slug}/photos/{photo['id']}/delete", data={"csrf_token": token})
    assert response.status_code == 404
    assert _profile(db_session, org).photos == [photo]

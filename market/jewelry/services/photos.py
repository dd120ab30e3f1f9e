"""Photos of an order: the workshop shows the prototype (while making it) and the finished piece (in production
and quality check); the order's parties see them."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.jewelry.models import JewelryOrderPhoto, JewelryOrderStatus, JewelryRole
from market.jewelry.services.access import JewelryError, not_found
from market.jewelry.services.orders import get_order
from market.uploads.images import clean_image, store_image

MAX_PHOTOS = 12
# The stage a photo shows, by the order's status when it is added.
STAGES = {JewelryOrderStatus.prototyping: "prototype", JewelryOrderStatus.revision_requested: "prototype",
          JewelryOrderStatus.in_production: "production", JewelryOrderStatus.quality_check: "production"}


def add_photo(session: Session, user, order_id: int, data: bytes, filename: str = "") -> JewelryOrderPhoto:
    """The workshop adds a photo of the prototype (while making it) or of the finished piece (in production or
    quality check); cleaned and stored as WEBP. Refuses other parties (not_found), other stages (409), more than
    12 photos and anything that is not a sound JPEG, PNG or WEBP."""
    order = get_order(session, user, order_id, JewelryRole.workshop)
    stage = STAGES.get(JewelryOrderStatus(order.status))
    if stage is None:
        raise JewelryError(_("Photos are added while the prototype or the piece is being made."),
                           code="wrong_state", status=409)
    count = session.exec(select(func.count()).select_from(JewelryOrderPhoto)
                         .where(JewelryOrderPhoto.order_id == order.id)).one()
    if count >= MAX_PHOTOS:
        raise JewelryError(_("An order has at most %(n)d photos.", n=MAX_PHOTOS), "photo")
    clean = clean_image(data, filename)  # refuses (ImageRefused) anything but a sound JPEG, PNG or WEBP
    stored = store_image(clean, area="private")
    photo = JewelryOrderPhoto(order_id=order.id, stage=stage, web_key=stored.web_key, thumb_key=stored.thumb_key,
                              width=stored.width, height=stored.height, uploaded_by_id=user.id)
    session.add(photo)
    session.flush()
    return photo


def get_photo(session: Session, user, order_id: int, photo_id: int) -> JewelryOrderPhoto:
    """A photo of an order, for the order's parties only."""
    order = get_order(session, user, order_id)
    photo = session.get(JewelryOrderPhoto, photo_id)
    if photo is None or photo.order_id != order.id:
        raise not_found()
    return photo

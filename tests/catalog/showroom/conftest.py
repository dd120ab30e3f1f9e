"""Fixtures of the showroom tests: a maker with a published product, signed in, and the exchange rates."""

from __future__ import annotations

import pytest

from tests.factories.makers import make_product
from tests.factories.money import rates  # noqa: F401
from tests.helpers import sign_in


@pytest.fixture
def maker_product(app, db_session, make_user, make_org):
    """A published Seongsu product (title in Korean and English) and a client signed in as its maker's owner:
    returns (client, owner, maker, product)."""
    owner = make_user(name="Seongsu Owner")
    maker = make_org(owner, kind="maker", name="Saesol Shoes", cluster_code="seongsu")
    product = make_product(db_session, maker, title={"ko": "수제 첼시 부츠", "en": "Hand-lasted Chelsea boots"})
    client = app.test_client()
    sign_in(client, owner)
    return client, owner, maker, product


@pytest.fixture
def ready_model(app, db_session, maker_product):
    """The maker's product with a ready 3D model (a 300 × 120 × 100 mm box, converted in this process)."""
    from catalog.showroom.models import Placement
    from catalog.showroom.services import models3d
    from tests.factories.showroom import glb_box

    _client, _owner, _maker, product = maker_product
    model = models3d.convert_now(db_session, product, glb_box(300, 120, 100), "box.glb",
                                 dimensions_mm=[300, 120, 100], placement=Placement.floor)
    db_session.commit()
    return model


@pytest.fixture
def showroom(app, db_session):
    """The Seongsu cluster's showroom, empty."""
    from catalog.showroom.models import ShowroomKind
    from catalog.showroom.services import showrooms

    room = showrooms.create_showroom(db_session, slug="seongsu", kind=ShowroomKind.cluster, cluster_code="seongsu",
                                     name_en="Seongsu showroom", name_ko="성수 쇼룸")
    db_session.commit()
    return room

"""Fixtures of the jewelry tests: the directory of the shared mesh files, customers, workshops, the exchange rates,
uploading designs, and an app context for the pure modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.files import MESHES
from tests.factories.jewelry import jewelry_order  # noqa: F401
from tests.factories.money import rates  # noqa: F401


@pytest.fixture(scope="session")
def meshes_dir() -> Path:
    assert MESHES.is_dir(), f"{MESHES} is missing: the tests need ../shared beside the repository"
    return MESHES


@pytest.fixture
def customer(make_user):
    """A signed-up customer (no organisation needed)."""
    return make_user(name="Mina Customer")


@pytest.fixture
def workshop(db_session, make_user, make_org):
    """A Jongno workshop that casts every metal, with its owner: returns (org, owner)."""
    from market.jewelry.services import workshops

    owner = make_user(name="Workshop Owner")
    org = make_org(owner, kind="maker", name="Jongno Test Goldsmith", cluster_code="jongno")
    workshops.set_workshop(db_session, owner, org.id, metals=[
        "silver_925", "gold_14k_yellow", "gold_14k_white", "gold_14k_rose", "gold_18k_yellow", "gold_18k_white",
        "gold_18k_rose", "platinum_950"], capacity=10)
    db_session.commit()
    return org, owner


@pytest.fixture
def upload(db_session):
    """Upload and analyse a design for a user: ``upload(user, data, filename, unit="mm")`` → design. The commit
    runs the analysis the upload queued (jobs run in-process in the tests)."""
    from market.jewelry.services import designs

    def _upload(user, data: bytes, filename: str = "ring.stl", unit: str = "mm", name: str | None = None):
        design, _needs = designs.upload_design(db_session, user, data, filename, unit=unit, name=name)
        db_session.commit()
        return design

    return _upload


@pytest.fixture(scope="module")
def plain_context():
    """An app context without a database, for the pure modules (formats, analysis, sizes, pricing)."""
    from flask import Flask
    from flask_babel import Babel

    app = Flask("jewelry-tests")
    Babel(app)
    with app.app_context():
        yield app

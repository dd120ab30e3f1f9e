"""Fixtures of the jewelry tests: the shared mesh files, made meshes, customers, workshops, designs and quotes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

MESHES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "meshes"
RING = MESHES / "ring_band_bartmassey.stl"


def mesh_bytes(name: str) -> bytes:
    """The bytes of a file of ../shared/data/meshes."""
    return (MESHES / name).read_bytes()


def band_stl(triangles: int = 4000, inner_diameter: float = 17.3) -> bytes:
    """A ring band made here, as binary STL."""
    from market.jewelry import shapes

    return shapes.to_stl(*shapes.band_with_triangles(triangles, inner_diameter))


def make_3mf(model_xml: bytes, extra: dict[str, bytes] | None = None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A 3MF archive with the given model part (and extra entries)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                         b'org/package/2006/content-types"><Default Extension="model" ContentType="application/'
                         b'vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>')
        archive.writestr("3D/3dmodel.model", model_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


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
def rates(db_session):
    """The demo's exchange rates."""
    from market.demo.build import add_exchange_rates

    add_exchange_rates(db_session)
    db_session.commit()


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

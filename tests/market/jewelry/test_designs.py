"""Designs: uploads are checked before anything is stored, the same file is analysed once, units apply, and
nobody sees another customer's design."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from market.jewelry.models import JewelryDesign, MeshAnalysis
from market.jewelry.services import designs
from market.jewelry.services.access import JewelryError
from tests.factories.files import band_stl, make_3mf, mesh_bytes, png_bytes, stored_files
from tests.factories.meshes import ply_declaring


def test_ring_upload_is_analysed_in_millimetres(app, db_session, customer, upload):
    design = upload(customer, mesh_bytes("ring_band_bartmassey.stl"), "ring_band_bartmassey.stl")
    item, analysis = designs.get_design(db_session, customer, design.id)
    summary = designs.summarize(item, analysis)
    assert summary.status == "analysed" and summary.watertight and summary.quotable
    assert summary.volume_mm3 == pytest.approx(181.915, abs=0.01)
    assert summary.ring_inner_diameter_mm == pytest.approx(20.8, abs=0.15)
    assert summary.bbox_mm == pytest.approx([27.755, 22.804, 3.553], abs=0.01)
    assert analysis.glb_key and analysis.thumbnail_key and analysis.progress == 100


def test_same_file_is_analysed_once(app, db_session, customer, make_user, upload):
    data = band_stl(3000)
    first = upload(customer, data, "band.stl")
    other = make_user()
    design, needs_analysis = designs.upload_design(db_session, other, data, "copy.stl")
    assert not needs_analysis and design.analysis_id == first.analysis_id
    assert db_session.exec(select(func.count()).select_from(MeshAnalysis)).one() == 1


def test_customer_unit_scales_stl(app, db_session, customer, upload):
    """The same ring drawn in centimetres is ten times larger; the file's analysis is shared."""
    from market.jewelry import shapes

    vertices, faces = shapes.band_with_triangles(3000)
    data = shapes.to_stl(vertices / 10, faces)
    design = upload(customer, data, "band.stl", unit="cm")
    summary = designs.summarize(*designs.get_design(db_session, customer, design.id))
    assert summary.ring_inner_diameter_mm == pytest.approx(17.3, abs=0.05)
    assert not any("implausibly" in w for w in summary.warnings)
    in_mm = upload(customer, data, "band.stl", unit="mm")
    summary_mm = designs.summarize(*designs.get_design(db_session, customer, in_mm.id))
    assert any("implausibly small" in w for w in summary_mm.warnings)
    assert summary_mm.volume_mm3 == pytest.approx(summary.volume_mm3 / 1000, rel=1e-9)


def test_3mf_unit_wins_over_the_customers(app, db_session, customer, upload):
    design = upload(customer, mesh_bytes("trimesh_featuretype.3MF"), "part.3mf", unit="mm")
    item, analysis = designs.get_design(db_session, customer, design.id)
    assert item.unit == "inch" and item.mm_per_unit == 25.4
    summary = designs.summarize(item, analysis)
    assert summary.bbox_mm[0] == pytest.approx(127.0, abs=0.01)  # 5 inches


def test_glb_is_in_metres(app, db_session, customer, upload):
    design = upload(customer, mesh_bytes("trimesh_boolean.glb"), "scene.glb", unit="mm")
    item, analysis = designs.get_design(db_session, customer, design.id)
    summary = designs.summarize(item, analysis)
    assert item.unit == "m" and not summary.watertight and not summary.quotable
    assert any("not closed" in w for w in summary.warnings)
    assert any("implausibly large" in w for w in summary.warnings)


def test_soup_is_stored_but_said_unquotable(app, db_session, customer, upload):
    design = upload(customer, mesh_bytes("trimesh_soup.stl"), "soup.stl")
    summary = designs.summarize(*designs.get_design(db_session, customer, design.id))
    assert summary.status == "analysed" and not summary.quotable
    assert any(note.startswith("Could not be fixed") for note in summary.repairs)


def test_repair_notes_read_in_each_readers_language(app, db_session, customer, upload):
    """The notes are kept as messages, not as the uploader's words: the same analysis reads in Korean for a
    Korean workshop and in Japanese for a Japanese reader."""
    from flask_babel import force_locale

    design = upload(customer, mesh_bytes("trimesh_soup.stl"), "soup.stl")
    item, analysis = designs.get_design(db_session, customer, design.id)
    assert all(set(note) == {"msgid", "params"} for note in analysis.result["repairs"])
    with force_locale("ko"):
        korean = designs.summarize(item, analysis).repairs
    with force_locale("ja"):
        japanese = designs.summarize(item, analysis).repairs
    assert korean and all(note and "Could not" not in note for note in korean + japanese)
    assert korean != japanese


@pytest.mark.parametrize("name, data", [
    ("cut.stl", mesh_bytes("ring_band_bartmassey.stl")[:-60]),
    ("bomb.3mf", make_3mf(b"<model>" + b" " * (20 * 1024 * 1024) + b"</model>")),
    ("evil.3mf", make_3mf(b"<model/>", {"../../evil.model": b"x"})),
    ("empty.stl", b""),
    ("wrong.stl", mesh_bytes("trimesh_boolean.glb")),
    ("picture.stl", png_bytes()),
    ("huge.ply", ply_declaring(2_000_000_000, 1)),
])
def test_bad_files_store_nothing(app, db_session, customer, name, data):
    before = stored_files(app, "private")
    with pytest.raises(JewelryError) as info:
        designs.upload_design(db_session, customer, data, name)
    assert info.value.field == "file" and info.value.message
    assert stored_files(app, "private") == before
    assert db_session.exec(select(func.count()).select_from(JewelryDesign)).one() == 0
    assert db_session.exec(select(func.count()).select_from(MeshAnalysis)).one() == 0


def test_failed_job_marks_the_file_and_the_worker_goes_on(app, db_session, customer):
    """A stored file that cannot be analysed (here: replaced on disk) ends "failed" with a reason."""
    from market.storage import get_storage

    design, needs = designs.upload_design(db_session, customer, band_stl(2000), "band.stl")
    assert needs
    analysis = db_session.get(MeshAnalysis, design.analysis_id)
    get_storage().path(analysis.storage_key).write_bytes(b"garbage")
    assert designs.analyse_file_job(design.analysis_id) == "failed"
    db_session.refresh(analysis)
    assert analysis.status == "failed" and analysis.error
    db_session.commit()  # the job the upload queued runs now, and finds nothing left to do
    assert designs.analyse_file_job(design.analysis_id) == "skipped"
    db_session.refresh(analysis)
    assert analysis.status == "failed"


def test_analysis_waits_for_the_commit_and_a_rollback_drops_it(app, db_session, customer, monkeypatch):
    """The upload queues its analysis for after the commit: nothing runs before, nothing after a rollback."""
    ran = []
    job = designs.analyse_file_job
    monkeypatch.setattr(designs, "analyse_file_job", lambda analysis_id: ran.append(analysis_id) or job(analysis_id))
    design, needs = designs.upload_design(db_session, customer, band_stl(2000), "band.stl")
    analysis = db_session.get(MeshAnalysis, design.analysis_id)
    assert needs and not ran and analysis.status == "pending"
    db_session.commit()
    db_session.refresh(analysis)
    assert ran == [analysis.id] and analysis.status == "analysed"
    _other, needs = designs.upload_design(db_session, customer, band_stl(2400), "other.stl")
    assert needs
    db_session.rollback()
    assert ran == [analysis.id]


def test_other_customers_design_is_not_found(app, db_session, customer, make_user, upload):
    design = upload(customer, band_stl(2000), "band.stl")
    stranger = make_user()
    with pytest.raises(JewelryError) as info:
        designs.get_design(db_session, stranger, design.id)
    assert info.value.status == 404


def test_unknown_unit_and_long_name_are_refused(app, db_session, customer):
    with pytest.raises(JewelryError):
        designs.upload_design(db_session, customer, band_stl(2000), "band.stl", unit="furlong")
    with pytest.raises(JewelryError):
        designs.upload_design(db_session, customer, band_stl(2000), "band.stl", name="x" * 200)

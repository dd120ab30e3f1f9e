"""The analysis runs after the upload's commit, in a child process with memory and CPU limits: a file that needs
too much kills only its own analysis, which the design then shows as failed with a clear reason; the page says
"analysing" until the analysis is done."""

from __future__ import annotations

import collections
import resource

import pytest

from market.jewelry import formats, isolation
from market.jewelry.models import MeshAnalysis
from market.jewelry.services import designs
from tests.factories.files import band_stl, mesh_bytes
from tests.helpers import sign_in


def _summary(db_session, user, design):
    return designs.summarize(*designs.get_design(db_session, user, design.id))


def test_upload_stores_the_file_and_parses_nothing_before_the_commit(app, db_session, client, customer):
    """The request only counts; the design is "analysing" until the job, run after the commit, is done."""
    sign_in(client, customer)
    design, needs = designs.upload_design(db_session, customer, mesh_bytes("trimesh_quadknot.obj"), "knot.obj")
    analysis = db_session.get(MeshAnalysis, design.analysis_id)
    assert needs and analysis.status == "pending" and analysis.triangles == 2880 and analysis.result is None
    page = client.get(f"/en/jewelry/designs/{design.id}").get_data(as_text=True)
    assert 'data-state="analysing"' in page and 'id="analysis-progress"' in page
    assert client.get(f"/en/jewelry/designs/{design.id}/status").get_json()["state"] == "analysing"
    db_session.commit()  # the in-process queue runs the job now; its heavy part runs in a child process
    db_session.refresh(analysis)
    assert analysis.status == "analysed" and analysis.progress == 100 and analysis.stage == "done"
    state = client.get(f"/en/jewelry/designs/{design.id}/status").get_json()
    assert state["state"] == "analysed" and state["progress"] == 100
    page = client.get(f"/en/jewelry/designs/{design.id}").get_data(as_text=True)
    assert 'data-state="analysed"' in page and 'id="analysis-progress"' not in page


def test_a_file_needing_too_much_memory_kills_only_its_analysis(app, db_session, customer, upload, monkeypatch):
    """With 300 MB for an analysis, a 400,000-triangle band runs out of memory in its child process; the
    test's own process (the web worker here) barely grows, records the failure and goes on."""
    monkeypatch.setitem(app.config, "JEWELRY_ANALYSIS_MEMORY_MB", 300)
    data = band_stl(400_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    design = upload(customer, data, "dense.stl")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    summary = _summary(db_session, customer, design)
    assert summary.status == "failed" and "more memory" in summary.error
    assert grown_mb < 200
    monkeypatch.setitem(app.config, "JEWELRY_ANALYSIS_MEMORY_MB", 3072)
    ring = upload(customer, mesh_bytes("ring_band_bartmassey.stl"), "ring.stl")
    assert _summary(db_session, customer, ring).status == "analysed"


def test_a_file_needing_too_much_cpu_time_is_stopped(app, db_session, client, customer, upload, monkeypatch):
    monkeypatch.setitem(app.config, "JEWELRY_ANALYSIS_CPU_SECONDS", 1)
    design = upload(customer, band_stl(300_000), "dense.stl")
    summary = _summary(db_session, customer, design)
    assert summary.status == "failed" and "took longer" in summary.error
    sign_in(client, customer)
    page = client.get(f"/en/jewelry/designs/{design.id}").get_data(as_text=True)
    assert 'data-state="failed"' in page and "took longer to analyse" in page


def test_a_file_that_fails_to_parse_is_failed_with_its_reason_in_each_readers_language(app, db_session, client,
                                                                                         customer, upload):
    """Its counts were fine, but a triangle points past its vertices: the analysis fails and says the file is
    damaged, in English and in Korean alike."""
    design = upload(customer, b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 7\n", "knot.obj")
    summary = _summary(db_session, customer, design)
    assert summary.status == "failed"
    assert summary.error == "The OBJ file could not be read: it is damaged or not valid."
    sign_in(client, customer)
    english = client.get(f"/en/jewelry/designs/{design.id}").get_data(as_text=True)
    assert "The OBJ file could not be read" in english
    korean = client.get(f"/ko/jewelry/designs/{design.id}").get_data(as_text=True)
    assert 'data-state="failed"' in korean and "OBJ" in korean and "could not be read" not in korean


def test_the_child_reports_progress_and_results(plain_context):
    """Progress arrives stage by stage while the child works; the result is the analysis, the GLB and the PNG."""
    seen = []
    outcome = isolation.analyse_isolated(mesh_bytes("ring_band_bartmassey.stl"), ".stl", None,
                                         formats.DEFAULT_LIMITS, isolation.ChildLimits(),
                                         progress=lambda fraction, stage: seen.append((fraction, stage)))
    fractions = [fraction for fraction, _stage in seen]
    assert fractions == sorted(fractions) and {"weld", "ring", "viewer", "thumbnail"} <= {s for _f, s in seen}
    assert outcome.result["volume"] == pytest.approx(181.915, abs=0.01)
    assert outcome.glb[:4] == b"glTF" and outcome.thumbnail[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_identical_analysis_is_reused_without_a_child(plain_context, monkeypatch):
    """The same file with the same unit and limits is analysed once per process; a different unit is
    analysed again. (The child is counted by wrapping the function that starts it.)"""
    started = []
    real = isolation._analyse_in_child
    monkeypatch.setattr(isolation, "_analyse_in_child", lambda *args: started.append(args[2]) or real(*args))
    monkeypatch.setattr(isolation, "_RECENT", collections.OrderedDict())  # what earlier tests left
    data = mesh_bytes("ring_band_bartmassey.stl")
    first = isolation.analyse_isolated(data, ".stl", "millimeter", formats.DEFAULT_LIMITS, isolation.ChildLimits(),
                                       reuse=True)
    seen = []
    again = isolation.analyse_isolated(data, ".stl", "millimeter", formats.DEFAULT_LIMITS, isolation.ChildLimits(),
                                       reuse=True, progress=lambda fraction, stage: seen.append((fraction, stage)))
    assert started == ["millimeter"] and seen == [(1.0, "done")]
    assert again.result == first.result and again.glb == first.glb and again.result is not first.result
    isolation.analyse_isolated(data, ".stl", "centimeter", formats.DEFAULT_LIMITS, isolation.ChildLimits(),
                               reuse=True)
    assert started == ["millimeter", "centimeter"]

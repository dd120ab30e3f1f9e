"""``seoulmade bench catalog``: the figures other checks read (its last line one JSON object), on a database an
earlier run filled (a million listings are filled and analysed once, then measured as often as needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from catalog.search.bench import fill_catalog

COUNT = 120


def test_the_bench_prints_its_figures_on_a_filled_database(tmp_path):
    from market.app import create_app
    from market.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'filled.db'}"
    upgrade(url)
    fill_catalog(create_app({"DATABASE_URL": url, "SEOULMADE_DATA_DIR": str(tmp_path / "fill")}), COUNT)
    seoulmade = Path(sys.executable).with_name("seoulmade")
    env = {**os.environ, "SEOULMADE_DATA_DIR": str(tmp_path / "cli")}
    done = subprocess.run([str(seoulmade), "bench", "catalog", "--products", str(COUNT), "--rounds", "1",
                           "--database-url", url, "--json"], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["reused"] is True and "fill_s" not in figures and figures["products"] == COUNT
    for key in ("build_s", "start_s", "worker_start_s", "edit_visible_s", "page_p95_ms", "rss_mb",
                "build_rss_peak_mb"):
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    # A worker forked from a master holding the app (gunicorn's preload_app) skips Python's and the app's start.
    assert figures["worker_start_s"] < figures["start_s"]
    assert figures["dense_recall_at_24"] == 1.0  # a small catalog is scanned whole
    assert figures["page_first_round_max_ms"] >= figures["page_first_round_p50_ms"] > 0
    assert "used as they are" in done.stderr
    wrong = subprocess.run([str(seoulmade), "bench", "catalog", "--products", str(COUNT + 1), "--database-url", url],
                           capture_output=True, text=True, env=env, timeout=600)
    assert wrong.returncode != 0 and f"holds {COUNT} products, not {COUNT + 1}" in wrong.stderr

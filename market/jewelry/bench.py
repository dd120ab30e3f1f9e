"""``seoulmade bench jewelry``: time the analysis of ring bands of 10k, 100k and 1M triangles and the latency of
a quote, in-process on a temporary SQLite database."""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time

import click

SIZES = (10_000, 100_000, 1_000_000)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   (n={len(ordered)})"


def time_analysis(triangles: int, repeat: int = 1) -> dict[str, float]:
    """Seconds to check and parse, analyse, convert to GLB and draw the thumbnail of a band of ``triangles``
    (best of ``repeat`` runs)."""
    from market.jewelry import analysis, formats, shapes

    vertices, faces = shapes.band_with_triangles(triangles)
    data = shapes.to_stl(vertices, faces)
    best: dict[str, float] = {}
    for _ in range(repeat):
        times = {}
        wall, cpu = time.perf_counter(), time.process_time()
        checked = formats.check_upload(data, "band.stl")
        raw = formats.read_mesh(data, checked)
        times["parse"] = time.perf_counter() - wall
        wall, cpu_analyse = time.perf_counter(), time.process_time()
        report = analysis.analyse(raw.vertices, raw.faces)
        times["analyse"] = time.perf_counter() - wall
        times["analyse_cpu"] = time.process_time() - cpu_analyse
        wall = time.perf_counter()
        analysis.to_glb(report.mesh)
        times["glb"] = time.perf_counter() - wall
        wall = time.perf_counter()
        analysis.render_thumbnail(report.mesh)
        times["thumbnail"] = time.perf_counter() - wall
        times["total_cpu"] = time.process_time() - cpu
        times["triangles"] = len(raw.faces)
        for key, value in times.items():
            best[key] = min(best.get(key, value), value)
    return best


def run_jewelry_bench(sizes=SIZES, quotes: int = 200, repeat: int = 2) -> None:
    """Print analysis times per mesh size and quote latency (service and API)."""
    import logging

    from market.accounts.models import User
    from market.app import create_app
    from market.db import session_scope
    from market.jewelry import shapes
    from market.jewelry.models import MeshAnalysis
    from market.jewelry.services.designs import analyse_now, upload_design
    from market.jewelry.services.quotes import QuoteRequest, create_quote
    from market.migrate import upgrade

    logging.getLogger("seoulmade").setLevel(logging.WARNING)
    click.echo(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    # Imports and first-call set-up are paid once, outside the timings.
    time_analysis(2_000)
    click.echo(f"analysis of a ring band (binary STL), best of {repeat}, wall-clock (and CPU) time:")
    click.echo("  triangles  | parse+check | analyse (weld, topology, orientation, volume, walls, ring) | GLB | "
               "thumbnail | total")
    for size in sizes:
        t = time_analysis(size, repeat)
        total = t["parse"] + t["analyse"] + t["glb"] + t["thumbnail"]
        click.echo(f"  {int(t['triangles']):>9,} | {_ms(t['parse'])} | {_ms(t['analyse'])} "
                   f"({_ms(t['analyse_cpu']).strip()} CPU) | {_ms(t['glb'])} | {_ms(t['thumbnail'])} | "
                   f"{_ms(total)} ({_ms(t['total_cpu']).strip()} CPU)")

    data_dir = tempfile.mkdtemp(prefix="seoulmade-bench-jewelry-")
    url = f"sqlite:///{os.path.join(data_dir, 'bench.db')}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SEOULMADE_DATA_DIR": data_dir, "UPLOAD_DIR": data_dir,
                      "WTF_CSRF_ENABLED": False})
    from market.accounts.services import create_api_token, register_user
    from market.demo.build import add_exchange_rates

    with app.app_context():
        with session_scope(app) as session:
            add_exchange_rates(session)
            user = register_user(session, "bench@example.com", "granite otter lantern 42", "Bench")
            token = create_api_token(session, user, "bench")[1]
            design, _needs = upload_design(session, user,
                                                    shapes.to_stl(*shapes.band_with_triangles(100_000)),
                                                    "band.stl")
            analyse_now(session, session.get(MeshAnalysis, design.analysis_id))
            design_id, user_id = design.id, user.id
        service_times = []
        for i in range(quotes):
            with session_scope(app) as session:
                user = session.get(User, user_id)
                started = time.perf_counter()
                create_quote(session, user, QuoteRequest(
                    design_id=design_id, metal="gold_18k_yellow", ring_system="US",
                    ring_value=str(4 + (i % 33) * 0.25), quantity=1 + i // 33, currency="USD"))
                session.commit()
                service_times.append(time.perf_counter() - started)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    api_times = []
    for i in range(quotes):
        body = {"design_id": design_id, "metal": "platinum_950", "ring_size": {"system": "EU", "value": 44 + i % 30},
                "quantity": 1 + i // 30, "currency": "JPY"}
        started = time.perf_counter()
        response = client.post("/api/v1/jewelry/quotes", json=body, headers=headers)
        api_times.append(time.perf_counter() - started)
        if response.status_code != 201:
            raise click.ClickException(f"quote failed: {response.status_code} {response.get_data(as_text=True)}")
    click.echo(f"quote (new choices each time, stored), service: {_percentiles(service_times)}")
    click.echo(f"quote through POST /api/v1/jewelry/quotes:        {_percentiles(api_times)}")

"""``seoulmade bench catalog``: build a large catalog and time search and product pages in-process."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time

import click
import numpy as np
import sqlalchemy as sa

QUERIES = [
    ("", {}), ("chelsea boots", {}), ("leather tote", {"sort": "price_asc"}), ("14K gold ring", {}),
    ("CNC aluminium", {"cluster": "mullae"}), ("", {"category": "knitwear", "max_lead_time": "21"}),
    ("부츠", {"lang": "ko"}), ("로스트왁스 주조", {"lang": "ko"}), ("가죽 가방", {"lang": "ko", "cluster": "seongsu"}),
    ("ゴールドリング", {"lang": "ja"}), ("", {"min_price": "50", "max_price": "200", "currency": "USD"}),
    ("wedding invitation letterpress", {}), ("", {"sort": "newest", "page": "3"}),
]
# The first query a new web process answers (``start_s``, ``start_ko_s``).
FIRST_QUERIES = {"en": "leather tote", "ko": "가죽 가방"}


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


FILL_BATCH = 5_000  # products written per statement while filling


def fill_catalog(app, count: int, seed: int = 7, batch: int = FILL_BATCH) -> None:
    """Create clusters, makers and ``count`` published products with their texts, in bulk, ``batch`` products
    per statement."""
    from catalog.products.demo_content import iter_catalog
    from catalog.products.models import Product
    from i18n.content import ContentTranslation
    from market.accounts.models import Organization
    from market.db import session_scope, utcnow
    from market.demo import content
    from market.demo.build import add_clusters, add_exchange_rates

    rng = random.Random(seed)
    makers = content.generate_makers(rng, count=max(30, count // 6))
    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    with session_scope(app) as session:
        add_clusters(session)
        add_exchange_rates(session)
        now = utcnow()
        orgs = [{"id": i + 1, "name": m["name_en"], "name_ko": m["name_ko"], "slug": f"maker-{i + 1}",
                 "kind": "maker", "country": "KR", "cluster_code": m["cluster_code"], "capabilities": [],
                 "source_locale": "ko", "created_at": now} for i, m in enumerate(makers)]
        session.execute(sa.insert(Organization), orgs)
        products, texts = [], []
        written = 0

        def write() -> None:  # in batches: a million products and their texts never sit in memory at once
            nonlocal written
            if products:
                session.execute(sa.insert(Product), products)
                session.execute(sa.insert(ContentTranslation), texts)
                written += len(products)
                products.clear()
                texts.clear()

        per_maker = max(1, -(-count // len(makers)))
        for maker_index, p in iter_catalog(rng, makers, industries, per_maker=(per_maker, per_maker)):
            if written + len(products) == count:
                break
            if len(products) >= batch:
                write()
            pid = written + len(products) + 1
            products.append({"id": pid, "maker_id": maker_index + 1, "category": p["category"],
                             "status": "published", "source_locale": "ko", "price_krw": p["price_krw"],
                             "quantity_tiers": p["quantity_tiers"], "moq": p["moq"], "unit": p["unit"],
                             "lead_time_days": p["lead_time_days"], "hs_code": p["hs_code"],
                             "materials": p["materials"], "incoterms": p["incoterms"], "created_at": now,
                             "updated_at": now, "published_at": now})
            for field in ("title", "description"):
                for locale, text in p[field].items():
                    texts.append({"entity": "product", "entity_id": pid, "field": field, "locale": locale,
                                  "text": text, "source": "author" if locale == "ko" else "translator",
                                  "reviewed": locale == "ko", "updated_at": now})
        write()


def run_catalog_bench(count: int, rounds: int, as_json: bool = False, database_url: str | None = None) -> dict:
    """Fill a catalog, analyse it once, build a generation from the stored documents, then start a new web
    process (``python -m catalog.search.bench``) that serves it: time to its first answer, page and API
    percentiles, its memory, and how long an edit made here takes to be found there. Prints the figures (the
    last line one JSON object with ``--json``) and returns them."""
    import json
    import subprocess
    import sys

    from catalog.search import generations
    from catalog.search.documents import listings_changed
    from catalog.search.jobs import _embedder
    from i18n import content
    from market.app import create_app
    from market.db import session_scope
    from market.migrate import upgrade

    say = (lambda line: click.echo(line, err=True)) if as_json else click.echo
    data_dir = tempfile.mkdtemp(prefix="seoulmade-bench-")
    url = database_url or f"sqlite:///{os.path.join(data_dir, 'bench.db')}"
    index_dir = os.path.join(data_dir, "catalog_index")
    upgrade(url)
    config = {"DATABASE_URL": url, "SEOULMADE_DATA_DIR": data_dir, "CATALOG_INDEX_DIR": index_dir}
    app = create_app(config)
    logging_off()
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {backend}"
    figures: dict = {"products": count, "backend": backend.lower(), "cores": os.cpu_count()}
    started = time.perf_counter()
    present = _products(app)
    if present == count and database_url:
        # Filling and analysing a million listings takes most of an hour: a database filled by an earlier run is
        # used as it is (its stored documents too, when current).
        figures["reused"] = True
        say(f"catalog: the {count} products of {url.rsplit('@', 1)[-1]} are used as they are ({machine})")
    elif present:
        raise click.ClickException(f"the database holds {present} products, not {count}: give an empty one")
    else:
        fill_catalog(app, count)
        figures["fill_s"] = round(time.perf_counter() - started, 1)
        say(f"catalog: {count} products written in {figures['fill_s']} s ({machine})")
    with app.app_context():
        embedder = _embedder(app)
        started = time.perf_counter()
        generations.analyse_all(app, embedder)
        figures["analyse_s"] = round(time.perf_counter() - started, 1)
        say(f"analysis (once, stored): {figures['analyse_s']} s")
        watermark = generations.utcnow() - generations.CLOCK_MARGIN
        with session_scope(app) as session:
            from catalog.products.models import Product
            from i18n.content import ContentTranslation

            # The catalog was written before this build: as in production, nothing is left for the delta.
            session.exec(sa.update(Product).values(updated_at=watermark - dt.timedelta(seconds=1)))
            session.exec(sa.update(ContentTranslation).values(updated_at=watermark - dt.timedelta(seconds=1)))
    # The build runs in a process of its own, as the worker's job does: its time and its peak memory.
    built = subprocess.run([sys.executable, "-m", "catalog.search.bench", "--build", json.dumps(config),
                            watermark.isoformat()], stdout=subprocess.PIPE, text=True, check=True)
    figures.update(json.loads(built.stdout.strip().splitlines()[-1]))
    say(f"index build from stored documents: {figures['build_s']} s, peak memory {figures['build_rss_peak_mb']} MB"
        f" ({figures['generation']})")
    # A new web process whose first query is Korean (it needs Kiwi as well as the model), then one whose first
    # query is English (it needs only the model) and which goes on to serve the pages.
    korean = subprocess.run(
        [sys.executable, "-m", "catalog.search.bench", json.dumps(config), str(rounds), str(count),
         repr(time.time()), "ko"], stdout=subprocess.PIPE, text=True, check=True)
    served_ko = json.loads(korean.stdout.strip().splitlines()[-1])
    figures.update({f"{key}_ko": value for key, value in served_ko.items() if key != "start_s"})
    figures["start_ko_s"] = served_ko["start_s"]
    # A worker added or restarted on a running node: forked from a master that built the app (gunicorn's
    # preload_app), timed from the fork to its first answer.
    forked = subprocess.run(
        [sys.executable, "-m", "catalog.search.bench", json.dumps(config), str(rounds), str(count),
         repr(time.time()), "en", "fork"], stdout=subprocess.PIPE, text=True, check=True)
    served_worker = json.loads(forked.stdout.strip().splitlines()[-1])
    figures["worker_start_s"] = served_worker["start_s"]
    child = subprocess.Popen(
        [sys.executable, "-m", "catalog.search.bench", json.dumps(config), str(rounds), str(count),
         repr(time.time())], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    served = json.loads(child.stdout.readline())
    figures.update(served)
    for lang, got in (("English", served), ("Korean", served_ko)):
        say(f"new web process, {lang} first query ({got['first_query']}): first answer {got['start_s']} s after it "
            f"was spawned (load average {got['load_average']}): Python and the app {got['imports_s']} s "
            f"({got['imports_cpu_s']} s CPU), the catalog index {got['index_s']} s, the first answer "
            f"{got['load_s']} s after the app ({got['first_cpu_s']} s CPU in all by then; {got['first_mode']})")
    say(f"new worker forked from a node's master that holds the app (gunicorn preload_app): first answer "
        f"{served_worker['start_s']} s after the fork (the catalog index {served_worker['index_s']} s; "
        f"{served_worker['first_mode']})")
    say(f"catalog page:  p50 {served['page_p50_ms']} ms   p95 {served['page_p95_ms']} ms   (each query's first "
        f"time, untimed above: p50 {served['page_first_round_p50_ms']} ms, max {served['page_first_round_max_ms']} ms)")
    say(f"products API:  p50 {served['api_p50_ms']} ms   p95 {served['api_p95_ms']} ms")
    say(f"memory of the web process: {served['rss_mb']} MB RSS ({served['rss_file_mb']} MB of it file pages "
        "shared with the other workers of the node)")
    word = f"zanzibar{random.randint(1000, 9999)}"
    with app.app_context(), session_scope(app) as session:
        content.set_text(session, "product", count // 2, "title", "en", f"{word} weekender duffel")
        listings_changed(session, [count // 2])
    edited = time.time()
    child.stdin.write(word + "\n")
    child.stdin.flush()
    found = json.loads(child.stdout.readline())
    child.wait(timeout=60)
    figures["edit_visible_s"] = round(found["found_at"] - edited, 2)
    say(f"an edit made here found by the web process after {figures['edit_visible_s']} s")
    say(f"(data in {data_dir}; {len(QUERIES)} queries x {rounds} rounds, {dt.date.today().isoformat()})")
    if as_json:
        click.echo(json.dumps(figures))
    return figures


def _products(app) -> int:
    from catalog.products.models import Product
    from market.db import session_scope

    with session_scope(app, read_only=True) as session:
        return session.execute(sa.select(sa.func.count()).select_from(Product)).scalar_one()


def build_main() -> None:
    """The index build of the bench in a process of its own (``python -m catalog.search.bench --build CONFIG
    WATERMARK``): prints ``build_s``, the generation's name and the process's peak RSS as one JSON line."""
    import resource

    from catalog.search import generations
    from catalog.search.jobs import _embedder
    from market.app import create_app
    from market.db import session_scope

    config, watermark = json.loads(sys.argv[2]), dt.datetime.fromisoformat(sys.argv[3])
    app = create_app(config)
    logging_off()
    with app.app_context():
        embedder = _embedder(app)
        if embedder is not None:  # the model is loaded before the clock starts
            embedder.encode(["warm"], persist=False)
        started = time.perf_counter()
        with session_scope(app) as session:
            row = generations.build(session, generations.directory(app), embedder, watermark=watermark,
                                    ivf_min=int(app.config.get("CATALOG_IVF_MIN", 50_000)))
        build_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"build_s": round(build_s, 1), "build_rss_peak_mb": round(peak, 1), "generation": row.name}),
          flush=True)


def logging_off() -> None:
    """Per-request log lines would dominate the timings."""
    import logging

    logging.getLogger("seoulmade.request").setLevel(logging.WARNING)


def _rss() -> dict:
    fields = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            name, _sep, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile"):
                fields[name] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS"), "rss_anon_mb": fields.get("RssAnon"), "rss_file_mb": fields.get("RssFile")}


def _cpu_s() -> float:
    """CPU seconds this process has used (all its threads), user and system."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


def _dense_recall(app) -> float | None:
    """How many of the 24 listings nearest in meaning to each bench query the served index finds, against
    scanning every vector (a listing as near as the 24th counts: generated titles repeat), 1.0 when the index
    scans every vector anyway."""
    from catalog.search.index import searcher

    index = searcher(app).index
    dense = index.main.dense
    if dense is None or dense.centroids is None:
        return None if dense is None else 1.0
    from matching.engine import app_embedder

    embedder = app_embedder(app)
    recalls = []
    for q, _extra in QUERIES:
        if not q:
            continue
        vector = embedder.encode([q], persist=False)[0]
        exact = np.empty(len(dense.order), dtype=np.float32)
        exact[np.asarray(dense.order)] = np.asarray(dense.vectors) @ vector
        # A generated catalog repeats titles: listings as near as the 24th nearest count as found (ties).
        kth = np.partition(exact, len(exact) - 24)[len(exact) - 24]
        found = np.argsort(-dense.cosines(vector))[:24]
        recalls.append(float(np.sum(exact[found] >= kth - 1e-6)) / 24)
    return round(float(np.mean(recalls)), 3)


def child_main() -> None:
    """The web process of the bench (``python -m catalog.search.bench``): started with a generation present, it
    times its first answer from the moment it was spawned, its pages and API, reports its memory, then waits for
    a word an edit put in the catalog and says when search finds it (JSON lines on stdout).

    With ``fork`` after the language it is a node's master instead, as gunicorn's ``preload_app`` makes it: it
    builds the app, then forks a worker and times that worker's first answer from the fork (a worker added or
    restarted on a running node)."""
    config, rounds, count, spawned = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    first_lang = sys.argv[5] if len(sys.argv) > 5 else "en"
    from market.app import create_app

    app = create_app(config)
    created = time.time()
    created_cpu = _cpu_s()
    logging_off()
    if sys.argv[6:7] == ["fork"]:
        forked = time.time()
        pid = os.fork()
        if pid == 0:  # the worker
            from market.app import after_fork

            after_fork(app)
            figures = _first_answer(app, first_lang)
            figures.update(start_s=round(figures.pop("answered_at") - forked, 2))
            print(json.dumps(figures), flush=True)
            os._exit(0)
        os.waitpid(pid, 0)
        return
    first_figures = _first_answer(app, first_lang)
    first_figures.update(start_s=round(first_figures.pop("answered_at") - spawned, 2),
                         imports_s=round(created - spawned, 2), imports_cpu_s=round(created_cpu, 2),
                         first_cpu_s=round(_cpu_s(), 2))
    if first_lang != "en":
        print(json.dumps(first_figures), flush=True)
        return
    import threading

    for thread in threading.enumerate():  # the pages are timed once the background loading is done
        if thread.name == "seoulmade-warm":
            thread.join()
    from i18n.locales import url_segment

    client = app.test_client()
    pages, api = [], []
    first_round: list[float] = []  # each query's first time (its vector, an analyser's first call, the index
    # refreshed once the model arrived): reported apart, the percentiles are of the rounds after it
    rng = random.Random(3)
    for round_ in range(rounds + 1):
        if round_ == 1:
            first_round, pages, api = pages, [], []
        for q, extra in QUERIES:
            args = {"q": q, **extra}
            page_args = {k: v for k, v in args.items() if k != "lang"}
            t = time.perf_counter()
            assert client.get(f"/{url_segment(args.get('lang', 'en'))}/catalog/",
                              query_string=page_args).status_code == 200
            pages.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            assert client.get("/api/v1/products", query_string=args).status_code == 200
            api.append((time.perf_counter() - t) * 1000)
        assert client.get(f"/en/products/{rng.randint(1, count)}").status_code == 200
    recall = _dense_recall(app)
    print(json.dumps({**first_figures, "dense_recall_at_24": recall,
                      "page_first_round_max_ms": round(max(first_round), 1),
                      "page_first_round_p50_ms": round(statistics.median(first_round), 1),
                      "page_p50_ms": round(statistics.median(pages), 1), "page_p95_ms": _percentile(pages, 0.95),
                      "api_p50_ms": round(statistics.median(api), 1), "api_p95_ms": _percentile(api, 0.95),
                      **_rss()}), flush=True)
    word = sys.stdin.readline().strip()
    deadline = time.time() + 60
    while time.time() < deadline:
        body = client.get("/api/v1/products", query_string={"q": word}).get_json()
        if body["total"]:
            break
        time.sleep(0.05)
    print(json.dumps({"found_at": time.time()}), flush=True)


def _first_answer(app, first_lang: str) -> dict:
    """What gunicorn's post_worker_init and `seoulmade serve` do, then the first search: map the catalog index
    (the model, Kiwi and the matching index load in a background thread meanwhile) and answer one query."""
    from catalog.search.index import searcher
    from i18n.locales import url_segment
    from market.app import warm_up

    client = app.test_client()
    started = time.perf_counter()
    warm_up(app, say=lambda _line: None)
    index_s = time.perf_counter() - started
    query = FIRST_QUERIES[first_lang]
    response = client.get(f"/{url_segment(first_lang)}/catalog/", query_string={"q": query})
    assert response.status_code == 200, response.status_code
    answered_at = time.time()
    load_s = time.perf_counter() - started
    assert searcher(app).index is not None and searcher(app).index.source == "generation"
    # Words alone when the model was still loading in the background, words and meaning once it is loaded.
    first_mode = "lexical" if searcher(app).index.awaiting_model else "hybrid"
    return {"answered_at": answered_at, "load_s": round(load_s, 2), "index_s": round(index_s, 3),
            "first_query": query, "load_average": round(os.getloadavg()[0], 2), "first_mode": first_mode}


if __name__ == "__main__":
    build_main() if sys.argv[1:2] == ["--build"] else child_main()

"""``seoulmade bench catalog``: build a large catalog and time search and product pages in-process."""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import tempfile
import time

import click
import sqlalchemy as sa

QUERIES = [
    ("", {}), ("chelsea boots", {}), ("leather tote", {"sort": "price_asc"}), ("14K gold ring", {}),
    ("CNC aluminium", {"cluster": "mullae"}), ("", {"category": "knitwear", "max_lead_time": "21"}),
    ("부츠", {"lang": "ko"}), ("로스트왁스 주조", {"lang": "ko"}), ("가죽 가방", {"lang": "ko", "cluster": "seongsu"}),
    ("ゴールドリング", {"lang": "ja"}), ("", {"min_price": "50", "max_price": "200", "currency": "USD"}),
    ("wedding invitation letterpress", {}), ("", {"sort": "newest", "page": "3"}),
]


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


def fill_catalog(app, count: int, seed: int = 7) -> None:
    """Create clusters, makers and ``count`` published products with their texts, in bulk."""
    from catalog.products.demo_content import generate_catalog
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
        per_maker = max(1, -(-count // len(makers)))
        for maker_index, p in generate_catalog(rng, makers, industries, per_maker=(per_maker, per_maker)):
            if len(products) == count:
                break
            pid = len(products) + 1
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
        session.execute(sa.insert(Product), products)
        session.execute(sa.insert(ContentTranslation), texts)


def run_catalog_bench(count: int, rounds: int) -> None:
    """Build the catalog, then time the search service, the catalog page, the API and product pages."""
    from catalog.search.index import build_index
    from i18n.locales import url_segment
    from market.app import create_app
    from market.db import session_scope
    from market.migrate import upgrade

    data_dir = tempfile.mkdtemp(prefix="seoulmade-bench-")
    url = f"sqlite:///{os.path.join(data_dir, 'bench.db')}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SEOULMADE_DATA_DIR": data_dir, "CATALOG_INDEX_TTL": 3600})
    logging_off()
    started = time.perf_counter()
    fill_catalog(app, count)
    click.echo(f"catalog: {count} products written in {time.perf_counter() - started:.1f} s "
               f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores, SQLite)")
    with app.app_context(), session_scope(app) as session:
        started = time.perf_counter()
        from catalog.search.index import EXTENSION

        app.extensions[EXTENSION] = build_index(session)
        click.echo(f"index build: {time.perf_counter() - started:.1f} s")
    client = app.test_client()
    pages, api, products = [], [], []
    rng = random.Random(3)
    for _ in range(rounds):
        for q, extra in QUERIES:
            args = {"q": q, **extra}
            page_args = {k: v for k, v in args.items() if k != "lang"}
            started = time.perf_counter()
            response = client.get(f"/{url_segment(args.get('lang', 'en'))}/catalog/", query_string=page_args)
            pages.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            response = client.get("/api/v1/products", query_string=args)
            api.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            started = time.perf_counter()
            response = client.get(f"/en/products/{rng.randint(1, count)}")
            products.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    click.echo(f"catalog page:  {_percentiles(pages)}")
    click.echo(f"products API:  {_percentiles(api)}")
    click.echo(f"product page:  {_percentiles(products)}")
    click.echo(f"(data in {data_dir}; {len(QUERIES)} queries x {rounds} rounds, {dt.date.today().isoformat()})")


def logging_off() -> None:
    """Per-request log lines would dominate the timings."""
    import logging

    logging.getLogger("seoulmade.request").setLevel(logging.WARNING)

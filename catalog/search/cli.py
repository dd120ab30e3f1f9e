"""``seoulmade catalog ...``: measuring catalog search. Heavy libraries are imported inside the command."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group()
def catalog():
    """Catalog search tools."""


@catalog.command("eval")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Labelled queries (JSONL); default: catalog/search/data/eval_queries.jsonl.")
@click.option("--seed", default=2026, show_default=True, help="Seed of the generated demo catalog.")
@click.option("--per-category", type=click.IntRange(1, None), default=None,
              help="Only the first N products of each category (a smaller, quicker catalog).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def evaluate_command(path: str | None, seed: int, per_category: int | None, as_json: bool):
    """nDCG@10 and hit@10 per language of BM25 only, dense only and hybrid catalog search, on the demo
    catalog generated in memory (the database is not read)."""
    from catalog.search.demo_catalog import demo_products
    from catalog.search.evaluation import (
        DATA_PATH,
        EvalFileError,
        evaluate,
        format_report,
        index_products,
        read_cases,
    )
    from matching.engine import app_embedder

    try:
        cases = read_cases(path or DATA_PATH)
        products = demo_products(seed, per_category=per_category)
        index = index_products(products, app_embedder(current_app._get_current_object()))
        report = evaluate(index, products, cases)
    except EvalFileError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    click.echo(json.dumps(report, ensure_ascii=False) if as_json else format_report(report))


@catalog.group("index")
def index_group():
    """The catalog index: stored documents and generations on shared storage."""


def _progress(stage: str, done: int, total: int) -> None:
    click.echo(f"\r{stage}: {done}/{total}", nl=False)
    if done >= total:
        click.echo("")


@index_group.command("analyse")
@with_appcontext
def analyse_command():
    """Analyse the listings whose stored document is missing or stale (after an analyser upgrade: all), in
    batches, with progress."""
    from catalog.search.generations import analyse_all
    from catalog.search.jobs import _embedder

    app = current_app._get_current_object()
    count = analyse_all(app, _embedder(app), progress=_progress)
    click.echo(f"{count} listings analysed.")


@index_group.command("build")
@with_appcontext
def build_command():
    """Build a new generation from the stored documents and announce it to every process."""
    from catalog.search import generations
    from catalog.search.jobs import _embedder
    from market.db import session_scope

    app = current_app._get_current_object()
    root = generations.directory(app)
    with generations.build_lock(root) as held:
        if not held:
            click.echo("Another process is building a generation; try again when it has finished.", err=True)
            sys.exit(1)
        watermark = generations.utcnow() - generations.CLOCK_MARGIN
        embedder = _embedder(app)
        generations.analyse_all(app, embedder, progress=_progress)
        with session_scope(app) as session:
            row = generations.build(session, root, embedder, progress=_progress, watermark=watermark,
                                    ivf_min=int(app.config.get("CATALOG_IVF_MIN", 50_000)))
            summary = (row.name, row.products, row.build_seconds)
        with session_scope(app) as session:
            generations.prune(session, root)
    click.echo(f"Generation {summary[0]}: {summary[1]} listings in {summary[2]:.1f} s, under {root}.")


@index_group.command("status")
@with_appcontext
def status_command():
    """The generation processes serve, and how many listings changed since it was built."""
    from catalog.search import generations
    from catalog.search.index import changed_since
    from market.db import session_scope

    app = current_app._get_current_object()
    with session_scope(app) as session:
        row = generations.newest(session)
        if row is None:
            click.echo("No generation yet: processes index a small catalog in memory, a large one is answered "
                       "from the database. Run `seoulmade catalog index build`.")
            return
        changed = len(changed_since(session, row.watermark))
        click.echo(f"Generation {row.name}: {row.products} listings, built {row.created_at:%Y-%m-%d %H:%M} UTC in "
                   f"{row.build_seconds:.1f} s; {changed} listings changed since (served from each process's delta).")

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

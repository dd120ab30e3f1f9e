"""``seoulmade matching ...``: import, reindex, evaluate. Heavy libraries are imported inside each command."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("matching")
def matching():
    """Technology matching: import profiles and listings, rebuild the index, measure quality."""


# --- engine: index, quality, model checks (matching/engine) ---------------------------------------------------


def _progress_bars():
    """A ``progress(stage, done, total)`` callback drawing one tqdm bar per stage on stderr."""
    from tqdm import tqdm

    bars: dict[str, object] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="item", leave=True, dynamic_ncols=True)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return progress


def _docs_for_eval(use_demo: bool):
    if use_demo:
        from matching.demo_content import demo_docs

        return demo_docs()
    from market.db import session_scope
    from matching.services.docs import load_docs

    with session_scope() as session:
        return load_docs(session)


@matching.command("reindex")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@with_appcontext
def reindex(quiet: bool):
    """Rebuild the matching index from the database (embeddings come from the cache when unchanged)."""
    import time

    from market.db import session_scope
    from matching.engine import get_engine
    from matching.services.docs import load_docs

    engine = get_engine(current_app, load=False)
    with session_scope() as session:
        docs = load_docs(session)
    started = time.perf_counter()
    before = engine.embedder.encoded
    engine.rebuild(docs, progress=None if quiet else _progress_bars())
    stats = engine.stats()
    click.echo(f"Indexed {stats['docs']} docs ({stats['index']}, model {stats['model']}) in "
               f"{time.perf_counter() - started:.1f} s; {engine.embedder.encoded - before} texts embedded, "
               f"the rest from the cache. Generation {stats['generation']}.")


@matching.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True,
              help='Print exactly one JSON object {"dense": {...}, "lexical": {...}, "hybrid": {...}}.')
@click.option("--demo", "use_demo", is_flag=True,
              help="Evaluate on the demo docs (matching.demo_content) instead of the database's.")
@click.option("--details", is_flag=True, help="Also print per-language and per-group figures (text output).")
@click.option("--monolingual", is_flag=True,
              help="Drop every translation, so each doc is only in its author's language (a cross-language test).")
@click.option("--half", type=click.Choice(["A", "B"]), default=None,
              help="Only the queries of one fixed half (by the SHA-1 of the query text, or of its original for a "
                   "translated twin): tune on one, report both.")
@with_appcontext
def evaluate_command(file: str, as_json: bool, use_demo: bool, details: bool, monolingual: bool, half: str | None):
    """Measure nDCG@10, MRR, hit@10 and recall@10 of dense-only, lexical-only and hybrid ranking on FILE
    (JSONL of labelled queries, see matching.evaluation)."""
    import json

    from matching.engine import make_engine
    from matching.evaluation import (
        EvalFileError,
        evaluate,
        format_report,
        half_of_query,
        read_queries,
        resolve,
    )

    try:
        records = read_queries(file)
    except EvalFileError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    docs = _docs_for_eval(use_demo)
    if not docs:
        click.echo("Error: no profiles or listings to evaluate on (run `seoulmade demo`, or use --demo).", err=True)
        sys.exit(1)
    if monolingual:
        import dataclasses

        docs = [dataclasses.replace(d, translations={d.lang: d.translations[d.lang]} if d.lang in d.translations
                                    else {}) for d in docs]
    engine = make_engine(current_app)
    engine.directory = None  # an evaluation never replaces the service's index files
    engine.rebuild(docs, progress=None if as_json else _progress_bars())
    queries, warnings = resolve(records, docs)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if half:
        queries = [q for q in queries if half_of_query(q) == half]
    report = evaluate(engine, queries)
    if as_json:
        click.echo(json.dumps({mode: report[mode] for mode in ("dense", "lexical", "hybrid")}))
        return
    text = format_report(report)
    if not details:
        text = "\n".join(text.splitlines()[:4])
    click.echo(text)


@matching.command("sts")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Folder holding korsts/ and stsb/ (default ../shared/data beside the repository).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def sts_command(data_dir: str | None, as_json: bool):
    """Spearman correlation of the model's similarities with human scores on KorSTS and STS-B (test sets)."""
    import json

    from matching.engine import make_engine
    from matching.sts import DEFAULT_DATA_DIR, evaluate_cross_lingual, evaluate_sts

    engine = make_engine(current_app)
    try:
        report = evaluate_sts(engine.embedder, data_dir or DEFAULT_DATA_DIR,
                              gloss_weight=engine.params.gloss_weight,
                              progress=None if as_json else _progress_bars())
        cross = evaluate_cross_lingual(engine.embedder, data_dir or DEFAULT_DATA_DIR)
    except FileNotFoundError as exc:
        click.echo(f"Error: {exc.filename} not found (see --data-dir).", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({"model": engine.embedder.model_id, **report, "ko-en": cross}))
        return
    click.echo(f"model {engine.embedder.model_id}: Spearman ρ (cosine vs human score)")
    for name, row in report.items():
        click.echo(f"  {name:<7} {row['pairs']:>5} pairs   model {row['model']:.3f}   engine (model + glossary "
                   f"gloss) {row['engine']:.3f}   lexical TF-IDF {row['lexical']:.3f}")
    click.echo(f"  ko-en   {cross['pairs']:>5} pairs   model {cross['model']:.3f}   (KorSTS sentence 1 against "
               "STS-B sentence 2)")


# --- data: bulk import (matching/importer.py) -------------------------------------------------------------------


@matching.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default=None,
              help="Name of the source (a technology bank, a lab); external refs are unique per source. "
                   "Default: the file name without its extension.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default=None,
              help="Default: from the file name, else from its first character.")
@with_appcontext
def import_command(file: str, source: str | None, fmt: str | None):
    """Import technology listings and profiles from a CSV or JSONL FILE, all or nothing.

    Rows of kind ip_holder or lab become technology listings, the others matching profiles; importing the same
    file again updates the records. Refused rows are listed with their line numbers and nothing is stored.
    """
    import pathlib

    from market.db import session_scope
    from matching.errors import MatchingError
    from matching.importer import import_data

    path = pathlib.Path(file)
    source = source or path.stem
    try:
        with session_scope() as session:
            report = import_data(session, None, path.read_bytes(), source=source, fmt=fmt, filename=path.name)
            if not report.ok:
                raise _RefusedImport(report)
    except _RefusedImport as refused:
        report = refused.report
        for error in report.errors:
            ref = f" ({error.external_ref})" if error.external_ref else ""
            click.echo(f"line {error.line}{ref}: {'; '.join(error.reasons)}", err=True)
        click.echo(f"Error: {report.summary()}", err=True)
        sys.exit(1)
    except MatchingError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(report.summary())


class _RefusedImport(Exception):
    """Raised inside the session scope so that it rolls back (nothing of a refused import is kept)."""

    def __init__(self, report):
        super().__init__(report.summary())
        self.report = report

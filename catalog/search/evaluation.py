"""Measuring catalog search on labelled queries (``seoulmade catalog eval``): nDCG@10 and hit@10 per query
language for BM25 only, dense only and hybrid, on the demo catalog generated in memory (no database).

The products come from :func:`catalog.search.demo_catalog.demo_products` (the demo's generator). The labelled
file (``data/eval_queries.jsonl``) is JSON Lines, one query per line::

    {"query": "指輪", "lang": "ja", "categories": ["rings"]}
    {"query": "lost-wax casting", "lang": "en", "categories": ["moulds"], "en_match": "cast"}

A product is relevant when its category is one of ``categories`` and, when ``en_match`` is given, its English
title or description matches that regular expression (case-insensitive). Labels are about the product, never
about the words of the query, so a Japanese query is judged by what the English text says. Relevance is
binary; a query with no relevant product in the catalog is refused.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from catalog.search.documents import product_documents, product_vectors
from catalog.search.index import MODES, SearchParams

DATA_PATH = Path(__file__).resolve().parent / "data" / "eval_queries.jsonl"
K = 10


class EvalFileError(ValueError):
    """The products come from :func:`catalog.search.demo_catalog.demo_products` (the demo's generator). The labelled
file is malformed (the message names the line)."""


@dataclass(frozen=True)
class CatalogCase:
    """One labelled query."""

    query: str
    lang: str
    categories: tuple[str, ...]
    en_match: str | None = None
    group: str | None = None
    line: int = 0

    def relevant(self, product: dict) -> bool:
        """Whether ``product`` (a generated demo product) answers the query."""
        if product["category"] not in self.categories:
            return False
        if not self.en_match:
            return True
        text = product["title"].get("en", "") + " " + product["description"].get("en", "")
        return re.search(self.en_match, text, re.IGNORECASE) is not None


def read_cases(path: str | Path = DATA_PATH) -> list[CatalogCase]:
    """The labelled queries of a JSONL file; raises EvalFileError naming a bad line."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalFileError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("query"), str) \
                    or not isinstance(record.get("lang"), str) or not record.get("categories"):
                raise EvalFileError(f"{path}:{number}: needs a string 'query', 'lang' and a list 'categories'")
            cases.append(CatalogCase(record["query"], record["lang"], tuple(record["categories"]),
                                     record.get("en_match"), record.get("group"), number))
    return cases


def index_products(products: Sequence[dict], embedder, params: SearchParams | None = None,
                   ivf_min: int | None = None):
    """A :class:`~catalog.search.index.CatalogIndex` of generated products, built the way the service builds
    it from the database (same texts, tokens and vectors; an inverted file from ``ivf_min`` products)."""
    from catalog.search.documents import Analysed, Listing
    from catalog.search.generations import from_documents
    from catalog.search.index import combine
    from i18n.text import documents_tokens, tokenize_many

    documents, embedded = zip(*(product_documents(p["title"], p["description"]) for p in products), strict=True)
    tokens = documents_tokens(list(documents))
    extras = tokenize_many([" ".join(p.get("materials") or []) for p in products])
    vectors = product_vectors(embedder, [list(e) for e in embedded])
    listings = [Listing(i + 1, True, "", 0, 0, 0, "", d, list(e), "", "") for i, (d, e) in
                enumerate(zip(documents, embedded, strict=True))]
    docs = [Analysed(t + e, vectors[i], "") for i, (t, e) in enumerate(zip(tokens, extras, strict=True))]
    return combine(from_documents(listings, docs, embedder.model_id, ivf_min), [], [], set(), embedder,
                   params or SearchParams())


def ndcg(ranked: Sequence[int], relevant: set[int], k: int = K) -> float:
    """Binary nDCG@k."""
    dcg = sum(1.0 / math.log2(i + 2) for i, p in enumerate(ranked[:k]) if p in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def top(scores: np.ndarray | None, k: int = K) -> list[int]:
    """Positions of the ``k`` best matching products (score > 0), best first, ties by position."""
    if scores is None:
        return []
    matched = np.flatnonzero(scores > 0)
    order = matched[np.argsort(-scores[matched], kind="stable")]
    return order[:k].tolist()


def evaluate(index, products: Sequence[dict], cases: Sequence[CatalogCase], modes: Sequence[str] = MODES) -> dict:
    """``{"overall": {mode: {"ndcg@10", "hit@10"}}, "by_lang": {lang: {...}}, "by_group": {...}, "queries": n,
    "failures": [(query, lang, mode), ...]}``; a failure is a hybrid query whose first result is not relevant."""
    rows: dict[str, list[tuple[CatalogCase, float, float]]] = {mode: [] for mode in modes}
    failures = []
    for case in cases:
        relevant = {i for i, p in enumerate(products) if case.relevant(p)}
        if not relevant:
            raise EvalFileError(f"line {case.line}: no product of the catalog is relevant to {case.query!r}")
        for mode in modes:
            ranked = top(index.scores(case.query, case.lang, mode))
            rows[mode].append((case, ndcg(ranked, relevant), 1.0 if set(ranked) & relevant else 0.0))
            if mode == "hybrid" and (not ranked or ranked[0] not in relevant):
                failures.append((case.query, case.lang))

    def mean(picked):
        return {"ndcg@10": round(sum(r[1] for r in picked) / len(picked), 3),
                "hit@10": round(sum(r[2] for r in picked) / len(picked), 3)} if picked else {}

    report: dict = {"overall": {m: mean(rows[m]) for m in modes}, "by_lang": {}, "by_group": {},
                    "queries": len(cases), "failures": failures}
    for lang in sorted({c.lang for c in cases}):
        report["by_lang"][lang] = {m: mean([r for r in rows[m] if r[0].lang == lang]) for m in modes}
        report["by_lang"][lang]["queries"] = sum(1 for c in cases if c.lang == lang)
    for group in sorted({c.group for c in cases if c.group}):
        report["by_group"][group] = {m: mean([r for r in rows[m] if r[0].group == group]) for m in modes}
        report["by_group"][group]["queries"] = sum(1 for c in cases if c.group == group)
    return report


def format_report(report: dict, modes: Sequence[str] = MODES) -> str:
    """A plain-text table: one line per language (and group) with nDCG@10 and hit@10 of each mode."""
    names = {"lexical": "BM25", "dense": "dense", "hybrid": "hybrid"}
    head = f"{'':<22}" + "".join(f"{names[m] + ' nDCG':>13}{'hit':>7}" for m in modes)
    lines = [f"{report['queries']} labelled queries, nDCG@10 and hit@10", head]

    def line(title, block):
        return f"{title:<22}" + "".join(f"{block[m]['ndcg@10']:13.3f}{block[m]['hit@10']:7.3f}" for m in modes)

    lines.append(line("all", report["overall"]))
    for lang, block in report["by_lang"].items():
        lines.append(line(f"{lang} ({block['queries']})", block))
    for group, block in report["by_group"].items():
        lines.append(line(f"{group} ({block['queries']})", block))
    if report["failures"]:
        lines.append("hybrid's first result not relevant: " + ", ".join(f"{q} ({lang})"
                                                                         for q, lang in report["failures"]))
    return "\n".join(lines)

"""Measuring matching quality on labelled queries: nDCG@10, MRR, hit rate@10 and recall@10 for dense-only,
lexical-only and hybrid ranking (``seoulmade matching eval FILE``).

The file is JSON Lines, one query per line::

    {"query": "알루미늄 CNC 가공", "lang": "ko", "kinds": ["maker"], "relevant_refs": ["org:mullae-works"]}
    {"query": "mould cooling", "lang": "en", "relevant_ids": ["t:4", "t:12"], "filters": {"trl_min": 4}}

``relevant_refs`` are external refs of docs (``MatchDoc.external_ref``), ``relevant_ids`` doc ids; relevance is
binary. ``kinds`` and ``filters`` are passed to the search as they are. Metrics are averaged over queries, overall
and per query language and per ``group`` (a line may name one; otherwise "cross-language" when none of its
relevant docs is written in the query's language, else "same-language").
MRR is computed over the top 10 (a query whose first relevant doc is below rank 10 counts 0).

Two more views keep tuning honest (#22): every query falls in half "A" or "B" by the SHA-1 of its text
(:func:`half_of`; ``seoulmade matching eval --half A`` measures one half), so weights tuned on one half are reported
on the other; and ``paired`` compares each cross-language query with the same-language queries that ask for the
same need in another language, so the cross-language gap is not confounded by which needs happen to be translated.
The pairing is also broken down by direction, ``"<query lang>→<doc lang>"``: the doc side is the language set its
relevant docs are written in (``"en"``, ``"ko"``, or ``"en+ko"`` for docs written in both) when every relevant doc
has the same set, else ``"mixed"``; so "ko→en" (Korean needs answered only by English-only docs) is measured apart
from "ja→en+ko".

A translated query names its original with ``"twin_of": "<the original query's text>"`` (same ``relevant_refs``
and ``kinds``). A twin family (the original and every line naming it) is paired explicitly and falls in the half of
its original, so one need is never split between the tuning and the held-out half. Lines outside any family fall
back to the old rule: queries with exactly the same relevant docs are siblings.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

K = 10
METRICS = ("ndcg@10", "mrr", "hit@10", "recall@10")


class EvalFileError(ValueError):
    """The labelled file is malformed (the message names the line)."""


@dataclass(frozen=True)
class LabelledQuery:
    """One labelled query with its relevant doc ids (resolved from refs)."""

    query: str
    lang: str
    relevant: frozenset[str]
    kinds: tuple[str, ...] | None = None
    filters: dict | None = field(default=None, hash=False)
    group: str | None = None
    line: int = 0
    twin_of: str | None = None
    doc_lang: str | None = None  # the languages its relevant docs are written in (see :func:`doc_side`)


def read_queries(path: str | Path) -> list[dict]:
    """The raw records of a JSONL file; raises EvalFileError naming a bad line."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalFileError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("query"), str) \
                    or not isinstance(record.get("lang"), str):
                raise EvalFileError(f"{path}:{number}: needs a string 'query' and 'lang'")
            if not record.get("relevant_refs") and not record.get("relevant_ids"):
                raise EvalFileError(f"{path}:{number}: needs 'relevant_refs' or 'relevant_ids'")
            if "twin_of" in record and (not isinstance(record["twin_of"], str) or not record["twin_of"].strip()
                                        or record["twin_of"] == record["query"]):
                raise EvalFileError(f"{path}:{number}: 'twin_of' must be the text of another query")
            record["_line"] = number
            records.append(record)
    return records


def resolve(records: Iterable[dict], docs: Sequence) -> tuple[list[LabelledQuery], list[str]]:
    """Labelled queries with refs mapped to the ids of ``docs``; also warnings for refs no doc has (a query
    left with no known relevant doc is dropped with a warning)."""
    by_ref = {d.external_ref: d.doc_id for d in docs if d.external_ref}
    ids = {d.doc_id for d in docs}
    queries, warnings = [], []
    records = list(records)
    texts = {record["query"] for record in records}
    for record in records:
        if record.get("twin_of") and record["twin_of"] not in texts:
            warnings.append(f"line {record['_line']}: twin_of names no query of the file: {record['twin_of']!r}")
        relevant = set()
        for ref in record.get("relevant_refs") or ():
            if ref in by_ref:
                relevant.add(by_ref[ref])
            else:
                warnings.append(f"line {record['_line']}: unknown ref {ref!r}")
        for doc_id in record.get("relevant_ids") or ():
            if doc_id in ids:
                relevant.add(doc_id)
            else:
                warnings.append(f"line {record['_line']}: unknown doc id {doc_id!r}")
        if not relevant:
            warnings.append(f"line {record['_line']}: no relevant doc is indexed; query skipped")
            continue
        kinds = record.get("kinds")
        group = record.get("group")
        langs = {doc_id: _doc_langs(d) for d in docs if (doc_id := d.doc_id) in relevant}
        if group is None:
            # A query none of whose relevant docs is written in its language measures cross-language matching.
            group = "cross-language" if all(record["lang"] not in langs[i] for i in relevant) else "same-language"
        queries.append(LabelledQuery(record["query"], record["lang"], frozenset(relevant),
                                     tuple(kinds) if kinds else None, record.get("filters"),
                                     group, record["_line"], record.get("twin_of"), doc_side(langs.values())))
    return queries, warnings


def _doc_langs(doc) -> set[str]:
    return set(doc.written_in)


def doc_side(langs: Iterable[set[str]]) -> str:
    """The doc side of a direction from the language sets of a query's relevant docs: their common set joined by
    "+" (``"en"``, ``"en+ko"``) when every doc has the same one, else ``"mixed"``."""
    sets = {frozenset(x) for x in langs}
    return "+".join(sorted(next(iter(sets)))) if len(sets) == 1 else "mixed"


def half_of(query: str) -> str:
    """The fixed half ("A" or "B") of a labelled query: the parity of the SHA-1 of its text."""
    return "A" if int(hashlib.sha1(query.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def half_of_query(query: LabelledQuery) -> str:
    """The half of a labelled query: that of its original when it is a translated twin (``twin_of``)."""
    return half_of(query.twin_of or query.query)


def ndcg_at(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    """Binary nDCG@k: DCG of the ranking over the DCG of an ideal one."""
    dcg = sum(1.0 / math.log2(i + 2) for i, doc_id in enumerate(ranked[:k]) if doc_id in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    """1/rank of the first relevant doc within the top ``k`` (0 when none)."""
    for i, doc_id in enumerate(ranked[:k]):
        if doc_id in relevant:
            return 1.0 / (i + 1)
    return 0.0


def hit_at(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    return 1.0 if any(doc_id in relevant for doc_id in ranked[:k]) else 0.0


def recall_at(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def score_ranking(ranked: Sequence[str], relevant: frozenset[str]) -> dict[str, float]:
    """All four metrics of one ranking."""
    return {"ndcg@10": ndcg_at(ranked, relevant), "mrr": reciprocal_rank(ranked, relevant),
            "hit@10": hit_at(ranked, relevant), "recall@10": recall_at(ranked, relevant)}


def mean_metrics(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return dict.fromkeys(METRICS, 0.0)
    return {m: round(sum(r[m] for r in rows) / len(rows), 4) for m in METRICS}


def rankings(engine, queries: Sequence[LabelledQuery], mode: str, k: int = K) -> list[list[str]]:
    """The engine's top ``k`` doc ids per query in ``mode`` (no explanations: faster)."""
    return [[m.doc_id for m in engine.search(q.query, q.lang, kinds=q.kinds, filters=q.filters, k=k, mode=mode,
                                             explain=False)]
            for q in queries]


def evaluate(engine, queries: Sequence[LabelledQuery], modes: Sequence[str] = ("dense", "lexical", "hybrid")
             ) -> dict:
    """``{"dense": metrics, "lexical": metrics, "hybrid": metrics, "by_lang": {lang: {mode: metrics}},
    "by_group": {...}, "paired": {...}, "queries": n}`` of the engine's rankings (see :func:`report_rankings`)."""
    return report_rankings(queries, {mode: rankings(engine, queries, mode) for mode in modes})


def report_rankings(queries: Sequence[LabelledQuery], ranked: dict[str, Sequence[Sequence[str]]]) -> dict:
    """The report of :func:`evaluate` for given rankings: ``ranked[mode][i]`` is the ranked doc ids of
    ``queries[i]`` in that mode."""
    modes = tuple(ranked)
    report: dict = {"by_lang": {}, "by_group": {}}
    per_query: dict[str, list[dict[str, float]]] = {}
    for mode in modes:
        per_query[mode] = [score_ranking(r, q.relevant) for r, q in zip(ranked[mode], queries, strict=True)]
        report[mode] = mean_metrics(per_query[mode])
    for attribute, key in (("lang", "by_lang"), ("group", "by_group")):
        values = sorted({getattr(q, attribute) for q in queries if getattr(q, attribute)})
        for value in values:
            picked = [i for i, q in enumerate(queries) if getattr(q, attribute) == value]
            report[key][value] = {mode: mean_metrics([per_query[mode][i] for i in picked]) for mode in modes}
            report[key][value]["queries"] = len(picked)
    report["paired"] = _paired(queries, per_query, modes)
    report["queries"] = len(queries)
    return report


def _paired(queries: Sequence[LabelledQuery], per_query: dict, modes: Sequence[str]) -> dict:
    """Cross-language queries that have same-language siblings (their twin family, see the module docstring; else
    the same relevant docs), against those siblings (each cross-language query weighs its siblings' mean once):
    ``{"cross-language": {mode: metrics}, "same-language": {mode: metrics}, "queries": n, "by_direction":
    {"<query lang>→<doc lang>": {"cross-language": ..., "same-language": ..., "gap": {mode: metrics}, "pairs": n}}}``
    where the gap is same-language minus cross-language; or ``{}`` when no query has a sibling."""
    roots = {q.twin_of for q in queries if q.twin_of}

    def family(q: LabelledQuery) -> tuple:
        if q.twin_of or q.query in roots:
            return ("twin", q.twin_of or q.query)
        return ("refs", q.relevant)

    siblings: dict[tuple, list[int]] = {}
    for i, q in enumerate(queries):
        if q.group == "same-language":
            siblings.setdefault(family(q), []).append(i)
    paired = [(i, siblings[family(q)]) for i, q in enumerate(queries)
              if q.group == "cross-language" and family(q) in siblings]
    if not paired:
        return {}
    out = _paired_means(paired, per_query, modes)
    directions: dict[str, list] = {}
    for i, same in paired:
        directions.setdefault(f"{queries[i].lang}→{queries[i].doc_lang or '?'}", []).append((i, same))
    out["by_direction"] = {}
    for direction in sorted(directions):
        block = _paired_means(directions[direction], per_query, modes)
        block["gap"] = {mode: {m: round(block["same-language"][mode][m] - block["cross-language"][mode][m], 4)
                               for m in METRICS} for mode in modes}
        block["pairs"] = block.pop("queries")
        out["by_direction"][direction] = block
    return out


def _paired_means(paired: Sequence[tuple[int, list[int]]], per_query: dict, modes: Sequence[str]) -> dict:
    out: dict = {"cross-language": {}, "same-language": {}, "queries": len(paired)}
    for mode in modes:
        rows = per_query[mode]
        out["cross-language"][mode] = mean_metrics([rows[i] for i, _s in paired])
        out["same-language"][mode] = mean_metrics([mean_metrics([rows[j] for j in same]) for _i, same in paired])
    return out


def format_report(report: dict, modes: Sequence[str] = ("dense", "lexical", "hybrid")) -> str:
    """A plain-text table of the report."""
    lines = [f"{report['queries']} queries" + " " * 4 + "  ".join(f"{m:>9}" for m in METRICS)]
    for mode in modes:
        lines.append(f"{mode:<18}" + "  ".join(f"{report[mode][m]:9.3f}" for m in METRICS))
    for key, title in (("by_lang", "language"), ("by_group", "group")):
        for value, block in report.get(key, {}).items():
            lines.append(f"-- {title} {value} ({block['queries']} queries)")
            for mode in modes:
                lines.append(f"   {mode:<15}" + "  ".join(f"{block[mode][m]:9.3f}" for m in METRICS))
    paired = report.get("paired") or {}
    for group in ("cross-language", "same-language") if paired else ():
        lines.append(f"-- paired {group} ({paired['queries']} cross-language queries and their same-language "
                     "siblings)")
        for mode in modes:
            lines.append(f"   {mode:<15}" + "  ".join(f"{paired[group][mode][m]:9.3f}" for m in METRICS))
    if paired.get("by_direction"):
        lines.append("-- paired nDCG@10 by direction (cross-language queries against their same-language siblings; "
                     "gap = same - cross)")
        lines.append(f"   {'direction':<15}{'pairs':>5}  {'mode':<9}{'cross':>9}{'same':>9}{'gap':>9}")
        for direction, block in paired["by_direction"].items():
            for n, mode in enumerate(modes):
                head = f"   {direction:<15}{block['pairs']:>5}" if n == 0 else " " * 23
                lines.append(f"{head}  {mode:<9}{block['cross-language'][mode]['ndcg@10']:9.3f}"
                             f"{block['same-language'][mode]['ndcg@10']:9.3f}{block['gap'][mode]['ndcg@10']:+9.3f}")
    return "\n".join(lines)

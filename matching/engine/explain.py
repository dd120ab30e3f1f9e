"""Explanations a person can read: which concepts both sides share (glossary labels in the viewer's language),
the best-matching sentence of each side, and which signals put the result where it is (:class:`Explanation`,
built for each result by the engine's :class:`Explaining` part).

Reasons are structured — a stable code, parameters and a contribution — so pages and the API render them in
any locale. :data:`REASONS` lists the codes with the (translatable) sentence each renders to:

====================  ============================================  ===========================================
code                  params                                        when
====================  ============================================  ===========================================
``meaning``           ``similarity`` (cosine, 0..1, 2 decimals)      the dense signal contributed
``words``             ``words`` (list of shared words)              shared words contributed
``concepts``          ``concepts`` (list of labels), ``count``      shared glossary concepts contributed
``cross_language``    ``query_lang``, ``doc_lang``                  found in a language other than the query's
``mutual``            ``score`` (0..1)                              suggestion: fits both ways
``one_sided``         ``score`` (0..1)                              suggestion: the other way fits poorly
``needs_unknown``     —                                             suggestion: the other side states no needs
====================  ============================================  ===========================================
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from flask_babel import lazy_gettext as _l

from i18n.text import surface_forms
from matching.engine.lexical import is_concept
from matching.engine.text import Unit, doc_units

REASONS = {
    "meaning": _l("Close in meaning (similarity %(similarity)s)"),
    "words": _l("Shares the words: %(words)s"),
    "concepts": _l("Both mention: %(concepts)s"),
    "cross_language": _l("Found across languages (%(query_lang)s → %(doc_lang)s)"),
    "mutual": _l("A good fit both ways: they need what you offer"),
    "one_sided": _l("A one-sided fit: they may not need what you offer"),
    "needs_unknown": _l("They have not said what they are looking for"),
}
SIGNAL_REASON = {"meaning": "meaning", "words": "words", "tags": "concepts"}
MIN_CONTRIBUTION = 0.02  # signals that gave less than this share of the score are not listed as reasons
LANG_NAMES = {"ko": "한국어", "en": "English", "ja": "日本語", "zh_Hans": "简体中文", "vi": "Tiếng Việt"}


@dataclass(frozen=True)
class Concept:
    """A glossary concept both sides mention, labelled in the viewer's language."""

    id: str
    label: str


@dataclass(frozen=True)
class Reason:
    """One reason a result is where it is: a stable ``code`` (see :data:`REASONS`),
    its parameters, and its share of the score (0..1, ``None`` for purely informative reasons)."""

    code: str
    params: dict = field(default_factory=dict, hash=False)
    contribution: float | None = None

    @property
    def message(self) -> str:
        """The reason as a sentence in the current locale (needs a Flask app context)."""
        return reason_message(self)


@dataclass(frozen=True)
class Explanation:
    """Why a doc matched: shared concepts, the best-matching sentence of each side, and the reasons."""

    concepts: tuple[Concept, ...]
    query_sentence: str | None
    doc_sentence: str | None
    doc_sentence_lang: str | None
    sentence_similarity: float | None
    words: tuple[str, ...]
    reasons: tuple[Reason, ...]


def reason_message(reason: Reason) -> str:
    """``reason`` as a sentence in the current locale."""
    template = REASONS.get(reason.code)
    if template is None:
        return reason.code
    params = {}
    for key, value in reason.params.items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        elif key.endswith("_lang"):
            value = LANG_NAMES.get(value, value)
        params[key] = value
    return str(template) % params if params else str(template)


def concept_labels(concept_ids: Iterable[str], viewer_lang: str) -> tuple[Concept, ...]:
    """The concepts with their names in ``viewer_lang`` (English when the language is not a glossary one)."""
    return _concept_labels(tuple(sorted(set(concept_ids))), viewer_lang)


@functools.lru_cache(maxsize=4096)
def _concept_labels(concept_ids: tuple[str, ...], viewer_lang: str) -> tuple[Concept, ...]:
    # The glossary is loaded once per process, so the labels of a set of concepts never change in a process.
    from i18n.glossary import LANGS, load_glossary

    glossary = load_glossary()
    lang = viewer_lang if viewer_lang in LANGS else "en"
    out = []
    for concept_id in concept_ids:
        term = glossary.get(concept_id)
        if term is not None:
            out.append(Concept(concept_id, term.name(lang)))
    return tuple(out)


def best_pair(query_units: Sequence[Unit], query_vectors: np.ndarray, doc_units: Sequence[Unit],
              doc_vectors: np.ndarray, query_concepts: Sequence[set[str]], doc_concepts: Sequence[set[str]],
              viewer_lang: str) -> tuple[int, int, float] | None:
    """The (query unit, doc unit, similarity) pair that matches best: cosine of the units' vectors, plus a small
    bonus per shared concept (so a Korean and an English sentence naming the same things pair up even with a
    model that reads Korean poorly) and a smaller one for a sentence in the viewer's language."""
    if not len(query_units) or not len(doc_units):
        return None
    sims = query_vectors @ doc_vectors.T
    bonus = np.zeros_like(sims)
    for i, qc in enumerate(query_concepts):
        if qc:
            for j, dc in enumerate(doc_concepts):
                bonus[i, j] += 0.08 * len(qc & dc)
    for j, unit in enumerate(doc_units):
        if unit.lang == viewer_lang:
            bonus[:, j] += 0.02
    best = int(np.argmax(sims + bonus))
    i, j = divmod(best, sims.shape[1])
    return i, j, float(sims[i, j])


@functools.lru_cache(maxsize=256)
def _surface_forms(text: str) -> dict[str, str]:
    """:func:`~i18n.text.surface_forms` of a query, worked out once for all its results (read only)."""
    return surface_forms(text)


def signal_reasons(contributions: dict[str, float], score: float, meaning: float, words: Sequence[str],
                   concepts: Sequence[Concept]) -> list[Reason]:
    """Reasons for the signals that gave a noticeable share of ``score``, largest first."""
    reasons = []
    total = score if score > 0 else 1.0
    for signal, value in sorted(contributions.items(), key=lambda item: -item[1]):
        share = value / total
        if signal not in SIGNAL_REASON or share < MIN_CONTRIBUTION:
            continue
        if signal == "meaning":
            reasons.append(Reason("meaning", {"similarity": round(max(meaning, 0.0), 2)}, round(share, 3)))
        elif signal == "words" and words:
            reasons.append(Reason("words", {"words": list(words)}, round(share, 3)))
        elif signal == "tags" and concepts:
            labels = [c.label for c in concepts]
            reasons.append(Reason("concepts", {"concepts": labels, "count": len(labels)}, round(share, 3)))
    return reasons


class Explaining:
    """How :class:`~matching.engine.engine.MatchingEngine` explains a result (a part of it: these methods read its
    slots, tokens and unit vectors)."""

    def _explain(self, slot, query_tokens, query_units, query_vectors, qlang, viewer_lang, contributions, score,
                 meaning, doc_side_units=None, doc_tokens_=None, extra: Sequence[Reason] = ()) -> Explanation:
        """``doc_side_units``: the units of the doc's side that was matched (``None``: its offer, whose sentence
        vectors are stored); ``doc_tokens_``: that side's tokens (``None``: the offer's)."""
        doc = self._docs[slot]
        stored = doc_side_units is None
        if stored:
            doc_side_units = self._offer_units(slot)
        tokens = set(self._offer_tokens.get(slot) if doc_tokens_ is None else doc_tokens_)
        shared = [t for t in dict.fromkeys(query_tokens) if t in tokens]
        forms = _surface_forms(" ".join(u.text for u in query_units or ()))
        words = tuple(dict.fromkeys(forms.get(t, t) for t in shared if not is_concept(t) and len(t) > 1))[:8]
        concepts = concept_labels((t[1:] for t in shared if is_concept(t)), viewer_lang)
        query_sentence = doc_sentence = doc_lang = similarity = None
        if query_units and len(doc_side_units):
            # The whole query stands for itself when it is one sentence; otherwise its sentences compete.
            q_units = query_units[1:] if len(query_units) > 1 else query_units
            q_vectors = (query_vectors[1:] if len(query_units) > 1 else query_vectors) \
                if query_vectors is not None else self._unit_vectors(q_units)
            d_vectors = self._unit_vecs.get(slot) if stored else self._unit_vectors(doc_side_units)
            pair = best_pair(q_units, q_vectors, doc_side_units, d_vectors,
                                        [set(u.concepts) for u in q_units],
                                        [set(u.concepts) for u in doc_side_units], viewer_lang)
            if pair is not None:
                qi, di, similarity = pair
                query_sentence, doc_sentence = q_units[qi].text, doc_side_units[di].text
                doc_lang = doc_side_units[di].lang
        reasons = signal_reasons(contributions, score, meaning, words, concepts)
        doc_langs = {u.lang for u in doc_side_units} or {doc.lang}
        if qlang not in doc_langs:
            reasons.append(Reason("cross_language", {"query_lang": qlang, "doc_lang": doc_lang or doc.lang}))
        reasons.extend(extra)
        return Explanation(concepts, query_sentence, doc_sentence, doc_lang, similarity, words, tuple(reasons))

    def _explain_suggestion(self, doc, slot, a_has_seek, b_has_seek, signals, contributions, score, s1, s2,
                            asker_tokens, viewer_lang) -> Explanation:
        other = self._docs[slot]
        if a_has_seek:
            query_units = doc_units(doc, "seek")
            doc_side_units = None  # the other's offer units (vectors stored)
            other_tokens = None
        else:
            query_units = doc_units(doc, "offer")
            doc_side_units = tuple(doc_units(other, "seek"))
            other_tokens = self._seek_tokens.get(slot)
        extra = []
        if not b_has_seek:
            extra.append(Reason("needs_unknown"))
        elif s1 is not None:
            code = "mutual" if min(s1, s2) >= 0.5 * max(s1, s2) else "one_sided"
            extra.append(Reason(code, {"score": round(s2, 2)}, round(contributions["reciprocity"] / score, 3)
                                if score > 0 else None))
        query_vectors = self._unit_vectors(query_units) if query_units else None
        # The query units here are all sentences: give best_pair all of them (no "whole text" first unit).
        units = [query_units[0], *query_units] if len(query_units) > 1 else query_units
        vectors = np.concatenate([query_vectors[:1], query_vectors]) if len(query_units) > 1 else query_vectors
        return self._explain(slot, list(asker_tokens), units, vectors, doc.lang, viewer_lang, contributions,
                             score, signals["meaning"], doc_side_units, other_tokens, extra)

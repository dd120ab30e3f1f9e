"""Explanations a person can read: which concepts both sides share (glossary labels in the viewer's language),
the best-matching sentence of each side, and which signals put the result where it is.

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

from collections.abc import Iterable, Sequence

import numpy as np
from flask_babel import lazy_gettext as _l

from matching.engine.ranking import Concept, Reason
from matching.engine.text import Unit

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
    from i18n.glossary import LANGS, load_glossary

    glossary = load_glossary()
    lang = viewer_lang if viewer_lang in LANGS else "en"
    out = []
    for concept_id in sorted(set(concept_ids)):
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

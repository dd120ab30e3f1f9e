"""Reciprocal suggestions (:meth:`MatchingEngine.suggest`): the docs to introduce to a profile or listing, scored
in both directions — what it seeks against what they offer, what they seek against what it offers — and kept
complementary (a competitor of the asker's own kind ranks lower). A mixin of the engine: it reads the engine's
slots, vectors and lexical indexes under the engine's lock."""

from __future__ import annotations

import numpy as np

from matching.documents import COMPATIBLE_KINDS, MatchDoc
from matching.engine.checks import checked_k, checked_lang, checked_mode
from matching.engine.errors import EmptyQueryError, InvalidParameterError, UnknownDocError
from matching.engine.filters import Filters
from matching.engine.lexical import doc_tokens, is_concept
from matching.engine.locks import single_blas_thread
from matching.engine.persistence import text_digest
from matching.engine.ranking import Match, Side, side_score


class Suggesting:
    """The engine's suggestions (see the module docstring)."""

    def suggest(self, doc: MatchDoc | str, k: int = 10, filters=None, viewer_lang: str | None = None,
                explain: bool = True, mode: str | None = None) -> list[Match]:
        """Docs to introduce to ``doc`` (a MatchDoc or an indexed doc id), reciprocally: what ``doc`` seeks
        against what they offer, and what they seek against what ``doc`` offers, combined with a geometric mean
        (one direction alone keeps ``unknown_side`` of its score when the other says nothing). Only kinds in
        ``COMPATIBLE_KINDS[doc.kind]``, never ``doc``'s own organisation."""
        k = checked_k(k)
        mode = checked_mode(mode or self.mode)
        if isinstance(doc, str):
            found = self.doc(doc)
            if found is None:
                raise UnknownDocError(f"No indexed profile or listing has the id {doc!r}.", field="doc_id")
            doc = found
        if doc.kind not in COMPATIBLE_KINDS:
            raise InvalidParameterError(f"Unknown kind {doc.kind!r} of {doc.doc_id}.", field="kind")
        viewer_lang = checked_lang(viewer_lang or doc.lang, "viewer_lang")
        parsed = Filters.parse(filters).restrict_kinds(COMPATIBLE_KINDS[doc.kind])
        single_blas_thread()
        self._maybe_reload()
        with self._lock.read():
            slot = self._slot.get(doc.doc_id)
            if slot is not None and self._digests[slot] == text_digest(doc):
                a_offer, a_seek = self._vindex.vectors[slot].copy(), self._seek[slot].copy()
                a_has_seek = bool(self._has_seek[slot])
                offer_tokens, seek_tokens = self._offer_tokens.get(slot), self._seek_tokens.get(slot)
            else:
                embedded = self._embed_docs([doc])
                a_offer, a_seek, a_has_seek = embedded.offer[0], embedded.seek[0], bool(embedded.has_seek[0])
                offer_tokens, seek_tokens = doc_tokens([doc], "offer")[0], doc_tokens([doc], "seek")[0]
            if not self._slot:
                return []
            if not a_has_seek and not offer_tokens:
                raise EmptyQueryError(f"{doc.doc_id} has no text to match on.", field="doc")
            allowed = self._mask(parsed, doc.org_id, [doc.doc_id])
            return self._suggest(doc, a_offer, a_seek, a_has_seek, list(offer_tokens), list(seek_tokens),
                                 allowed, k, viewer_lang, explain, mode)

    # --- internals -----------------------------------------------------------------------------------------------

    def _suggest(self, doc, a_offer, a_seek, a_has_seek, offer_tokens, seek_tokens, allowed, k, viewer_lang,
                 explain, mode) -> list[Match]:
        params = self.params
        alpha, share = params.suggest_alpha(doc.lang), params.suggest_share
        n = max(params.candidates, k)
        seek_words = [t for t in seek_tokens if not is_concept(t)]
        seek_concepts = [t for t in seek_tokens if is_concept(t)]
        offer_words = [t for t in offer_tokens if not is_concept(t)]
        offer_concepts = [t for t in offer_tokens if is_concept(t)]
        pools = []
        # Direction 1: what the asker seeks against what the others offer.
        if a_has_seek:
            w1, t1 = self._offer_lex.scores(seek_words), self._offer_lex.scores(seek_concepts)
            pools.append(self._vindex.search(a_seek, n, allowed)[1])
            pools.append(self._lexical_top(w1 + t1, allowed, n))
        # Direction 2: what the others seek against what the asker offers.
        allowed2 = allowed & self._has_seek
        w2, t2 = self._seek_lex.scores(offer_words), self._seek_lex.scores(offer_concepts)
        dense2 = np.where(allowed2, self._seek @ a_offer, -np.inf) if allowed2.any() else None
        if dense2 is not None:
            top = min(n, int(allowed2.sum()))
            pools.append(np.argpartition(-dense2, top - 1)[:top])
        pools.append(self._lexical_top(w2 + t2, allowed2, n))
        pool = np.unique(np.concatenate(pools)).astype(np.int64) if pools else np.zeros(0, dtype=np.int64)
        if not len(pool):
            return []
        known2 = self._has_seek[pool]
        s1 = c1 = None
        if a_has_seek:
            side1 = Side(self._meaning(pool, a_seek), w1[pool], t1[pool])
            s1, c1 = side_score(side1, mode, alpha, share)
        side2 = Side(np.where(known2, self._seek[pool] @ a_offer, 0.0), w2[pool], t2[pool])
        s2, c2 = side_score(side2, mode, alpha, share, known2)
        if s1 is None:
            combined = s2 * params.unknown_side
        else:
            combined = np.where(known2, np.sqrt(np.clip(s1, 0, None) * np.clip(s2, 0, None)),
                                s1 * params.unknown_side)
        combined = self._complementary(doc, pool, a_offer, combined)
        order = [i for i in np.argsort(-combined, kind="stable") if combined[i] > 0][:k]
        # The score people read is symmetric: the mean of "A seeks vs B offers" and "B seeks vs A offers" as
        # whole-side cosines, so a pair reads the same in A's suggestions, B's and both alerts.
        forward = self._vindex.vectors[pool] @ a_seek if a_has_seek else None
        backward = np.where(known2, self._seek[pool] @ a_offer, np.nan)
        matches = []
        for i in order:
            slot = int(pool[i])
            signals = {"meaning": float(side1.meaning[i] if s1 is not None else side2.meaning[i]),
                       "words": float(side1.words[i] if s1 is not None else side2.words[i]),
                       "tags": float(side1.tags[i] if s1 is not None else side2.tags[i]),
                       "reciprocity": float(s2[i]) if known2[i] and s1 is not None else None}
            first, first_c = (s1[i], c1) if s1 is not None else (s2[i], c2)
            half = 0.5 if (s1 is not None and known2[i]) else 1.0
            scale = combined[i] * half / first if first > 0 else 0.0
            contributions = {name: float(c[i] * scale) for name, c in first_c.items()}
            contributions["reciprocity"] = float(combined[i] * (1 - half))
            explanation = None
            if explain:
                explanation = self._explain_suggestion(doc, slot, a_has_seek, bool(known2[i]), signals,
                                                       contributions, float(combined[i]),
                                                       float(s1[i]) if s1 is not None else None, float(s2[i]),
                                                       seek_tokens if a_has_seek else offer_tokens, viewer_lang)
            directions = [float(x) for x in ((forward[i] if forward is not None else np.nan), backward[i])
                          if not np.isnan(x)]
            matches.append(Match(self._docs[slot].doc_id, float(combined[i]), signals, contributions,
                                 explanation, self._docs[slot],
                                 pair=sum(directions) / len(directions) if directions else None))
        return matches

    def _complementary(self, doc, pool: np.ndarray, a_offer: np.ndarray, combined: np.ndarray) -> np.ndarray:
        """Suggestions complement the asker: a candidate of the asker's own kind whose offer resembles the
        asker's (a competitor) keeps only ``1 - competitor_penalty · cosine`` of its score (#22)."""
        penalty = self.params.competitor_penalty
        if penalty <= 0 or not len(pool):
            return combined
        same = np.array([self._docs[int(slot)].kind == doc.kind for slot in pool], dtype=bool)
        if not same.any():
            return combined
        similarity = np.clip(self._vindex.vectors[pool] @ a_offer, 0.0, 1.0)
        factor = np.clip(1.0 - penalty * similarity, 0.0, 1.0)
        return np.where(same, combined * factor, combined)

"""The matching engine: indexed docs, their vectors and tokens, hybrid search, reciprocal suggestions and
explanations; persisted under ``<data dir>/matching/`` and kept consistent with the database
(:mod:`matching.engine.persistence`).

State lives in *slots* shared by the vector index, the two lexical indexes (offer, seek), the seek vectors and
the filter arrays. Changing a doc tombstones its slot and appends a new one; once tombstones pass
``tombstone_limit`` of the slots the engine compacts (from stored vectors and tokens, no re-embedding).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.documents import KINDS, LICENSE_TERMS, MatchDoc, index_id
from matching.engine.checks import (
    QUERY_LANGS,
    checked_docs,
    checked_k,
    checked_lang,
    checked_mode,
    checked_query,
)
from matching.engine.embeddings import Embedder, Progress
from matching.engine.explain import Explaining
from matching.engine.filters import Filters, parse_kinds
from matching.engine.lexical import (
    LexicalIndex,
    TokenStore,
    doc_tokens,
    known_share,
    split_query,
    top_slots,
)
from matching.engine.locks import RWLock, single_blas_thread
from matching.engine.persistence import Generations, text_digest
from matching.engine.ranking import FusionParams, Match, Side, fuse
from matching.engine.suggest import Suggesting
from matching.engine.text import Unit, analyse, doc_sentences, doc_units, split_sentences, text_units
from matching.engine.units import UnitStore, side_vector, unit_matrix, unit_vector
from matching.engine.vectors import EXACT, HNSW, HnswParams, VectorIndex

log = logging.getLogger("seoulmade.matching")
MAX_EMBEDDED_QUERY = 1000  # characters of a query that are embedded (all of it is still matched lexically)
MAX_QUERY_SENTENCES = 6  # sentences of a long query that compete for the explanation
DocsSource = Callable[[list[str]], list[MatchDoc]]
Concepts = tuple[tuple[str, ...], ...]  # per offer unit of a doc, the glossary concepts it mentions


@dataclass
class _Embedded:
    offer: np.ndarray
    seek: np.ndarray
    has_seek: np.ndarray
    concepts: list[Concepts]  # per doc
    unit_counts: np.ndarray  # per doc, how many offer units it has
    unit_flat: np.ndarray  # their vectors, doc after doc (float16)


class MatchingEngine(Suggesting, Explaining, Generations):
    """Hybrid matching over :class:`~matching.documents.MatchDoc` records (see the module docstring).

    Thread-safe: searches run concurrently; :meth:`rebuild`, :meth:`upsert` and :meth:`remove` take the write
    lock. ``mode`` ("hybrid", "dense" or "lexical") is the default ranking for :meth:`search`.
    """

    def __init__(self, embedder: Embedder, directory: str | os.PathLike | None = None,
                 params: FusionParams | None = None, hnsw_threshold: int = 20_000,
                 hnsw_params: HnswParams | None = None, tombstone_limit: float = 0.2,
                 reload_interval: float = 2.0):
        self.embedder = embedder
        self.directory = Path(directory) if directory else None
        self.params = params or FusionParams.for_model(embedder.model_id)
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_params = hnsw_params or HnswParams()
        self.tombstone_limit = tombstone_limit
        self.reload_interval = reload_interval
        self.mode = "hybrid"
        self.generation: str | None = None
        self.docs_source: DocsSource | None = None
        self._lock = RWLock()
        self._checked_at = time.monotonic()
        self._reset()

    def _reset(self) -> None:
        self._docs: list[MatchDoc | None] = []
        self._digests: list[str] = []
        self._slot: dict[str, int] = {}
        self._vindex: VectorIndex | None = None
        self._seek = np.zeros((0, 0), dtype=np.float32)
        self._has_seek = np.zeros(0, dtype=bool)
        # A slot's offer units are not kept (their sentences are split again from the doc when a result is
        # explained, see _offer_units): only the concepts of each, which need the glossary pass.
        self._unit_concepts: list[Concepts] = []
        self._concept_sets: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct set of concepts
        self._unit_vecs = UnitStore()
        self._offer_tokens = TokenStore()
        self._seek_tokens = TokenStore()
        self._offer_lex = LexicalIndex([])
        self._seek_lex = LexicalIndex([])
        self._codes: dict[str, dict[str, int]] = {"cluster": {}, "region": {}}
        self._kind = np.zeros(0, dtype=np.int8)
        self._org = np.zeros(0, dtype=np.int64)
        self._cluster = np.zeros(0, dtype=np.int32)
        self._region = np.zeros(0, dtype=np.int32)
        self._trl = np.zeros(0, dtype=np.int8)
        self._license = np.zeros(0, dtype=np.uint8)
        self._langs = np.zeros(0, dtype=np.uint8)  # bits of QUERY_LANGS a doc's offer can be read in
        self._masks: dict[Filters, np.ndarray] = {}  # filter masks by filter value; emptied by every change
        self.loaded = False

    # --- facts -------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot)

    @property
    def index_kind(self) -> str | None:
        """"exact" or "hnsw" (``None`` before the first build)."""
        return self._vindex.kind if self._vindex is not None else None

    def doc(self, doc_id: str) -> MatchDoc | None:
        """The indexed doc with this id."""
        slot = self._slot.get(doc_id)
        return self._docs[slot] if slot is not None else None

    def doc_ids(self) -> list[str]:
        return sorted(self._slot)

    def stats(self) -> dict:
        """Counts for operators: docs, slots, tombstones, index kind, generation, model."""
        vindex = self._vindex
        return {"docs": len(self._slot), "slots": len(self._docs),
                "tombstones": vindex.tombstones if vindex else 0, "index": self.index_kind,
                "generation": self.generation, "model": self.embedder.model_id,
                "encoded": self.embedder.encoded}

    # --- building ----------------------------------------------------------------------------------------------

    def rebuild(self, docs: Sequence[MatchDoc], progress: Progress | None = None, save: bool = True) -> None:
        """Index exactly ``docs`` (embedding only texts the cache lacks), then save a new generation."""
        docs = checked_docs(docs)
        embedded = self._embed_docs(docs, progress)
        if progress:
            progress("tokenising", 0, len(docs))
        offer_tokens = doc_tokens(docs, "offer")
        seek_tokens = doc_tokens(docs, "seek")
        if progress:
            progress("tokenising", len(docs), len(docs))
        kind = HNSW if len(docs) >= self.hnsw_threshold else EXACT
        ids = np.array([index_id(d.doc_id) for d in docs], dtype=np.int64)
        vindex = VectorIndex.build(embedded.offer, ids, kind, self.hnsw_params, progress, dim=self.embedder.dim)
        with self._lock.write():
            self._reset()
            self._vindex = vindex
            self._append_state(docs, embedded, offer_tokens, seek_tokens, new_slots=np.arange(len(docs)))
            self._rebuild_lexical()
            self.loaded = True
            if save:
                self._save()

    def upsert(self, docs: Sequence[MatchDoc], save: bool = True) -> dict[str, int]:
        """Add new docs and apply changes to indexed ones without a rebuild; returns counts of what was
        ``added``, ``changed`` (re-embedded), ``updated`` (filters only) and ``unchanged``."""
        docs = checked_docs(docs)
        counts = {"added": 0, "changed": 0, "updated": 0, "unchanged": 0}
        fresh: list[MatchDoc] = []
        with self._lock.write():
            for doc in docs:
                slot = self._slot.get(doc.doc_id)
                if slot is None:
                    counts["added"] += 1
                    fresh.append(doc)
                elif self._digests[slot] != text_digest(doc):
                    counts["changed"] += 1
                    fresh.append(doc)
                elif self._docs[slot] != doc:
                    counts["updated"] += 1
                    self._docs[slot] = doc
                    self._set_attributes(slot, doc)
                else:
                    counts["unchanged"] += 1
            if fresh:
                self._add_docs(fresh)
            if fresh or counts["updated"]:
                self._compact_if_needed()
                self.loaded = True
                if save:
                    self._save()
        return counts

    def remove(self, doc_ids: Iterable[str], save: bool = True) -> int:
        """Drop docs from the index (unknown ids are ignored); returns how many were removed."""
        with self._lock.write():
            slots = [self._slot.pop(doc_id) for doc_id in set(doc_ids) if doc_id in self._slot]
            if slots:
                self._kill(slots)
                self._rebuild_lexical()
                self._compact_if_needed()
                if save:
                    self._save()
        return len(slots)

    def apply_changes(self, doc_ids: Sequence[str], source: DocsSource) -> dict[str, int]:
        """Re-read ``doc_ids`` with ``source`` (missing ones were deleted) and update the index."""
        docs = source(list(doc_ids))
        found = {d.doc_id for d in docs}
        counts = self.upsert(docs)
        counts["removed"] = self.remove([i for i in doc_ids if i not in found])
        return counts


    # --- searching ---------------------------------------------------------------------------------------------

    def search(self, text: str, lang: str = "en", kinds: Iterable[str] | None = None, filters=None, k: int = 10,
               exclude_org_id: int | None = None, viewer_lang: str | None = None, mode: str | None = None,
               explain: bool = True, exclude_doc_ids: Iterable[str] = ()) -> list[Match]:
        """The ``k`` docs whose offer best matches ``text`` (a need written in ``lang``; Hangul text is read as
        Korean whatever ``lang`` says), restricted to ``kinds`` and ``filters`` (see
        :mod:`matching.engine.filters`), leaving out ``exclude_org_id``'s own docs. Each match explains itself
        in ``viewer_lang`` (default: ``lang``). Raises a :class:`MatchingError` subclass on bad input."""
        text = checked_query(text)
        lang = checked_lang(lang, "lang")
        viewer_lang = checked_lang(viewer_lang or lang, "viewer_lang")
        k = checked_k(k)
        mode = checked_mode(mode or self.mode)
        parsed = Filters.parse(filters).restrict_kinds(parse_kinds(kinds))
        from i18n.text import detect_lang

        qlang = detect_lang(text, lang)
        single_blas_thread()
        self._maybe_reload()
        # The query is encoded in this thread, then the lexical side runs. Encoding it in a second thread
        # meanwhile saved nothing: the model (a numpy forward pass over a few tokens) and the lexical side both
        # hold the GIL nearly all the time, and each hand-off between them waited for the other's switch
        # interval (at 100,000 profiles: +1.6 ms a query on average and a longer tail, cold p95 26 vs 13 ms).
        query_units, query_vectors = self._encode_query(text, qlang, mode != "lexical" or explain)
        words, concepts = split_query(text, qlang)
        with self._lock.read():
            if not self._slot:
                return []
            allowed = self._mask(parsed, exclude_org_id, exclude_doc_ids)
            word_scores = self._offer_lex.scores(words)
            tag_scores = self._offer_lex.scores(concepts)
            qvec = query_vectors[0] if query_vectors is not None else None
            slots, scores, side, contributions = self._rank_offer(qvec, word_scores, tag_scores, allowed, k, qlang,
                                                                  mode, known_share(self._offer_lex, words))
            return [self._match(int(slot), float(score), side, contributions, i, words, concepts, query_units,
                                query_vectors, qlang, viewer_lang, explain)
                    for i, (slot, score) in enumerate(zip(slots, scores, strict=True))]

    # --- internals: embedding ----------------------------------------------------------------------------------

    def _embed_docs(self, docs: Sequence[MatchDoc], progress: Progress | None = None) -> _Embedded:
        """Offer and seek vectors of ``docs`` (mean of unit vectors per language, then over languages)."""
        dim = self.embedder.dim
        units = [(tuple(doc_units(d, "offer")), tuple(doc_units(d, "seek"))) for d in docs]
        texts = list(dict.fromkeys(t for pair in units for side in pair for u in side
                                   for t in (u.text, u.gloss if self.params.gloss_weight > 0 else "") if t))
        rows = {t: i for i, t in enumerate(texts)}
        matrix = self.embedder.encode(texts, progress=progress)
        g = self.params.gloss_weight
        offer = np.zeros((len(docs), dim), dtype=np.float32)
        seek = np.zeros((len(docs), dim), dtype=np.float32)
        counts = np.array([len(o) for o, _s in units], dtype=np.int64)
        flat = np.zeros((int(counts.sum()), dim), dtype=np.float16)
        row = 0
        for d, (offer_units, seek_units) in enumerate(units):
            vectors = unit_matrix(offer_units, matrix, rows, g)
            offer[d] = side_vector(offer_units, vectors)
            seek[d] = side_vector(seek_units, unit_matrix(seek_units, matrix, rows, g))
            flat[row:row + len(vectors)] = vectors
            row += len(vectors)
        has_seek = np.array([bool(s) for _o, s in units], dtype=bool)
        return _Embedded(offer, seek, has_seek, [tuple(u.concepts for u in o) for o, _s in units], counts, flat)

    def _unit_vectors(self, units: Sequence[Unit]) -> np.ndarray:
        texts = list(dict.fromkeys(t for u in units for t in (u.text, u.gloss if self.params.gloss_weight > 0 else "") if t))
        matrix = self.embedder.encode(texts)
        rows = {t: i for i, t in enumerate(texts)}
        return np.stack([unit_vector(u, matrix, rows, self.params.gloss_weight) for u in units]) if units else \
            np.zeros((0, self.embedder.dim), dtype=np.float32)

    def _encode_query(self, text: str, lang: str, need_dense: bool):
        """Units of the query (the whole text first, then its sentences when there are several) and their
        vectors, in one batch (kept in memory only). In a language of ``params.query_gloss_only`` a unit with a
        gloss is embedded by its gloss alone: the offline model reads Hangul jamo by jamo, slowly and poorly,
        and the measured quality is the same without it."""
        whole = Unit(lang, text[:MAX_EMBEDDED_QUERY], *analyse(text[:MAX_EMBEDDED_QUERY], lang))
        sentences = split_sentences(text)
        units = [whole] + (text_units(text, lang)[:MAX_QUERY_SENTENCES] if len(sentences) > 1 else [])
        if not need_dense:
            return units, None
        gloss_only = self.params.query_gloss_only
        embedded = [Unit(u.lang, u.gloss, "", u.concepts) if u.lang in gloss_only and u.gloss else u for u in units]
        texts = list(dict.fromkeys(t for u in embedded for t in (u.text, u.gloss if self.params.gloss_weight > 0 else "") if t))
        matrix = self.embedder.encode(texts, persist=False, stored=False)
        rows = {t: i for i, t in enumerate(texts)}
        return units, np.stack([unit_vector(u, matrix, rows, self.params.gloss_weight) for u in embedded])

    # --- internals: state --------------------------------------------------------------------------------------

    def _append_state(self, docs, embedded: _Embedded, offer_tokens, seek_tokens, new_slots) -> None:
        self._masks.clear()
        dim = self.embedder.dim
        if self._seek.shape[1] != dim:
            self._seek = np.zeros((0, dim), dtype=np.float32)
        self._seek = np.concatenate([self._seek, embedded.seek])
        self._has_seek = np.concatenate([self._has_seek, embedded.has_seek])
        n = len(docs)
        self._kind = np.concatenate([self._kind, np.zeros(n, dtype=np.int8)])
        self._org = np.concatenate([self._org, np.zeros(n, dtype=np.int64)])
        self._cluster = np.concatenate([self._cluster, np.full(n, -1, dtype=np.int32)])
        self._region = np.concatenate([self._region, np.full(n, -1, dtype=np.int32)])
        self._trl = np.concatenate([self._trl, np.zeros(n, dtype=np.int8)])
        self._license = np.concatenate([self._license, np.zeros(n, dtype=np.uint8)])
        self._langs = np.concatenate([self._langs, np.zeros(n, dtype=np.uint8)])
        self._unit_vecs.extend(embedded.unit_counts, embedded.unit_flat)
        if not len(docs) == len(offer_tokens) == len(seek_tokens) == len(embedded.concepts):
            raise ValueError("docs, tokens and units disagree in length")
        self._offer_tokens.extend(offer_tokens)
        self._seek_tokens.extend(seek_tokens)
        for slot, doc, concepts in zip(new_slots, docs, embedded.concepts, strict=True):
            slot = int(slot)
            assert slot == len(self._docs), "slots are appended in order"
            self._docs.append(doc)
            self._digests.append(text_digest(doc))
            self._unit_concepts.append(self._shared_concepts(concepts))
            self._slot[doc.doc_id] = slot
            self._set_attributes(slot, doc)

    def _shared_concepts(self, concepts: Concepts) -> Concepts:
        """``concepts`` with each unit's tuple shared with every equal one of the engine (few distinct ones)."""
        shared = self._concept_sets
        return tuple([shared.setdefault(c, c) for c in concepts])

    def _offer_units(self, slot: int) -> tuple[Unit, ...]:
        """The offer units of ``slot`` as :func:`doc_units` makes them, less their gloss (only embedding reads
        it, and these units' vectors are stored): the sentences split again from the doc (tens of µs), the
        concepts kept at indexing."""
        return tuple(Unit(lang, text, "", concepts) for (lang, text), concepts
                     in zip(doc_sentences(self._docs[slot], "offer"), self._unit_concepts[slot], strict=True))

    def _set_attributes(self, slot: int, doc: MatchDoc) -> None:
        self._masks.clear()
        self._kind[slot] = KINDS.index(doc.kind)
        self._org[slot] = doc.org_id
        self._cluster[slot] = self._codes["cluster"].setdefault(doc.cluster, len(self._codes["cluster"])) \
            if doc.cluster else -1
        self._region[slot] = self._codes["region"].setdefault(doc.region, len(self._codes["region"])) \
            if doc.region else -1
        self._trl[slot] = doc.trl or 0
        self._license[slot] = sum(1 << LICENSE_TERMS.index(t) for t in set(doc.license_terms)
                                  if t in LICENSE_TERMS)
        self._langs[slot] = sum(1 << QUERY_LANGS.index(lang) for lang in doc.written_in if lang in QUERY_LANGS)

    def _add_docs(self, docs: Sequence[MatchDoc]) -> None:
        embedded = self._embed_docs(docs)
        old = [self._slot[d.doc_id] for d in docs if d.doc_id in self._slot]
        if old:
            self._kill(old)
        ids = np.array([index_id(d.doc_id) for d in docs], dtype=np.int64)
        slots = self._vindex.add(embedded.offer, ids) if self._vindex is not None else None
        if slots is None:
            self._vindex = VectorIndex.build(embedded.offer, ids, EXACT, self.hnsw_params, dim=self.embedder.dim)
            slots = np.arange(len(docs))
        self._append_state(docs, embedded, doc_tokens(docs, "offer"), doc_tokens(docs, "seek"), slots)
        self._rebuild_lexical()

    def _kill(self, slots: Sequence[int]) -> None:
        self._masks.clear()
        self._vindex.kill(slots)
        for slot in slots:
            self._docs[slot] = None
            self._digests[slot] = ""
            self._unit_concepts[slot] = ()
            self._unit_vecs.clear(slot)
            self._offer_tokens.clear(slot)
            self._seek_tokens.clear(slot)
            self._has_seek[slot] = False

    def _rebuild_lexical(self) -> None:
        self._offer_lex = LexicalIndex(self._offer_tokens, self.params.k1, self.params.b)
        self._seek_lex = LexicalIndex(self._seek_tokens, self.params.k1, self.params.b)

    def _compact_if_needed(self) -> None:
        vindex = self._vindex
        if vindex is None or vindex.tombstones <= self.tombstone_limit * max(len(vindex.alive), 1):
            return
        keep = np.flatnonzero(vindex.alive)
        kind = HNSW if len(keep) >= self.hnsw_threshold else EXACT
        log.info("compacting the matching index: %d slots, %d tombstones", len(vindex.alive), vindex.tombstones)
        docs = [self._docs[s] for s in keep]
        embedded = _Embedded(vindex.vectors[keep].copy(), self._seek[keep], self._has_seek[keep],
                             [self._unit_concepts[s] for s in keep], *self._unit_vecs.gather(keep))
        offer_tokens = [self._offer_tokens.get(s) for s in keep]
        seek_tokens = [self._seek_tokens.get(s) for s in keep]
        new_index = VectorIndex.build(embedded.offer, vindex.labels[keep], kind, self.hnsw_params,
                                      dim=self.embedder.dim)
        generation = self.generation
        self._reset()
        self.generation = generation
        self._vindex = new_index
        self._append_state(docs, embedded, offer_tokens, seek_tokens, np.arange(len(docs)))
        self._rebuild_lexical()
        self.loaded = True

    def _mask(self, filters: Filters, exclude_org_id: int | None, exclude_doc_ids: Iterable[str]) -> np.ndarray:
        """The slots a search may return: alive, passing ``filters`` (a mask kept per filter value until the
        slots change), minus the excluded organisation's and docs."""
        base = self._masks.get(filters)
        if base is None:
            base = self._filter_mask(filters)
            if len(self._masks) >= 64:  # many distinct filters: start over (searches share the dict)
                self._masks = {}
            self._masks[filters] = base
        mask = base.copy()
        if exclude_org_id is not None:
            mask &= self._org != exclude_org_id
        for doc_id in exclude_doc_ids:
            slot = self._slot.get(doc_id)
            if slot is not None:
                mask[slot] = False
        return mask

    def _filter_mask(self, filters: Filters) -> np.ndarray:
        mask = self._vindex.alive.copy()
        if filters.kinds is not None:
            mask &= np.isin(self._kind, [KINDS.index(kind) for kind in filters.kinds])
        if filters.clusters is not None:
            codes = [self._codes["cluster"][c] for c in filters.clusters if c in self._codes["cluster"]]
            mask &= np.isin(self._cluster, codes)
        if filters.regions is not None:
            codes = [self._codes["region"][c] for c in filters.regions if c in self._codes["region"]]
            mask &= np.isin(self._region, codes)
        if filters.trl_min is not None:
            mask &= self._trl >= filters.trl_min
        if filters.trl_max is not None:
            mask &= (self._trl > 0) & (self._trl <= filters.trl_max)
        if filters.license_terms is not None:
            bits = sum(1 << LICENSE_TERMS.index(t) for t in filters.license_terms)
            mask &= (self._license & bits) != 0
        return mask

    # --- internals: ranking ------------------------------------------------------------------------------------

    def _lexical_top(self, scores: np.ndarray, allowed: np.ndarray, n: int) -> np.ndarray:
        return top_slots(scores, allowed, n)

    def _meaning(self, slots: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The meaning signal of ``slots``: the best cosine of ``query`` with one sentence of their offer (a
        long profile is judged by its best passage, not diluted by an average)."""
        return self._unit_vecs.max_sim(slots, self._vindex.vectors[slots], query)

    def _rank_offer(self, qvec, word_scores, tag_scores, allowed, k, lang, mode, known=1.0):
        """Top ``k`` slots by ``mode`` with their scores, the pool's signals and contributions per result."""
        params = self.params
        lexical = word_scores + tag_scores
        if mode == "lexical":
            slots = self._lexical_top(lexical, allowed, k)
            scores = lexical[slots]
            meaning = self._meaning(slots, qvec) if qvec is not None else np.zeros(len(slots))
            side = Side(meaning, word_scores[slots], tag_scores[slots])
            total = np.maximum(scores, 1e-9)
            return slots, scores, side, {"words": word_scores[slots] / total * scores,
                                         "tags": tag_scores[slots] / total * scores}
        n = max(params.candidates, k)
        _scores, dense_slots = self._vindex.search(qvec, n, allowed)
        if mode == "dense":
            meaning = self._meaning(dense_slots, qvec)
            order = np.argsort(-meaning, kind="stable")[:k]
            slots = dense_slots[order]
            side = Side(meaning[order], word_scores[slots], tag_scores[slots])
            return slots, meaning[order], side, {"meaning": meaning[order]}
        pool = np.unique(np.concatenate([dense_slots, self._lexical_top(lexical, allowed, n)]))
        side = Side(self._meaning(pool, qvec), word_scores[pool], tag_scores[pool])
        other_language = (self._langs[pool] & (1 << QUERY_LANGS.index(lang))) == 0
        fused, contributions = fuse(side.meaning, side.words, side.tags, params.alpha(lang), params.tags_share,
                                    known, other_language)
        order = np.argsort(-fused, kind="stable")[:k]
        side = Side(side.meaning[order], side.words[order], side.tags[order])
        return pool[order], fused[order], side, {name: c[order] for name, c in contributions.items()}

    # --- internals: explanations -------------------------------------------------------------------------------

    def _match(self, slot, score, side, contributions, i, words, concepts, query_units, query_vectors, qlang,
               viewer_lang, explain) -> Match:
        doc = self._docs[slot]
        signals = {"meaning": float(side.meaning[i]), "words": float(side.words[i]), "tags": float(side.tags[i])}
        contrib = {name: float(c[i]) for name, c in contributions.items()}
        explanation = None
        if explain:
            explanation = self._explain(slot, words + concepts, query_units, query_vectors, qlang, viewer_lang,
                                        contrib, score, signals["meaning"])
        return Match(doc.doc_id, score, signals, contrib, explanation, doc)

"""The matching engine: indexed docs, their vectors and tokens, hybrid search, reciprocal suggestions and
explanations; persisted under ``<data dir>/matching/`` and kept consistent with the database.

State lives in *slots* shared by the vector index, the two lexical indexes (offer, seek), the seek vectors and
the filter arrays. Changing a doc tombstones its slot and appends a new one; once tombstones pass
``tombstone_limit`` of the slots the engine compacts (from stored vectors and tokens, no re-embedding).

On disk, each save writes a new *generation* directory (``gen-<time>-<pid>/``: ``index.faiss``, ``state.npz``,
``meta.json``) and then points ``CURRENT`` at it with ``os.replace``, so a reader sees either the old or the
new generation, never a mix. ``meta.json`` records the model, dimension, count and a digest of the doc ids with
their content digests; :meth:`MatchingEngine.ensure_consistent` compares it with the database at start-up and
updates or rebuilds when they disagree. An unreadable, stale or mismatched generation is logged and rebuilt;
it never stops the service. Other processes (web nodes, when a worker saved) pick up a newer generation at
their next search (checked at most every ``reload_interval`` seconds).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from matching.documents import COMPATIBLE_KINDS, KINDS, LICENSE_TERMS, MatchDoc, index_id
from matching.engine import explain as explaining
from matching.engine.embeddings import Embedder, Progress
from matching.engine.errors import (
    EmptyQueryError,
    InvalidParameterError,
    QueryTooLongError,
    UnknownDocError,
)
from matching.engine.filters import Filters, parse_kinds
from matching.engine.lexical import LexicalIndex, Tokens, doc_tokens, is_concept, split_query, token_arrays
from matching.engine.ranking import MODES, Explanation, FusionParams, Match, Reason, fuse
from matching.engine.text import MAX_QUERY_CHARS, Unit, analyse, doc_units, split_sentences, text_units
from matching.engine.vectors import EXACT, HNSW, HnswParams, VectorIndex

log = logging.getLogger("seoulmade.matching")
_POOLS: dict[int, ThreadPoolExecutor] = {}


def _query_pool() -> ThreadPoolExecutor:
    """This process's small pool for query encoding (one per pid: a forked RQ work horse gets its own)."""
    pool = _POOLS.get(os.getpid())
    if pool is None:
        pool = _POOLS[os.getpid()] = ThreadPoolExecutor(max_workers=4, thread_name_prefix="matching-query")
    return pool


FORMAT = 1
MAX_K = 100
MAX_EMBEDDED_QUERY = 1000  # characters of a query that are embedded (all of it is still matched lexically)
MAX_QUERY_SENTENCES = 6  # sentences of a long query that compete for the explanation
QUERY_LANGS = ("ko", "en", "ja", "zh_Hans", "vi")
DocsLoader = Callable[[], list[MatchDoc]]
DocsSource = Callable[[list[str]], list[MatchDoc]]


class _RWLock:
    """Many readers (searches) or one writer (changes); FAISS must not be searched while it grows."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    def read(self):
        return _Held(self, False)

    def write(self):
        return _Held(self, True)


class _Held:
    def __init__(self, lock: _RWLock, write: bool):
        self.lock, self.write = lock, write

    def __enter__(self):
        cond = self.lock._cond
        with cond:
            if self.write:
                while self.lock._writer or self.lock._readers:
                    cond.wait()
                self.lock._writer = True
            else:
                while self.lock._writer:
                    cond.wait()
                self.lock._readers += 1

    def __exit__(self, *exc):
        cond = self.lock._cond
        with cond:
            if self.write:
                self.lock._writer = False
            else:
                self.lock._readers -= 1
            cond.notify_all()


def text_digest(doc: MatchDoc) -> str:
    """A digest of everything the engine embeds or tokenises for ``doc`` (changes ⇒ re-embed)."""
    payload = json.dumps([doc.lang, doc.title, doc.offer, doc.seek, doc.translations, list(doc.tags)],
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def ids_digest(pairs: Iterable[tuple[str, str]]) -> str:
    """The digest of (doc id, text digest) pairs, order-independent."""
    digest = hashlib.sha256()
    for doc_id, text in sorted(pairs):
        digest.update(f"{doc_id}={text};".encode())
    return digest.hexdigest()


@dataclass
class _Embedded:
    offer: np.ndarray
    seek: np.ndarray
    has_seek: np.ndarray
    units: list[tuple[Unit, ...]]
    unit_vectors: list[np.ndarray]  # per doc, its offer units' vectors (float16)


@dataclass
class _Side:
    """Signals of a candidate pool for one direction: cosine, BM25 of words, BM25 of concepts."""

    meaning: np.ndarray
    words: np.ndarray
    tags: np.ndarray


class MatchingEngine:
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
        self.params = params or FusionParams()
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_params = hnsw_params or HnswParams()
        self.tombstone_limit = tombstone_limit
        self.reload_interval = reload_interval
        self.mode = "hybrid"
        self.generation: str | None = None
        self.docs_source: DocsSource | None = None
        self._lock = _RWLock()
        self._checked_at = time.monotonic()
        self._reset()

    def _reset(self) -> None:
        self._docs: list[MatchDoc | None] = []
        self._digests: list[str] = []
        self._slot: dict[str, int] = {}
        self._vindex: VectorIndex | None = None
        self._seek = np.zeros((0, 0), dtype=np.float32)
        self._has_seek = np.zeros(0, dtype=bool)
        self._units: list[tuple[Unit, ...]] = []
        self._unit_vecs = _UnitStore()
        self._offer_tokens: list[Tokens] = []
        self._seek_tokens: list[Tokens] = []
        self._offer_lex = LexicalIndex([])
        self._seek_lex = LexicalIndex([])
        self._codes: dict[str, dict[str, int]] = {"cluster": {}, "region": {}}
        self._kind = np.zeros(0, dtype=np.int8)
        self._org = np.zeros(0, dtype=np.int64)
        self._cluster = np.zeros(0, dtype=np.int32)
        self._region = np.zeros(0, dtype=np.int32)
        self._trl = np.zeros(0, dtype=np.int8)
        self._license = np.zeros(0, dtype=np.uint8)
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
        docs = _checked(docs)
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
        docs = _checked(docs)
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

    def ensure_consistent(self, docs_loader: DocsLoader, progress: Progress | None = None) -> str:
        """Make the index agree with the database at start-up: load the saved generation, compare its model,
        dimension, doc ids and content digests with ``docs_loader()``, then apply the difference (or rebuild
        when it is large or the files are unusable). Returns what was done: "loaded", "updated" or "rebuilt"."""
        docs = _checked(docs_loader())
        wanted = {d.doc_id: text_digest(d) for d in docs}
        saved = self._read_generation()
        if saved is None:
            self.rebuild(docs, progress)
            return "rebuilt"
        meta, state = saved
        saved_ids = dict(zip(state["doc_ids"], state["digests"], strict=True))
        changed = [d for d in docs if saved_ids.get(d.doc_id) != wanted[d.doc_id]]
        gone = [i for i in saved_ids if i not in wanted]
        if len(changed) + len(gone) > max(8, self.tombstone_limit * max(len(docs), len(saved_ids))):
            log.info("matching index differs from the database in %d docs: rebuilding", len(changed) + len(gone))
            self.rebuild(docs, progress)
            return "rebuilt"
        by_id = {d.doc_id: d for d in docs}
        try:
            with self._lock.write():
                self._install_generation(meta, state, by_id)
        except Exception as exc:  # a corrupt or inconsistent generation must never stop the service
            log.warning("matching index generation %s unusable (%s): rebuilding", meta.get("generation"), exc)
            self.rebuild(docs, progress)
            return "rebuilt"
        if not changed and not gone:
            return "loaded"
        self.upsert(changed, save=False)
        self.remove(gone, save=False)
        with self._lock.write():
            self._save()
        return "updated"

    # --- searching ---------------------------------------------------------------------------------------------

    def search(self, text: str, lang: str = "en", kinds: Iterable[str] | None = None, filters=None, k: int = 10,
               exclude_org_id: int | None = None, viewer_lang: str | None = None, mode: str | None = None,
               explain: bool = True, exclude_doc_ids: Iterable[str] = ()) -> list[Match]:
        """The ``k`` docs whose offer best matches ``text`` (a need written in ``lang``; Hangul text is read as
        Korean whatever ``lang`` says), restricted to ``kinds`` and ``filters`` (see
        :mod:`matching.engine.filters`), leaving out ``exclude_org_id``'s own docs. Each match explains itself
        in ``viewer_lang`` (default: ``lang``). Raises a :class:`MatchingError` subclass on bad input."""
        text = _checked_query(text)
        lang = _checked_lang(lang, "lang")
        viewer_lang = _checked_lang(viewer_lang or lang, "viewer_lang")
        k = _checked_k(k)
        mode = _checked_mode(mode or self.mode)
        parsed = Filters.parse(filters).restrict_kinds(parse_kinds(kinds))
        from i18n.text import detect_lang

        qlang = detect_lang(text, lang)
        self._maybe_reload()
        # The model encodes the query (torch releases the GIL) while this thread does the lexical side.
        encoding = _query_pool().submit(self._encode_query, text, qlang, mode != "lexical" or explain)
        try:
            words, concepts = split_query(text, qlang)
            with self._lock.read():
                if not self._slot:
                    return []
                allowed = self._mask(parsed, exclude_org_id, exclude_doc_ids)
                word_scores = self._offer_lex.scores(words)
                tag_scores = self._offer_lex.scores(concepts)
        finally:
            query_units, query_vectors = encoding.result()
        with self._lock.read():
            if len(word_scores) != len(self._docs):  # the index changed meanwhile: score again
                allowed = self._mask(parsed, exclude_org_id, exclude_doc_ids)
                word_scores, tag_scores = self._offer_lex.scores(words), self._offer_lex.scores(concepts)
            qvec = query_vectors[0] if query_vectors is not None else None
            slots, scores, side, contributions = self._rank_offer(qvec, word_scores, tag_scores, allowed, k, qlang,
                                                                  mode)
            return [self._match(int(slot), float(score), side, contributions, i, words, concepts, query_units,
                                query_vectors, qlang, viewer_lang, explain)
                    for i, (slot, score) in enumerate(zip(slots, scores, strict=True))]

    def suggest(self, doc: MatchDoc | str, k: int = 10, filters=None, viewer_lang: str | None = None,
                explain: bool = True, mode: str | None = None) -> list[Match]:
        """Docs to introduce to ``doc`` (a MatchDoc or an indexed doc id), reciprocally: what ``doc`` seeks
        against what they offer, and what they seek against what ``doc`` offers, combined with a geometric mean
        (one direction alone keeps ``unknown_side`` of its score when the other says nothing). Only kinds in
        ``COMPATIBLE_KINDS[doc.kind]``, never ``doc``'s own organisation."""
        k = _checked_k(k)
        mode = _checked_mode(mode or self.mode)
        if isinstance(doc, str):
            found = self.doc(doc)
            if found is None:
                raise UnknownDocError(f"No indexed profile or listing has the id {doc!r}.", field="doc_id")
            doc = found
        if doc.kind not in COMPATIBLE_KINDS:
            raise InvalidParameterError(f"Unknown kind {doc.kind!r} of {doc.doc_id}.", field="kind")
        viewer_lang = _checked_lang(viewer_lang or doc.lang, "viewer_lang")
        parsed = Filters.parse(filters).restrict_kinds(COMPATIBLE_KINDS[doc.kind])
        self._maybe_reload()
        with self._lock.read():
            slot = self._slot.get(doc.doc_id)
            if slot is not None and self._digests[slot] == text_digest(doc):
                a_offer, a_seek = self._vindex.vectors[slot].copy(), self._seek[slot].copy()
                a_has_seek = bool(self._has_seek[slot])
                offer_tokens, seek_tokens = self._offer_tokens[slot], self._seek_tokens[slot]
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

    # --- internals: embedding ----------------------------------------------------------------------------------

    def _embed_docs(self, docs: Sequence[MatchDoc], progress: Progress | None = None) -> _Embedded:
        """Offer and seek vectors of ``docs`` (mean of unit vectors per language, then over languages)."""
        dim = self.embedder.dim
        units = [(tuple(doc_units(d, "offer")), tuple(doc_units(d, "seek"))) for d in docs]
        texts = list(dict.fromkeys(t for pair in units for side in pair for u in side
                                   for t in (u.text, u.gloss) if t))
        rows = {t: i for i, t in enumerate(texts)}
        matrix = self.embedder.encode(texts, progress=progress)
        g = self.params.gloss_weight
        offer = np.zeros((len(docs), dim), dtype=np.float32)
        seek = np.zeros((len(docs), dim), dtype=np.float32)
        unit_vectors = []
        for d, (offer_units, seek_units) in enumerate(units):
            vectors = _unit_matrix(offer_units, matrix, rows, g)
            offer[d] = _side_vector(offer_units, vectors)
            seek[d] = _side_vector(seek_units, _unit_matrix(seek_units, matrix, rows, g))
            unit_vectors.append(vectors)
        has_seek = np.array([bool(s) for _o, s in units], dtype=bool)
        return _Embedded(offer, seek, has_seek, [o for o, _s in units], unit_vectors)

    def _unit_vectors(self, units: Sequence[Unit]) -> np.ndarray:
        texts = list(dict.fromkeys(t for u in units for t in (u.text, u.gloss) if t))
        matrix = self.embedder.encode(texts)
        rows = {t: i for i, t in enumerate(texts)}
        return np.stack([_unit_vector(u, matrix, rows, self.params.gloss_weight) for u in units]) if units else \
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
        texts = list(dict.fromkeys(t for u in embedded for t in (u.text, u.gloss) if t))
        matrix = self.embedder.encode(texts, persist=False)
        rows = {t: i for i, t in enumerate(texts)}
        return units, np.stack([_unit_vector(u, matrix, rows, self.params.gloss_weight) for u in embedded])

    # --- internals: state --------------------------------------------------------------------------------------

    def _append_state(self, docs, embedded: _Embedded, offer_tokens, seek_tokens, new_slots) -> None:
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
        for slot, doc, units, uvecs, otoks, stoks in zip(new_slots, docs, embedded.units, embedded.unit_vectors,
                                                         offer_tokens, seek_tokens, strict=True):
            slot = int(slot)
            assert slot == len(self._docs), "slots are appended in order"
            self._docs.append(doc)
            self._digests.append(text_digest(doc))
            self._units.append(units)
            self._unit_vecs.append(uvecs)
            self._offer_tokens.append(otoks)
            self._seek_tokens.append(stoks)
            self._slot[doc.doc_id] = slot
            self._set_attributes(slot, doc)

    def _set_attributes(self, slot: int, doc: MatchDoc) -> None:
        self._kind[slot] = KINDS.index(doc.kind)
        self._org[slot] = doc.org_id
        self._cluster[slot] = self._codes["cluster"].setdefault(doc.cluster, len(self._codes["cluster"])) \
            if doc.cluster else -1
        self._region[slot] = self._codes["region"].setdefault(doc.region, len(self._codes["region"])) \
            if doc.region else -1
        self._trl[slot] = doc.trl or 0
        self._license[slot] = sum(1 << LICENSE_TERMS.index(t) for t in set(doc.license_terms)
                                  if t in LICENSE_TERMS)

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
        self._vindex.kill(slots)
        for slot in slots:
            self._docs[slot] = None
            self._digests[slot] = ""
            self._units[slot] = ()
            self._unit_vecs.clear(slot)
            self._offer_tokens[slot] = ()
            self._seek_tokens[slot] = ()
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
                             [self._units[s] for s in keep], [self._unit_vecs.get(s) for s in keep])
        offer_tokens = [self._offer_tokens[s] for s in keep]
        seek_tokens = [self._seek_tokens[s] for s in keep]
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
        if exclude_org_id is not None:
            mask &= self._org != exclude_org_id
        for doc_id in exclude_doc_ids:
            slot = self._slot.get(doc_id)
            if slot is not None:
                mask[slot] = False
        return mask

    # --- internals: ranking ------------------------------------------------------------------------------------

    def _lexical_top(self, scores: np.ndarray, allowed: np.ndarray, n: int) -> np.ndarray:
        masked = np.where(allowed, scores, 0.0)
        positive = int(np.count_nonzero(masked > 0))
        if positive == 0:
            return np.zeros(0, dtype=np.int64)
        n = min(n, positive)
        top = np.argpartition(-masked, n - 1)[:n]
        return top[np.argsort(-masked[top], kind="stable")].astype(np.int64)

    def _meaning(self, slots: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The meaning signal of ``slots``: the best cosine of ``query`` with one sentence of their offer (a
        long profile is judged by its best passage, not diluted by an average)."""
        return self._unit_vecs.max_sim(slots, self._vindex.vectors[slots], query)

    def _rank_offer(self, qvec, word_scores, tag_scores, allowed, k, lang, mode):
        """Top ``k`` slots by ``mode`` with their scores, the pool's signals and contributions per result."""
        params = self.params
        lexical = word_scores + tag_scores
        if mode == "lexical":
            slots = self._lexical_top(lexical, allowed, k)
            scores = lexical[slots]
            meaning = self._meaning(slots, qvec) if qvec is not None else np.zeros(len(slots))
            side = _Side(meaning, word_scores[slots], tag_scores[slots])
            total = np.maximum(scores, 1e-9)
            return slots, scores, side, {"words": word_scores[slots] / total * scores,
                                         "tags": tag_scores[slots] / total * scores}
        n = max(params.candidates, k)
        _scores, dense_slots = self._vindex.search(qvec, n, allowed)
        if mode == "dense":
            meaning = self._meaning(dense_slots, qvec)
            order = np.argsort(-meaning, kind="stable")[:k]
            slots = dense_slots[order]
            side = _Side(meaning[order], word_scores[slots], tag_scores[slots])
            return slots, meaning[order], side, {"meaning": meaning[order]}
        pool = np.unique(np.concatenate([dense_slots, self._lexical_top(lexical, allowed, n)]))
        side = _Side(self._meaning(pool, qvec), word_scores[pool], tag_scores[pool])
        fused, contributions = fuse(side.meaning, side.words, side.tags, params.alpha(lang), params.tags_share)
        order = np.argsort(-fused, kind="stable")[:k]
        side = _Side(side.meaning[order], side.words[order], side.tags[order])
        return pool[order], fused[order], side, {name: c[order] for name, c in contributions.items()}

    def _suggest(self, doc, a_offer, a_seek, a_has_seek, offer_tokens, seek_tokens, allowed, k, viewer_lang,
                 explain, mode) -> list[Match]:
        params = self.params
        alpha = params.alpha(doc.lang)
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
            side1 = _Side(self._meaning(pool, a_seek), w1[pool], t1[pool])
            s1, c1 = _side_score(side1, mode, alpha, params.tags_share)
        side2 = _Side(np.where(known2, self._seek[pool] @ a_offer, 0.0), w2[pool], t2[pool])
        s2, c2 = _side_score(side2, mode, alpha, params.tags_share, known2)
        if s1 is None:
            combined = s2 * params.unknown_side
        else:
            combined = np.where(known2, np.sqrt(np.clip(s1, 0, None) * np.clip(s2, 0, None)),
                                s1 * params.unknown_side)
        order = [i for i in np.argsort(-combined, kind="stable") if combined[i] > 0][:k]
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
            matches.append(Match(self._docs[slot].doc_id, float(combined[i]), signals, contributions,
                                 explanation, self._docs[slot]))
        return matches

    # --- internals: explanations -------------------------------------------------------------------------------

    def _match(self, slot, score, side, contributions, i, words, concepts, query_units, query_vectors, qlang,
               viewer_lang, explain) -> Match:
        doc = self._docs[slot]
        signals = {"meaning": float(side.meaning[i]), "words": float(side.words[i]), "tags": float(side.tags[i])}
        contrib = {name: float(c[i]) for name, c in contributions.items()}
        explanation = None
        if explain:
            explanation = self._explain(slot, words + concepts, query_units, query_vectors, qlang, viewer_lang,
                                        contrib, score, signals["meaning"], self._units[slot])
        return Match(doc.doc_id, score, signals, contrib, explanation, doc)

    def _explain(self, slot, query_tokens, query_units, query_vectors, qlang, viewer_lang, contributions, score,
                 meaning, doc_side_units, doc_tokens_=None, extra: Sequence[Reason] = ()) -> Explanation:
        doc = self._docs[slot]
        tokens = set(self._offer_tokens[slot] if doc_tokens_ is None else doc_tokens_)
        shared = [t for t in dict.fromkeys(query_tokens) if t in tokens]
        words = tuple(t for t in shared if not is_concept(t) and len(t) > 1)[:8]
        concepts = explaining.concept_labels((t[1:] for t in shared if is_concept(t)), viewer_lang)
        query_sentence = doc_sentence = doc_lang = similarity = None
        if query_units and len(doc_side_units):
            # The whole query stands for itself when it is one sentence; otherwise its sentences compete.
            q_units = query_units[1:] if len(query_units) > 1 else query_units
            q_vectors = (query_vectors[1:] if len(query_units) > 1 else query_vectors) \
                if query_vectors is not None else self._unit_vectors(q_units)
            d_vectors = (self._unit_vecs.get(slot) if doc_side_units is self._units[slot]
                         else self._unit_vectors(doc_side_units))
            pair = explaining.best_pair(q_units, q_vectors, doc_side_units, d_vectors,
                                        [set(u.concepts) for u in q_units],
                                        [set(u.concepts) for u in doc_side_units], viewer_lang)
            if pair is not None:
                qi, di, similarity = pair
                query_sentence, doc_sentence = q_units[qi].text, doc_side_units[di].text
                doc_lang = doc_side_units[di].lang
        reasons = explaining.signal_reasons(contributions, score, meaning, words, concepts)
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
            doc_side_units = self._units[slot]
            other_tokens = None
        else:
            query_units = doc_units(doc, "offer")
            doc_side_units = tuple(doc_units(other, "seek"))
            other_tokens = self._seek_tokens[slot]
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

    # --- persistence -------------------------------------------------------------------------------------------

    def _meta(self) -> dict:
        pairs = [(d.doc_id, self._digests[s]) for s, d in enumerate(self._docs) if d is not None]
        return {"format": FORMAT, "model": self.embedder.model_id, "dim": self.embedder.dim,
                "count": len(pairs), "slots": len(self._docs), "ids_digest": ids_digest(pairs),
                "index": self.index_kind, "hnsw": vars(self.hnsw_params) if self.index_kind == HNSW else None,
                "params": self.params.to_dict(), "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    def save(self) -> None:
        """Write the current state as a new generation (done by every change; for callers that built with
        ``save=False``)."""
        with self._lock.write():
            self._save()

    def _save(self) -> None:
        if self.directory is None or self._vindex is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        tmp = self.directory / f"tmp-{name}"
        tmp.mkdir()
        try:
            self._vindex.write(str(tmp / "index.faiss"))
            offer_arrays = token_arrays(self._offer_tokens)
            seek_arrays = token_arrays(self._seek_tokens)
            unit_lengths, units_flat = self._unit_vecs.packed(self.embedder.dim)
            np.savez(tmp / "state.npz", alive=self._vindex.alive, seek=self._seek, has_seek=self._has_seek,
                     unit_vectors=units_flat, unit_lengths=unit_lengths,
                     doc_ids=np.array([d.doc_id if d is not None else "" for d in self._docs], dtype=str),
                     digests=np.array(self._digests, dtype=str),
                     **{f"offer_{k}": v for k, v in offer_arrays.items()},
                     **{f"seek_{k}": v for k, v in seek_arrays.items()})
            meta = self._meta()
            meta["generation"] = name
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1))
            os.replace(tmp, self.directory / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pointer = self.directory / f"CURRENT.{os.getpid()}.tmp"
        pointer.write_text(name)
        os.replace(pointer, self.directory / "CURRENT")
        previous, self.generation = self.generation, name
        self._checked_at = time.monotonic()
        self._prune(keep={name, previous})

    def _prune(self, keep: set) -> None:
        """Delete generations other than the current and the previous one (a reader may still be loading it)."""
        for path in self.directory.iterdir():
            if path.is_dir() and path.name.startswith(("gen-", "tmp-")) and path.name not in keep:
                age = time.time() - path.stat().st_mtime
                if path.name.startswith("gen-") or age > 3600:
                    shutil.rmtree(path, ignore_errors=True)

    def current_generation(self) -> str | None:
        """The generation ``CURRENT`` points at on disk (``None`` without one)."""
        if self.directory is None:
            return None
        try:
            return (self.directory / "CURRENT").read_text().strip() or None
        except OSError:
            return None

    def _read_generation(self):
        """``(meta, state arrays)`` of the current generation when it is usable with this model, else None."""
        name = self.current_generation()
        if name is None:
            return None
        path = self.directory / name
        try:
            meta = json.loads((path / "meta.json").read_text())
            if meta.get("format") != FORMAT or meta.get("model") != self.embedder.model_id \
                    or meta.get("dim") != self.embedder.dim:
                log.info("matching index %s was built for %s/%s: rebuilding", name, meta.get("model"),
                         meta.get("dim"))
                return None
            with np.load(path / "state.npz", allow_pickle=False) as data:
                state = {key: data[key] for key in data.files}
            state["path"] = path
            alive = state["alive"]
            doc_ids = [str(x) for x, live in zip(state["doc_ids"], alive, strict=True) if live]
            digests = [str(x) for x, live in zip(state["digests"], alive, strict=True) if live]
            if meta.get("count") != len(doc_ids) or meta.get("ids_digest") != ids_digest(zip(doc_ids, digests,
                                                                                              strict=True)):
                raise ValueError("meta.json does not describe state.npz")
            state["doc_ids"], state["digests"] = doc_ids, digests
            return meta, state
        except Exception as exc:  # corrupt or half-written files: rebuild rather than crash
            log.warning("matching index %s unreadable (%s): rebuilding", path, exc)
            return None

    def _install_generation(self, meta: dict, state: dict, docs_by_id: dict[str, MatchDoc]) -> None:
        """Make a saved generation current, attaching ``docs_by_id`` (which must hold every live doc whose
        digest matches; others are tombstoned and must be upserted by the caller)."""
        vindex = VectorIndex.read(str(state["path"] / "index.faiss"), state["alive"], self.hnsw_params)
        with np.load(state["path"] / "state.npz", allow_pickle=False) as data:
            slot_ids = [str(x) for x in data["doc_ids"]]
            slot_digests = [str(x) for x in data["digests"]]
            offer_tokens = LexicalIndex.tokens_from_arrays(data["offer_vocab"], data["offer_ids"],
                                                           data["offer_offsets"])
            seek_tokens = LexicalIndex.tokens_from_arrays(data["seek_vocab"], data["seek_ids"],
                                                          data["seek_offsets"])
            seek, has_seek = data["seek"], data["has_seek"]
            unit_lengths = data["unit_lengths"]
            unit_flat = data["unit_vectors"]
        bounds = np.concatenate([[0], np.cumsum(unit_lengths)])
        unit_vecs = [unit_flat[bounds[i]:bounds[i + 1]] for i in range(len(unit_lengths))]
        n = len(slot_ids)
        if not (len(vindex.labels) == len(seek) == len(has_seek) == len(offer_tokens) == len(unit_vecs) == n):
            raise ValueError("the generation's arrays disagree in length")
        for slot, doc_id in enumerate(slot_ids):
            if vindex.alive[slot] and vindex.labels[slot] != index_id(doc_id):
                raise ValueError(f"slot {slot} holds {vindex.labels[slot]}, not {doc_id}")
        self._reset()
        self._vindex = vindex
        self._seek = np.ascontiguousarray(seek, dtype=np.float32)
        self._has_seek = has_seek.astype(bool)
        self._kind = np.zeros(n, dtype=np.int8)
        self._org = np.zeros(n, dtype=np.int64)
        self._cluster = np.full(n, -1, dtype=np.int32)
        self._region = np.full(n, -1, dtype=np.int32)
        self._trl = np.zeros(n, dtype=np.int8)
        self._license = np.zeros(n, dtype=np.uint8)
        self._offer_tokens, self._seek_tokens = offer_tokens, seek_tokens
        stale = []
        for slot, (doc_id, digest) in enumerate(zip(slot_ids, slot_digests, strict=True)):
            doc = docs_by_id.get(doc_id) if vindex.alive[slot] else None
            if doc is not None and text_digest(doc) == digest:
                self._docs.append(doc)
                self._digests.append(digest)
                self._units.append(tuple(doc_units(doc, "offer")))
                self._unit_vecs.append(unit_vecs[slot])
                if len(self._units[-1]) != len(unit_vecs[slot]):
                    raise ValueError(f"{doc_id}: {len(unit_vecs[slot])} unit vectors for {len(self._units[-1])} units")
                self._slot[doc_id] = slot
                self._set_attributes(slot, doc)
            else:
                self._docs.append(None)
                self._digests.append("")
                self._units.append(())
                self._unit_vecs.append(None)
                if vindex.alive[slot]:
                    stale.append(slot)
        if stale:
            self._kill(stale)
        self._rebuild_lexical()
        self.generation = meta.get("generation") or state["path"].name
        self.loaded = True

    def _maybe_reload(self) -> None:
        """Load a newer generation saved by another process (a worker), at most every ``reload_interval`` s."""
        if self.directory is None or self.docs_source is None:
            return
        now = time.monotonic()
        if now - self._checked_at < self.reload_interval:
            return
        self._checked_at = now
        name = self.current_generation()
        if name is None or name == self.generation:
            return
        saved = self._read_generation()
        if saved is None:
            return
        meta, state = saved
        with self._lock.read():
            known = {d.doc_id: d for d in self._docs if d is not None}
            digests = {d.doc_id: self._digests[s] for s, d in enumerate(self._docs) if d is not None}
        wanted = [i for i, dg in zip(state["doc_ids"], state["digests"], strict=True) if digests.get(i) != dg]
        try:
            fresh = {d.doc_id: d for d in self.docs_source(wanted)} if wanted else {}
            known.update(fresh)
            with self._lock.write():
                if self.generation != name:
                    self._install_generation(meta, state, known)
            log.info("matching index reloaded generation %s (%d docs re-read)", name, len(wanted))
        except Exception as exc:
            log.warning("could not reload matching index generation %s: %s", name, exc)


# --- helpers -------------------------------------------------------------------------------------------------------

class _UnitStore:
    """The offer units' vectors of every slot in one growing float32 matrix (rows ``start[s]`` to
    ``start[s] + count[s]``), so the meaning signal of a pool is one gather and one product."""

    def __init__(self):
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.used = 0
        self.start: list[int] = []
        self.count: list[int] = []

    def __len__(self) -> int:
        return len(self.start)

    def append(self, vectors: np.ndarray | None) -> None:
        n = 0 if vectors is None else len(vectors)
        if n:
            if self.matrix.shape[1] != vectors.shape[1]:
                self.matrix = np.zeros((max(1024, 2 * n), vectors.shape[1]), dtype=np.float32)
            if self.used + n > len(self.matrix):
                grown = np.zeros((max(2 * len(self.matrix), self.used + n), self.matrix.shape[1]), dtype=np.float32)
                grown[:self.used] = self.matrix[:self.used]
                self.matrix = grown
            self.matrix[self.used:self.used + n] = vectors
        self.start.append(self.used)
        self.count.append(n)
        self.used += n

    def clear(self, slot: int) -> None:
        self.count[slot] = 0

    def get(self, slot: int) -> np.ndarray:
        start, n = self.start[slot], self.count[slot]
        return self.matrix[start:start + n] if n else np.zeros((0, max(self.matrix.shape[1], 1)), np.float32)

    def max_sim(self, slots: np.ndarray, fallback: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Per slot, the best cosine of ``query`` with one of its units (its side vector's when it has none)."""
        out = np.asarray(fallback @ query, dtype=np.float32)
        counts = np.array([self.count[s] for s in slots], dtype=np.int64)
        has = counts > 0
        if not has.any():
            return out
        starts = np.array([self.start[s] for s in slots], dtype=np.int64)[has]
        counts = counts[has]
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rows = np.repeat(starts - offsets, counts) + np.arange(counts.sum())
        sims = self.matrix[rows] @ query
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def packed(self, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(count per slot, their vectors in slot order as float16) for saving."""
        counts = np.array(self.count, dtype=np.int64)
        if not counts.sum():
            return counts, np.zeros((0, dim), dtype=np.float16)
        return counts, np.concatenate([self.get(s) for s in range(len(self.start)) if self.count[s]]
                                      ).astype(np.float16)




def _unit_vector(unit: Unit, matrix: np.ndarray, rows: dict[str, int], gloss_weight: float) -> np.ndarray:
    vec = matrix[rows[unit.text]].copy()
    if unit.gloss and gloss_weight > 0:
        vec += gloss_weight * matrix[rows[unit.gloss]]
        vec /= max(float(np.linalg.norm(vec)), 1e-9)
    return vec


def _unit_matrix(units: Sequence[Unit], matrix: np.ndarray, rows: dict[str, int], gloss_weight: float):
    if not units:
        return np.zeros((0, matrix.shape[1]), dtype=np.float32)
    return np.stack([_unit_vector(u, matrix, rows, gloss_weight) for u in units])


def _side_vector(units: Sequence[Unit], vectors: np.ndarray) -> np.ndarray:
    """A side's vector: the mean of its units per language, normalised, then averaged over languages."""
    if not units:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    total = np.zeros(vectors.shape[1], dtype=np.float32)
    langs = np.array([u.lang for u in units])
    for lang in dict.fromkeys(langs.tolist()):
        mean = vectors[langs == lang].mean(axis=0)
        total += mean / max(float(np.linalg.norm(mean)), 1e-9)
    return (total / max(float(np.linalg.norm(total)), 1e-9)).astype(np.float32)


def _side_score(side: _Side, mode: str, alpha: float, tags_share: float, known: np.ndarray | None = None):
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


def _checked(docs: Sequence[MatchDoc]) -> list[MatchDoc]:
    """The docs the engine can index: a repeated doc id, an unknown kind or a malformed id is logged and left
    out (bad data must not stop the service)."""
    out, seen = [], set()
    for doc in docs:
        try:
            index_id(doc.doc_id)
        except (ValueError, AttributeError):
            log.warning("matching doc with a malformed id %r left out", getattr(doc, "doc_id", doc))
            continue
        if doc.doc_id in seen or doc.kind not in KINDS:
            log.warning("matching doc %s left out: %s", doc.doc_id,
                        "given twice" if doc.doc_id in seen else f"unknown kind {doc.kind!r}")
            continue
        seen.add(doc.doc_id)
        out.append(doc)
    return out


def _checked_query(text) -> str:
    if not isinstance(text, str):
        raise EmptyQueryError("The query must be text.", field="q")
    stripped = text.strip()
    if len(stripped) > MAX_QUERY_CHARS:
        raise QueryTooLongError(f"The query is {len(stripped)} characters long; the limit is {MAX_QUERY_CHARS}.",
                                field="q")
    if not any(ch.isalnum() for ch in stripped):
        raise EmptyQueryError("The query is empty: write what you are looking for.", field="q")
    return stripped


def _checked_lang(lang, field: str) -> str:
    if lang not in QUERY_LANGS:
        raise InvalidParameterError(f"Unknown language {lang!r}; expected one of {', '.join(QUERY_LANGS)}.",
                                    field=field)
    return lang


def _checked_k(k) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InvalidParameterError(f"k must be an integer from 1 to {MAX_K}.", field="k")
    return k


def _checked_mode(mode) -> str:
    if mode not in MODES:
        raise InvalidParameterError(f"Unknown mode {mode!r}; expected one of {', '.join(MODES)}.", field="mode")
    return mode


def with_params(engine: MatchingEngine, **changes) -> FusionParams:
    """Set fusion parameters on ``engine`` (for tuning); returns the new ones."""
    engine.params = replace(engine.params, **changes)
    return engine.params

"""The engine on disk: generations, and agreeing with the database (the :class:`Generations` part of
:class:`~matching.engine.engine.MatchingEngine`).

Each save writes a new *generation* directory (``gen-<time>-<pid>/``: ``index.faiss``, ``state.npz``,
``units.npy`` (every offer sentence's vector, float16), ``seek.npy`` (every doc's seek vector) and ``meta.json``)
and then points ``CURRENT`` at it with ``os.replace``, so a reader sees either the old or the new generation,
never a mix. The two ``.npy`` files are read on demand by the processes that load the generation (and by the one
that saved it): ``units.npy`` with ``pread`` (:class:`~matching.engine.units.RowFile`), ``seek.npy``
memory-mapped; their pages are shared by a node's processes, not copied into each. ``meta.json`` records the
model, dimension, count and a digest of the doc ids with
their content digests; :meth:`Generations.ensure_consistent` compares it with the database at start-up and
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
import time
from collections.abc import Callable, Iterable

import numpy as np

from i18n.text import analyser_version
from matching.documents import MatchDoc, index_id
from matching.engine.checks import checked_docs
from matching.engine.embeddings import Progress
from matching.engine.lexical import TokenStore
from matching.engine.text import doc_units
from matching.engine.units import UnitStore
from matching.engine.vectors import HNSW, VectorIndex

log = logging.getLogger("seoulmade.matching")
FORMAT = 2  # 2: sentence and seek vectors moved from state.npz to memory-mapped units.npy and seek.npy
DocsLoader = Callable[[], list[MatchDoc]]


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


def _mapped_seek(path, rows: int, dim: int) -> np.ndarray:
    """The seek vectors of a generation, memory-mapped read-only (a change appends to an in-memory copy until the
    next save maps the new file)."""
    seek = np.load(path, mmap_mode="r", allow_pickle=False)
    if seek.dtype != np.float32 or seek.shape != (rows, dim):
        raise ValueError(f"{path}: {seek.dtype} {seek.shape}, not float32 ({rows}, {dim})")
    return seek


class Generations:
    """Saving, loading and reloading generations, for :class:`~matching.engine.engine.MatchingEngine` (which
    holds the state these methods read and install)."""

    def ensure_consistent(self, docs_loader: DocsLoader, progress: Progress | None = None) -> str:
        """Make the index agree with the database at start-up: load the saved generation, compare its model,
        dimension, doc ids and content digests with ``docs_loader()``, then apply the difference (or rebuild
        when it is large or the files are unusable). Returns what was done: "loaded", "updated" or "rebuilt"."""
        docs = checked_docs(docs_loader())
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

    def _meta(self) -> dict:
        pairs = [(d.doc_id, self._digests[s]) for s, d in enumerate(self._docs) if d is not None]
        return {"format": FORMAT, "model": self.embedder.model_id, "dim": self.embedder.dim,
                "analyser": analyser_version(),
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
            offer_arrays = self._offer_tokens.to_arrays()
            seek_arrays = self._seek_tokens.to_arrays()
            unit_lengths = self._unit_vecs.write(tmp / "units.npy", self.embedder.dim)
            np.save(tmp / "seek.npy", np.ascontiguousarray(self._seek, dtype=np.float32))
            np.savez(tmp / "state.npz", alive=self._vindex.alive, has_seek=self._has_seek,
                     unit_lengths=unit_lengths,
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
        # From now on the sentence vectors are read from the saved file (on demand), not held in memory.
        self._unit_vecs = UnitStore.saved(self.directory / name / "units.npy", unit_lengths)
        self._seek = _mapped_seek(self.directory / name / "seek.npy", len(self._docs), self.embedder.dim)
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
            if meta.get("analyser") != analyser_version():  # other tokens or glossary concepts (#22)
                log.info("matching index %s was analysed by %s: rebuilding", name, meta.get("analyser"))
                return None
            with np.load(path / "state.npz", allow_pickle=False) as data:  # the tokens are read when installed
                state = {key: data[key] for key in ("alive", "doc_ids", "digests")}
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
            offer_tokens = TokenStore.from_arrays(data["offer_vocab"], data["offer_ids"], data["offer_offsets"])
            seek_tokens = TokenStore.from_arrays(data["seek_vocab"], data["seek_ids"], data["seek_offsets"])
            has_seek = data["has_seek"]
            unit_lengths = data["unit_lengths"]
        seek = _mapped_seek(state["path"] / "seek.npy", len(has_seek), self.embedder.dim)
        unit_vecs = UnitStore.saved(state["path"] / "units.npy", unit_lengths)
        n = len(slot_ids)
        if not (len(vindex.labels) == len(seek) == len(has_seek) == len(offer_tokens) == len(seek_tokens)
                == len(unit_vecs) == n):
            raise ValueError("the generation's arrays disagree in length")
        for slot, doc_id in enumerate(slot_ids):
            if vindex.alive[slot] and vindex.labels[slot] != index_id(doc_id):
                raise ValueError(f"slot {slot} holds {vindex.labels[slot]}, not {doc_id}")
        self._reset()
        self._vindex = vindex
        self._unit_vecs = unit_vecs
        self._seek = seek
        self._has_seek = has_seek.astype(bool)
        self._kind = np.zeros(n, dtype=np.int8)
        self._org = np.zeros(n, dtype=np.int64)
        self._cluster = np.full(n, -1, dtype=np.int32)
        self._region = np.full(n, -1, dtype=np.int32)
        self._trl = np.zeros(n, dtype=np.int8)
        self._license = np.zeros(n, dtype=np.uint8)
        self._langs = np.zeros(n, dtype=np.uint8)
        self._offer_tokens, self._seek_tokens = offer_tokens, seek_tokens
        stale = []
        for slot, (doc_id, digest) in enumerate(zip(slot_ids, slot_digests, strict=True)):
            doc = docs_by_id.get(doc_id) if vindex.alive[slot] else None
            if doc is not None and text_digest(doc) == digest:
                self._docs.append(doc)
                self._digests.append(digest)
                concepts = tuple(u.concepts for u in doc_units(doc, "offer"))
                if len(concepts) != unit_vecs.count[slot]:
                    raise ValueError(f"{doc_id}: {unit_vecs.count[slot]} unit vectors for {len(concepts)} units")
                self._unit_concepts.append(self._shared_concepts(concepts))
                self._slot[doc.doc_id] = slot  # the doc's own id string (not a second copy per slot)
                self._set_attributes(slot, doc)
            else:
                self._docs.append(None)
                self._digests.append("")
                self._unit_concepts.append(())
                unit_vecs.clear(slot)
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


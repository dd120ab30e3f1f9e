"""Index generations: the BM25 index and the filter arrays of every published listing, built once from the stored
documents (:mod:`catalog.search.documents`) into a directory on shared storage and announced by a row of
``catalog_index_generations``. Web processes memory-map the newest one (so the workers of a node share its pages)
and switch when a newer row appears; a generation whose files are missing, corrupt or written for another
database (its ``token`` differs from the row's) is refused with :class:`GenerationError` and rebuilt.

Layout of ``<CATALOG_INDEX_DIR>/<name>/``: ``bm25/`` (bm25s's own files), ``ids.npy``, ``price_krw.npy``,
``moq.npy``, ``lead_time.npy``, ``cluster.npy``, ``category.npy``, the vectors (``dense_*.npy``, float32, when
built with a model; see :mod:`catalog.search.dense`) and ``meta.json`` (written last, with every file's size).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections import Counter
from pathlib import Path

import numpy as np
from sqlmodel import Session, select

from catalog.search.dense import DenseIndex
from catalog.search.dense import build as build_dense
from catalog.search.dense import load as load_dense
from catalog.search.dense import save as save_dense
from catalog.search.documents import Analysed, Listing, load_filters, published_ids, stored
from catalog.search.models import IndexGeneration
from i18n.text import analyser_version
from i18n.times import utcnow

log = logging.getLogger("seoulmade.catalog")
ARRAYS = ("ids", "price_krw", "moq", "lead_time", "cluster", "category")
KEEP = 3  # generations kept on storage (processes may still map the previous ones)
# Listings changed this long before a build started reading are also served from the delta: the clocks of the
# machines that stamp ``updated_at`` may disagree by that much.
CLOCK_MARGIN = dt.timedelta(seconds=5)
K1, B = 1.5, 0.75  # bm25s's defaults ("lucene"), used for the delta's scores too


class GenerationError(Exception):
    """A generation that cannot be served (missing, corrupt or foreign files)."""


@dataclasses.dataclass
class Generation:
    """Listings as arrays in ascending id order with a BM25 retriever over their tokens (memory-mapped when
    loaded from storage, in memory when built for a small catalog)."""

    ids: np.ndarray
    price_krw: np.ndarray
    moq: np.ndarray
    lead_time: np.ndarray
    cluster: np.ndarray
    category: np.ndarray
    clusters: list[str]
    categories: list[str]
    retriever: object | None
    dense: DenseIndex | None
    avgdl: float
    model: str | None = None
    name: str = ""
    token: str = ""
    watermark: dt.datetime | None = None
    row_id: int | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def token_ids(self, tokens: list[str]) -> list[int]:
        """Ids of those ``tokens`` this generation's vocabulary knows."""
        if self.retriever is None:
            return []
        vocab = self.retriever.vocab_dict
        return [vocab[t] for t in tokens if t in vocab]

    def bm25(self, token_ids: list[int]) -> np.ndarray:
        """BM25 scores of every listing for the query's known token ids."""
        if not token_ids or self.retriever is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores_from_ids(token_ids), dtype=np.float32)

    def document_frequency(self, token: str) -> int:
        """In how many listings ``token`` occurs."""
        if self.retriever is None or token not in self.retriever.vocab_dict:
            return 0
        indptr = self.retriever.scores["indptr"]
        t = self.retriever.vocab_dict[token]
        return int(indptr[t + 1] - indptr[t])


def from_documents(listings: list[Listing], docs: list[Analysed], model: str | None,
                   ivf_min: int | None = None) -> Generation:
    """A generation of ``listings`` (ascending ids) built from their documents; its vectors are scanned whole
    unless there are ``ivf_min`` of them or more (see :mod:`catalog.search.dense`)."""
    import bm25s

    clusters = sorted({item.cluster for item in listings})
    categories = sorted({item.category for item in listings})
    cluster_code = {c: i for i, c in enumerate(clusters)}
    category_code = {c: i for i, c in enumerate(categories)}
    corpus = [doc.tokens or [""] for doc in docs]
    retriever = None
    if corpus:
        retriever = bm25s.BM25(k1=K1, b=B)
        retriever.index(corpus, show_progress=False)
    vectors = dense = None
    if model is not None and docs and all(doc.vector is not None for doc in docs):
        vectors = np.vstack([doc.vector for doc in docs]).astype(np.float32)
        dense = build_dense(vectors, ivf_min or len(vectors) + 1)
    return Generation(
        ids=np.array([item.id for item in listings], dtype=np.int64),
        price_krw=np.array([item.price_krw for item in listings], dtype=np.int64),
        moq=np.array([item.moq for item in listings], dtype=np.int64),
        lead_time=np.array([item.lead_time for item in listings], dtype=np.int64),
        cluster=np.array([cluster_code[item.cluster] for item in listings], dtype=np.int32),
        category=np.array([category_code[item.category] for item in listings], dtype=np.int32),
        clusters=clusters, categories=categories, retriever=retriever, dense=dense,
        avgdl=float(np.mean([len(c) for c in corpus])) if corpus else 1.0, model=model if vectors is not None else None)


class MappedBM25:
    """A BM25 index saved by bm25s (its ``data``/``indices``/``indptr`` score matrix, vocabulary and parameters),
    memory-mapped and scored with numpy alone, as bm25s scores it: a new web process answers without importing
    bm25s, which imports scipy (0.2–0.4 s of its first answer). For the methods without non-occurrence scores
    (bm25s's default "lucene", which :func:`from_documents` builds); :func:`load` gives the others to bm25s."""

    PLAIN = ("lucene", "robertson", "atire")

    def __init__(self, path: Path, params: dict):
        self.vocab_dict: dict[str, int] = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        self.dtype = np.dtype(params.get("dtype", "float32"))
        self.scores = {name: np.load(path / f"{name}.csc.index.npy", mmap_mode="r")
                       for name in ("data", "indices", "indptr")}
        self.scores["num_docs"] = int(params["num_docs"])

    def get_scores_from_ids(self, token_ids: list[int]) -> np.ndarray:
        """BM25 scores of every document for these token ids (a repeated id counts each time)."""
        data, indices, indptr = self.scores["data"], self.scores["indices"], self.scores["indptr"]
        if token_ids and max(token_ids) >= len(indptr) - 1:  # bm25s's "" token has no column; bm25s refuses too
            raise ValueError(f"token id {max(token_ids)} is not in the index")
        out = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for t in token_ids:
            start, end = int(indptr[t]), int(indptr[t + 1])
            np.add.at(out, indices[start:end], data[start:end])
        return out


def _load_bm25(path: Path):
    params = json.loads((path / "params.index.json").read_text())
    if params.get("method") in MappedBM25.PLAIN:
        return MappedBM25(path, params)
    import bm25s

    return bm25s.BM25.load(str(path), mmap=True, show_progress=False)


def delta_scores(main: Generation, docs: list[Analysed], query: list[str]) -> np.ndarray:
    """BM25 scores of listings outside ``main`` (changed since it was built) for ``query``'s tokens, with
    ``main``'s statistics (listing count, document frequencies, mean length), so they rank with its scores."""
    out = np.zeros(len(docs), dtype=np.float32)
    if not docs or not query:
        return out
    n = max(len(main), 1)
    counters = [Counter(doc.tokens) for doc in docs]
    for token in set(query):
        df = main.document_frequency(token) or sum(1 for c in counters if token in c)
        if not df:
            continue
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, (doc, counts) in enumerate(zip(docs, counters, strict=True)):
            tf = counts.get(token, 0)
            if tf:
                norm = K1 * ((1 - B) + B * len(doc.tokens) / max(main.avgdl, 1e-9))
                out[i] += idf * tf / (norm + tf)
    return out


# --- storage ----------------------------------------------------------------------------------------------------

def directory(app) -> Path:
    """Where generations live (``CATALOG_INDEX_DIR``, default ``<data dir>/catalog_index``)."""
    path = Path(app.config.get("CATALOG_INDEX_DIR") or Path(app.config["DATA_DIR"]) / "catalog_index")
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(generation: Generation, path: Path) -> None:
    """Write ``generation`` to ``path`` (a new directory), ``meta.json`` last."""
    path.mkdir(parents=True)
    if generation.retriever is not None:
        generation.retriever.save(str(path / "bm25"), show_progress=False)
    for name in ARRAYS:
        np.save(path / f"{name}.npy", getattr(generation, name))
    if generation.dense is not None:
        save_dense(generation.dense, path)
    files = {str(p.relative_to(path)): p.stat().st_size for p in sorted(path.rglob("*")) if p.is_file()}
    meta = {"name": generation.name, "token": generation.token, "products": len(generation),
            "clusters": generation.clusters, "categories": generation.categories, "avgdl": generation.avgdl,
            "model": generation.model, "analyser": analyser_version(), "files": files}
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))


def load(path: Path, row: IndexGeneration) -> Generation:
    """Memory-map the generation of ``row`` at ``path``; raises :class:`GenerationError` when it is missing,
    incomplete, corrupt or another database's."""
    try:
        meta = json.loads((path / "meta.json").read_text())
    except (OSError, ValueError) as exc:
        raise GenerationError(f"{path}: no readable meta.json ({exc})") from None
    if meta.get("token") != row.token:
        raise GenerationError(f"{path}: written for another database (token {meta.get('token')!r})")
    for name, size in (meta.get("files") or {}).items():
        try:
            if (path / name).stat().st_size != size:
                raise GenerationError(f"{path}: {name} has another size than when it was written")
        except OSError:
            raise GenerationError(f"{path}: {name} is missing") from None
    try:
        arrays = {name: np.load(path / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
        dense = load_dense(path) if meta.get("model") else None
        retriever = None
        if (path / "bm25").is_dir():
            retriever = _load_bm25(path / "bm25")
    except (OSError, ValueError, KeyError) as exc:
        raise GenerationError(f"{path}: unreadable ({exc})") from None
    n = int(meta["products"])
    if any(len(a) != n for a in arrays.values()) or (dense is not None and len(dense) != n):
        raise GenerationError(f"{path}: arrays disagree with the {n} listings of meta.json")
    return Generation(**arrays, clusters=meta["clusters"], categories=meta["categories"], retriever=retriever,
                      dense=dense, avgdl=float(meta["avgdl"]), model=meta.get("model"), name=row.name,
                      token=row.token, watermark=row.watermark, row_id=row.id)


def newest(session: Session) -> IndexGeneration | None:
    """The generation every process should serve (the newest row)."""
    return session.exec(select(IndexGeneration).order_by(IndexGeneration.id.desc()).limit(1)).first()


@contextlib.contextmanager
def build_lock(root: Path):
    """Held by the one process building a generation on this storage; yields False when another holds it."""
    with open(root / "build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(session: Session, root: Path, embedder=None, progress=None, batch: int = 5000,
          watermark: dt.datetime | None = None, ivf_min: int = 50_000) -> IndexGeneration:
    """Build a generation from the stored documents under ``root`` and announce it with a new row (flushed;
    the caller commits). Listings without a current stored document are left to the delta of each process
    (:func:`analyse_all` first stores them). ``watermark``: when the caller started reading (default now, less
    the clock margin). ``progress(stage, done, total)`` follows the reading."""
    started = time.perf_counter()
    watermark = watermark or utcnow() - CLOCK_MARGIN
    model = embedder.model_id if embedder is not None else None
    listings: list[Listing] = []
    docs: list[Analysed] = []
    after = 0
    while True:
        chunk = published_ids(session, after, batch)
        if not chunk:
            break
        after = chunk[-1]
        # Stored documents as they are: one changed after the watermark is served by each process's delta.
        items = [item for item in load_filters(session, chunk) if item.published]
        have = stored(session, [item.id for item in items], model)
        for item in items:
            doc = have.get(item.id)
            if doc is None:  # changed between the analysis and now: the delta serves it
                continue
            listings.append(item)
            docs.append(doc)
        if progress:
            progress("read", len(listings), len(listings))
    generation = from_documents(listings, docs, model if embedder is not None else None, ivf_min)
    token = uuid.uuid4().hex
    name = f"g{utcnow():%Y%m%d%H%M%S}-{token[:8]}"
    generation.name, generation.token = name, token
    temporary = root / f".tmp-{name}"
    save(generation, temporary)
    os.replace(temporary, root / name)
    row = IndexGeneration(name=name, token=token, watermark=watermark, products=len(listings),
                          analyser=analyser_version(), model=generation.model,
                          build_seconds=round(time.perf_counter() - started, 2))
    session.add(row)
    session.flush()
    log.info("catalog index generation %s: %d listings in %.1f s", name, len(listings), row.build_seconds)
    return row


def analyse_all(app, embedder=None, progress=None, batch: int = 2000, ids: list[int] | None = None) -> int:
    """Store the documents of ``ids`` (every published listing when None) whose stored one is missing or stale,
    a batch at a time: read in one short transaction, analysed outside any (the embedding cache writes on its
    own), written in another; returns how many were analysed. A long analysis holds no lock and keeps what it
    did if stopped."""
    from catalog.search.documents import analyse, stale_listings, store
    from market.db import session_scope

    model = embedder.model_id if embedder is not None else None
    if ids is None:
        with session_scope(app, read_only=True) as session:
            ids = published_ids(session)
    ids = sorted(set(ids))
    analysed = 0
    for start in range(0, len(ids), batch):
        with session_scope(app, read_only=True) as session:
            stale = stale_listings(session, ids[start:start + batch], model)
        if stale:
            docs = analyse(stale, embedder)
            with session_scope(app) as session:
                store(session, stale, docs, model)
            analysed += len(stale)
        if progress:
            progress("analyse", min(start + batch, len(ids)), len(ids))
    return analysed


def prune(session: Session, root: Path, keep: int = KEEP) -> None:
    """Remove generations on storage that are neither among the ``keep`` newest rows nor being written."""
    names = set(session.exec(select(IndexGeneration.name).order_by(IndexGeneration.id.desc()).limit(keep)))
    for path in root.iterdir():
        if path.is_dir() and path.name.startswith("g") and path.name not in names:
            shutil.rmtree(path, ignore_errors=True)

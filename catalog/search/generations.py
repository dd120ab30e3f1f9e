"""Index generations: the BM25 index and the filter arrays of every published listing, built once from the stored
documents (:mod:`catalog.search.documents`) into a directory on shared storage and announced by a row of
``catalog_index_generations``. Web processes memory-map the newest one (so the workers of a node share its pages)
and switch when a newer row appears; a generation whose files are missing, corrupt or written for another
database (its ``token`` differs from the row's) is refused with :class:`GenerationError` and rebuilt.

Layout of ``<CATALOG_INDEX_DIR>/<name>/``: ``bm25/`` (:mod:`i18n.bm25`, in bm25s's file layout), ``ids.npy``, ``price_krw.npy``,
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
from catalog.search.dense import write as write_dense
from catalog.search.documents import Analysed, Listing, load_filters, published_ids, stored
from catalog.search.models import IndexGeneration
from i18n import bm25
from i18n.bm25 import BM25Matrix
from i18n.text import analyser_version
from i18n.times import utcnow

log = logging.getLogger("seoulmade.catalog")
ARRAYS = ("ids", "price_krw", "moq", "lead_time", "cluster", "category")
KEEP = 3  # generations kept on storage (processes may still map the previous ones)
# Listings changed this long before a build started reading are also served from the delta: the clocks of the
# machines that stamp ``updated_at`` may disagree by that much.
CLOCK_MARGIN = dt.timedelta(seconds=5)
K1, B = bm25.K1, bm25.B  # used for the delta's scores too


class GenerationError(Exception):
    """A generation that cannot be served (missing, corrupt or foreign files)."""


@dataclasses.dataclass
class Generation:
    """Listings as arrays in ascending id order with the BM25 matrix of their tokens (memory-mapped when loaded
    from storage, in memory when built for a small catalog)."""

    ids: np.ndarray
    price_krw: np.ndarray
    moq: np.ndarray
    lead_time: np.ndarray
    cluster: np.ndarray
    category: np.ndarray
    clusters: list[str]
    categories: list[str]
    lexical: BM25Matrix | None
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
        return self.lexical.token_ids(tokens) if self.lexical is not None else []

    def bm25(self, token_ids: list[int]) -> np.ndarray:
        """BM25 scores of every listing for the query's known token ids."""
        if not token_ids or self.lexical is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.lexical.get_scores_from_ids(token_ids), dtype=np.float32)

    def document_frequency(self, token: str) -> int:
        """In how many listings ``token`` occurs."""
        return self.lexical.document_frequency(token) if self.lexical is not None else 0


class _Columns:
    """The filter arrays of a generation, filled a listing at a time (clusters and categories coded by name
    as they come, recoded in name order at the end)."""

    def __init__(self, size: int):
        self.values = {name: np.empty(size, dtype=np.int64) for name in ARRAYS}
        self.codes: dict[str, dict[str, int]] = {"cluster": {}, "category": {}}
        self.rows = 0

    def add(self, item: Listing) -> None:
        row, values = self.rows, self.values
        values["ids"][row], values["price_krw"][row] = item.id, item.price_krw
        values["moq"][row], values["lead_time"][row] = item.moq, item.lead_time
        for name in ("cluster", "category"):
            codes = self.codes[name]
            values[name][row] = codes.setdefault(getattr(item, name), len(codes))
        self.rows += 1

    def finish(self) -> tuple[dict[str, np.ndarray], list[str], list[str]]:
        """``(arrays, clusters, categories)``, the names sorted and the codes their positions."""
        out = {name: array[:self.rows] for name, array in self.values.items()}
        names = {}
        for name, codes in self.codes.items():
            names[name] = sorted(codes)
            recode = np.zeros(max(len(codes), 1), dtype=np.int32)
            for value, code in codes.items():
                recode[code] = names[name].index(value)
            out[name] = recode[out[name]] if self.rows else np.zeros(0, dtype=np.int32)
        return out, names["cluster"], names["category"]


def from_documents(listings: list[Listing], docs: list[Analysed], model: str | None,
                   ivf_min: int | None = None) -> Generation:
    """A generation of ``listings`` (ascending ids) built in memory from their documents; its vectors are
    scanned whole unless there are ``ivf_min`` of them or more (see :mod:`catalog.search.dense`)."""
    columns = _Columns(len(listings))
    for item in listings:
        columns.add(item)
    arrays, clusters, categories = columns.finish()
    lexical = bm25.build([doc.tokens for doc in docs], K1, B) if docs else None
    vectors = dense = None
    if model is not None and docs and all(doc.vector is not None for doc in docs):
        vectors = np.vstack([doc.vector for doc in docs]).astype(np.float32)
        dense = build_dense(vectors, ivf_min or len(vectors) + 1)
    return Generation(**arrays, clusters=clusters, categories=categories, lexical=lexical, dense=dense,
                      avgdl=lexical.avgdl if lexical is not None else 1.0,
                      model=model if vectors is not None else None)


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


def _seal(path: Path, meta: dict) -> None:
    """Write ``meta.json`` into the generation at ``path``, last, with the size of every file written."""
    files = {str(p.relative_to(path)): p.stat().st_size for p in sorted(path.rglob("*")) if p.is_file()}
    (path / "meta.json").write_text(json.dumps({**meta, "analyser": analyser_version(), "files": files},
                                               ensure_ascii=False))


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
        lexical = BM25Matrix.load(path / "bm25") if (path / "bm25").is_dir() else None
    except (OSError, ValueError, KeyError) as exc:
        raise GenerationError(f"{path}: unreadable ({exc})") from None
    n = int(meta["products"])
    if any(len(a) != n for a in arrays.values()) or (dense is not None and len(dense) != n):
        raise GenerationError(f"{path}: arrays disagree with the {n} listings of meta.json")
    return Generation(**arrays, clusters=meta["clusters"], categories=meta["categories"], lexical=lexical,
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
    the clock margin). ``progress(stage, done, total)`` follows the reading.

    Streamed: ``batch`` stored documents are read at a time; what stays in memory is the BM25 builder's
    compact arrays (:class:`i18n.bm25.BM25Builder`) and the filter columns, while vectors go straight to a
    memory-mapped file."""
    started = time.perf_counter()
    watermark = watermark or utcnow() - CLOCK_MARGIN
    token = uuid.uuid4().hex
    name = f"g{utcnow():%Y%m%d%H%M%S}-{token[:8]}"
    temporary = root / f".tmp-{name}"
    temporary.mkdir(parents=True)
    try:
        meta = _write(session, temporary, embedder, progress, batch, ivf_min)
        _seal(temporary, {"name": name, "token": token, **meta})
        os.replace(temporary, root / name)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    row = IndexGeneration(name=name, token=token, watermark=watermark, products=meta["products"],
                          analyser=analyser_version(), model=meta["model"],
                          build_seconds=round(time.perf_counter() - started, 2))
    session.add(row)
    session.flush()
    log.info("catalog index generation %s: %d listings in %.1f s", name, row.products, row.build_seconds)
    return row


def _write(session: Session, path: Path, embedder, progress, batch: int, ivf_min: int) -> dict:
    """Write a generation's files under ``path`` from the stored documents; returns the rest of its meta."""
    model = embedder.model_id if embedder is not None else None
    ids = published_ids(session)
    columns = _Columns(len(ids))
    lexical = bm25.BM25Builder(K1, B)
    raw = path.parent / f".vectors-{path.name}.npy"  # the vectors in listing order, until the dense index is written
    vectors = None
    if embedder is not None and ids:
        vectors = np.lib.format.open_memmap(raw, mode="w+", dtype=np.float32, shape=(len(ids), embedder.dim))
    try:
        for start in range(0, len(ids), batch):
            # Stored documents as they are: one changed after the watermark is served by each process's delta.
            items = [item for item in load_filters(session, ids[start:start + batch]) if item.published]
            have = stored(session, [item.id for item in items], model)
            tokens = []
            for item in items:
                doc = have.get(item.id)
                if doc is None:  # not analysed yet: the delta serves it
                    continue
                if vectors is not None and doc.vector is None:  # some vector missing: words alone
                    vectors = None
                if vectors is not None:
                    vectors[columns.rows] = doc.vector
                columns.add(item)
                tokens.append(doc.tokens)
            lexical.add(tokens)
            if progress:
                progress("read", min(start + batch, len(ids)), len(ids))
        arrays, clusters, categories = columns.finish()
        for name in ARRAYS:
            np.save(path / f"{name}.npy", arrays[name])
        matrix = lexical.finish()
        if columns.rows:
            matrix.save(path / "bm25")
        with_vectors = vectors is not None and columns.rows > 0
        if with_vectors:
            write_dense(vectors[:columns.rows], path, ivf_min)
    finally:
        del vectors
        raw.unlink(missing_ok=True)
    return {"products": columns.rows, "clusters": clusters, "categories": categories,
            "avgdl": matrix.avgdl if columns.rows else 1.0, "model": model if with_vectors else None}


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

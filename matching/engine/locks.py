"""Concurrency of the engine: a readers–writer lock (searches share it, changes take it alone: FAISS must not be
searched while it grows) and one BLAS thread per process. A search encodes its query in the thread that
searches (a second thread only added GIL hand-offs, see :meth:`MatchingEngine.search`)."""

from __future__ import annotations

import os
import threading

_SINGLE_BLAS: set[int] = set()


def single_blas_thread() -> None:
    """Make this process's BLAS use one thread (once per pid). A search's products are small (a candidate pool's
    sentence vectors times the query): several BLAS threads only spin-wait for each other on a shared machine
    (p95 of a 1,000×512 product under load 10 on 2 cores: 61 ms with two threads, 0.1 ms with one) and give the
    same results, each output being one thread's dot product. The model's own batch encoding sets its threads
    itself; FAISS uses OpenMP, which this does not touch."""
    pid = os.getpid()
    if pid in _SINGLE_BLAS:
        return
    _SINGLE_BLAS.add(pid)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class RWLock:
    """Many readers (searches) or one writer (changes)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    def read(self):
        return _Held(self, False)

    def write(self):
        return _Held(self, True)


class _Held:
    def __init__(self, lock: RWLock, write: bool):
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

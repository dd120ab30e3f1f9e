"""A page of results is ordered without sorting every match: the first ``limit`` positions in every sort are
those a full stable sort gives, ties (many equal prices, lead times and scores) broken by product id."""

from __future__ import annotations

import types

import numpy as np
import pytest

from catalog.search.services import _sorted


def _full(positions, index, scores, sort):
    keys = {"price_asc": index.price_krw, "price_desc": -index.price_krw, "lead_time": index.lead_time,
            "relevance": None if scores is None else -scores}.get(sort)
    if keys is None:
        return positions[np.argsort(-index.ids[positions], kind="stable")]
    return positions[np.argsort(keys[positions], kind="stable")]


@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "lead_time", "relevance", "newest"])
@pytest.mark.parametrize("ascending", [True, False])
def test_the_first_positions_equal_a_full_stable_sort(sort, ascending):
    rng = np.random.default_rng(4)
    n = 50_000
    ids = np.arange(1, n + 1, dtype=np.int64)
    if not ascending:  # listings added since the generation with ids below its newest
        ids[-100:] = rng.integers(1, n, 100)
    index = types.SimpleNamespace(ids=ids, ascending=ascending,
                                  price_krw=rng.choice([9_000, 12_000, 15_000, 99_000], n).astype(np.int64),
                                  lead_time=rng.integers(1, 30, n).astype(np.int64))
    scores = np.round(rng.random(n), 2).astype(np.float32)  # many equal scores
    positions = np.sort(rng.choice(n, 30_000, replace=False))
    full = _full(positions, index, scores, sort)
    for limit in (1, 24, 72, 5_000, 40_000):
        assert np.array_equal(_sorted(positions, index, scores, sort, limit), full[:limit]), limit
    assert len(_sorted(positions[:0], index, scores, sort, 24)) == 0

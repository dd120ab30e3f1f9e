"""Which aggregate cells may be published (pure; no database).

The rule (after U.S. Cluster Mapping and statistical offices' practice):

* **Primary suppression** — a cell is shown only with at least :data:`MIN_FIRMS` firms and when no single firm
  holds more than :data:`DOMINANCE` of the cell's total of any published figure (jobs, value added, exports).
* **Complementary suppression** — every table of a year is published with the same grand total, so one hidden
  cell in a table would be the total minus the shown ones. Within each table the hidden cells are at least two,
  and their union passes the primary rule itself (their sum is known, so it must be safe as one cell).
* **Across tables** — a firm is in one cell of each table (cluster, trade, district, size band), so published
  cells of different tables combine. Each cell is a 0/1 vector over the firms and its published figure is that
  vector times the firms' values; a hidden cell is recoverable exactly when its vector lies in the span of the
  published vectors (whatever the firms' values). :func:`suppress` hides further cells, smallest first, until no
  hidden cell is in that span, and also until no difference of two nested published cells isolates a group of
  firms that fails the primary rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

MIN_FIRMS = 5
DOMINANCE = 0.5
MEASURES = ("jobs", "value_added_krw", "exports_krw")
TOTAL = ("total", "total")


@dataclasses.dataclass(frozen=True)
class Record:
    """One firm's published figures and the cell it falls in for each dimension."""

    firm: int
    keys: Mapping[str, str | None]
    jobs: int = 0
    value_added_krw: int = 0
    exports_krw: int = 0


@dataclasses.dataclass
class Cell:
    """A published (or suppressed) cell; the figures are None when it is suppressed."""

    dimension: str
    key: str
    firms: int | None
    jobs: int | None
    value_added_krw: int | None
    exports_krw: int | None
    suppressed: bool
    reason: str | None = None  # "primary" or "complementary" (for staff), never shown to the public


def is_sensitive(records: Sequence[Record]) -> bool:
    """Whether a group of firms fails the primary rule: fewer than five, or one firm above half of a total."""
    if len(records) < MIN_FIRMS:
        return True
    for measure in MEASURES:
        values = [abs(getattr(r, measure) or 0) for r in records]
        total = sum(values)
        if total > 0 and max(values) > DOMINANCE * total:
            return True
    return False


def _rank(rows: list[np.ndarray]) -> int:
    return int(np.linalg.matrix_rank(np.array(rows))) if rows else 0


def _basis(rows: list[np.ndarray]) -> np.ndarray:
    """An orthonormal basis (as rows) of the span of ``rows``."""
    if not rows:
        return np.zeros((0, 0))
    _u, singular, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    return vt[: int((singular > 1e-9 * max(1.0, singular[0])).sum())]


def _in_span(basis: np.ndarray, vector: np.ndarray) -> bool:
    if basis.size == 0:
        return False
    return bool(np.linalg.norm(vector - basis.T @ (basis @ vector)) < 1e-6)


def suppress(records: Sequence[Record], dimensions: Iterable[str]) -> dict[str, list[Cell]]:
    """The cells of each dimension's table for ``records``, with the total under ``"total"``, each marked
    suppressed or not by the rules above; cells are ordered by key."""
    dimensions = list(dimensions)
    records = list(records)
    index = {r.firm: i for i, r in enumerate(records)}
    groups: dict[tuple[str, str], list[Record]] = {TOTAL: records}
    for dim in dimensions:
        for r in records:
            key = r.keys.get(dim)
            if key is not None:
                groups.setdefault((dim, key), []).append(r)
    vectors = {}
    for cell, members in groups.items():
        vector = np.zeros(len(records))
        for r in members:
            vector[index[r.firm]] = 1.0
        vectors[cell] = vector
    hidden: dict[tuple[str, str], str] = {c: "primary" for c, members in groups.items() if is_sensitive(members)}
    if TOTAL in hidden:
        hidden.update({c: "primary" for c in groups if c not in hidden})

    def size(cell):
        return (len(groups[cell]), cell)

    def hide(cell):
        hidden.setdefault(cell, "complementary")

    def leaks(gone) -> list:
        """The hidden cells that the published ones (all but ``gone``) determine."""
        basis = _basis([vectors[c] for c in groups if c not in gone])
        return [c for c in gone if _in_span(basis, vectors[c])]

    def best(candidates):
        """The candidate whose hiding leaves the fewest recoverable cells, then the smallest."""
        return min(candidates, key=lambda c: (len(leaks({**hidden, c: ""})), size(c)))

    for _round in range(len(groups) + 1):
        changed = False
        # Within each table: no single hidden cell, and the hidden cells together pass the primary rule.
        for dim in dimensions:
            cells = [c for c in groups if c[0] == dim]
            while True:
                gone = [c for c in cells if c in hidden]
                shown = [c for c in cells if c not in hidden]
                union = [r for c in gone for r in groups[c]]
                if not gone or not shown or (len(gone) >= 2 and not is_sensitive(union)):
                    break
                hide(best(shown))
                changed = True
        # Across tables: a nested pair of published cells must not isolate a sensitive group.
        shown = sorted((c for c in groups if c not in hidden), key=size)
        for small in shown:
            for large in shown:
                if small == large or small in hidden or large in hidden:
                    continue
                a, b = vectors[small], vectors[large]
                if np.all(a <= b) and a.sum() < b.sum():
                    rest = [records[i] for i in np.flatnonzero(b - a)]
                    if is_sensitive(rest):
                        hide(small if small != TOTAL else large)
                        changed = True
        # Across tables: no hidden cell in the span of the published ones.
        while leaks(hidden):
            candidates = [c for c in groups if c not in hidden and c != TOTAL]
            if not candidates:
                break
            hide(best(candidates))
            changed = True
        if not changed:
            break

    tables: dict[str, list[Cell]] = {}
    for (dim, key), members in sorted(groups.items(), key=lambda item: item[0]):
        if (dim, key) in hidden:
            cell = Cell(dim, key, None, None, None, None, True, hidden[(dim, key)])
        else:
            cell = Cell(dim, key, len(members), sum(r.jobs for r in members),
                        sum(r.value_added_krw for r in members), sum(r.exports_krw for r in members), False)
        tables.setdefault(dim, []).append(cell)
    for dim in dimensions:
        tables.setdefault(dim, [])
    return tables


def recoverable(tables: Mapping[str, list[Cell]], records: Sequence[Record]) -> list[tuple[str, str]]:
    """The hidden cells whose firm set lies in the span of the published ones (an audit; empty when safe)."""
    records = list(records)
    index = {r.firm: i for i, r in enumerate(records)}

    def vector(dim, key):
        v = np.zeros(len(records))
        for r in records:
            if dim == "total" or r.keys.get(dim) == key:
                v[index[r.firm]] = 1.0
        return v

    published = [vector(c.dimension, c.key) for cells in tables.values() for c in cells if not c.suppressed]
    base = _rank(published)
    return [(c.dimension, c.key) for cells in tables.values() for c in cells
            if c.suppressed and base and _rank(published + [vector(c.dimension, c.key)]) == base]

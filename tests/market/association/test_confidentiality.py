"""Confidentiality of the published aggregates: small and dominated cells are hidden, complementary cells are
hidden with them, and no hidden cell can be worked out from the published cells of any table (adversarial
cases: subtracting a table's published cells from the total, and combining two tables)."""

import itertools

import numpy as np

from market.association.confidentiality import Record, recoverable, suppress


def _firms(spec):
    """Records from (cluster, trade, jobs, value added, exports) tuples."""
    return [Record(firm=i + 1, keys={"cluster": c, "trade": t}, jobs=j, value_added_krw=v, exports_krw=e)
            for i, (c, t, j, v, e) in enumerate(spec)]


def _cell(tables, dim, key):
    return next(c for c in tables[dim] if c.key == key)


def _even(cluster, trade, n, jobs=5):
    return [(cluster, trade, jobs, 100 * jobs, 10 * jobs)] * n


def test_a_four_firm_cell_is_suppressed_with_null_figures():
    """A cell of 4 firms is suppressed and carries no figure at all."""
    tables = suppress(_firms(_even("a", "15", 10) + _even("b", "15", 8) + _even("c", "15", 4)), ["cluster"])
    cell = _cell(tables, "cluster", "c")
    assert cell.suppressed and cell.reason == "primary"
    assert (cell.firms, cell.jobs, cell.value_added_krw, cell.exports_krw) == (None, None, None, None)


def test_a_dominated_cell_is_suppressed():
    """Six firms where one holds more than half of the value added is not shown."""
    firms = _even("a", "15", 10) + _even("b", "15", 10) + _even("d", "15", 5) + [("d", "15", 5, 5_000, 50)]
    tables = suppress(_firms(firms), ["cluster"])
    assert _cell(tables, "cluster", "d").suppressed
    assert not tables["total"][0].suppressed
    assert sum(not c.suppressed for c in tables["cluster"]) == 1  # one more hidden, so d is not total − the rest


def test_complementary_suppression_stops_subtraction_from_the_total():
    """Adversarial: with one small cell hidden, total minus the shown cells would give it away; a second cell is
    hidden, and the published figures no longer determine either hidden cell."""
    records = _firms(_even("a", "15", 12) + _even("b", "15", 9) + _even("c", "15", 7) + _even("d", "15", 3, jobs=2))
    tables = suppress(records, ["cluster"])
    hidden = [c.key for c in tables["cluster"] if c.suppressed]
    assert "d" in hidden and len(hidden) >= 2
    shown = sum(c.jobs for c in tables["cluster"] if not c.suppressed)
    total = tables["total"][0].jobs
    # The attacker learns only the sum of the hidden cells, which covers at least 5 firms.
    assert total - shown == sum(r.jobs for r in records if r.keys["cluster"] in hidden)
    assert sum(1 for r in records if r.keys["cluster"] in hidden) >= 5
    assert recoverable(tables, records) == []


def test_two_small_hidden_cells_that_together_are_small_hide_a_third():
    """Two hidden cells whose union still has fewer than 5 firms are not enough: their sum would be known."""
    records = _firms(_even("a", "15", 10) + _even("b", "15", 6) + _even("c", "15", 2) + _even("d", "15", 2))
    tables = suppress(records, ["cluster"])
    hidden = {c.key for c in tables["cluster"] if c.suppressed}
    assert {"c", "d"} < hidden


def test_tables_combined_do_not_reveal_a_hidden_cell():
    """Adversarial across tables: the trade "33110" is exactly the clusters jongno and bongik; with jongno and
    the trade published, bongik (3 firms) would be their difference. The rules hide enough that no hidden cell
    of either table lies in the span of the published ones."""
    records = _firms(_even("jongno", "33110", 9) + _even("bongik", "33110", 3) + _even("seongsu", "15", 8)
                     + _even("mullae", "25", 7) + _even("mullae", "29", 6))
    tables = suppress(records, ["cluster", "trade"])
    assert _cell(tables, "cluster", "bongik").suppressed
    assert recoverable(tables, records) == []
    # Brute force: no integer combination (−1, 0, 1) of published cells equals bongik's firm set.
    published = [c for d in ("total", "cluster", "trade") for c in tables[d] if not c.suppressed]

    def vector(cell):
        return np.array([1.0 if cell.dimension == "total" or r.keys.get(cell.dimension) == cell.key else 0.0
                         for r in records])

    target = np.array([1.0 if r.keys["cluster"] == "bongik" else 0.0 for r in records])
    vectors = [vector(c) for c in published]
    for coefficients in itertools.product((-1, 0, 1), repeat=len(vectors)):
        combined = sum((k * v for k, v in zip(coefficients, vectors, strict=True)), np.zeros(len(records)))
        assert not np.array_equal(combined, target)


def test_a_nested_published_pair_does_not_isolate_few_firms():
    """A trade that is one cluster less two firms would reveal those two firms by subtraction: hidden."""
    records = _firms(_even("seongsu", "15", 9) + _even("seongsu", "14", 2) + _even("dongdaemun", "14", 9))
    tables = suppress(records, ["cluster", "trade"])
    seongsu, shoes = _cell(tables, "cluster", "seongsu"), _cell(tables, "trade", "15")
    assert seongsu.suppressed or shoes.suppressed


def test_everything_is_suppressed_when_the_total_is_small():
    """Fewer than 5 firms in all: nothing is published, not even the total."""
    tables = suppress(_firms(_even("a", "15", 4)), ["cluster"])
    assert tables["total"][0].suppressed and all(c.suppressed for c in tables["cluster"])


def test_large_safe_tables_are_published_whole():
    """Cells that all pass the rules are all shown and add up to the total."""
    records = _firms(_even("a", "15", 10) + _even("b", "14", 8) + _even("c", "25", 6))
    tables = suppress(records, ["cluster"])
    assert not any(c.suppressed for c in tables["cluster"])
    assert sum(c.jobs for c in tables["cluster"]) == tables["total"][0].jobs

"""The annual report PDF draws the breakdowns by cluster and by trade as bar charts (jobs, value added) in Korean
and English, besides the target charts; a suppressed cell has no bar and reads "suppressed" there too."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from market.association.report_pdf import CHART_DIMENSIONS, build_report
from market.association.services import aggregates
from tests.factories.association import add_member, add_verified

YEAR = 2026


@pytest.fixture
def population(db_session, campaign, clusters):
    """Verified returns: 6 shoe workshops and 5 sewing shops in Seongsu, 7 metal shops in Mullae, 4 print shops in
    Euljiro (printing is suppressed, and with it the smallest other trade, sewing)."""
    for cluster, ksic, n in (("seongsu", "15", 6), ("seongsu", "14", 5), ("mullae", "25", 7),
                             ("euljiro", "18", 4)):
        for i in range(n):
            add_verified(db_session, add_member(db_session, cluster_code=cluster, ksic=ksic), YEAR,
                         staff_full_time=4 + i, exports_krw=10_000_000 + i, revenue_krw=400_000_000 + i)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\x00", "")


def _section(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(title)
    return lines[start + 1:start + 6]


def test_the_english_report_charts_the_breakdowns(client, population):
    """Jobs and value added by cluster and by trade are charted with each cell's figure; the 4-firm printing cell
    reads suppressed with no figure."""
    text = _text(client.get(f"/en/association/{YEAR}/report.pdf?in=en").data)
    for title in ("Jobs by cluster", "Jobs by trade", "Value added (KRW) by cluster", "Value added (KRW) by trade"):
        assert title in text.splitlines(), title
    jobs_by_trade = _section(text, "Jobs by trade")
    leather = next(line for line in jobs_by_trade if line.startswith("15 Leather"))
    assert leather.endswith(f"{sum(4 + i + 1 for i in range(6)):,}")  # 4+i full-time and 1 part-time staff each
    printing = next(line for line in jobs_by_trade if line.startswith("18 Printing"))
    assert printing.endswith("suppressed") and not any(ch.isdigit() for ch in printing[len("18 Printing"):])


def test_the_korean_report_charts_the_breakdowns_in_korean(client, population):
    """The Korean report has the same charts under Korean headings, the suppressed cell in Korean."""
    text = _text(client.get(f"/en/association/{YEAR}/report.pdf?in=ko").data)
    assert "Jobs by" not in text and "suppressed" not in text
    assert text.count("비공개") >= 4  # the printing cell in two charts and the trade table, at least


def test_the_charts_draw_one_bar_per_published_cell(app, db_session, population):
    """Each charted table draws a bar for every published cell and none for a suppressed one."""
    rows = aggregates.verified_rows(db_session, YEAR)
    tables = aggregates.published_tables(db_session, YEAR, rows)
    head = aggregates.headline(db_session, YEAR, rows, tables)
    with app.test_request_context("/en/"):
        data = build_report("en", YEAR, head, aggregates.target_points(db_session, YEAR, rows), tables,
                            lambda dim, key: key)
    published = sum(1 for dim in CHART_DIMENSIONS for cell in tables[dim] if not cell.suppressed)
    assert published >= 3
    # Bars are filled rectangles ("re f" in the page stream), two charts (jobs, value added) per table.
    streams = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages)
    assert streams.count(b" re f") >= 2 * published

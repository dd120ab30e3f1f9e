"""Downloads of the published aggregates: CSV and XLSX (xlsxwriter) of every table of a year, and the geometry
of the target charts drawn as server-side SVG on the page and as lines in the PDF.

A suppressed cell reads ``suppressed`` in every figure column, never a number.
"""

from __future__ import annotations

import csv
import io

from market.association.confidentiality import Cell

SUPPRESSED = "suppressed"
COLUMNS = ("table", "key", "firms", "jobs", "value_added_krw", "exports_krw", "suppressed")


def table_rows(tables: dict[str, list[Cell]], label=lambda dim, key: key) -> list[list]:
    """One row per published cell of every table (the total first), figures or ``suppressed``."""
    rows = []
    for dim in ("total", *[d for d in tables if d != "total"]):
        for cell in tables.get(dim, []):
            figures = ([SUPPRESSED] * 4 if cell.suppressed
                       else [cell.firms, cell.jobs, cell.value_added_krw, cell.exports_krw])
            rows.append([dim, label(dim, cell.key), *figures, "yes" if cell.suppressed else "no"])
    return rows


def to_csv(year: int, tables: dict[str, list[Cell]], source: str) -> bytes:
    """The year's tables as CSV (UTF-8 with BOM, so spreadsheet programs read Korean)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["year", year, "source", source])
    writer.writerow(COLUMNS)
    writer.writerows(table_rows(tables))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(year: int, tables: dict[str, list[Cell]], source: str, headers: dict[str, str],
            label=lambda dim, key: key) -> bytes:
    """The year's tables as an XLSX workbook: one sheet per table, with the source and year on each."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    for dim in ("total", *[d for d in tables if d != "total"]):
        sheet = book.add_worksheet(headers.get(dim, dim)[:31])
        sheet.write_row(0, 0, [headers.get("source", "source"), f"{source} ({year})"])
        sheet.write_row(2, 0, [headers.get(c, c) for c in COLUMNS[1:]], bold)
        for r, row in enumerate(table_rows({dim: tables.get(dim, [])}, label), start=3):
            for c, value in enumerate(row[1:]):
                if isinstance(value, int):
                    sheet.write_number(r, c, value, money)
                else:
                    sheet.write_string(r, c, str(value))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 5, 18)
    book.close()
    return buffer.getvalue()


def target_chart(target, value: float | None, year: int, width: int = 320, height: int = 160) -> dict:
    """Coordinates of a target chart: the line from the baseline to the target (years on x, % on y), the
    year's point, and the axis labels."""
    pad_l, pad_r, pad_t, pad_b = 36, 24, 12, 28
    years = (min(target.baseline_year, year), max(target.target_year, year))
    top = max(target.target, value or 0) * 1.2 or 1

    def x(y):
        return pad_l + (width - pad_l - pad_r) * (y - years[0]) / max(1, years[1] - years[0])

    def yv(v):
        return height - pad_b - (height - pad_t - pad_b) * v / top

    return {"width": width, "height": height,
            "line": (round(x(target.baseline_year), 1), round(yv(target.baseline), 1),
                     round(x(target.target_year), 1), round(yv(target.target), 1)),
            "point": (round(x(year), 1), round(yv(value), 1)) if value is not None else None,
            "axis": (pad_l, height - pad_b, width - pad_r, pad_t),
            "labels": [(round(x(target.baseline_year), 1), target.baseline_year),
                       (round(x(target.target_year), 1), target.target_year)]}

"""``seoulmade bench linesheet``: time the PDF of a line sheet of N products (20 by default) in each language, the
first one of a process (fonts parsed, images downscaled) and the following ones, on synthetic products with real
product photos (JPEG files made here at the size makers upload) and the real fonts.

The target: a sheet of 20 products in under 1.5 s once the process is warm. Wall time is what a visitor waits;
the CPU time beside it is what the sheet costs when the machine is shared (wall time then grows with the load).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

import click

LOCALES = ("en", "ko", "ja", "zh_Hans", "vi")
TARGET_SECONDS = 1.5
_TITLES = {"en": "Hand-lasted Chelsea boots", "ko": "수제 첼시 부츠", "ja": "手作りチェルシーブーツ",
           "zh_Hans": "手工切尔西靴", "vi": "Giày Chelsea thủ công"}
_DESCRIPTIONS = {
    "en": "Full-grain calf leather, Goodyear welted, lasted by hand in Seongsu-dong. Resoleable, made to order.",
    "ko": "성수동에서 손으로 만든 굿이어 웰트 방식의 소가죽 부츠. 밑창 교체 가능, 주문 제작.",
    "ja": "聖水洞で手作業で仕上げたグッドイヤーウェルト製法のカーフレザーブーツ。ソール交換可能。",
    "zh_Hans": "在圣水洞手工制作的固特异沿条工艺小牛皮靴，可更换鞋底，按订单生产。",
    "vi": "Da bê nguyên tấm, đế khâu Goodyear, làm thủ công tại Seongsu-dong. Có thể thay đế.",
}


def _photos(folder: Path, count: int) -> list[Path]:
    """``count`` JPEG product photos of 2000×1500 pixels (the size of a phone photo after upload checks)."""
    from PIL import Image, ImageDraw

    paths = []
    for i in range(count):
        image = Image.new("RGB", (2000, 1500), (200 - i * 5 % 120, 150, 100 + i * 7 % 120))
        ImageDraw.Draw(image).ellipse((400 + i * 20, 300, 1600, 1200), fill=(90, 60, 40))
        path = folder / f"photo-{i}.jpg"
        image.save(path, quality=85)
        paths.append(path)
    return paths


def _sheet(locale: str, count: int, photos: list[Path]):
    from catalog.lists.linesheet import LineSheet, SheetRow, payment_terms
    from i18n.content import LocalizedText

    rows = [SheetRow(product_id=i, title=LocalizedText(f"{_TITLES[locale]} {i + 1}", locale, locale, "author", False),
                     description=_DESCRIPTIONS[locale], maker_name="Saesol Shoes" if locale != "ko" else "새솔제화",
                     price="$179.70", price_krw="₩250,000", tiers=[(50, "$165.30"), (100, "$158.10")], moq=10,
                     unit="pair", lead_time_days=21, hs_code="6403.99", incoterms=["FOB", "EXW"],
                     url=f"https://madeinseoul.example/{locale}/products/{i}", thumb_path=photos[i % len(photos)],
                     srp="$329.00", seal={"tier": "gold", "code": f"MIS-2026-{i:06d}",
                                          "url": "https://madeinseoul.example/verify/MIS-2026-000001"}
                     if i % 3 == 0 else None,
                     maker_contact="Seongsu 2-ga 1-dong, Seoul · https://saesol.example")
            for i in range(count)]
    return LineSheet(title="Saesol Shoes", subtitle="Made in Seoul — Seongsu", locale=locale, currency="USD",
                     rate_date=dt.date(2026, 11, 20), generated_on=dt.date.today(), rows=rows,
                     payment_terms=payment_terms(14))


def measure(app, locales=LOCALES, products: int = 20, rounds: int = 5) -> dict:
    """Seconds per sheet of ``products`` products in each locale: the first of the process and the warm ones."""
    from catalog.lists.linesheet import build_linesheet
    from i18n.locales import url_segment

    results = {"products": products, "rounds": rounds, "target_seconds": TARGET_SECONDS, "locales": {}}
    with tempfile.TemporaryDirectory() as folder:
        photos = _photos(Path(folder), min(products, 10))
        for locale in locales:
            sheet = _sheet(locale, products, photos)
            samples, cpu, size = [], [], 0
            with app.test_request_context(f"/{url_segment(locale)}/"):
                for _round in range(rounds + 1):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    size = len(build_linesheet(sheet))
                    samples.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
            warm = sorted(samples[1:])
            results["locales"][locale] = {
                "first_s": round(samples[0], 3), "p50_s": round(statistics.median(warm), 3),
                "max_s": round(warm[-1], 3), "cpu_p50_s": round(statistics.median(cpu[1:]), 3), "bytes": size,
                "meets_target": statistics.median(warm) < TARGET_SECONDS}
    return results


def run_linesheet_bench(app, products: int, rounds: int, as_json: bool) -> None:
    """Print the figures (a table, or JSON)."""
    results = measure(app, products=products, rounds=rounds)
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    click.echo(f"Line sheet of {products} products, {rounds} warm rounds per language "
               f"(target: under {TARGET_SECONDS} s)")
    for locale, row in results["locales"].items():
        click.echo(f"  {locale:<8} first {row['first_s']:6.2f} s   p50 {row['p50_s']:6.2f} s   "
                   f"max {row['max_s']:6.2f} s   cpu p50 {row['cpu_p50_s']:6.2f} s   {row['bytes'] / 1024:7.1f} KiB   "
                   f"{'ok' if row['meets_target'] else 'SLOW'}")

"""The demo catalog in memory, for ``seoulmade catalog eval`` and its tests: the products ``seoulmade demo``
generates, without a database."""

from __future__ import annotations

import random


def demo_products(seed: int = 2026, makers: int = 160, per_category: int | None = None) -> list[dict]:
    """The demo catalog as ``seoulmade demo`` generates it (same generator, same size), in memory; with
    ``per_category`` only the first that many products of each category (a quicker, smaller catalog)."""
    from catalog.products.demo_content import generate_catalog
    from market.demo import content

    rng = random.Random(seed)
    people = content.generate_makers(rng, count=makers)
    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    products = [p for _i, p in generate_catalog(rng, people, industries)]
    if per_category is None:
        return products
    counts: dict[str, int] = {}
    kept = []
    for product in products:
        counts[product["category"]] = counts.get(product["category"], 0) + 1
        if counts[product["category"]] <= per_category:
            kept.append(product)
    return kept

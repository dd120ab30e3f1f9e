"""``seoulmade matching ...``: import, reindex, evaluate. Heavy libraries are imported inside each command."""

from __future__ import annotations

import click


@click.group("matching")
def matching():
    """Technology matching: import profiles and listings, rebuild the index, measure quality."""

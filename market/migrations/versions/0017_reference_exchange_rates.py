"""reference exchange rates: every installation converts prices and quotes from its first day, not only the demo

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 03:30:00

The jewelry metals, their prices per gram and the finishes are reference data since 0010, the clusters since
0015; exchange rates were the one table a fresh installation lacked (an English visitor's jewelry quote is in
USD). The rates are dated, and an admin enters newer ones on the rates page (or ``seoulmade rates set``).
"""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

import market.db
from i18n.money import reference_rates

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_rates = sa.table(
    "exchange_rates",
    sa.column("currency", sa.String), sa.column("krw_per_unit", sa.Numeric(18, 6)),
    sa.column("rate_date", sa.Date), sa.column("created_at", market.db.UTCDateTime()),
    sa.column("created_by_id", sa.Integer),
)


def upgrade() -> None:
    # Only currencies without any rate get the reference one: an installation whose admins already entered rates
    # (or an older demo) keeps its own.
    present = {currency for (currency,) in op.get_bind().execute(sa.select(_rates.c.currency).distinct())}
    created = dt.datetime.now(dt.UTC)
    missing = [{"currency": r["currency"], "krw_per_unit": Decimal(r["krw_per_unit"]), "rate_date": r["rate_date"],
                "created_at": created, "created_by_id": None}
               for r in reference_rates() if r["currency"] not in present]
    if missing:
        op.bulk_insert(_rates, missing)


def downgrade() -> None:
    for r in reference_rates():
        op.execute(_rates.delete().where(_rates.c.currency == r["currency"], _rates.c.rate_date == r["rate_date"],
                                         _rates.c.krw_per_unit == Decimal(r["krw_per_unit"]),
                                         _rates.c.created_by_id.is_(None)))

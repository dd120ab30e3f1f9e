"""vocabulary terms: the payment terms a request for quote's buyer can accept (vocabulary ids, then free texts),
and prototype requests' free-text materials mapped to vocabulary ids where they name one (the rest stays as
written, the vocabulary's "other"), as 0043 did for products, makers and organisations

Revision ID: 0047
Revises: 0044
Create Date: 2026-12-07 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0047"
down_revision = "0044"
branch_labels = None
depends_on = None


def map_materials(map_value) -> None:
    """Rewrite each prototype request's materials through ``map_value("materials", value)``, row by row, only
    where something changes; a value mapped twice (``brass`` and ``Brass``) is kept once."""
    bind = op.get_bind()
    table = sa.table("prototype_requests", sa.column("id", sa.Integer()), sa.column("materials", sa.JSON()))
    for row_id, values in bind.execute(sa.select(table.c.id, table.c.materials)).all():
        if not values:
            continue
        mapped: list[str] = []
        for value in values:
            new = map_value("materials", str(value))
            if new and new not in mapped:
                mapped.append(new)
        if mapped != list(values):
            bind.execute(sa.update(table).where(table.c.id == row_id).values(materials=mapped))


def upgrade() -> None:
    with op.batch_alter_table("rfqs") as batch:
        batch.add_column(sa.Column("payment_terms", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    from i18n.vocabularies import map_value

    map_materials(map_value)


def downgrade() -> None:
    """The payment terms go; mapped materials keep their ids (the pages show ids by their names either way)."""
    with op.batch_alter_table("rfqs") as batch:
        batch.drop_column("payment_terms")

"""vocabulary fields: the materials a request for quote names, a matching profile's capabilities and equipment,
and the free-text materials, equipment and capabilities stored before the controlled vocabularies mapped to
vocabulary ids where they name one (the rest stays as written, the vocabulary's "other")

Revision ID: 0043
Revises: 0035
Create Date: 2026-12-07 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0043"
down_revision = "0035"
branch_labels = None
depends_on = None

# (table, key column, list column, vocabulary) of the lists that become vocabulary ids.
MAPPED = (
    ("products", "id", "materials", "materials"),
    ("maker_profiles", "organization_id", "materials", "materials"),
    ("maker_profiles", "organization_id", "equipment", "equipment"),
    ("organizations", "id", "capabilities", "capabilities"),
)


def _map_lists(map_value) -> None:
    """Rewrite each list through ``map_value(vocabulary, value)``, row by row, only where something changes."""
    bind = op.get_bind()
    for table_name, key, column, name in MAPPED:
        table = sa.table(table_name, sa.column(key, sa.Integer()), sa.column(column, sa.JSON()))
        rows = bind.execute(sa.select(table.c[key], table.c[column])).all()
        for row_key, values in rows:
            if not values:
                continue
            mapped: list[str] = []
            for value in values:
                new = map_value(name, str(value))
                if new and new not in mapped:
                    mapped.append(new)
            if mapped != list(values):
                bind.execute(sa.update(table).where(table.c[key] == row_key).values({column: mapped}))


def _list_column(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'"))


def upgrade() -> None:
    with op.batch_alter_table("rfqs") as batch:
        batch.add_column(_list_column("materials"))
    with op.batch_alter_table("match_profiles") as batch:
        batch.add_column(_list_column("capabilities"))
        batch.add_column(_list_column("equipment"))
    from i18n.vocabularies import map_value

    _map_lists(map_value)


def downgrade() -> None:
    """The new lists go; mapped lists keep their ids (the pages show ids by their names either way)."""
    with op.batch_alter_table("match_profiles") as batch:
        batch.drop_column("equipment")
        batch.drop_column("capabilities")
    with op.batch_alter_table("rfqs") as batch:
        batch.drop_column("materials")

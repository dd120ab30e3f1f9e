"""reference clusters: Seoul's ten manufacturing clusters in every database, not only the demo's

Revision ID: 0015
Revises: 0001
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

from market.clusters import cluster_row, reference_clusters

revision = "0015"
down_revision = "0001"
branch_labels = None
depends_on = None

_clusters = sa.table(
    "clusters",
    sa.column("code", sa.String), sa.column("name_en", sa.String), sa.column("name_ko", sa.String),
    sa.column("borough_en", sa.String), sa.column("borough_ko", sa.String), sa.column("industry", sa.String),
    sa.column("districts", sa.JSON), sa.column("summary_en", sa.Text), sa.column("summary_ko", sa.Text),
    sa.column("specialties", sa.JSON),
)


def upgrade() -> None:
    # Makers choose the cluster their workshop is in, so a real installation needs them from the start; rows a
    # database already has (an older demo) are kept as they are.
    present = {code for (code,) in op.get_bind().execute(sa.select(_clusters.c.code))}
    missing = [cluster_row(c) for c in reference_clusters() if c["code"] not in present]
    if missing:
        op.bulk_insert(_clusters, missing)


def downgrade() -> None:
    codes = [c["code"] for c in reference_clusters()]
    op.execute(_clusters.delete().where(_clusters.c.code.in_(codes)))

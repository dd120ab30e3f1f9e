"""What catalog search stores in the database: each listing's analysed tokens and vector (computed once, by the
job that runs after the listing changes) and the index generations built from them.

PostgreSQL also keeps the tokens as a ``tsvector`` with a GIN index (column ``tsv``, written with the tokens;
see :mod:`catalog.search.documents`), from which a node without a generation answers.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from i18n.times import UTCDateTime, utcnow


class SearchDocument(SQLModel, table=True):
    """A listing as search reads it: its tokens (Kiwi morphemes, the other languages' analysis, glossary
    concepts), the digest of the texts they came from, the analyser's version, and its meaning as one vector
    (float16) of ``model``."""

    __tablename__ = "catalog_search_documents"

    product_id: int = Field(primary_key=True, foreign_key="products.id", ondelete="CASCADE",
                            sa_column_kwargs={"autoincrement": False})
    digest: str = Field(max_length=40)
    analyser: str = Field(max_length=40)
    tokens: str = Field(sa_type=sa.Text)  # space-separated; tokens never contain spaces
    model: str | None = Field(default=None, max_length=80)
    vector: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    analysed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class IndexGeneration(SQLModel, table=True):
    """One built catalog index on shared storage: the newest row is the one every process serves. ``watermark``
    is when its build started reading: listings changed after it are served from each process's delta."""

    __tablename__ = "catalog_index_generations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, sa_column_kwargs={"unique": True})
    token: str = Field(max_length=32)  # also written in the generation's meta.json: a foreign copy differs
    watermark: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    products: int = 0
    analyser: str = Field(max_length=40)
    model: str | None = Field(default=None, max_length=80)
    build_seconds: float = 0.0
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

"""Catalog search: tokens per language (Kiwi morphemes for Korean), glossary concepts across languages, an
in-memory BM25 index with filter arrays, and the search service behind the catalog page and API."""

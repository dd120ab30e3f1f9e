"""Makers' public profiles: the maker-specific table, its services, the public page, the owners' editor and
the ``/api/v1/makers`` endpoints."""

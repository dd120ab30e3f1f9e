"""Filters on matches, validated up front: a bad name or value raises an :class:`EngineError` subclass naming
the field, before any work is done.

==================  ==============================================================  ==========================
name                value                                                           a doc passes when
==================  ==============================================================  ==========================
``kind``            a kind or a list of kinds (:data:`matching.documents.KINDS`)     its kind is one of them
``cluster``         a cluster code or a list of them                                its cluster is one of them
``region``          a region or country code or a list of them                      its region is one of them
``trl_min``         an integer 1..9                                                 it has a TRL ≥ the value
``trl_max``         an integer 1..9 (≥ ``trl_min``)                                 it has a TRL ≤ the value
``license_terms``   a term or a list of terms (:data:`matching.documents.LICENSE_TERMS`)  it offers one of them
==================  ==============================================================  ==========================

Docs without a TRL (most profiles) do not pass a TRL filter; docs without licensing terms do not pass a
``license_terms`` filter. ``None`` or an empty list means "no filter".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from matching.documents import KINDS, LICENSE_TERMS
from matching.engine.errors import InvalidFilterError, UnknownFilterError, UnknownKindError

FILTER_NAMES = ("kind", "cluster", "region", "trl_min", "trl_max", "license_terms")


@dataclass(frozen=True)
class Filters:
    """Validated filters; build with :meth:`parse`."""

    kinds: frozenset[str] | None = None
    clusters: frozenset[str] | None = None
    regions: frozenset[str] | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    license_terms: frozenset[str] | None = None

    @classmethod
    def parse(cls, filters: Mapping | Filters | None) -> Filters:
        """Filters from a mapping of the names above; raises UnknownFilterError, InvalidFilterError or
        UnknownKindError with the offending field."""
        if filters is None:
            return cls()
        if isinstance(filters, Filters):
            return filters
        if not isinstance(filters, Mapping):
            raise InvalidFilterError("Filters must be a mapping of filter names to values.", field="filters")
        unknown = sorted(str(name) for name in filters if name not in FILTER_NAMES)
        if unknown:
            raise UnknownFilterError(
                f"Unknown filter {unknown[0]!r}; the filters are: {', '.join(FILTER_NAMES)}.", field=unknown[0])
        kinds = parse_kinds(filters.get("kind"), field="kind")
        clusters = _codes(filters.get("cluster"), "cluster")
        regions = _codes(filters.get("region"), "region")
        trl_min = _trl(filters.get("trl_min"), "trl_min")
        trl_max = _trl(filters.get("trl_max"), "trl_max")
        if trl_min is not None and trl_max is not None and trl_min > trl_max:
            raise InvalidFilterError(f"trl_min ({trl_min}) is above trl_max ({trl_max}).", field="trl_min")
        terms = _codes(filters.get("license_terms"), "license_terms")
        if terms:
            bad = sorted(terms - set(LICENSE_TERMS))
            if bad:
                raise InvalidFilterError(f"Unknown licensing term {bad[0]!r}; expected one of "
                                         f"{', '.join(LICENSE_TERMS)}.", field="license_terms")
        return cls(kinds, clusters, regions, trl_min, trl_max, terms)

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.kinds, self.clusters, self.regions, self.trl_min,
                                            self.trl_max, self.license_terms))

    def restrict_kinds(self, kinds: Iterable[str] | None) -> Filters:
        """These filters with the kinds further limited to ``kinds`` (``None`` leaves them)."""
        if kinds is None:
            return self
        kinds = frozenset(kinds)
        merged = kinds if self.kinds is None else (self.kinds & kinds)
        return Filters(merged, self.clusters, self.regions, self.trl_min, self.trl_max, self.license_terms)


def parse_kinds(value, field: str = "kinds") -> frozenset[str] | None:
    """A set of kinds from a kind or a list of kinds; raises UnknownKindError on anything else."""
    kinds = _codes(value, field)
    if kinds is None:
        return None
    bad = sorted(kinds - set(KINDS))
    if bad:
        raise UnknownKindError(f"Unknown kind {bad[0]!r}; expected one of {', '.join(KINDS)}.", field=field)
    return kinds


def _codes(value, field: str) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise InvalidFilterError(f"{field} must be a string or a list of strings.", field=field)
    codes = set()
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > 80:
            raise InvalidFilterError(f"{field} must hold non-empty strings of at most 80 characters.", field=field)
        codes.add(item.strip())
    return frozenset(codes) or None


def _trl(value, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidFilterError(f"{field} must be an integer from 1 to 9.", field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidFilterError(f"{field} must be an integer from 1 to 9.", field=field) from None
    if str(number) != str(value).strip() and not isinstance(value, int):
        raise InvalidFilterError(f"{field} must be an integer from 1 to 9.", field=field)
    if not 1 <= number <= 9:
        raise InvalidFilterError(f"{field} must be an integer from 1 to 9 (got {number}).", field=field)
    return number

"""Matching data services, one module per aggregate: :mod:`~matching.services.profiles` and
:mod:`~matching.services.listings` (with their translations, tags and rights), :mod:`~matching.services.searches`
(suggestion feedback and saved searches) and :mod:`~matching.services.docs` (the engine's view of them:
:func:`~matching.services.docs.load_docs`, :func:`~matching.services.docs.docs_for`), on shared
:mod:`~matching.services.rights`, :mod:`~matching.services.validation` and :mod:`~matching.services.texts`.

Functions take a session, flush when they need ids and never commit; they refuse with
:class:`matching.errors.MatchingError`. Every change to a profile or listing calls
:func:`matching.changes.docs_changed`, which queues the engine's re-index for after the commit. Rights: members of
an organisation edit its profile and listings, staff may edit any; everyone else gets ``not_found`` for drafts and
``forbidden`` for published records they can see but not change.
"""

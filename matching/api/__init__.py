"""API of matching data and introductions, one module per aggregate: :mod:`~matching.api.profiles`,
:mod:`~matching.api.listings`, :mod:`~matching.api.imports` (bulk import), :mod:`~matching.api.introductions`
(with the staged NDA steps and the NDA text) and :mod:`~matching.api.feedback`; :data:`routes` holds them all, in
that order, for the factory.

Rights: members of an organisation (and staff) change its profile and listings; others get 403 on what they can
see and 404 on drafts. A listing behind an NDA answers only its anonymous teaser until the viewer's organisation
has accepted the NDA. Introductions are visible to their two parties only (404 for others). Services refuse with
:class:`~matching.errors.MatchingError`, which the app's one handler answers with the JSON error envelope.
"""

from __future__ import annotations

from market.api import Routes
from matching.api import feedback, imports, introductions, listings, profiles

routes = Routes()
for _part in (profiles, listings, imports, introductions, feedback):
    routes.operations.extend(_part.routes.operations)

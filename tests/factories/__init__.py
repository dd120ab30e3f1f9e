"""Builders of test data, in one place: every test module and conftest takes its builders from here, never
from another directory's conftest.

* :mod:`~tests.factories.accounts`: users, organisations, signed-in parties (fixtures; the root conftest loads
  this module as a plugin, so every directory has them).
* :mod:`~tests.factories.clients`: clients with a ``g`` of their own per request, parties, API bearer
  headers.
* :mod:`~tests.factories.db`: row counts and fresh PostgreSQL schemas.
* :mod:`~tests.factories.files`: real files made in memory (images, PDF, CAD, meshes, 3MF) and the stored files.
* :mod:`~tests.factories.makers`: maker organisations with a profile, and their products.
* :mod:`~tests.factories.money`: exchange rates.
* :mod:`~tests.factories.orders`: the wholesale parties and products that order and payment tests share.
* :mod:`~tests.factories.payments`: orders awaiting payment, an SDK client on localstripe.
* :mod:`~tests.factories.rfq`: complete requests for quote, their form data, the files a buyer attaches.
* :mod:`~tests.factories.prototypes`: prototype requests, milestone plans and funding.
* :mod:`~tests.factories.certification`: co-brand answers, evidence documents, the CSRF token of its pages.
* :mod:`~tests.factories.matching`: the matching engine's documents.

Fixtures that several directories share live here too; a conftest imports the ones its directory needs.
"""

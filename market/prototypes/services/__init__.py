"""Prototype commission operations, one module per aggregate:

- :mod:`.base` — the refusal class, limits, labels, input checks and a request's state as people see it;
- :mod:`.access` — whose organisations act, who sees a request, a commission's two sides;
- :mod:`.requests` — posting a request, its translations, cancelling it;
- :mod:`.files` — a request's files and a delivery's files, stored privately and sent only to those allowed;
- :mod:`.nda` — NDA acceptances;
- :mod:`.questions` — public questions and answers, private messages;
- :mod:`.suggestions` — makers suggested for a request (the matching engine, else the clusters), found by a job
  and stored, and invitations;
- :mod:`.bids` — bids with their milestone plans and the award that starts a commission;
- :mod:`.milestones` — deliveries, approval (money released) or sending back, completion, and their order;
- :mod:`.changes` — change orders to price, lead time and milestones, proposed by one side, decided by the other;
- :mod:`.thread` — the commission's thread between the two sides, with attachments;
- :mod:`.funding` — what payments calls: a milestone funded or refunded;
- :mod:`.ratings` — the two sides' ratings (chosen on purpose, editable for a week);
- :mod:`.queries` and :mod:`.details` — the lists and the pages' read models.

Functions take a session first, flush when they need ids and never commit; refusals raise
:class:`~market.prototypes.services.base.PrototypeError` (a :class:`~market.refusals.Refusal`) or the transition
helper's refusals. Outsiders get ``not_found``. Every status change goes through a table of
:mod:`market.prototypes.models` with :func:`market.transitions.apply_transition`, so of two concurrent clicks only
one applies; bids and awards also lock the request row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises
writers).
"""

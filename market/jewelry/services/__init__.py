"""Jewelry market operations, one module per aggregate:

- :mod:`.access`: the refusal (:class:`~.access.JewelryError`) and who may see what;
- :mod:`.metals`: metals with their dated prices and finishes with their fees (admins);
- :mod:`.designs`: uploads, the analysis job, what a design shows;
- :mod:`.workshops`: workshop settings and the routing of orders;
- :mod:`.quotes`: pricing a design for a customer's choices;
- :mod:`.orders`: placing an order and its state machine (with the payments service's steps);
- :mod:`.photos`: the workshop's photos of an order;
- :mod:`.queries`: an order's page and the lists of orders;
- :mod:`.notices`: telling an order's parties.

Functions take a session first, flush and never commit; they refuse with a :class:`~market.refusals.Refusal`
(most often :class:`~.access.JewelryError`). A customer sees only their own designs, quotes and orders, a workshop
only the orders routed to it: anything else is "not found".
"""

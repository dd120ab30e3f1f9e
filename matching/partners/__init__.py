"""Finding partners on top of the engine: search, suggestions, always-on match alerts and saved-search alerts.

Nothing is wired at start: the services that change profiles and listings queue the engine's re-index and the
alerts' announcement to run after their commit (:func:`matching.changes.docs_changed`), and the engine is made
on first use (:func:`matching.engine.get_engine`)."""

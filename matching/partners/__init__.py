"""Finding partners on top of the engine: search, suggestions, always-on match alerts and saved-search alerts."""


def init_app(app) -> None:
    """Listen for committed changes to profiles and listings: the engine re-indexes them and the always-on
    alerts announce their new matches (both only where the app keeps a matching engine)."""
    from matching.engine import init_app as init_engine
    from matching.partners import alerts

    init_engine(app)
    alerts.register()

"""WSGI entry point: ``gunicorn wsgi:app``."""

import market

app = market.create_app()

"""WSGI entry point: ``gunicorn wsgi:app``."""

from market.app import create_app

app = create_app()

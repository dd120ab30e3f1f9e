"""Made in Seoul: the application package (factory, infrastructure, accounts and market features)."""

from market.app import create_app

__all__ = ["create_app"]

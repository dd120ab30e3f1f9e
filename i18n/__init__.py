"""Internationalisation: locales in URLs, UI translations, user-content translations, money and formats."""

"""Accounts and organisations: users, sign-in, password reset, email verification, organisations, API tokens."""

"""The refusal of an account operation, shared by the accounts services and the checks they call."""

from __future__ import annotations

from market.refusals import Refusal


class AccountError(Refusal):
    """A refused account operation; ``field`` names the form field the message belongs to."""

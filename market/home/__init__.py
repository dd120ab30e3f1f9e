"""The public front page."""

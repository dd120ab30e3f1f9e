"""Buyers' saved product lists and the wholesale line sheets (PDF) of a list or of a maker's catalog."""

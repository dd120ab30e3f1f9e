"""Workspaces: a buyer's and a maker's page of everything that is theirs, with what awaits them."""

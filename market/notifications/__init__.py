"""In-app notifications: what happened for a user, read on a page and counted in the header, also mailed."""

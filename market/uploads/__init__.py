"""Uploads checked before anything is stored: files by their content (``files``: PDF, images, CAD) and images
cleaned of their metadata (``images``). Every feature that takes an upload uses these checks."""

"""Cluster pages: the map of Seoul's clusters and each cluster's story, makers and products."""

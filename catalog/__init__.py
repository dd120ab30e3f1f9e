"""The "Made in Seoul" co-brand catalog: clusters, makers, products, certification and catalog search."""

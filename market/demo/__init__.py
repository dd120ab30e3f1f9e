"""``seoulmade demo``: realistic, deterministic demo data. :mod:`market.demo.content` holds the shared content
(clusters, makers, buyers, labs, startups) that every feature's demo step reads; :mod:`market.demo.build` builds
the database from it, calling each feature's demo step in order."""

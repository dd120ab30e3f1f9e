"""People services split by aggregate: ``profiles`` (craftspeople), ``nominations`` (eligibility, dossier,
review, decision), ``awards`` (certificate, verification, badge export, revocation, quotas), ``registry`` (the
masters' registry and the catalog's "master's workshop" filter) and ``competition``."""

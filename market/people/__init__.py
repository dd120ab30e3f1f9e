"""People of the trades: craftspeople's public profiles, nominations for master-craftsman recognition with their
dossier and review, awards (certificate, plaque, Open Badges 3.0 export, revocation), the masters' registry and
the skills competition."""

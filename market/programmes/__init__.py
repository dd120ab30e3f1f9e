"""Support programmes by trade: the directory, eligibility rules as data, application forms as data,
applications through their states, the ledger against duplicate support (ordinance art. 10) and staff outcomes."""

"""The association: members' annual returns, campaigns, published aggregates with confidentiality, the KPI dashboard and report."""

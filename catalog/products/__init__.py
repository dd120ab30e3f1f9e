"""Products that makers list for export: the table, its services and pages."""

"""Wholesale ordering at list price: a cart across makers, split at checkout into one order per maker."""

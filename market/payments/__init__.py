"""Payments: one service for every payable (wholesale orders, jewelry orders, prototype milestones), providers
(manual bank transfer by default, Stripe PaymentIntents when keyed), webhooks, refunds and the ledger."""

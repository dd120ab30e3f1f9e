"""Prototype commissions: startups post what they need, makers bid, milestones are paid as work is approved."""

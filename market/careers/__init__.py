"""Skilled jobs in the workshops: job posts by makers, applicants' light profiles, applications through their
states, and guests' mail alerts with a signed unsubscribe link."""

"""Requests for quote: buyers ask makers for a price, makers quote or decline, both talk in a thread, and an
accepted quote becomes a B2B order that the payments feature makes payable."""

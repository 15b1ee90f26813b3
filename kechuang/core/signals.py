"""Audit correlation: every audit row carries the request id as its correlation id."""

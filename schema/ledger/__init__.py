"""Signature lists' signed heads, as the graph serves them (``hub.ledger`` keeps them)."""

"""The GraphQL API: one package per domain, assembled into the monolith in ``monolith.py``."""

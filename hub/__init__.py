"""The hub: the GraphQL hub of a global free-expression network."""

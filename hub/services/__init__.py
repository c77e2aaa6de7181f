"""Business rules and transactions, once: GraphQL mutations, widgets and the CLI call these."""

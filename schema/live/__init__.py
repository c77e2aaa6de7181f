"""Live updates: GraphQL subscriptions over ``graphql-transport-ws``, fed by ``hub.events``."""

"""What one request may ask of the hub, checked before the work it asks for is done.

- ``fragments``: how many fields a document holds once its fragments are expanded, counted
  before validation (whose rules grow exponentially with fragments that spread the next
  one twice);
- ``cost``: what an operation costs, by the IBM GraphQL cost specification, from the
  ``@cost`` and ``@listSize`` directives in the schema, so that a gateway's demand
  control computes the same number;
- ``budgets``: the cost each client (or, without a token, each network address) may
  spend per minute, a leaky bucket kept in memory or in Redis.

``guard`` runs them for every GraphQL route, and the view for operations it answers
without graphql-core (``schema.reads.operations``).
"""

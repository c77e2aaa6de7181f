"""What each client may spend per minute, in query cost: a moving window of cost.

A client is its OAuth client when the request carries a token, else the network address
it comes from. The window is kept where the settings say (``HUB_BUDGET_STORAGE``):
``memory://`` in the hub's process (the embedded default), ``redis://…`` across replicas.
Each hub keeps its own: two hubs in one process do not spend each other's budgets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute, storage, strategies


@dataclass(frozen=True)
class Spent:
    """A spending: whether it was allowed, and what is left of the minute's budget."""

    allowed: bool
    budget: int
    available: int
    retry_after: int
    """Seconds until the budget has room again (0 when allowed)."""


class Budgets:
    """The budgets of one hub's clients, kept in the storage its settings name."""

    def __init__(self, storage_uri: str) -> None:
        self._limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))

    def spend(self, who: str, budget: int, cost: int) -> Spent:
        """Spend ``cost`` of ``who``'s budget for the minute, if there is that much left."""
        item = RateLimitItemPerMinute(budget)
        allowed = cost <= 0 or (cost <= budget and self._limiter.hit(item, who, cost=cost))
        stats = self._limiter.get_window_stats(item, who)
        retry = 0 if allowed else max(1, int(stats.reset_time - time.time()) + 1)
        return Spent(allowed, budget, int(stats.remaining), retry)

"""How many of the hub's GraphQL operations were served compiled, from its ``GET /metrics``.

The hub counts every operation in ``hub_graphql_operations_total``, labelled
``compiled="true"`` when each root field was answered by one compiled statement and
``"false"`` when a resolver walked some of the answer. Read before and after a measured
run, the counter says what share of that run's requests took the compiled path: a
scenario that falls back to resolvers shows here before it shows in the timings.
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

OPERATIONS_SAMPLE = "hub_graphql_operations_total"


@dataclass(frozen=True)
class OperationCounts:
    """The hub's operation counter at one moment."""

    compiled: int
    resolved: int
    """Operations some resolver answered (``compiled="false"``)."""

    def since(self, earlier: OperationCounts) -> OperationCounts:
        return OperationCounts(self.compiled - earlier.compiled, self.resolved - earlier.resolved)

    @property
    def total(self) -> int:
        return self.compiled + self.resolved

    @property
    def compiled_share(self) -> float | None:
        """The share of operations served compiled; None when there were none."""
        return self.compiled / self.total if self.total else None


def parse_operations(exposition: str) -> OperationCounts:
    """The operation counter in a Prometheus text exposition (zero when absent)."""
    counted = {"true": 0.0, "false": 0.0}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == OPERATIONS_SAMPLE and sample.labels.get("compiled") in counted:
                counted[sample.labels["compiled"]] += sample.value
    return OperationCounts(int(counted["true"]), int(counted["false"]))


def read_operations(base_url: str) -> OperationCounts:
    """The hub's operation counter, read from its ``/metrics``."""
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=30) as response:
        exposition: bytes = response.read()
    return parse_operations(exposition.decode())

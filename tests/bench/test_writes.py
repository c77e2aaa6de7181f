"""The write scenario on the demo network: a short run, counted exactly, then cleaned away."""

from __future__ import annotations

import pytest

from bench.load import LoadSettings
from bench.writes import co_signatures
from hub.models import AuditEntry, OAuthClient, Statement, StatementSignature
from tests.databases import Databases, fill
from tests.live import live_hub


@pytest.fixture
def demo_copy(databases: Databases) -> str:
    """A demo network the run may write to."""
    from fixtures import load_network

    url = databases.new()
    fill(url, lambda: load_network("demo"))
    return url


def row_counts(url: str) -> dict[str, int]:
    counted: dict[str, int] = {}

    async def count() -> None:
        for model in (Statement, StatementSignature, AuditEntry, OAuthClient):
            counted[model.__name__] = await model.all().count()

    fill(url, count)
    return counted


def test_co_signatures_are_counted_exactly_and_the_run_leaves_no_trace(demo_copy: str) -> None:
    # given the demo network as it was seeded
    before = row_counts(demo_copy)

    # when six members co-sign six statements at four connections, for two seconds at most
    with live_hub(demo_copy) as hub:
        load = LoadSettings(connections=4, duration=2, warmup=0)
        result = co_signatures(demo_copy, hub, load, members=6, statements=6)

    # then every signature the hub reported is one row and one audit entry, retries replayed
    assert result.requests > 0 and result.refused == 0
    assert result.replayed > 0
    assert result.rows == result.audited == result.signed
    assert result.signed + result.replayed == result.requests
    assert result.exact
    # and the bench's statements, clients, signatures and audit entries are gone again
    assert row_counts(demo_copy) == before

"""The anonymous signing scenario on the demo network: a short run, counted exactly, then
cleaned away."""

from __future__ import annotations

import pytest

from bench.load import BENCH_DIR, LoadSettings, ensure_installed
from bench.signatures import petition_signatures
from hub.models import Petition, PetitionSignature
from tests.databases import Databases, fill
from tests.live import live_hub
from tests.tools import npm_ci

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_copy(databases: Databases) -> str:
    """A demo network the run may write to."""
    from fixtures import load_network

    url = databases.new()
    fill(url, lambda: load_network("demo"))
    return url


def row_counts(url: str) -> tuple[int, int, int]:
    counted: list[int] = []

    async def count() -> None:
        counted.append(await Petition.all().count())
        counted.append(await PetitionSignature.all().count())
        counted.append(sum(await Petition.all().values_list("signature_count", flat=True)))

    fill(url, count)
    return counted[0], counted[1], counted[2]


def test_petition_signatures_are_counted_exactly_and_the_run_leaves_no_trace(
    demo_copy: str,
) -> None:
    # given the demo network as it was seeded, and the load generator
    npm_ci(BENCH_DIR, why="the load generator, autocannon, runs on Node.js")
    ensure_installed()
    before = row_counts(demo_copy)

    # when people sign for two seconds at four connections, every tenth of them twice
    with live_hub(demo_copy) as hub:
        result = petition_signatures(demo_copy, hub, LoadSettings(4, 2, 0))

    # then every signer thanked has exactly one row, and the kept count is the rows
    assert result.requests > 0 and result.refused == 0
    assert result.sent_twice > 0
    assert result.thanked_found == result.thanked > 0
    assert result.rows == result.counted
    assert 0 <= result.in_flight <= 4
    assert result.exact
    # and the bench's petition and its signatures are gone again
    assert row_counts(demo_copy) == before

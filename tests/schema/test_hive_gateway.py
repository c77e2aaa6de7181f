"""Hive Gateway's configuration is made from the hub's settings: change a limit, and the
gateway's changes with it (tests/federation/test_hive_gateway.py runs the gateway)."""

from __future__ import annotations

from hub.settings import Settings
from schema.hive_gateway import hive_gateway_config


def test_each_limit_comes_from_the_hubs_settings() -> None:
    # given a hub with limits other than the defaults
    settings = Settings(
        max_query_tokens=1234,
        max_query_depth=7,
        max_aliases=5,
        max_fragment_fields=321,
        max_query_cost=9876,
        max_page_size=42,
    )

    # when its Hive Gateway configuration is written
    config = hive_gateway_config(settings)

    # then every limit is the hub's (depth counted from 1 at the gateway, from 0 in the hub)
    assert "maxTokens: 1234," in config
    assert "maxDepthPlugin({ n: 8, flattenFragments: true })" in config
    assert "maxAliasesPlugin({ n: 5 })" in config
    assert "fragmentFanOut(321)" in config
    assert "maxCost: 9876," in config
    assert "listSize: 42," in config
    assert '["authorization", "accept-language", "idempotency-key"]' in config

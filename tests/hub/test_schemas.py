"""The schemas an app serves are built once for each set of settings: apps that differ only in
their database share them, and apps with other limits have their own."""

from __future__ import annotations

from hub.schemas import schema_for
from hub.settings import Settings
from tests.conftest import GraphQLClient, hub_client

DEEP = "{ organisations(first: 1) { nodes { groups { nodes { group { slug } } } } } }"
"""Five levels deep."""


def test_apps_on_two_databases_share_their_schemas() -> None:
    here = Settings(database_url="sqlite://here.sqlite3")
    there = Settings(database_url="postgres://postgres@127.0.0.1:5432/there")

    assert schema_for(here) is schema_for(there)
    assert schema_for(here, "network") is schema_for(there, "network")
    assert schema_for(here) is not schema_for(here, "network")


def test_apps_with_other_limits_have_schemas_of_their_own(database_url: str) -> None:
    assert schema_for(Settings(max_query_depth=3)) is not schema_for(Settings())

    # a hub that allows 3 levels refuses what the one beside it, with the default, answers
    with hub_client(database_url, max_query_depth=3) as shallow:
        errors = GraphQLClient(shallow).errors(DEEP)
    with hub_client(database_url) as default:
        answered = GraphQLClient(default).data(DEEP)

    assert "exceeds maximum operation depth of 3" in errors[0]["message"]
    assert answered == {"organisations": {"nodes": []}}

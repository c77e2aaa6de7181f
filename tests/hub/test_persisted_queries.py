"""Persisted queries (Apollo's automatic protocol) and the safelist of registered ones."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tests.conftest import hub_client
from tests.hub.test_cli_access import hub_command

QUERY = "query Network { network { name } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()


def persisted(digest: str = DIGEST) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def test_a_query_sent_once_with_its_hash_is_then_asked_for_by_hash(database_url: str) -> None:
    with hub_client(database_url) as client:
        # when a client asks by hash before the hub has the query
        unknown = client.post("/graphql", json={"extensions": persisted()}).json()
        # then it is told to send it, sends it with its hash, and may then send the hash only
        sent = client.post("/graphql", json={"query": QUERY, "extensions": persisted()}).json()
        by_hash = client.post("/graphql", json={"extensions": persisted()}).json()

    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert sent["data"] == by_hash["data"] == {"network": None}


def test_a_hash_that_is_not_the_querys_is_refused(database_url: str) -> None:
    with hub_client(database_url) as client:
        response = client.post("/graphql", json={"query": QUERY, "extensions": persisted("0" * 64)})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"


def test_in_safelist_mode_only_registered_operations_run(database_url: str, tmp_path: Path) -> None:
    # given an operation registered by the network's operators
    operation = tmp_path / "network.graphql"
    operation.write_text(QUERY, encoding="utf-8")
    registered = hub_command(database_url, "operations", "register", str(operation))
    assert registered.returncode == 0, registered.stderr
    assert DIGEST in registered.stdout

    with hub_client(database_url, persisted_queries="safelist") as client:
        # when it is sent, by hash or whole, and another is sent whole
        listed = client.post("/graphql", json={"extensions": persisted()})
        whole = client.post("/graphql", json={"query": QUERY})
        other = client.post("/graphql", json={"query": "{ countries { totalCount } }"})
        # and a client tries to persist one of its own
        own = "{ network { founding: foundingCity } }"
        digest = hashlib.sha256(own.encode()).hexdigest()
        persisting = client.post("/graphql", json={"query": own, "extensions": persisted(digest)})

    # then the registered one runs, and the others are refused, saying why
    assert listed.status_code == whole.status_code == 200
    for refused in (other, persisting):
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


def test_with_persisted_queries_off_a_hash_is_refused(database_url: str) -> None:
    with hub_client(database_url, persisted_queries="off") as client:
        response = client.post("/graphql", json={"extensions": persisted()})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_registering_a_file_that_is_no_document_says_which_and_registers_none(
    database_url: str, tmp_path: Path
) -> None:
    # given a good operation, and a file with a syntax error
    good, broken = tmp_path / "network.graphql", tmp_path / "broken.graphql"
    good.write_text(QUERY, encoding="utf-8")
    broken.write_text("query Broken { network {", encoding="utf-8")

    # when both are registered
    refused = hub_command(database_url, "operations", "register", str(good), str(broken))

    # then the command fails naming the file and what is wrong, without a traceback
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Error: {broken} is not a GraphQL document:"
        " Syntax Error: Expected Name, found <EOF>. (line 1, column 25)"
    )
    # and the good one was not registered either: the safelist refuses it
    with hub_client(database_url, persisted_queries="safelist") as client:
        response = client.post("/graphql", json={"query": QUERY})
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


def test_registering_an_operation_the_schema_refuses_says_why(
    database_url: str, tmp_path: Path
) -> None:
    # given an operation asking for a field the hub does not have
    typo = tmp_path / "typo.graphql"
    typo.write_text("query Network { network { nmae } }", encoding="utf-8")

    # when it is registered, it is refused with the schema's objection and where it is
    refused = hub_command(database_url, "operations", "register", str(typo))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Error: {typo} does not fit the hub's schema: Cannot query field 'nmae' on type"
        " 'Network'. Did you mean 'name'? (line 1, column 27)"
    )

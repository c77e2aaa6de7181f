"""Persisted operations (``hub.services.operations``): what a client persists, what the
operators register for the safelist (each operation of a file or a manifest, by the hash
of the text clients send), and every file that is not one refused in words, before any
operation is registered."""

from __future__ import annotations

import datetime
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hub import clock, db
from hub.models import PersistedOperation
from hub.models.operations import NAME_LENGTH
from hub.services import operations
from hub.services.errors import Refusal, WriteRefused
from hub.services.operations import Known, Registered, sha256
from hub.settings import Settings
from schema.monolith import graphql_schema

NOW = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
NETWORK = "query Network { network { name } }"
COUNTRIES = "query Countries { countries { totalCount } }"


@pytest.fixture
async def database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    async with db.connected(database_url):
        yield


async def kept() -> set[tuple[str, str, str | None, bool]]:
    """Every operation kept: hash, document, name, registered."""
    return {
        (row.sha256, row.document, row.name, row.registered)
        for row in await PersistedOperation.all()
    }


def manifest(*bodies: object) -> str:
    """An Apollo persisted query manifest holding these operations' bodies."""
    return json.dumps(
        {
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [
                {"id": f"id-{n}", "name": f"Operation{n}", "type": "query", "body": body}
                for n, body in enumerate(bodies, start=1)
            ],
        }
    )


def test_the_hash_is_sha256_of_the_text_as_sent() -> None:
    # FIPS 180-2's example, in the hex clients send
    assert sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert sha256(NETWORK) != sha256(NETWORK + " ")


async def test_a_client_persists_a_document_once(database: None) -> None:
    assert await operations.find(sha256(NETWORK)) is None

    await operations.persist(sha256(NETWORK), NETWORK)
    await operations.persist(sha256(NETWORK), NETWORK)  # two clients at once, say

    assert await operations.find(sha256(NETWORK)) == Known(NETWORK, registered=False)
    assert await kept() == {(sha256(NETWORK), NETWORK, None, False)}
    row = await PersistedOperation.get(sha256=sha256(NETWORK))
    assert row.created_at == NOW


async def test_a_graphql_file_is_registered_whole_under_its_operations_names(
    database: None,
) -> None:
    both = f"{NETWORK}\n{COUNTRIES}"
    anonymous = "{ countries { totalCount } }"

    made = await operations.register([("both.graphql", both), ("anon.graphql", anonymous)])

    assert made == [
        Registered(sha256(both), "Network, Countries"),
        Registered(sha256(anonymous), None),
    ]
    assert await kept() == {
        (sha256(both), both, "Network, Countries", True),
        (sha256(anonymous), anonymous, None, True),
    }
    assert await operations.find(sha256(both)) == Known(both, registered=True)


async def test_each_operation_of_a_manifest_is_registered_by_its_bodys_hash(
    database: None,
) -> None:
    made = await operations.register([("manifest.json", manifest(NETWORK, COUNTRIES))])

    # each under the name the manifest gives it
    assert made == [
        Registered(sha256(NETWORK), "Operation1"),
        Registered(sha256(COUNTRIES), "Operation2"),
    ]
    assert await kept() == {
        (sha256(NETWORK), NETWORK, "Operation1", True),
        (sha256(COUNTRIES), COUNTRIES, "Operation2", True),
    }


async def test_registering_again_or_what_a_client_persisted_keeps_one_row(
    database: None,
) -> None:
    # given a document a client persisted, and one registered already
    await operations.persist(sha256(NETWORK), NETWORK)
    await operations.register([("countries.graphql", COUNTRIES)])

    # when both are registered
    made = await operations.register([("n.graphql", NETWORK), ("c.graphql", COUNTRIES)])

    # then each is registered, under its name, once
    assert made == [
        Registered(sha256(NETWORK), "Network"),
        Registered(sha256(COUNTRIES), "Countries"),
    ]
    assert await kept() == {
        (sha256(NETWORK), NETWORK, "Network", True),
        (sha256(COUNTRIES), COUNTRIES, "Countries", True),
    }


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "bad.graphql",
            "query { network { name }",
            "bad.graphql is not a GraphQL document:"
            " Syntax Error: Expected Name, found <EOF>. (line 1, column 25)",
        ),
        (
            "bad.graphql",
            "fragment Name on Network { name }",
            "bad.graphql holds no operation (a query, mutation or subscription)",
        ),
        (
            "bad.graphql",
            "",
            "bad.graphql is not a GraphQL document:"
            " Syntax Error: Unexpected <EOF>. (line 1, column 1)",
        ),
        (
            "bad.JSON",
            '{"operations": [',
            "bad.JSON is not a persisted query manifest:"
            " Expecting value: line 1 column 17 (char 16)",
        ),
        (
            "bad.json",
            '{"format": "apollo-persisted-query-manifest"}',
            'bad.json is not a persisted query manifest: it has no "operations" list',
        ),
        (
            "bad.json",
            '{"operations": {"body": "{ network { name } }"}}',
            'bad.json is not a persisted query manifest: it has no "operations" list',
        ),
        (
            "bad.json",
            "[]",
            'bad.json is not a persisted query manifest: it has no "operations" list',
        ),
        (
            "bad.json",
            manifest(NETWORK, None),
            'bad.json operation 2 has no "body" holding its document',
        ),
        ("bad.json", manifest(7), 'bad.json operation 1 has no "body" holding its document'),
        ("bad.json", manifest(), 'bad.json holds no operation (its "operations" list is empty)'),
        (
            "bad.json",
            json.dumps({"operations": [NETWORK]}),
            'bad.json operation 1 has no "body" holding its document',
        ),
        (
            "bad.json",
            manifest(NETWORK, "query {"),
            "bad.json, operation 2, is not a GraphQL document:"
            " Syntax Error: Expected Name, found <EOF>. (line 1, column 8)",
        ),
    ],
)
async def test_a_file_that_holds_no_operation_is_refused_and_nothing_is_registered(
    database: None, file: str, text: str, message: str
) -> None:
    # given a good file, and a bad one after it
    with pytest.raises(WriteRefused) as refused:
        await operations.register([("good.graphql", NETWORK), (file, text)])

    # then the bad one is named and what is wrong with it said, and neither is registered
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "files")
    assert refused.value.message == message
    assert await kept() == set()


async def test_names_are_kept_short_enough_for_their_column(database: None) -> None:
    names = [f"Operation{n:03}" for n in range(20)]
    document = "\n".join(f"query {name} {{ network {{ name }} }}" for name in names)
    long_name = "Named" * 40

    made = await operations.register(
        [
            ("many.graphql", document),
            ("one.json", json.dumps({"operations": [{"name": long_name, "body": NETWORK}]})),
            ("fits.json", json.dumps({"operations": [{"name": "F" * 128, "body": COUNTRIES}]})),
        ]
    )

    joined = ", ".join(names)
    assert [r.name for r in made] == [f"{joined[:127]}…", f"{long_name[:127]}…", "F" * 128]
    assert all(len(r.name or "") == NAME_LENGTH for r in made)
    assert {row[2] for row in await kept()} == {r.name for r in made}


async def test_a_manifest_operation_without_a_name_is_named_by_its_document(
    database: None,
) -> None:
    text = json.dumps(
        {"operations": [{"body": NETWORK}, {"name": 7, "body": "{ network { name } }"}]}
    )
    made = await operations.register([("m.json", text)])
    assert [r.name for r in made] == ["Network", None]


def test_files_are_read_as_utf8_text_and_named(tmp_path: Path) -> None:
    (tmp_path / "network.graphql").write_text(NETWORK, encoding="utf-8")
    (tmp_path / "picture.graphql").write_bytes(b"\xff\xd8\xff\xe0 not text")

    assert operations.read_files([tmp_path / "network.graphql"]) == [
        (str(tmp_path / "network.graphql"), NETWORK)
    ]
    with pytest.raises(WriteRefused) as refused:
        operations.read_files([tmp_path / "network.graphql", tmp_path / "picture.graphql"])
    assert refused.value.message == f"{tmp_path / 'picture.graphql'} is not UTF-8 text"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "typo.graphql",
            "query Network { network { nmae } }",
            "typo.graphql does not fit the hub's schema: Cannot query field 'nmae' on type"
            " 'Network'. Did you mean 'name'? (line 1, column 27)",
        ),
        (
            "ops.json",
            manifest(NETWORK, "query Missing($first: Int!) { countries { totalCount } }"),
            "ops.json, operation 2, does not fit the hub's schema: Variable '$first' is never"
            " used in operation 'Missing'. (line 1, column 15)",
        ),
    ],
)
async def test_an_operation_the_schema_refuses_is_refused_and_nothing_is_registered(
    database: None, file: str, text: str, message: str
) -> None:
    # given a good file, and one asking for what the hub's schema does not have
    schema = graphql_schema(Settings())
    with pytest.raises(WriteRefused) as refused:
        await operations.register([("good.graphql", NETWORK), (file, text)], schema)

    # then it is named with the schema's first objection, and neither is registered
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "files")
    assert refused.value.message == message
    assert await kept() == set()
    assert [r.name for r in await operations.register([("good", NETWORK)], schema)] == ["Network"]

"""The published lists: each head is signed by the key at the well-known URL, readable in the
graph as at the plain route, and anyone can check the entries from them alone."""

from __future__ import annotations

import asyncio
import base64
import subprocess

import httpx
import pytest

from hub import db
from hub.ledger import routes
from hub.ledger.entries import checkpoint
from hub.ledger.history import chain_existing
from hub.ledger.keys import signed_by
from hub.ledger.published import Unreadable, verify_published
from tests.conftest import GraphQLClient, hub_client
from tests.hub.ledger.lists import execute, sign_through_the_writer
from tests.hub.widgets.petitions import WidgetPetitions, build_widget_petitions
from tests.live import HUB, live_hub

QUERY = """query ($slug: String!) { petition(slug: $slug) { id ledger {
  count hash signedAt keyId signature } } }"""


def signed_petitions(database_url: str, people: int) -> WidgetPetitions:
    """The widget tests' petitions, the open one signed by ``people``."""
    petitions = build_widget_petitions(database_url)

    async def sign() -> None:
        async with db.connected(database_url):
            await sign_through_the_writer(petitions.open, range(people))

    asyncio.run(sign())
    return petitions


def test_the_graph_and_the_route_serve_one_signed_head(database_url: str) -> None:
    slug = signed_petitions(database_url, 7).open
    with hub_client(database_url) as client:
        # when the head is read in the graph, at the route, and the key at its well-known URL
        data = GraphQLClient(client).data(QUERY, {"slug": slug})["petition"]
        published = client.get(f"/ledger/petitions/{slug}").json()
        key = client.get("/.well-known/hub-ledger-key").json()

    # then they agree, and the signature is the published key's over the checkpoint
    head = data["ledger"]
    assert head["count"] == published["head"]["count"] == len(published["entries"]) == 7
    assert head["hash"] == published["head"]["hash"] == published["entries"][-1]["hash"]
    assert published["list"] == data["id"]
    assert head["keyId"] == key["keyId"]
    message = checkpoint(data["id"], 7, head["hash"], head["signedAt"])
    assert published["head"]["checkpoint"] == message.decode()
    assert signed_by(base64.b64decode(key["publicKey"]), message, head["signature"])
    assert [entry["seq"] for entry in published["entries"]] == list(range(1, 8))
    assert set(published["entries"][0]) == {
        "seq",
        "entry",
        "kind",
        "at",
        "country",
        "partner",
        "hash",
    }


def test_the_route_pages_and_refuses_bad_input(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    petitions = signed_petitions(database_url, 5)
    slug = petitions.open
    monkeypatch.setattr(routes, "PAGE", 2)
    with hub_client(database_url) as client:
        first = client.get(f"/ledger/petitions/{slug}").json()
        second = client.get(first["next"]).json()
        bad = client.get(f"/ledger/petitions/{slug}?after=-1")
        missing = client.get("/ledger/statements/no-such-statement")
        empty = client.get(f"/ledger/petitions/{petitions.draft}")

    assert [e["seq"] for e in first["entries"]] == [1, 2]
    assert [e["seq"] for e in second["entries"]] == [3, 4]
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "after"
    assert missing.status_code == 404 and missing.json()["error"]["field"] == "statement"
    assert empty.json()["head"] == {
        "count": 0,
        "hash": "0" * 64,
        "signedAt": None,
        "keyId": None,
        "signature": None,
        "checkpoint": None,
    }


def test_anyone_verifies_the_published_entries_alone(database_url: str) -> None:
    slug = signed_petitions(database_url, 6).open
    with live_hub(database_url) as base:
        url = f"{base}/ledger/petitions/{slug}"
        # given the head someone kept today
        kept = httpx.get(url).json()["head"]
        earlier = f"{kept['count']}:{kept['hash']}"

        # then the published list verifies, with the command as with the function
        assert verify_published(url).holds
        command = subprocess.run(
            [HUB, "verify", "petition", slug, "--from", base, "--earlier", earlier],
            capture_output=True,
            text=True,
            check=False,
        )
        assert command.returncode == 0, command.stdout + command.stderr

        # when the hub's database loses the third signature and its entry, re-chained
        # from there and re-signed, as only someone holding the database and key could
        execute(
            database_url,
            'DELETE FROM "ledger_entry" WHERE "seq" >= 3',
            'DELETE FROM "ledger_head"',
            'DELETE FROM "petition_signature" WHERE "id" IN (SELECT "id" FROM'
            ' "petition_signature" ORDER BY "id" LIMIT 1 OFFSET 2)',
        )
        rechain(database_url)
        after = subprocess.run(
            [HUB, "verify", "petition", slug, "--from", base, "--earlier", earlier],
            capture_output=True,
            text=True,
            check=False,
        )

        # then the chain holds by itself, but not against the head kept earlier
        assert verify_published(url).holds
        assert after.returncode == 1
        assert "an earlier head covered 6 entries; the list now has 5" in after.stdout

        with pytest.raises(Unreadable, match="answered 404"):
            verify_published(f"{base}/ledger/petitions/no-such-petition")


def rechain(database_url: str) -> None:
    """Chain the list again from its rows, as if it had never had entries."""

    async def run() -> None:
        async with db.connected(database_url), db.transaction() as connection:
            await connection.execute_query('DELETE FROM "ledger_entry"')
            await chain_existing(connection)

    asyncio.run(run())

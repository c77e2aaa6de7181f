"""An answer kept for an Idempotency-Key holds no secret: a new client's secret is shown once,
and a replay says it was."""

from __future__ import annotations

import importlib
import json
from types import SimpleNamespace

import pytest
from strawberry.relay import GlobalID
from tortoise import connections

from hub import clock
from hub.db import DATABASE
from hub.idempotency import WITHHELD, withhold_secrets
from hub.models import IdempotentResponse
from tests import factories
from tests.auth.network import writing_hub
from tests.auth.tokens import client_credentials
from tests.databases import fill

REGISTER = """mutation($input: RegisterClientInput!) {
  registerClient(input: $input) { clientId %s errors { code } }
}"""


@pytest.mark.parametrize("selection", ["clientSecret", "handle: clientSecret"])
def test_a_replayed_registration_says_the_secret_was_shown_once(
    database_url: str, selection: str
) -> None:
    secret_field = selection.split(":")[0]
    with writing_hub(database_url, "statements:sign") as hub:
        # given an administrator registering a client with an Idempotency-Key
        member = hub.network.members[0]
        new = {
            "organisationId": str(GlobalID("Organisation", str(member.organisation_id))),
            "name": "Newsroom system",
            "scopes": ["statements:sign"],
        }
        headers = {"Authorization": f"Bearer {hub.admin_token()}", "Idempotency-Key": "reg-1"}
        body = {"query": REGISTER % selection, "variables": {"input": new}}

        # when the request is sent, then retried
        first = hub.client.post("/graphql", json=body, headers=headers)
        replay = hub.client.post("/graphql", json=body, headers=headers)

        # then the first answer shows the secret, and it works
        shown = first.json()["data"]["registerClient"]
        secret = shown[secret_field]
        assert secret and shown["errors"] == []
        assert client_credentials(hub.client, shown["clientId"], secret)

        # and the replay is the same answer without it, saying why
        assert replay.headers["idempotent-replayed"] == "true"
        replayed = replay.json()
        assert replayed["data"]["registerClient"] == {**shown, secret_field: None}
        withheld = replayed["extensions"]["withheld"]
        assert withheld["fields"] == [f"data.registerClient.{secret_field}"]
        assert "showed a secret once" in withheld["message"]

    # and the database keeps no trace of the secret
    kept: list[str] = []

    async def read() -> None:
        kept.extend(json.dumps(row.response) for row in await IdempotentResponse.all())

    fill(database_url, read)
    assert len(kept) == 1 and secret not in kept[0]


def test_answers_without_secrets_are_kept_as_they_are() -> None:
    body = '{"data": {"coSignStatement": {"alreadySigned": false}}}'
    assert withhold_secrets(body, ["s3cret"]) == body


def test_answers_kept_before_are_cleaned_by_field_name() -> None:
    # given an answer kept before secrets were withheld (as migration 0011 finds it)
    body = json.dumps({"data": {"registerClient": {"clientId": "c", "clientSecret": "s3cret"}}})

    # when it is cleaned by field name
    cleaned = json.loads(withhold_secrets(body, (), names=("clientSecret",)))

    # then
    assert cleaned["data"]["registerClient"] == {"clientId": "c", "clientSecret": None}
    assert cleaned["extensions"]["withheld"] == {
        "fields": ["data.registerClient.clientSecret"],
        "message": WITHHELD,
    }


def test_migration_0011_withholds_the_secrets_kept_before(database_url: str) -> None:
    kept: list[object] = []
    answer = {"data": {"registerClient": {"clientId": "c", "clientSecret": "s3cret"}}}

    async def run() -> None:
        # given an answer kept, secret and all, before this migration
        (organisation,) = await factories.organisations(1)
        await IdempotentResponse.create(
            organisation_id=organisation.id,
            key="client:register",
            request_hash="0" * 64,
            response={"status": 200, "body": json.dumps(answer)},
            created_at=clock.now(),
        )
        # when the migration's data step runs
        migration = importlib.import_module("hub.migrations.0011_oauth_hardening")
        editor = SimpleNamespace(client=connections.get(DATABASE))
        await migration.withhold_kept_secrets(None, editor)
        kept.append((await IdempotentResponse.get(key="client:register")).response)

    fill(database_url, run)

    # then the kept answer holds no secret, and says so
    (response,) = kept
    assert isinstance(response, dict) and response["status"] == 200
    body = json.loads(response["body"])
    assert body["data"]["registerClient"] == {"clientId": "c", "clientSecret": None}
    assert body["extensions"]["withheld"]["message"] == WITHHELD

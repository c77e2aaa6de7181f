"""The authorization server hardened: what a code issued (revoked when it is replayed), one
open membership period per organisation, and no client secret kept for a replay."""

import json
from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from hub.idempotency import withhold_secrets


async def withhold_kept_secrets(_apps: Any, schema_editor: Any) -> None:
    """Answers kept for an Idempotency-Key before this migration may hold a new client's
    secret: it is replaced by null, as it is in the answers kept from now on."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    _, rows = await client.execute_query(
        'SELECT "id", "response" FROM "idempotent_response" WHERE "response" IS NOT NULL'
    )
    update = 'UPDATE "idempotent_response" SET "response" = {} WHERE "id" = {}'.format(
        *(("$1", "$2") if postgres else ("?", "?"))
    )
    for row in rows:
        response = dict(row)["response"]
        kept = json.loads(response) if isinstance(response, str) else response
        body = kept.get("body") if isinstance(kept, dict) else None
        if not isinstance(body, str):
            continue
        scrubbed = withhold_secrets(body, (), names=("clientSecret",))
        if scrubbed != body:
            await client.execute_query(update, [json.dumps({**kept, "body": scrubbed}), row["id"]])


async def nothing(_apps: Any, _schema_editor: Any) -> None:
    """A withheld secret cannot be put back."""


class Migration(migrations.Migration):
    dependencies = [("hub", "0010_persisted_operations")]

    initial = False

    operations = [
        ops.AddField(
            model_name="AuthorizationCode",
            name="replayed_at",
            field=fields.DatetimeField(
                null=True,
                description="When it was presented again: what it issued is revoked",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddField(
            model_name="AuthorizationCode",
            name="token_family",
            field=fields.CharField(
                null=True, description="The refresh token family issued from it", max_length=36
            ),
        ),
        ops.AddField(
            model_name="AuthorizationCode",
            name="access_token_jti",
            field=fields.CharField(
                null=True, description="The access token issued from it", max_length=64
            ),
        ),
        # Admissions racing each other: the database keeps one open period per organisation.
        ops.RunSQL(
            'CREATE UNIQUE INDEX "network_membership_one_open"'
            ' ON "network_membership" ("organisation_id") WHERE "left_on" IS NULL',
            reverse_sql='DROP INDEX "network_membership_one_open"',
        ),
        ops.RunPython(withhold_kept_secrets, nothing),
    ]

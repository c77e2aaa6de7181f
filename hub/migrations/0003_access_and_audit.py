from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_countries")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="audit_entries",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "client_id",
                    fields.CharField(null=True, description="OAuth client_id", max_length=64),
                ),
                (
                    "user_id",
                    fields.IntField(null=True, description="Staff user, for a dashboard's token"),
                ),
                ("token_jti", fields.CharField(null=True, max_length=64)),
                ("action", fields.CharField(description="e.g. statement.co_sign", max_length=64)),
                (
                    "subject",
                    fields.CharField(description="Global ID of what was written", max_length=128),
                ),
                (
                    "details",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "audit_entry",
                "app": "hub",
                "indexes": [
                    Index(fields=["organisation_id", "occurred_at"]),
                    Index(fields=["action", "occurred_at"]),
                ],
                "pk_attr": "id",
                "table_description": "One write: who (organisation, client, user, token), what, to which node, when.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="IdempotentResponse",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("key", fields.CharField(max_length=128)),
                (
                    "request_hash",
                    fields.CharField(description="SHA-256 of the request body", max_length=64),
                ),
                (
                    "response",
                    fields.JSONField(
                        null=True,
                        description="Null while the first request runs",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "idempotent_response",
                "app": "hub",
                "unique_together": (("organisation", "key"),),
                "pk_attr": "id",
                "table_description": "The first answer to a request sent with an Idempotency-Key, returned to its retries.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OAuthClient",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("client_id", fields.CharField(unique=True, max_length=64)),
                (
                    "client_secret_hash",
                    fields.CharField(
                        null=True,
                        description="argon2 hash, or null for a public (browser) client",
                        max_length=255,
                    ),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="oauth_clients",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=128)),
                (
                    "redirect_uris",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "grant_types",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "scopes",
                    fields.JSONField(
                        default=list,
                        description="The scopes the client may ask for",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "token_endpoint_auth_method",
                    fields.CharField(default="client_secret_basic", max_length=32),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "disabled_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "oauth_client",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A member organisation's system or dashboard, acting for that organisation only.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RevokedAccessToken",
            fields=[
                (
                    "jti",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                (
                    "expires_at",
                    fields.DatetimeField(
                        description="After this the row may be deleted",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
                ("revoked_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "revoked_access_token",
                "app": "hub",
                "pk_attr": "jti",
                "table_description": "An access token revoked before it expired. Every replica refuses it from then on.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SigningKey",
            fields=[
                (
                    "kid",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64),
                ),
                ("algorithm", fields.CharField(max_length=16)),
                (
                    "private_jwk",
                    fields.TextField(description="The private key, as JWK JSON", unique=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "retired_at",
                    fields.DatetimeField(
                        null=True,
                        description="No longer signs, but verifies until its tokens expire",
                        auto_now=False,
                        auto_now_add=False,
                    ),
                ),
            ],
            options={
                "table": "signing_key",
                "app": "hub",
                "pk_attr": "kid",
                "table_description": "A key that signs access tokens, kept in the database so every replica verifies them.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StaffUser",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "organisation",
                    fields.ForeignKeyField(
                        "hub.Organisation",
                        source_field="organisation_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="staff",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "email",
                    fields.CharField(
                        unique=True, description="Lower-cased address", max_length=254
                    ),
                ),
                ("name", fields.CharField(max_length=128)),
                ("password_hash", fields.CharField(description="argon2id hash", max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "disabled_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "staff_user",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A person who signs in to act for their member organisation.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuthorizationCode",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=128)),
                (
                    "client",
                    fields.ForeignKeyField(
                        "hub.OAuthClient",
                        source_field="client_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "hub.StaffUser",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("redirect_uri", fields.TextField(unique=False)),
                ("scope", fields.TextField(unique=False)),
                ("code_challenge", fields.CharField(max_length=128)),
                ("code_challenge_method", fields.CharField(max_length=8)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "authorization_code",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A single-use, short-lived authorization code with its PKCE challenge.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RefreshToken",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "token_hash",
                    fields.CharField(unique=True, description="SHA-256, hex", max_length=64),
                ),
                (
                    "family",
                    fields.CharField(
                        db_index=True, description="Tokens rotated from one grant", max_length=36
                    ),
                ),
                (
                    "client",
                    fields.ForeignKeyField(
                        "hub.OAuthClient",
                        source_field="client_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refresh_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "hub.StaffUser",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="refresh_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("scope", fields.TextField(unique=False)),
                (
                    "access_token_jti",
                    fields.CharField(description="The access token issued with it", max_length=64),
                ),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("rotated_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "refresh_token",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A refresh token (kept as a hash), rotated on use. A reused one revokes its family.",
            },
            bases=["Model"],
        ),
    ]

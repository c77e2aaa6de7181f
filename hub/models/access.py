"""Who may write: OAuth clients and staff users of member organisations, and their tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from hub.models.organisations import Organisation


CLIENT_NAME_LENGTH = 128
"""The longest name a client is registered under."""
STAFF_NAME_LENGTH = 128
"""The longest name a staff user is kept under."""


class OAuthClient(Model):
    """A member organisation's system or dashboard, acting for that organisation only."""

    id = fields.IntField(primary_key=True)
    client_id = fields.CharField(max_length=64, unique=True)
    client_secret_hash = fields.CharField(
        max_length=255, null=True, description="argon2 hash, or null for a public (browser) client"
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="oauth_clients", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=CLIENT_NAME_LENGTH)
    redirect_uris: fields.JSONField[list[str]] = fields.JSONField(default=list)
    grant_types: fields.JSONField[list[str]] = fields.JSONField(default=list)
    scopes: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="The scopes the client may ask for"
    )
    token_endpoint_auth_method = fields.CharField(max_length=32, default="client_secret_basic")
    created_at = fields.DatetimeField(auto_now_add=True)
    disabled_at = fields.DatetimeField(null=True)

    organisation_id: int

    class Meta:
        table = "oauth_client"


class StaffUser(Model):
    """A person who signs in to act for their member organisation."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="staff", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254, unique=True, description="Lower-cased address")
    name = fields.CharField(max_length=STAFF_NAME_LENGTH)
    password_hash = fields.CharField(max_length=255, description="argon2id hash")
    created_at = fields.DatetimeField(auto_now_add=True)
    disabled_at = fields.DatetimeField(null=True)

    organisation_id: int

    class Meta:
        table = "staff_user"


class AuthorizationCode(Model):
    """A single-use, short-lived authorization code with its PKCE challenge."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=128, unique=True)
    client: fields.ForeignKeyRelation[OAuthClient] = fields.ForeignKeyField(
        "hub.OAuthClient", related_name="codes", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[StaffUser] = fields.ForeignKeyField(
        "hub.StaffUser", related_name="codes", on_delete=fields.CASCADE
    )
    redirect_uri = fields.TextField()
    scope = fields.TextField()
    code_challenge = fields.CharField(max_length=128)
    code_challenge_method = fields.CharField(max_length=8)
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    replayed_at = fields.DatetimeField(
        null=True, description="When it was presented again: what it issued is revoked"
    )
    token_family = fields.CharField(
        max_length=36, null=True, description="The refresh token family issued from it"
    )
    access_token_jti = fields.CharField(
        max_length=64, null=True, description="The access token issued from it"
    )

    client_id: int
    user_id: int

    class Meta:
        table = "authorization_code"


class RefreshToken(Model):
    """A refresh token (kept as a hash), rotated on use. A reused one revokes its family."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True, description="SHA-256, hex")
    family = fields.CharField(
        max_length=36, db_index=True, description="Tokens rotated from one grant"
    )
    client: fields.ForeignKeyRelation[OAuthClient] = fields.ForeignKeyField(
        "hub.OAuthClient", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "hub.StaffUser", related_name="refresh_tokens", null=True, on_delete=fields.CASCADE
    )
    scope = fields.TextField()
    access_token_jti = fields.CharField(
        max_length=64, description="The access token issued with it"
    )
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    rotated_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    client_id: int
    user_id: int | None

    class Meta:
        table = "refresh_token"


class RevokedAccessToken(Model):
    """An access token revoked before it expired. Every replica refuses it from then on."""

    jti = fields.CharField(max_length=64, primary_key=True)
    expires_at = fields.DatetimeField(description="After this the row may be deleted")
    revoked_at = fields.DatetimeField()

    class Meta:
        table = "revoked_access_token"


class SigningKey(Model):
    """A key that signs access tokens, kept in the database so every replica verifies them."""

    kid = fields.CharField(max_length=64, primary_key=True)
    algorithm = fields.CharField(max_length=16)
    private_jwk = fields.TextField(description="The private key, as JWK JSON")
    created_at = fields.DatetimeField()
    retired_at = fields.DatetimeField(
        null=True, description="No longer signs, but verifies until its tokens expire"
    )

    class Meta:
        table = "signing_key"
        ordering = ["-created_at"]

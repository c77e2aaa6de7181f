"""The record of every write, and the answers kept for retried requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from hub.models.organisations import Organisation


class AuditEntry(Model):
    """One write: who (organisation, client, user, token), what, to which node, when."""

    id = fields.BigIntField(primary_key=True)
    occurred_at = fields.DatetimeField()
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    client_id = fields.CharField(max_length=64, null=True, description="OAuth client_id")
    user_id = fields.IntField(null=True, description="Staff user, for a dashboard's token")
    token_jti = fields.CharField(max_length=64, null=True)
    action = fields.CharField(max_length=64, description="e.g. statement.co_sign")
    subject = fields.CharField(max_length=128, description="Global ID of what was written")
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    organisation_id: int | None

    class Meta:
        table = "audit_entry"
        ordering = ["-occurred_at", "-id"]
        indexes = (("organisation_id", "occurred_at"), ("action", "occurred_at"))


class IdempotentResponse(Model):
    """The first answer to a request sent with an Idempotency-Key, returned to its retries."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name=False, on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=128)
    request_hash = fields.CharField(max_length=64, description="SHA-256 of the request body")
    response: fields.JSONField[dict[str, Any] | None] = fields.JSONField(
        null=True, description="Null while the first request runs"
    )
    created_at = fields.DatetimeField()

    organisation_id: int

    class Meta:
        table = "idempotent_response"
        unique_together = (("organisation", "key"),)

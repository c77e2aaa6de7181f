"""The outbox: every mail the hub sends, written in the transaction that decides to send it."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class OutboxStatus(StrEnum):
    PENDING = "pending"
    """Waiting to be sent (first time, or again after a failure)."""
    SENDING = "sending"
    """Claimed by one sender until ``claimed_until``."""
    SENT = "sent"
    FAILED = "failed"
    """Given up after the last attempt."""


class OutboxMessage(Model):
    """One mail to send, sealed at rest and forgotten once sent.

    Its recipient and words rest only sealed (``sealed``, with the hub's signer key
    ``key_id``), and not at all once it is sent: what remains says what it was, not to
    whom."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=48, description="e.g. signature-confirmation")
    language = fields.CharField(max_length=8)
    about = fields.CharField(
        max_length=160, default="", description="What it concerns, e.g. petition:SLUG, no person"
    )
    sealed = fields.BinaryField(null=True, description="The whole message, sealed, None once sent")
    key_id = fields.CharField(max_length=32, description="The signer key that sealed it")
    message_id = fields.CharField(max_length=160, description="Its Message-ID header")
    status = fields.CharEnumField(OutboxStatus, max_length=10, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(description="When it may be sent (again)")
    claimed_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "outbox_message"
        ordering = ["id"]
        indexes = (("status", "next_attempt_at"),)

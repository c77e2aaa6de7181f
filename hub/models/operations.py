"""GraphQL operations the hub knows by hash: persisted by clients, or registered."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

NAME_LENGTH = 128
"""The longest name kept for an operation (a document's operation names, joined)."""


class PersistedOperation(Model):
    """A GraphQL document kept under its SHA-256, as Apollo's persisted queries send it.

    ``registered`` documents were put here by the network's operators (``hub operations
    register``): in safelist mode, the only ones that run. Others were persisted by
    clients (automatic persisted queries), to be asked for by hash alone.
    """

    sha256 = fields.CharField(primary_key=True, max_length=64, description="Hex SHA-256")
    document = fields.TextField()
    name = fields.CharField(max_length=NAME_LENGTH, null=True, description="The operation's name")
    registered = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        table = "persisted_operation"

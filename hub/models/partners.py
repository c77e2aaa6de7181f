"""Partners: the news sites and organisations that embed campaign widgets in their pages."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

NAME_LENGTH = 128
"""The longest name a partner is kept under."""


class Partner(Model):
    """A site that embeds the hub's widgets, whose signatures are counted as its own."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=NAME_LENGTH)
    origins: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="The web origins (scheme://host[:port]) that may embed it"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "partner"
        ordering = ["slug"]


class HubSecret(Model):
    """A random key the hub makes for itself once, shared by every process on the database."""

    name = fields.CharField(primary_key=True, max_length=32)
    value = fields.CharField(max_length=128)

    class Meta:
        table = "hub_secret"

"""The network itself and its membership over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.geography import Country
    from hub.models.organisations import Organisation


class Network(Model):
    """The one network this hub serves (a single row)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    former_name = fields.CharField(max_length=128, null=True)
    description = translated_text("What the network is, per language")
    original_language = original_language()
    proposed_in_year = fields.SmallIntField()
    founding_city = fields.CharField(max_length=64)
    founding_country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name=False, on_delete=fields.RESTRICT
    )
    convened_by: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    founding_organisation_count = fields.SmallIntField()
    archive_starts_year = fields.SmallIntField()

    founding_country_id: str
    convened_by_id: int | None

    class Meta:
        table = "network"


class NetworkMembership(Model):
    """One period of an organisation's membership: joined, and left if it did."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="memberships", on_delete=fields.CASCADE
    )
    joined_on = fields.DateField()
    left_on = fields.DateField(null=True)
    founding_member = fields.BooleanField(default=False)
    departure_reason = fields.TextField(null=True)

    organisation_id: int

    class Meta:
        table = "network_membership"
        ordering = ["joined_on", "id"]
        unique_together = (("organisation", "joined_on"),)
        indexes = (("joined_on", "left_on"),)

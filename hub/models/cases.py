"""Cases: alerts that follow one another (an attack, then an arrest, a trial, a verdict or
none), and whether a killing has met with justice, as CPJ's impunity index counts it.

A case is kept by ``hub.services.cases`` from its alerts: every alert that follows
another, every alert followed, and every killing (a killing followed by nothing is an
unresolved case of its own). Its justice status is that of its latest alert to record
one; a killing whose alerts record none is unresolved.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from hub.models.campaigns import Campaign
    from hub.models.geography import Country


class JusticeStatus(StrEnum):
    """Where a killing's case stands, in the words of CPJ's impunity index."""

    UNRESOLVED = "unresolved"
    """No one has been convicted."""
    PARTIAL = "partial"
    """Some have been convicted, not all of those responsible (often not who ordered it)."""
    FULL = "full"
    """Everyone responsible, those who ordered it included, has been convicted."""


class Case(Model):
    """Alerts that follow one another, from the first (the violation) to the latest."""

    id = fields.IntField(primary_key=True)
    opened_on = fields.DateField(description="The day its first alert happened")
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="cases", on_delete=fields.RESTRICT
    )
    killing = fields.BooleanField(
        description="Whether one of its alerts is of a journalist or media worker killed"
    )
    justice = fields.CharEnumField(
        JusticeStatus, max_length=16, null=True, description="For a killing only"
    )

    country_id: str

    class Meta:
        table = "alert_case"
        # unresolvedKillings: a country's killings of some status since a day
        indexes = (("country_id", "killing", "justice", "opened_on"),)


class CampaignCase(Model):
    """A case a campaign highlights (the International Day to End Impunity's cases)."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name="highlighted_cases", on_delete=fields.CASCADE
    )
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="campaigns", on_delete=fields.CASCADE
    )
    highlighted_on = fields.DateField(description="The day the campaign took it up")

    campaign_id: int
    case_id: int

    class Meta:
        table = "campaign_case"
        unique_together = (("campaign", "case"),)

"""Campaigns (recurring days, focus and country campaigns) and their timelines."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.geography import Country
    from hub.models.groups import Group
    from hub.models.organisations import Organisation


class CampaignKind(StrEnum):
    RECURRING_DAY = "recurring_day"
    FOCUS = "focus"
    COUNTRY = "country"


class MilestoneKind(StrEnum):
    LAUNCH = "launch"
    RECOGNITION = "recognition"
    ADVOCACY = "advocacy"
    PUBLICATION = "publication"
    OUTCOME = "outcome"


class Campaign(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    kind = fields.CharEnumField(CampaignKind, max_length=16)
    title = translated_text("The campaign's title, per language")
    description = translated_text("What the campaign asks for, per language")
    original_language = original_language()
    focus = fields.CharField(max_length=32, null=True, description="A FocusArea value")
    launched_on = fields.DateField()
    ended_on = fields.DateField(null=True)
    recurs_month = fields.SmallIntField(null=True, description="Month of a recurring day")
    recurs_day = fields.SmallIntField(null=True, description="Day of month of a recurring day")
    group: fields.ForeignKeyNullableRelation[Group] = fields.ForeignKeyField(
        "hub.Group", related_name="campaigns", null=True, on_delete=fields.SET_NULL
    )
    lead_organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="led_campaigns", null=True, on_delete=fields.SET_NULL
    )

    group_id: int | None
    lead_organisation_id: int | None

    class Meta:
        table = "campaign"
        ordering = ["slug"]
        indexes = (("launched_on",), ("group_id",), ("lead_organisation_id",))


class CampaignCountry(Model):
    """A country a campaign is about."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name="countries", on_delete=fields.CASCADE
    )
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="campaigns", on_delete=fields.RESTRICT
    )

    campaign_id: int
    country_id: str

    class Meta:
        table = "campaign_country"
        indexes = (("country_id",),)
        unique_together = (("campaign", "country"),)


class Milestone(Model):
    """A dated step in a campaign's timeline."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name="milestones", on_delete=fields.CASCADE
    )
    occurred_on = fields.DateField()
    kind = fields.CharEnumField(MilestoneKind, max_length=16)
    title = translated_text("What happened, per language")
    description = translated_text("The story of the milestone, per language")
    original_language = original_language()
    country: fields.ForeignKeyNullableRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="milestones", null=True, on_delete=fields.RESTRICT
    )
    participants: fields.JSONField[list[dict[str, str]]] = fields.JSONField(
        default=list, description='People who took part: [{"name": …, "role": …}]'
    )

    campaign_id: int
    country_id: str | None

    class Meta:
        table = "milestone"
        ordering = ["occurred_on", "id"]
        indexes = (("campaign_id", "occurred_on"),)

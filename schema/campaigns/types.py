"""Campaigns: recurring days, focus and country campaigns, and their timelines."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.campaigns import CampaignKind as CampaignKindValue
from hub.models.campaigns import MilestoneKind as MilestoneKindValue
from schema.alerts.extends import CampaignCases
from schema.campaigns import relations
from schema.localization import LocalizedText
from schema.network.types import Country, FocusArea, Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.petitions import relations as petition_relations
from schema.reads.fields import column, computed, embedded, many, member, one, records, translated
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row
from schema.statements.extends import CampaignStatements

if TYPE_CHECKING:
    from schema.groups.types import Group
    from schema.petitions.types import Petition

CampaignKind = CampaignKindValue
strawberry.enum(CampaignKind, description="What kind of campaign it is.")
MilestoneKind = MilestoneKindValue
strawberry.enum(MilestoneKind, description="What kind of step a milestone is.")


def _next_occurrence(build: Build, campaign: Row, selected: Selected) -> str:
    """The day's date this year if it is still to come (or today), else next year's."""
    dialect = build.dialect
    today = build.request("today", "date")
    year = dialect.year(today)
    month, day = campaign.column("recurs_month"), campaign.column("recurs_day")
    this_year = dialect.make_date(year, month, day)
    next_year = dialect.make_date(f"{year} + 1", month, day)
    return f"CASE WHEN {this_year} >= {today} THEN {this_year} ELSE {next_year} END"


@strawberry.type(description="A day of the year on which a recurring campaign is held.")
class RecurringDay:
    month: int = column("recurs_month", description="The month, 1 to 12.")
    day: int = column("recurs_day", description="The day of the month.")
    next_occurrence: datetime.date = computed(
        _next_occurrence, description="The next date it falls on, from today (today included)."
    )


@strawberry.federation.type(
    keys=["id"], description="A campaign of the network: a recurring day, a focus or a country."
)
class Campaign(RowNode, CampaignStatements, CampaignCases):
    model = models.Campaign
    id: relay.NodeID[int]
    slug: str = column(description="Unique, URL-safe name.")
    kind: CampaignKind = column(description="Recurring day, focus or country campaign.")
    original_language: str = column(description="The language its texts were written in.")
    focus: FocusArea | None = column(description="What the campaign is about.")
    launched_on: datetime.date = column(description="The day it was launched.")
    ended_on: datetime.date | None = column(description="The day it ended, if it has.")
    recurs_on: RecurringDay | None = embedded(
        "recurs_month",
        "recurs_day",
        description="For a recurring day, the day of the year it is held on.",
    )
    title: LocalizedText = translated("title", description="The campaign's title.")
    description: LocalizedText = translated(
        "description", description="What the campaign asks for."
    )
    group: Annotated[Group, strawberry.lazy("schema.groups.types")] | None = one(
        "group_id", description="The group that runs it, if one does."
    )
    lead_organisation: Organisation | None = one(
        "lead_organisation_id", description="The organisation that leads it, if one does."
    )
    countries: Connection[Country] = many(
        relations.COUNTRIES_OF_CAMPAIGN, description="The countries it is about, by code."
    )
    timeline: Connection[Milestone] = many(
        relations.MILESTONES_OF_CAMPAIGN, description="Its timeline: milestones, oldest first."
    )
    petitions: Connection[Annotated[Petition, strawberry.lazy("schema.petitions.types")]] = many(
        petition_relations.PETITIONS_OF_CAMPAIGN, description="Its petitions, by slug."
    )


@strawberry.type(description="Someone who took part in a milestone.")
class Participant:
    name: str = member(description="Their name.")
    role: str | None = member(description="Who they are, or their part in it.")


@strawberry.federation.type(keys=["id"], description="A dated step in a campaign's timeline.")
class Milestone(RowNode):
    model = models.Milestone
    id: relay.NodeID[int]
    occurred_on: datetime.date = column(description="The day it happened.")
    kind: MilestoneKind = column(description="Launch, recognition, advocacy…")
    original_language: str = column(description="The language its texts were written in.")
    participants: list[Participant] = records("participants", description="People who took part.")
    title: LocalizedText = translated("title", description="What happened.")
    description: LocalizedText = translated(
        "description", description="The story of the milestone."
    )
    campaign: Campaign = one(
        "campaign_id", description="The campaign whose timeline it belongs to."
    )
    country: Country | None = one(
        "country_id", description="The country where it happened or that it concerns, if any."
    )

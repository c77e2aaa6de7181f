"""Campaigns: recurring days, focus and country campaigns, and their timelines."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.campaigns import CampaignKind as CampaignKindValue
from hub.models.campaigns import MilestoneKind as MilestoneKindValue
from schema.campaigns import relations
from schema.context import Info
from schema.localization import translated
from schema.network.types import Country, FocusArea, Organisation
from schema.nodes import RowNode
from schema.pagination import After, Connection, First, connection, window
from schema.statements.extends import CampaignStatements

if TYPE_CHECKING:
    from schema.groups.types import Group
    from schema.petitions.types import Petition

CampaignKind = strawberry.enum(CampaignKindValue, description="What kind of campaign it is.")
MilestoneKind = strawberry.enum(MilestoneKindValue, description="What kind of step a milestone is.")


@strawberry.type(description="A day of the year on which a recurring campaign is held.")
class RecurringDay:
    month: int = strawberry.field(description="The month, 1 to 12.")
    day: int = strawberry.field(description="The day of the month.")

    @strawberry.field(description="The next date it falls on, from today (today included).")
    def next_occurrence(self) -> datetime.date:
        today = datetime.date.today()
        this_year = datetime.date(today.year, self.month, self.day)
        return this_year if this_year >= today else this_year.replace(year=today.year + 1)


@strawberry.federation.type(
    keys=["id"], description="A campaign of the network: a recurring day, a focus or a country."
)
class Campaign(RowNode, CampaignStatements):
    model = models.Campaign
    id: relay.NodeID[int]
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    kind: CampaignKind = strawberry.field(description="Recurring day, focus or country campaign.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    focus: FocusArea | None = strawberry.field(description="What the campaign is about.")
    launched_on: datetime.date = strawberry.field(description="The day it was launched.")
    ended_on: datetime.date | None = strawberry.field(description="The day it ended, if it has.")
    recurs_on: RecurringDay | None = strawberry.field(
        description="For a recurring day, the day of the year it is held on."
    )
    titles: strawberry.Private[dict[str, str]]
    descriptions: strawberry.Private[dict[str, str]]
    group_id: strawberry.Private[int | None]
    lead_organisation_id: strawberry.Private[int | None]

    title = translated("titles", "The campaign's title.")
    description = translated("descriptions", "What the campaign asks for.")

    @classmethod
    def from_row(cls, row: models.Campaign) -> Self:
        recurs = (
            RecurringDay(month=row.recurs_month, day=row.recurs_day)
            if row.recurs_month is not None and row.recurs_day is not None
            else None
        )
        return cls(
            id=row.id,
            slug=row.slug,
            kind=CampaignKindValue(row.kind),
            original_language=row.original_language,
            focus=FocusArea(row.focus) if row.focus else None,
            launched_on=row.launched_on,
            ended_on=row.ended_on,
            recurs_on=recurs,
            titles=row.title,
            descriptions=row.description,
            group_id=row.group_id,
            lead_organisation_id=row.lead_organisation_id,
        )

    @strawberry.field(description="The group that runs it, if one does.")
    async def group(
        self, info: Info
    ) -> Annotated[Group, strawberry.lazy("schema.groups.types")] | None:
        from schema.groups.types import Group

        return await Group.load(info, self.group_id)

    @strawberry.field(description="The organisation that leads it, if one does.")
    async def lead_organisation(self, info: Info) -> Organisation | None:
        return await Organisation.load(info, self.lead_organisation_id)

    @strawberry.field(description="The countries it is about.")
    async def countries(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Country]:
        slice_ = window(info, first, after)
        page = await info.context.loaders.related(relations.COUNTRIES_OF_CAMPAIGN, slice_).load(
            self.id
        )
        countries = await Country.load_all(info, [row.country_id for row in page.rows])
        return connection(countries, slice_, page.total)

    @strawberry.field(description="Its timeline: milestones, oldest first.")
    async def timeline(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Milestone]:
        return await Milestone.connection_of(
            info, relations.MILESTONES_OF_CAMPAIGN, self.id, first, after
        )

    @strawberry.field(description="Its petitions.")
    async def petitions(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Petition, strawberry.lazy("schema.petitions.types")]]:
        from schema.petitions.types import petitions_of_campaign

        return await petitions_of_campaign(info, self.id, first, after)


@strawberry.type(description="Someone who took part in a milestone.")
class Participant:
    name: str = strawberry.field(description="Their name.")
    role: str | None = strawberry.field(description="Who they are, or their part in it.")


@strawberry.federation.type(keys=["id"], description="A dated step in a campaign's timeline.")
class Milestone(RowNode):
    model = models.Milestone
    id: relay.NodeID[int]
    occurred_on: datetime.date = strawberry.field(description="The day it happened.")
    kind: MilestoneKind = strawberry.field(description="Launch, recognition, advocacy…")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    participants: list[Participant] = strawberry.field(description="People who took part.")
    titles: strawberry.Private[dict[str, str]]
    descriptions: strawberry.Private[dict[str, str]]
    campaign_id: strawberry.Private[int]
    country_code: strawberry.Private[str | None]

    title = translated("titles", "What happened.")
    description = translated("descriptions", "The story of the milestone.")

    @classmethod
    def from_row(cls, row: models.Milestone) -> Self:
        people: list[dict[str, Any]] = row.participants
        return cls(
            id=row.id,
            occurred_on=row.occurred_on,
            kind=MilestoneKindValue(row.kind),
            original_language=row.original_language,
            participants=[Participant(name=p["name"], role=p.get("role")) for p in people],
            titles=row.title,
            descriptions=row.description,
            campaign_id=row.campaign_id,
            country_code=row.country_id,
        )

    @strawberry.field(description="The campaign whose timeline it belongs to.")
    async def campaign(self, info: Info) -> Campaign:
        return await Campaign.load_required(info, self.campaign_id)

    @strawberry.field(description="The country where it happened or that it concerns, if any.")
    async def country(self, info: Info) -> Country | None:
        return await Country.load(info, self.country_code)

"""Mutations of campaigns: create and edit."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.campaigns import Campaign as CampaignRow
from hub.services import campaigns as service
from schema.arguments import INPUT
from schema.campaigns.types import Campaign, CampaignKind
from schema.context import Info
from schema.languages import Language
from schema.mutations import TextInput, UserError, key_of, refusals, texts
from schema.network.types import FocusArea
from schema.reads.roots import entity


@strawberry.type(description="Why a campaign mutation changed nothing.")
class CampaignError(UserError):
    pass


@strawberry.input(description="A day of the year, for a campaign held on it every year.")
class RecurringDayInput:
    month: int = strawberry.field(description="The month, 1 to 12.")
    day: int = strawberry.field(description="The day of the month.")

    def value(self) -> service.RecurringDay:
        return service.RecurringDay(self.month, self.day)


@strawberry.input(description="A new campaign, led by the token's organisation.")
class CreateCampaignInput:
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    kind: CampaignKind = strawberry.field(description="Recurring day, focus or country campaign.")
    original_language: Language = strawberry.field(
        description="The language its texts are written in; they must exist in it."
    )
    title: list[TextInput] = strawberry.field(description="The title, per language.")
    description: list[TextInput] = strawberry.field(
        description="What the campaign asks for, per language."
    )
    launched_on: datetime.date = strawberry.field(description="The day it is or was launched.")
    focus: FocusArea | None = strawberry.field(default=None, description="What it is about.")
    recurs_on: RecurringDayInput | None = strawberry.field(
        default=None, description="For a recurring day (and only for one): the day it is held on."
    )
    country_codes: list[str] = strawberry.field(
        default_factory=list,
        description="ISO 3166-1 alpha-2 codes of the countries it is about (a country"
        " campaign names at least one).",
    )
    group_id: strawberry.ID | None = strawberry.field(
        default=None, description="The group running it; the token's organisation leads it."
    )


@strawberry.input(description="Changes to a campaign; what is left out stays as it is.")
class EditCampaignInput:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign's global ID.")
    title: list[TextInput] | None = strawberry.field(default=None, description="New title.")
    description: list[TextInput] | None = strawberry.field(
        default=None, description="New description."
    )
    focus: FocusArea | None = strawberry.field(default=None, description="New focus.")
    ended_on: datetime.date | None = strawberry.field(
        default=None, description="The day it ended (not before its launch)."
    )
    recurs_on: RecurringDayInput | None = strawberry.field(
        default=None, description="For a recurring day: the day it is now held on."
    )
    country_codes: list[str] | None = strawberry.field(
        default=None, description="The countries it is about, replacing the ones it had."
    )


@strawberry.type(description="The campaign, or why nothing changed.")
class CampaignPayload:
    campaign_id: strawberry.Private[int | None]
    campaign: Campaign | None = entity("campaign_id", description="The campaign as it now is.")
    errors: list[CampaignError] = strawberry.field(description="Why nothing changed.")


def campaign_payload(row: CampaignRow | None, errors: list[CampaignError]) -> CampaignPayload:
    return CampaignPayload(campaign_id=row.id if row is not None else None, errors=errors)


WRITE = requires(Scope.CAMPAIGNS_WRITE)


@strawberry.type
class CampaignMutations:
    @strawberry.mutation(
        description="Launch a campaign led by the token's organisation.", extensions=WRITE
    )
    async def create_campaign(
        self, info: Info, input: Annotated[CreateCampaignInput, INPUT]
    ) -> CampaignPayload:
        from schema.groups.types import Group

        async def write() -> CampaignRow:
            return await service.create_campaign(
                signed_in(info),
                slug=input.slug,
                kind=input.kind,
                original_language=str(input.original_language),
                title=texts(input.title, "title") or {},
                description=texts(input.description, "description") or {},
                launched_on=input.launched_on,
                focus=input.focus,
                recurs_on=input.recurs_on.value() if input.recurs_on else None,
                country_codes=input.country_codes,
                group_id=key_of(Group, input.group_id, "groupId") if input.group_id else None,
            )

        return campaign_payload(*await refusals(write, CampaignError))

    @strawberry.mutation(
        description="Change a campaign: for its lead organisation, or a lead of its group.",
        extensions=WRITE,
    )
    async def edit_campaign(
        self, info: Info, input: Annotated[EditCampaignInput, INPUT]
    ) -> CampaignPayload:
        async def write() -> CampaignRow:
            return await service.edit_campaign(
                signed_in(info),
                int(key_of(Campaign, input.campaign_id, "campaignId")),
                title=texts(input.title, "title"),
                description=texts(input.description, "description"),
                focus=input.focus,
                ended_on=input.ended_on,
                recurs_on=input.recurs_on.value() if input.recurs_on else None,
                country_codes=input.country_codes,
            )

        return campaign_payload(*await refusals(write, CampaignError))

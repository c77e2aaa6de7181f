"""Campaigns: launching and keeping them current.

The rules live here once: a campaign is led by the organisation that creates it; a group's
campaign is created only by a lead of the group; the lead organisation, or a lead of the
campaign's group, edits it; a recurring day names its day of the year, and no other kind
does; a campaign ends on or after the day it was launched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.models import Campaign, CampaignCountry, Group
from hub.models.campaigns import CampaignKind
from hub.models.groups import GroupRole
from hub.models.organisations import FocusArea
from hub.services import audit
from hub.services.checks import check_slug, check_texts, known_countries
from hub.services.eligibility import is_group_member
from hub.services.errors import Refusal, WriteRefused, slug_refusal


def _subject(campaign: Campaign) -> str:
    return f"Campaign:{campaign.id}"


@dataclass(frozen=True)
class RecurringDay:
    month: int
    day: int

    def check(self) -> None:
        try:
            datetime.date(2000, self.month, self.day)  # a leap year: 29 February is a day too
        except ValueError:
            raise WriteRefused(
                Refusal.INVALID, f"{self.month}/{self.day} is not a day of the year.", "recursOn"
            ) from None


async def _set_countries(
    campaign: Campaign, codes: list[str], connection: BaseDBAsyncClient
) -> None:
    await CampaignCountry.filter(campaign_id=campaign.id).using_db(connection).delete()
    await CampaignCountry.bulk_create(
        [CampaignCountry(campaign_id=campaign.id, country_id=code) for code in codes],
        using_db=connection,
    )


def _check_shape(kind: CampaignKind, recurs: bool, countries: list[str] | None) -> None:
    if kind == CampaignKind.RECURRING_DAY and not recurs:
        raise WriteRefused(
            Refusal.INVALID, "A recurring day needs the day of the year it is held on.", "recursOn"
        )
    if kind != CampaignKind.RECURRING_DAY and recurs:
        raise WriteRefused(
            Refusal.INVALID, "Only a recurring-day campaign recurs on a day.", "recursOn"
        )
    if kind == CampaignKind.COUNTRY and countries is not None and not countries:
        raise WriteRefused(
            Refusal.INVALID, "A country campaign names its countries.", "countryCodes"
        )


def _check_dates(launched_on: datetime.date, ended_on: datetime.date | None) -> None:
    if ended_on is not None and ended_on < launched_on:
        raise WriteRefused(
            Refusal.INVALID,
            f"A campaign cannot end before it was launched ({launched_on.isoformat()}).",
            "endedOn",
        )


async def _leads_group(principal: Principal, group_id: int) -> bool:
    return await is_group_member(principal.organisation_id, group_id, clock.today(), GroupRole.LEAD)


async def create_campaign(
    principal: Principal,
    slug: str,
    kind: CampaignKind,
    original_language: str,
    title: dict[str, str],
    description: dict[str, str],
    launched_on: datetime.date,
    focus: FocusArea | None = None,
    recurs_on: RecurringDay | None = None,
    country_codes: list[str] | None = None,
    group_id: int | None = None,
) -> Campaign:
    """A new campaign led by the principal's organisation (for a group: by one of its leads)."""
    check_slug(slug, 80)
    check_texts(original_language, title=title, description=description)
    if recurs_on is not None:
        recurs_on.check()
    _check_shape(kind, recurs_on is not None, country_codes or [])
    countries = await known_countries(country_codes or [], "countryCodes")
    if group_id is not None:
        if not await Group.exists(id=group_id):
            raise WriteRefused(Refusal.NOT_FOUND, "No group has this ID.", "groupId")
        if not await _leads_group(principal, group_id):
            raise WriteRefused(
                Refusal.FORBIDDEN, "Only a lead of the group creates its campaigns.", "groupId"
            )
    try:
        async with transaction() as connection:
            campaign = await Campaign.create(
                slug=slug,
                kind=kind,
                title=title,
                description=description,
                original_language=original_language,
                focus=focus.value if focus else None,
                launched_on=launched_on,
                recurs_month=recurs_on.month if recurs_on else None,
                recurs_day=recurs_on.day if recurs_on else None,
                group_id=group_id,
                lead_organisation_id=principal.organisation_id,
                using_db=connection,
            )
            await _set_countries(campaign, countries, connection)
            await audit.record(principal, "campaign.create", _subject(campaign), connection)
    except IntegrityError as refused:
        raise slug_refusal(refused, "campaign", slug) from None
    return campaign


async def may_manage_campaign(principal: Principal, campaign: Campaign) -> bool:
    """The lead organisation manages a campaign, and so does a lead of its group."""
    if campaign.lead_organisation_id == principal.organisation_id:
        return True
    return campaign.group_id is not None and await _leads_group(principal, campaign.group_id)


async def managed_campaign(principal: Principal, campaign_id: int) -> Campaign:
    """The campaign, if the principal's organisation manages it."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No campaign has this ID.", "campaignId")
    if not await may_manage_campaign(principal, campaign):
        raise WriteRefused(
            Refusal.FORBIDDEN,
            "Only the lead organisation, or a lead of the campaign's group, manages it.",
            "campaignId",
        )
    return campaign


async def edit_campaign(
    principal: Principal,
    campaign_id: int,
    title: dict[str, str] | None = None,
    description: dict[str, str] | None = None,
    focus: FocusArea | None = None,
    ended_on: datetime.date | None = None,
    recurs_on: RecurringDay | None = None,
    country_codes: list[str] | None = None,
) -> Campaign:
    """Change what is given of a campaign; what is not given stays as it is."""
    campaign = await managed_campaign(principal, campaign_id)
    check_texts(
        campaign.original_language,
        title=campaign.title if title is None else title,
        description=campaign.description if description is None else description,
    )
    _check_dates(campaign.launched_on, ended_on)
    if recurs_on is not None:
        recurs_on.check()
    stored = campaign.recurs_month is not None and campaign.recurs_day is not None
    recurs = recurs_on is not None or stored
    _check_shape(CampaignKind(campaign.kind), recurs, country_codes)
    countries = (
        await known_countries(country_codes, "countryCodes") if country_codes is not None else None
    )
    changed = {
        name: value
        for name, value in {
            "title": title,
            "description": description,
            "focus": focus.value if focus else None,
            "ended_on": ended_on,
            "recurs_month": recurs_on.month if recurs_on else None,
            "recurs_day": recurs_on.day if recurs_on else None,
        }.items()
        if value is not None
    }
    if not changed and countries is None:
        return campaign  # nothing asked, nothing written
    for name, value in changed.items():
        setattr(campaign, name, value)
    async with transaction() as connection:
        if changed:
            await campaign.save(using_db=connection, update_fields=list(changed))
        if countries is not None:
            await _set_countries(campaign, countries, connection)
        fields = sorted([*changed, *(["countries"] if countries is not None else [])])
        await audit.record(
            principal, "campaign.edit", _subject(campaign), connection, fields=fields
        )
    return campaign

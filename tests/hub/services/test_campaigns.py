"""The campaign rules, called as the mutations call them: who creates a campaign (for a group:
only a lead of the group), who manages it, the shape each kind takes (a recurring day names
its day of the year, a country campaign its countries), the dates it keeps, what an edit
writes and leaves, and the one audit entry each write makes. The same rules are tested
over HTTP, through a served hub, in tests/auth/test_campaign_writes.py."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import AuditEntry, Campaign, CampaignCountry, Group, GroupMembership, Organisation
from hub.models.campaigns import CampaignKind
from hub.models.organisations import FocusArea
from hub.services import audit, campaigns
from hub.services.campaigns import RecurringDay, create_campaign, edit_campaign
from hub.services.errors import Refusal
from tests import factories
from tests.hub.services.refusals import said

LAUNCHED_ON = datetime.date(2012, 5, 3)
"""The day the factory's campaigns were launched."""


@dataclass
class Network:
    a: Organisation
    """Lead of the group, and of its own campaigns."""
    b: Organisation
    """A member of the group, not a lead; leads the group's campaign."""
    d: Organisation
    """A member of the group, not a lead."""
    c: Organisation
    """Outside the group."""
    group: Group
    focus: Campaign
    """A focus campaign led by A, about no group."""
    day: Campaign
    """A recurring day led by A, held on 2 November."""
    of_the_group: Campaign
    """The group's focus campaign, led by B."""


@pytest.fixture
async def network(database_url: str) -> AsyncIterator[Network]:
    async with db.connected(database_url):
        a, b, d, c = await factories.organisations(4, member_since=datetime.date(2000, 1, 1))
        group = await factories.group([a, b, d])  # A leads it, B and D are members
        yield Network(
            a,
            b,
            d,
            c,
            group,
            focus=await factories.campaign(lead_organisation_id=a.id, focus="impunity"),
            day=await factories.campaign(
                lead_organisation_id=a.id, kind="recurring_day", recurs_month=11, recurs_day=2
            ),
            of_the_group=await factories.campaign(lead_organisation_id=b.id, group_id=group.id),
        )


def acting_for(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.CAMPAIGNS_WRITE)


def launch(organisation: Organisation, **changes: Any) -> Coroutine[Any, Any, Campaign]:
    """The organisation launching the Day to End Impunity, about two countries, as changed."""
    asked: dict[str, Any] = {
        "slug": "day-to-end-impunity",
        "kind": CampaignKind.RECURRING_DAY,
        "original_language": "en",
        "title": {"en": "Day to End Impunity", "fr": "Journée pour mettre fin à l'impunité"},
        "description": {"en": "Justice for killed journalists."},
        "launched_on": datetime.date(2011, 11, 2),
        "focus": FocusArea.IMPUNITY,
        "recurs_on": RecurringDay(11, 2),
        "country_codes": ["mx", "PH"],
        **changes,
    }
    return create_campaign(acting_for(organisation), **asked)


async def stored() -> tuple[list[dict[str, Any]], list[tuple[Any, ...]], int]:
    """Every campaign as stored, every campaign's countries, and how long the audit log is."""
    return (
        await Campaign.all().order_by("id").values(),
        list(await CampaignCountry.all().order_by("id").values_list("campaign_id", "country_id")),
        await AuditEntry.all().count(),
    )


async def refusal(write: Coroutine[Any, Any, Campaign]) -> tuple[Refusal, str, str | None]:
    """What the write was refused with; and that it wrote nothing."""
    before = await stored()
    refused = await said(write)
    assert await stored() == before
    return refused


async def row(campaign: Campaign) -> dict[str, Any]:
    (values,) = await Campaign.filter(id=campaign.id).values()
    return values


async def countries_of(campaign: Campaign) -> list[str]:
    rows = CampaignCountry.filter(campaign_id=campaign.id).order_by("id")
    return [str(code) for code in await rows.values_list("country_id", flat=True)]


async def logged(action: str) -> list[tuple[int | None, str | None, str | None, str, Any]]:
    """The audit entries of ``action``: by whom (organisation, client, token), about what."""
    entries = await AuditEntry.filter(action=action).order_by("id")
    return [(e.organisation_id, e.client_id, e.token_jti, e.subject, e.details) for e in entries]


def entry(organisation: Organisation, campaign: Campaign, **details: Any) -> tuple[Any, ...]:
    """The audit entry of a write by ``organisation``'s own client about ``campaign``."""
    client = f"client-of-{organisation.slug}"
    return (organisation.id, client, f"jti-of-{client}", f"Campaign:{campaign.id}", details)


# creating


async def test_a_member_creates_a_campaign_it_leads(network: Network) -> None:
    # when A launches a recurring day about two countries
    launched = await launch(network.a)

    # then it is stored as asked, led by A, about no group, and logged once
    stored = await Campaign.get(slug="day-to-end-impunity")
    assert stored.id == launched.id
    assert await row(stored) == {
        "id": stored.id,
        "slug": "day-to-end-impunity",
        "kind": CampaignKind.RECURRING_DAY,
        "title": {"en": "Day to End Impunity", "fr": "Journée pour mettre fin à l'impunité"},
        "description": {"en": "Justice for killed journalists."},
        "original_language": "en",
        "focus": "impunity",
        "launched_on": datetime.date(2011, 11, 2),
        "ended_on": None,
        "recurs_month": 11,
        "recurs_day": 2,
        "group_id": None,
        "lead_organisation_id": network.a.id,
    }
    assert await countries_of(stored) == ["MX", "PH"]
    assert await logged("campaign.create") == [entry(network.a, stored)]


async def test_a_campaign_needs_no_focus_nor_countries(network: Network) -> None:
    # when A launches a focus campaign in French, naming neither a focus nor countries
    launched = await launch(
        network.a,
        slug="x" * 80,
        kind=CampaignKind.FOCUS,
        original_language="fr",
        title={"fr": "Liberté"},
        description={"fr": "Pour la presse."},
        focus=None,
        recurs_on=None,
        country_codes=None,
    )

    # then it has none, no day, and its texts are in French
    stored = await row(launched)
    assert (stored["slug"], stored["kind"], stored["original_language"]) == (
        "x" * 80,
        "focus",
        "fr",
    )
    assert (stored["focus"], stored["recurs_month"], stored["recurs_day"]) == (None, None, None)
    assert await countries_of(launched) == []


async def test_a_country_campaign_names_its_countries(network: Network) -> None:
    launched = await launch(
        network.a, kind=CampaignKind.COUNTRY, recurs_on=None, country_codes=[" ke", "KE", "ug"]
    )

    assert (await row(launched))["kind"] == CampaignKind.COUNTRY
    assert await countries_of(launched) == ["KE", "UG"]


async def test_29_february_is_a_day_of_the_year(network: Network) -> None:
    launched = await launch(network.a, recurs_on=RecurringDay(2, 29))

    stored = await row(launched)
    assert (stored["recurs_month"], stored["recurs_day"]) == (2, 29)


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        (
            {"slug": "x" * 81},
            (
                Refusal.INVALID,
                f"'{'x' * 80}…' is not a slug: up to 80 lower-case letters, digits and single"
                " hyphens, like 'day-to-end-impunity'.",
                "slug",
            ),
        ),
        (
            {"title": {"fr": "Seulement en français"}},
            (Refusal.INVALID, "The title is needed in the original language, 'en'.", "title"),
        ),
        (
            {"description": {"en": ""}},
            (
                Refusal.INVALID,
                "The description is needed in the original language, 'en'.",
                "description",
            ),
        ),
        (
            {"recurs_on": None},
            (
                Refusal.INVALID,
                "A recurring day needs the day of the year it is held on.",
                "recursOn",
            ),
        ),
        (
            {"recurs_on": RecurringDay(2, 30)},
            (Refusal.INVALID, "2/30 is not a day of the year.", "recursOn"),
        ),
        (
            {"recurs_on": RecurringDay(13, 1)},
            (Refusal.INVALID, "13/1 is not a day of the year.", "recursOn"),
        ),
        (
            {"kind": CampaignKind.FOCUS},
            (Refusal.INVALID, "Only a recurring-day campaign recurs on a day.", "recursOn"),
        ),
        (
            {"kind": CampaignKind.COUNTRY, "recurs_on": None, "country_codes": []},
            (Refusal.INVALID, "A country campaign names its countries.", "countryCodes"),
        ),
        (
            {"kind": CampaignKind.COUNTRY, "recurs_on": None, "country_codes": None},
            (Refusal.INVALID, "A country campaign names its countries.", "countryCodes"),
        ),
        (
            {"country_codes": ["TN", "xx", "TNX"]},
            (
                Refusal.INVALID,
                "Not ISO 3166-1 alpha-2 country codes: XX, TNX.",
                "countryCodes",
            ),
        ),
        (
            {"group_id": 999_999},
            (Refusal.NOT_FOUND, "No group has this ID.", "groupId"),
        ),
    ],
    ids=[
        "slug-too-long",
        "no-original-title",
        "empty-original-description",
        "no-day",
        "30-february",
        "month-13",
        "day-not-recurring",
        "no-country",
        "countries-not-given",
        "unknown-country",
        "unknown-group",
    ],
)
async def test_a_campaign_that_breaks_a_rule_is_refused(
    network: Network, changes: dict[str, Any], refused: tuple[Refusal, str, str]
) -> None:
    assert await refusal(launch(network.a, **changes)) == refused


async def test_a_lead_of_the_group_creates_the_groups_campaign(network: Network) -> None:
    # when A, the group's lead, launches a campaign for the group
    launched = await launch(network.a, group_id=network.group.id)

    # then it is the group's, led by A
    stored = await row(launched)
    assert (stored["group_id"], stored["lead_organisation_id"]) == (network.group.id, network.a.id)
    assert await logged("campaign.create") == [entry(network.a, launched)]


@pytest.mark.parametrize("who", ["d", "c"], ids=["member-of-the-group", "outside-the-group"])
async def test_only_a_lead_of_the_group_creates_its_campaigns(network: Network, who: str) -> None:
    refused = await refusal(launch(getattr(network, who), group_id=network.group.id))

    assert refused == (
        Refusal.FORBIDDEN,
        "Only a lead of the group creates its campaigns.",
        "groupId",
    )


async def test_a_lead_whose_leadership_ends_today_no_longer_creates_the_groups_campaigns(
    network: Network,
) -> None:
    # given A's leadership of the group ends tomorrow
    leadership = GroupMembership.filter(group_id=network.group.id, organisation_id=network.a.id)
    await leadership.update(ended_on=clock.today() + datetime.timedelta(days=1))
    launched = await launch(network.a, slug="still-led", group_id=network.group.id)

    # when it ends today
    await leadership.update(ended_on=clock.today())
    refused = await refusal(launch(network.a, slug="no-longer-led", group_id=network.group.id))

    # then A created the first campaign, not the second
    assert (await row(launched))["group_id"] == network.group.id
    assert refused[0] == Refusal.FORBIDDEN


async def test_a_taken_slug_is_a_conflict(network: Network) -> None:
    refused = await refusal(launch(network.b, slug=network.focus.slug))

    assert refused == (Refusal.CONFLICT, f"The slug '{network.focus.slug}' is taken.", "slug")


async def test_a_campaign_of_an_organisation_gone_is_refused_for_what_is_missing(
    network: Network,
) -> None:
    # given a token of C, which left the hub since
    token = acting_for(network.c)
    await network.c.delete()

    # when the token launches a campaign
    code, message, field = await refusal(
        create_campaign(
            token, "orphan", CampaignKind.FOCUS, "en", {"en": "T"}, {"en": "D"}, LAUNCHED_ON
        )
    )

    # then the database refused it as referring to what is gone, each in its own words
    assert (code, field) == (Refusal.NOT_FOUND, None)
    assert message in {
        "Something the write refers to is gone: FOREIGN KEY constraint failed",
        "Something the write refers to is gone: Key (lead_organisation_id)="
        f'({network.c.id}) is not present in table "organisation".',
    }


async def test_another_integrity_error_is_no_taken_slug(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a database that refuses the campaign's countries as named twice
    twice = "UNIQUE constraint failed: campaign_country.campaign_id, campaign_country.country_id"

    async def named_twice(*_rows: Any, **_options: Any) -> None:
        raise IntegrityError(sqlite3.IntegrityError(twice))

    monkeypatch.setattr(CampaignCountry, "bulk_create", named_twice)

    # when A launches a campaign, it is refused in the database's words, and the campaign
    # written before its countries is not kept
    assert await refusal(launch(network.a)) == (
        Refusal.INVALID,
        f"The database refused the write: {twice}",
        None,
    )


# managing


async def test_who_manages_a_campaign(network: Network) -> None:
    # given another group that C leads
    await factories.group([network.c, network.a])
    may_manage = campaigns.may_manage_campaign

    # then a campaign's lead organisation manages it, and a lead of its group does
    assert await may_manage(acting_for(network.a), network.focus)
    assert await may_manage(acting_for(network.b), network.of_the_group)
    assert await may_manage(acting_for(network.a), network.of_the_group)
    # and no one else: not another member of the group, nor the lead of another group
    assert not await may_manage(acting_for(network.d), network.of_the_group)
    assert not await may_manage(acting_for(network.c), network.of_the_group)
    assert not await may_manage(acting_for(network.b), network.focus)
    assert not await may_manage(acting_for(network.c), network.focus)


async def test_the_managed_campaign_is_the_one_asked_for(network: Network) -> None:
    managed = await campaigns.managed_campaign(acting_for(network.a), network.of_the_group.id)

    assert (managed.id, managed.slug) == (network.of_the_group.id, network.of_the_group.slug)


# editing


async def test_the_lead_edits_what_it_is_given(network: Network) -> None:
    # when A changes everything of its recurring day
    edited = await edit_campaign(
        acting_for(network.a),
        network.day.id,
        title={"en": "Renamed"},
        description={"en": "Asking louder."},
        focus=FocusArea.PRESS_FREEDOM,
        ended_on=datetime.date(2015, 12, 31),
        recurs_on=RecurringDay(5, 3),
        country_codes=["tn", "EG"],
    )

    # then the campaign reads so, from the database too; what is not editable stays
    stored = await row(network.day)
    assert stored == {
        "id": network.day.id,
        "slug": network.day.slug,
        "kind": CampaignKind.RECURRING_DAY,
        "title": {"en": "Renamed"},
        "description": {"en": "Asking louder."},
        "original_language": "en",
        "focus": "press-freedom",
        "launched_on": LAUNCHED_ON,
        "ended_on": datetime.date(2015, 12, 31),
        "recurs_month": 5,
        "recurs_day": 3,
        "group_id": None,
        "lead_organisation_id": network.a.id,
    }
    assert (edited.title, edited.focus, edited.recurs_month) == (
        {"en": "Renamed"},
        "press-freedom",
        5,
    )
    assert await countries_of(network.day) == ["TN", "EG"]

    # and one entry names every field changed, in order
    assert await logged("campaign.edit") == [
        entry(
            network.a,
            network.day,
            fields=[
                "countries",
                "description",
                "ended_on",
                "focus",
                "recurs_day",
                "recurs_month",
                "title",
            ],
        )
    ]


@pytest.mark.parametrize(
    ("changes", "written", "fields"),
    [
        (
            {"title": {"en": "Renamed", "fr": "Renommée"}},
            {"title": {"en": "Renamed", "fr": "Renommée"}},
            ["title"],
        ),
        ({"description": {"en": "Louder."}}, {"description": {"en": "Louder."}}, ["description"]),
        ({"focus": FocusArea.DIGITAL_RIGHTS}, {"focus": "digital-rights"}, ["focus"]),
        ({"ended_on": LAUNCHED_ON}, {"ended_on": LAUNCHED_ON}, ["ended_on"]),
        (
            {"recurs_on": RecurringDay(2, 29)},
            {"recurs_month": 2, "recurs_day": 29},
            ["recurs_day", "recurs_month"],
        ),
        ({"country_codes": ["KE"]}, {}, ["countries"]),
    ],
    ids=["title", "description", "focus", "ended-on-launch-day", "29-february", "countries"],
)
async def test_an_edit_writes_the_one_thing_it_is_given(
    network: Network, changes: dict[str, Any], written: dict[str, Any], fields: list[str]
) -> None:
    # given the day's countries
    await edit_campaign(acting_for(network.a), network.day.id, country_codes=["MX", "PH"])
    before = await row(network.day)

    # when A changes one thing of it
    await edit_campaign(acting_for(network.a), network.day.id, **changes)

    # then that alone changed, and it alone is named (after the given's entry)
    assert await row(network.day) == {**before, **written}
    assert await countries_of(network.day) == (["KE"] if fields == ["countries"] else ["MX", "PH"])
    assert (await logged("campaign.edit"))[1:] == [entry(network.a, network.day, fields=fields)]


async def test_nothing_asked_is_nothing_written(network: Network) -> None:
    # given the day's countries
    await edit_campaign(acting_for(network.a), network.day.id, country_codes=["MX"])
    before = await stored()

    # when A edits its recurring day asking for nothing
    edited = await edit_campaign(acting_for(network.a), network.day.id)

    # then it is answered with the campaign as it is, and nothing is written or logged
    assert (edited.id, edited.title, edited.recurs_day) == (network.day.id, network.day.title, 2)
    assert await stored() == before


async def test_an_empty_list_of_countries_leaves_a_focus_campaign_about_none(
    network: Network,
) -> None:
    # given A's focus campaign about Mexico
    await edit_campaign(acting_for(network.a), network.focus.id, country_codes=["MX"])

    # when A names no countries
    await edit_campaign(acting_for(network.a), network.focus.id, country_codes=[])

    # then it is about none, and each change was logged
    assert await countries_of(network.focus) == []
    assert [details for *_, details in await logged("campaign.edit")] == [
        {"fields": ["countries"]}
    ] * 2


async def test_a_campaigns_countries_are_its_own(network: Network) -> None:
    # given A's focus campaign about Mexico
    a = acting_for(network.a)
    await edit_campaign(a, network.focus.id, country_codes=["MX"])

    # when A launches a campaign about Mexico and the Philippines, then changes the day's
    launched = await launch(network.a)
    await edit_campaign(a, network.day.id, country_codes=["PH"])
    await edit_campaign(a, network.day.id, country_codes=["KE"])

    # then each campaign keeps its own
    assert await countries_of(network.focus) == ["MX"]
    assert await countries_of(launched) == ["MX", "PH"]
    assert await countries_of(network.day) == ["KE"]


async def test_a_country_campaign_edited_without_countries_keeps_them(network: Network) -> None:
    # given A's country campaign about Kenya
    kenya = await launch(network.a, kind=CampaignKind.COUNTRY, recurs_on=None, country_codes=["KE"])

    # when A renames it, naming no countries
    await edit_campaign(acting_for(network.a), kenya.id, title={"en": "Kenya"})

    # then its countries stay
    assert await countries_of(kenya) == ["KE"]
    assert (await row(kenya))["title"] == {"en": "Kenya"}


async def test_a_recurring_day_keeps_its_day_when_edited_without_one(network: Network) -> None:
    await edit_campaign(acting_for(network.a), network.day.id, title={"en": "Renamed"})

    stored = await row(network.day)
    assert (stored["title"], stored["recurs_month"], stored["recurs_day"]) == (
        {"en": "Renamed"},
        11,
        2,
    )


async def test_a_recurring_day_stored_without_its_day_is_asked_for_it(network: Network) -> None:
    # given a recurring day whose month was kept but not its day (as an old import left it)
    half = await factories.campaign(
        lead_organisation_id=network.a.id, kind="recurring_day", recurs_month=11
    )

    # when A renames it, then it is asked for the day, which mends it
    assert await refusal(
        edit_campaign(acting_for(network.a), half.id, title={"en": "Renamed"})
    ) == (Refusal.INVALID, "A recurring day needs the day of the year it is held on.", "recursOn")
    await edit_campaign(acting_for(network.a), half.id, recurs_on=RecurringDay(11, 2))
    mended = await row(half)
    assert (mended["recurs_month"], mended["recurs_day"]) == (11, 2)


async def test_a_campaign_ends_on_or_after_its_launch(network: Network) -> None:
    # when A ends its campaign the day before it was launched, then the day it was
    refused = await refusal(
        edit_campaign(
            acting_for(network.a),
            network.focus.id,
            ended_on=LAUNCHED_ON - datetime.timedelta(days=1),
        )
    )
    await edit_campaign(acting_for(network.a), network.focus.id, ended_on=LAUNCHED_ON)

    # then the first is refused naming the launch, the second kept
    assert refused == (
        Refusal.INVALID,
        "A campaign cannot end before it was launched (2012-05-03).",
        "endedOn",
    )
    assert (await row(network.focus))["ended_on"] == LAUNCHED_ON


@pytest.mark.parametrize(
    ("campaign", "changes", "refused"),
    [
        (
            "focus",
            {"recurs_on": RecurringDay(11, 2)},
            (Refusal.INVALID, "Only a recurring-day campaign recurs on a day.", "recursOn"),
        ),
        (
            "day",
            {"recurs_on": RecurringDay(2, 30)},
            (Refusal.INVALID, "2/30 is not a day of the year.", "recursOn"),
        ),
        (
            "day",
            {"title": {"fr": "Sans anglais"}},
            (Refusal.INVALID, "The title is needed in the original language, 'en'.", "title"),
        ),
        (
            "day",
            {"description": {"en": ""}},
            (
                Refusal.INVALID,
                "The description is needed in the original language, 'en'.",
                "description",
            ),
        ),
        (
            "day",
            {"title": {"en": "Renamed"}, "country_codes": ["KE", "XX"]},
            (Refusal.INVALID, "Not ISO 3166-1 alpha-2 country codes: XX.", "countryCodes"),
        ),
    ],
    ids=[
        "day-not-recurring",
        "30-february",
        "no-original-title",
        "empty-description",
        "unknown-country",
    ],
)
async def test_an_edit_that_breaks_a_rule_is_refused(
    network: Network, campaign: str, changes: dict[str, Any], refused: tuple[Refusal, str, str]
) -> None:
    target: Campaign = getattr(network, campaign)
    assert await refusal(edit_campaign(acting_for(network.a), target.id, **changes)) == refused


async def test_a_country_campaign_cannot_be_about_no_country(network: Network) -> None:
    kenya = await launch(network.a, kind=CampaignKind.COUNTRY, recurs_on=None, country_codes=["KE"])

    assert await refusal(edit_campaign(acting_for(network.a), kenya.id, country_codes=[])) == (
        Refusal.INVALID,
        "A country campaign names its countries.",
        "countryCodes",
    )


async def test_an_edit_keeps_the_campaigns_original_language(network: Network) -> None:
    # given a campaign written in French
    french = await factories.campaign(
        lead_organisation_id=network.a.id,
        original_language="fr",
        title={"fr": "Liberté"},
        description={"fr": "Pour la presse."},
    )

    # when A gives it an English title, then a French one
    refused = await refusal(
        edit_campaign(acting_for(network.a), french.id, title={"en": "Freedom"})
    )
    await edit_campaign(acting_for(network.a), french.id, title={"fr": "Liberté de la presse"})

    # then the English title alone is refused, naming French
    assert refused == (
        Refusal.INVALID,
        "The title is needed in the original language, 'fr'.",
        "title",
    )
    assert (await row(french))["title"] == {"fr": "Liberté de la presse"}


async def test_a_lead_of_the_group_edits_the_groups_campaign(network: Network) -> None:
    # when A, the group's lead, ends the group's campaign that B leads
    await edit_campaign(acting_for(network.a), network.of_the_group.id, ended_on=LAUNCHED_ON)

    # then it may, and the entry is A's
    assert (await row(network.of_the_group))["ended_on"] == LAUNCHED_ON
    assert await logged("campaign.edit") == [
        entry(network.a, network.of_the_group, fields=["ended_on"])
    ]


@pytest.mark.parametrize(
    ("who", "campaign"),
    [("b", "focus"), ("d", "of_the_group"), ("c", "of_the_group")],
    ids=["another-organisation", "member-of-the-group", "outside-the-group"],
)
@pytest.mark.parametrize("asking", [{"ended_on": LAUNCHED_ON}, {}], ids=["an-end", "nothing"])
async def test_another_organisation_cannot_edit_a_campaign(
    network: Network, who: str, campaign: str, asking: dict[str, Any]
) -> None:
    target: Campaign = getattr(network, campaign)

    refused = await refusal(edit_campaign(acting_for(getattr(network, who)), target.id, **asking))

    assert refused == (
        Refusal.FORBIDDEN,
        "Only the lead organisation, or a lead of the campaign's group, manages it.",
        "campaignId",
    )


async def test_an_unknown_campaign_is_not_found(network: Network) -> None:
    refused = await refusal(edit_campaign(acting_for(network.a), 999_999, ended_on=LAUNCHED_ON))

    assert refused == (Refusal.NOT_FOUND, "No campaign has this ID.", "campaignId")


@pytest.mark.parametrize(
    "changes",
    [{"title": {"en": "Renamed"}}, {"country_codes": ["KE"]}],
    ids=["title", "countries-alone"],
)
async def test_an_edit_writes_only_what_it_names(
    network: Network, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any]
) -> None:
    # given another edit of the day, saved after this one read the campaign
    read = campaigns.managed_campaign
    meanwhile = {
        "description": {"en": "Meanwhile."},
        "focus": "digital-rights",
        "ended_on": datetime.date(2020, 1, 1),
        "recurs_month": 2,
        "recurs_day": 29,
    }

    async def read_then_edited_meanwhile(principal: Principal, campaign_id: int) -> Campaign:
        campaign = await read(principal, campaign_id)
        await Campaign.filter(id=campaign_id).update(title={"en": "Meanwhile"}, **meanwhile)
        return campaign

    monkeypatch.setattr(campaigns, "managed_campaign", read_then_edited_meanwhile)

    # when this edit changes the title, or the countries alone
    await edit_campaign(acting_for(network.a), network.day.id, **changes)

    # then the other edit stands beside this one
    stored = await row(network.day)
    assert {name: stored[name] for name in meanwhile} == meanwhile
    assert stored["title"] == changes.get("title", {"en": "Meanwhile"})


async def test_an_edit_that_fails_to_be_logged_is_not_kept(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an audit log that fails
    async def failing(*_args: Any, **_details: Any) -> None:
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(audit, "record", failing)
    before = await stored()

    # when A renames its campaign and changes its countries
    with pytest.raises(RuntimeError, match="the audit log is down"):
        await edit_campaign(
            acting_for(network.a), network.day.id, title={"en": "Lost"}, country_codes=["KE"]
        )

    # then neither is kept
    assert await stored() == before

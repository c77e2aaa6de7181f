"""The network, its member organisations and the countries they are in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.geography import has_country_names
from hub.models.organisations import FocusArea as FocusAreaValue
from hub.models.organisations import OrganisationScope as OrganisationScopeValue
from schema.alerts.extends import CountryAlerts, OrganisationAlerts
from schema.campaigns.extends import OrganisationCampaigns
from schema.groups import relations as group_relations
from schema.localization import LocalizedText
from schema.network import relations
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.petitions.extends import OrganisationPetitions
from schema.reads.arguments import AsOf, Lang, Prepared
from schema.reads.conditions import Through, running_through
from schema.reads.fields import (
    Reading,
    column,
    computed,
    declare,
    many,
    one,
    text_object,
    translated,
)
from schema.reads.reader import Reader
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row
from schema.statements.extends import OrganisationStatements

if TYPE_CHECKING:
    from schema.groups.types import GroupMembership

OrganisationScope = OrganisationScopeValue
strawberry.enum(OrganisationScope, description="The reach of an organisation's work.")
FocusArea = FocusAreaValue
strawberry.enum(FocusArea, description="What an organisation or campaign works on.")

MEMBERSHIP = Through(models.NetworkMembership, "organisation_id", relations.MEMBERSHIP_PERIOD)
"""An organisation's network membership, running on a day."""


def member_on(build: Build, organisation: Row, selected: Selected, as_of: AsOf) -> str:
    """Whether the organisation of this row was a network member on the day asked."""
    day = as_of.day(build, selected, organisation)
    assert day is not None
    return running_through(build, organisation.key, MEMBERSHIP, day)


AS_OF = AsOf(through=MEMBERSHIP)
"""``asOf`` on the network's membership: a day, today by default."""


class NameLanguage(Lang):
    """``lang`` for country names: the first language asked (by its primary subtag) that
    iso-codes names countries in, else English, served as a fallback."""

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        asked = super().prepare(values, reader)
        for language in asked.values():
            if has_country_names(language):
                return {"name.language": language, "name.fallback": False}
        return {"name.language": "en", "name.fallback": True}


@dataclass(frozen=True)
class CountryName(Reading):
    """A country's name in the reader's language, from iso-codes (the ``country_name``
    table, which names every country in each language it has)."""

    arguments = (NameLanguage(regional=False),)

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        language = build.param(selected.occurrence, "name.language", "text")
        names = build.alias()
        text_type, fields = selected.only_child()

        def fallback() -> str:
            return build.dialect.boolean(
                build.param(selected.occurrence, "name.fallback", "boolean")
            )

        named = text_object(
            build, text_type, fields, text=f"{names}.name", language=language, fallback=fallback
        )
        return (
            f"(SELECT {named} FROM country_name AS {names}"
            f" WHERE {names}.country_id = {row.key} AND {names}.language = {language})"
        )


@strawberry.federation.type(
    keys=["id"], description="A country, as ISO 3166-1 defines it, named in the reader's language."
)
class Country(RowNode, CountryAlerts):
    model = models.Country
    key: relay.NodeID[str]
    code: str = column(description="ISO 3166-1 alpha-2 code, e.g. `TN`.")
    alpha3: str = column(description="ISO 3166-1 alpha-3 code, e.g. `TUN`.")
    numeric: str = column(description="ISO 3166-1 numeric code, e.g. `788`.")
    name: LocalizedText = declare(
        CountryName(), "The country's name, translated by the iso-codes project."
    )
    members: Connection[Organisation] = many(
        relations.ORGANISATIONS_IN_COUNTRY,
        arguments=[AS_OF],
        description="Network member organisations headquartered here, by slug.",
    )

    @classmethod
    def parse_key(cls, node_id: str) -> str:
        if len(node_id) != 2 or not node_id.isalpha():
            raise ValueError(f"'{node_id}' is not an ISO 3166-1 alpha-2 code")
        return node_id.upper()


def _is_member(build: Build, row: Row, selected: Selected) -> str:
    return member_on(build, row, selected, AS_OF)


@strawberry.federation.type(
    keys=["id"], description="A free-expression organisation: a member of the network or a partner."
)
class Organisation(
    RowNode,
    OrganisationCampaigns,
    OrganisationPetitions,
    OrganisationStatements,
    OrganisationAlerts,
):
    model = models.Organisation
    id: relay.NodeID[int]
    slug: str = column(
        description="Unique, URL-safe name, e.g. `canadian-committee-to-protect-journalists`."
    )
    acronym: str | None = column(description="Short name, if it has one.")
    original_language: str = column(description="The language its texts were written in.")
    scope: OrganisationScope = column(description="Local, national, regional or international.")
    languages: list[str] = column(description="ISO 639-1 codes of the languages it works in.")
    focus: list[FocusArea] = column(description="What it works on.")
    website: str | None = column(description="Its website.")
    founded_year: int | None = column(description="The year it was founded.")
    name: LocalizedText = translated("name", description="The organisation's name.")
    description: LocalizedText = translated(
        "description", description="What the organisation does."
    )
    headquarters: Country = one("hq_country_id", description="The country of its headquarters.")
    countries_of_work: Connection[Country] = many(
        relations.COUNTRIES_OF_WORK, description="The countries it works in, by code."
    )
    network_memberships: Connection[NetworkMembership] = many(
        relations.MEMBERSHIPS_OF_ORGANISATION,
        description="Its periods of network membership, oldest first.",
    )
    is_member: bool = computed(
        _is_member,
        arguments=[AS_OF],
        description="Whether it was a network member on a date (today by default).",
    )
    groups: Connection[Annotated[GroupMembership, strawberry.lazy("schema.groups.types")]] = many(
        group_relations.GROUPS_OF_ORGANISATION,
        arguments=[
            AsOf(
                group_relations.MEMBERSHIP_PERIOD,
                description="Only memberships current on this date; all by default.",
                default=None,
            )
        ],
        description="The groups it belongs or belonged to, with its role in each.",
    )


@strawberry.federation.type(
    keys=["id"], description="One period of an organisation's network membership."
)
class NetworkMembership(RowNode):
    model = models.NetworkMembership
    id: relay.NodeID[int]
    joined_on: datetime.date = column(description="The day it joined.")
    left_on: datetime.date | None = column(description="The day it left, if it did.")
    founding_member: bool = column(description="Whether it was among the founders.")
    departure_reason: str | None = column(description="Why it left, if it did.")
    organisation: Organisation = one("organisation_id", description="The member organisation.")


def _members_counted(build: Build, row: Row, selected: Selected) -> str:
    organisation = Row(build.alias(), models.Organisation)
    member = member_on(build, organisation, selected, AS_OF)
    return f"(SELECT count(*) FROM organisation AS {organisation.alias} WHERE {member})"


def _countries_counted(build: Build, row: Row, selected: Selected) -> str:
    organisation = Row(build.alias(), models.Organisation)
    member = member_on(build, organisation, selected, AS_OF)
    return (
        f"(SELECT count(DISTINCT {organisation.column('hq_country_id')})"
        f" FROM organisation AS {organisation.alias} WHERE {member})"
    )


@strawberry.type(description="The network: its story, and its membership over time.")
class Network:
    model = models.Network
    name: str = column(description="The network's name.")
    former_name: str | None = column(description="The name it was known by before.")
    original_language: str = column(description="The language its texts were written in.")
    proposed_in_year: int = column(description="The year the network was first proposed.")
    founding_city: str = column(description="Where it was first proposed.")
    founding_organisation_count: int = column(
        description="How many organisations met to propose it."
    )
    archive_starts_year: int = column(
        description="The year the archive of free-expression violations starts."
    )
    description: LocalizedText = translated("description", description="What the network is.")
    founding_country: Country = one(
        "founding_country_id", description="The country where it was first proposed."
    )
    convened_by: Organisation | None = one(
        "convened_by_id", description="The organisation that organised the founding meeting."
    )
    member_count: int = computed(
        _members_counted,
        arguments=[AS_OF],
        description="How many organisations were members on a date (today by default).",
    )
    country_count: int = computed(
        _countries_counted,
        arguments=[AS_OF],
        description="In how many countries the members had their headquarters on a date"
        " (today by default).",
    )
    members: Connection[NetworkMembership] = many(
        relations.MEMBERSHIPS,
        arguments=[AsOf(relations.MEMBERSHIP_PERIOD)],
        description="Membership periods current on a date (today by default), the earliest"
        " joined first.",
    )
    founding_members: Connection[NetworkMembership] = many(
        relations.FOUNDING_MEMBERSHIPS,
        description="The organisations that founded the network, the earliest joined first.",
    )

"""Root fields of the network: the network, organisations and countries."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from hub import models
from schema.filters import country_code, search_term
from schema.network import relations
from schema.network.types import (
    MEMBERSHIP,
    Country,
    FocusArea,
    Network,
    Organisation,
    OrganisationScope,
)
from schema.ordering import OrderDirection
from schema.pagination import Connection
from schema.reads.arguments import Filter, Order
from schema.reads.conditions import Contains, Has, Holds, Is, PointedAtBy, where
from schema.reads.roots import Key, listing, lookup, single


@strawberry.input(description="Which organisations to list; every condition given must hold.")
class OrganisationFilter:
    country: str | None = where(
        Is("hq_country_id", check=country_code),
        description="Headquartered in this country (ISO 3166-1 alpha-2 code).",
    )
    works_in: str | None = where(
        Has(models.OrganisationCountry, "organisation_id", "country_id", check=country_code),
        description="Works in this country (ISO 3166-1 alpha-2 code).",
    )
    scope: OrganisationScope | None = where(Is("scope"), description="Of this scope.")
    focus: FocusArea | None = where(Holds("focus"), description="Working on this.")
    member_on: datetime.date | None = where(MEMBERSHIP, description="Network members on this date.")
    search: str | None = where(
        Contains("search_text", check=search_term),
        description="Whose name, in any language, contains this text.",
    )


@strawberry.enum(description="What to sort organisations by.")
class OrganisationOrderField(Enum):
    SLUG = "slug"
    FOUNDED_YEAR = "founded_year"
    CREATED_AT = "created_at"


@strawberry.input(description="How to sort organisations.")
class OrganisationOrder:
    field: OrganisationOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.input(description="Which countries to list.")
class CountryFilter:
    has_members_on: datetime.date | None = where(
        PointedAtBy(models.Organisation, "hq_country_id", MEMBERSHIP),
        description="Only countries where a network member was headquartered then.",
    )


@strawberry.type
class NetworkQueries:
    network: Network | None = single(
        models.Network, description="The network: its story and its membership over time."
    )
    organisations: Connection[Organisation] = listing(
        relations.ORGANISATIONS,
        arguments=[Filter(OrganisationFilter), Order(OrganisationOrder, ("slug",))],
        description="Organisations: network members and others.",
    )
    organisation: Organisation | None = lookup(
        models.Organisation,
        Key("slug", "slug", "The unique, URL-safe name."),
        description="The organisation with this slug, or null.",
    )
    countries: Connection[Country] = listing(
        relations.COUNTRIES,
        arguments=[Filter(CountryFilter)],
        description="Countries (ISO 3166-1), sorted by code.",
    )
    country: Country | None = lookup(
        models.Country,
        Key("code", "code", "ISO 3166-1 alpha-2 code, e.g. `TN`.", check=country_code),
        description="The country with this ISO 3166-1 alpha-2 code, or null.",
    )

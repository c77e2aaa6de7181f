"""Root fields of the network: the network, organisations and countries."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from hub import models
from schema.arguments import FILTER, ORDER, Slug
from schema.context import Info
from schema.filters import apply, country_code, search_term
from schema.network.types import (
    Country,
    FocusArea,
    MemberOn,
    Network,
    Organisation,
    OrganisationScope,
)
from schema.ordering import OrderDirection, sort_terms
from schema.pagination import After, Connection, First


@strawberry.input(description="Which organisations to list; every condition given must hold.")
class OrganisationFilter:
    country: str | None = strawberry.field(
        default=None, description="Headquartered in this country (ISO 3166-1 alpha-2 code)."
    )
    works_in: str | None = strawberry.field(
        default=None, description="Works in this country (ISO 3166-1 alpha-2 code)."
    )
    scope: OrganisationScope | None = strawberry.field(default=None, description="Of this scope.")
    focus: FocusArea | None = strawberry.field(default=None, description="Working on this.")
    member_on: datetime.date | None = strawberry.field(
        default=None, description="Network members on this date."
    )
    search: str | None = strawberry.field(
        default=None, description="Whose name, in any language, contains this text."
    )

    def to_q(self) -> Q:
        q = apply(
            Q(),
            hq_country_id=self.country and country_code(self.country, "filter.country"),
            countries_of_work__country_id=self.works_in
            and country_code(self.works_in, "filter.worksIn"),
            scope=self.scope.value if self.scope else None,
            search_text__contains=self.search and search_term(self.search, "filter.search"),
        )
        if self.focus is not None:
            # focus is a JSON list: match the quoted value, identically on SQLite and PostgreSQL
            q &= Q(focus__contains=f'"{self.focus.value}"')
        if self.member_on is not None:
            q &= MemberOn(self.member_on).to_q()
        return q


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
    has_members_on: datetime.date | None = strawberry.field(
        default=None, description="Only countries where a network member was headquartered then."
    )


@strawberry.type
class NetworkQueries:
    @strawberry.field(description="The network: its story and its membership over time.")
    async def network(self) -> Network | None:
        row = await models.Network.first()
        return Network.from_row(row) if row is not None else None

    @strawberry.field(description="Organisations: network members and others.")
    async def organisations(
        self,
        info: Info,
        filter: Annotated[OrganisationFilter | None, FILTER] = None,
        order_by: Annotated[OrganisationOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Organisation]:
        query = models.Organisation.filter(filter.to_q() if filter else Q()).distinct()
        terms = sort_terms(order_by.field.value, order_by.direction) if order_by else ("slug",)
        return await Organisation.connection_from(info, query, terms, first, after)

    @strawberry.field(description="The organisation with this slug, or null.")
    async def organisation(self, slug: Slug) -> Organisation | None:
        row = await models.Organisation.get_or_none(slug=slug)
        return Organisation.from_row(row) if row is not None else None

    @strawberry.field(description="Countries (ISO 3166-1), sorted by code.")
    async def countries(
        self,
        info: Info,
        filter: Annotated[CountryFilter | None, FILTER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Country]:
        query = models.Country.all()
        if filter and filter.has_members_on:
            members = models.Organisation.filter(MemberOn(filter.has_members_on).to_q())
            query = query.filter(code__in=Subquery(members.values("hq_country_id")))
        return await Country.connection_from(info, query, ("code",), first, after)

    @strawberry.field(description="The country with this ISO 3166-1 alpha-2 code, or null.")
    async def country(
        self,
        info: Info,
        code: Annotated[
            str, strawberry.argument(description="ISO 3166-1 alpha-2 code, e.g. `TN`.")
        ],
    ) -> Country | None:
        return await Country.load(info, country_code(code, "code"))

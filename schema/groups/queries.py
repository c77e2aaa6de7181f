"""Root fields of groups: working groups, coalitions and monitoring groups."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from hub import models
from hub.models.groups import GroupKind as GroupKindValue
from schema.arguments import FILTER, KIND, ORDER, Slug
from schema.context import Info
from schema.filters import apply, country_code
from schema.groups.types import Group, GroupKind
from schema.loaders import ActiveOn
from schema.ordering import OrderDirection, sort_terms
from schema.pagination import After, Connection, First


@strawberry.input(description="Which groups to list; every condition given must hold.")
class GroupFilter:
    active_on: datetime.date | None = strawberry.field(
        default=None, description="Running on this date."
    )
    focus_country: str | None = strawberry.field(
        default=None, description="About this country (ISO 3166-1 alpha-2 code)."
    )
    member: str | None = strawberry.field(
        default=None, description="With this organisation (slug) among its members, ever."
    )

    def to_q(self) -> Q:
        q = apply(
            Q(),
            focus_country_id=self.focus_country
            and country_code(self.focus_country, "filter.focusCountry"),
            memberships__organisation__slug=self.member,
        )
        if self.active_on is not None:
            q &= ActiveOn(("started_on", "ended_on"), self.active_on).to_q()
        return q


@strawberry.enum(description="What to sort groups by.")
class GroupOrderField(Enum):
    SLUG = "slug"
    STARTED_ON = "started_on"


@strawberry.input(description="How to sort groups.")
class GroupOrder:
    field: GroupOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


async def _groups(
    info: Info,
    kind: GroupKindValue | None,
    filter: GroupFilter | None,
    order: GroupOrder | None,
    first: int | None,
    after: str | None,
) -> Connection[Group]:
    query = models.Group.filter(filter.to_q() if filter else Q()).distinct()
    if kind is not None:
        query = query.filter(kind=kind)
    terms = sort_terms(order.field.value, order.direction) if order else ("slug",)
    return await Group.connection_from(info, query, terms, first, after)


async def _group(slug: str, kind: GroupKindValue | None) -> Group | None:
    query = models.Group.filter(slug=slug)
    if kind is not None:
        query = query.filter(kind=kind)
    row = await query.first()
    return Group.from_row(row) if row is not None else None


@strawberry.type
class GroupQueries:
    @strawberry.field(description="Groups of every kind.")
    async def groups(
        self,
        info: Info,
        kind: Annotated[GroupKind | None, KIND] = None,
        filter: Annotated[GroupFilter | None, FILTER] = None,
        order_by: Annotated[GroupOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Group]:
        return await _groups(info, kind, filter, order_by, first, after)

    @strawberry.field(description="Working groups.")
    async def working_groups(
        self,
        info: Info,
        filter: Annotated[GroupFilter | None, FILTER] = None,
        order_by: Annotated[GroupOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Group]:
        return await _groups(info, GroupKindValue.WORKING_GROUP, filter, order_by, first, after)

    @strawberry.field(description="Advocacy coalitions.")
    async def coalitions(
        self,
        info: Info,
        filter: Annotated[GroupFilter | None, FILTER] = None,
        order_by: Annotated[GroupOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Group]:
        return await _groups(info, GroupKindValue.COALITION, filter, order_by, first, after)

    @strawberry.field(description="Monitoring groups.")
    async def monitoring_groups(
        self,
        info: Info,
        filter: Annotated[GroupFilter | None, FILTER] = None,
        order_by: Annotated[GroupOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Group]:
        return await _groups(info, GroupKindValue.MONITORING_GROUP, filter, order_by, first, after)

    @strawberry.field(description="The group of any kind with this slug, or null.")
    async def group(self, slug: Slug) -> Group | None:
        return await _group(slug, None)

    @strawberry.field(description="The working group with this slug, or null.")
    async def working_group(self, slug: Slug) -> Group | None:
        return await _group(slug, GroupKindValue.WORKING_GROUP)

    @strawberry.field(description="The coalition with this slug, or null.")
    async def coalition(self, slug: Slug) -> Group | None:
        return await _group(slug, GroupKindValue.COALITION)

    @strawberry.field(description="The monitoring group with this slug, or null.")
    async def monitoring_group(self, slug: Slug) -> Group | None:
        return await _group(slug, GroupKindValue.MONITORING_GROUP)

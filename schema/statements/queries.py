"""Root fields of joint statements."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from hub import models
from schema.arguments import FILTER, ORDER, Slug
from schema.context import Info
from schema.filters import DateRange, apply
from schema.ordering import OrderDirection, sort_terms
from schema.pagination import After, Connection, First
from schema.statements.types import Statement, StatementStatus


@strawberry.input(description="Which statements to list; every condition given must hold.")
class StatementFilter:
    status: StatementStatus | None = strawberry.field(default=None, description="In this status.")
    campaign: str | None = strawberry.field(
        default=None, description="In the campaign with this slug."
    )
    group: str | None = strawberry.field(
        default=None, description="Issued by the group with this slug."
    )
    signed_by: str | None = strawberry.field(
        default=None, description="Co-signed (not withdrawn) by the organisation with this slug."
    )
    published: DateRange | None = strawberry.field(
        default=None, description="Published within these days."
    )

    def to_q(self) -> Q:
        q = apply(
            Q(),
            status=self.status.value if self.status else None,
            campaign__slug=self.campaign,
            group__slug=self.group,
        )
        if self.signed_by is not None:
            q &= Q(signatures__organisation__slug=self.signed_by, signatures__withdrawn_at=None)
        if self.published is not None:
            q &= self.published.to_q("published_at", "filter.published")
        return q


@strawberry.enum(description="What to sort statements by.")
class StatementOrderField(Enum):
    CREATED_AT = "created_at"
    PUBLISHED_AT = "published_at"
    SLUG = "slug"


@strawberry.input(description="How to sort statements.")
class StatementOrder:
    field: StatementOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Descending (newest first) by default."
    )


@strawberry.type
class StatementQueries:
    @strawberry.field(description="Joint statements, newest first unless ordered otherwise.")
    async def statements(
        self,
        info: Info,
        filter: Annotated[StatementFilter | None, FILTER] = None,
        order_by: Annotated[StatementOrder | None, ORDER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Statement]:
        query = models.Statement.filter(filter.to_q() if filter else Q()).distinct()
        terms = (
            sort_terms(order_by.field.value, order_by.direction) if order_by else ("-created_at",)
        )
        return await Statement.connection_from(info, query, terms, first, after)

    @strawberry.field(description="The statement with this slug, or null.")
    async def statement(self, slug: Slug) -> Statement | None:
        row = await models.Statement.get_or_none(slug=slug)
        return Statement.from_row(row) if row is not None else None

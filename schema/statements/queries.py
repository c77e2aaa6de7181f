"""Root fields of joint statements."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub import models
from schema.filters import DateRange
from schema.ordering import OrderDirection
from schema.pagination import Connection
from schema.reads.arguments import Filter, Order
from schema.reads.conditions import Has, Is, Named, Within, where
from schema.reads.roots import Key, listing, lookup
from schema.statements import relations
from schema.statements.types import Statement, StatementStatus


@strawberry.input(description="Which statements to list; every condition given must hold.")
class StatementFilter:
    status: StatementStatus | None = where(Is("status"), description="In this status.")
    campaign: str | None = where(
        Named("campaign_id", models.Campaign), description="In the campaign with this slug."
    )
    group: str | None = where(
        Named("group_id", models.Group), description="Issued by the group with this slug."
    )
    signed_by: str | None = where(
        Has(
            models.StatementSignature,
            "statement_id",
            "organisation_id",
            by=(models.Organisation, "slug"),
            also='{row}."withdrawn_at" IS NULL',
        ),
        description="Co-signed (not withdrawn) by the organisation with this slug.",
    )
    published: DateRange | None = where(
        Within("published_at"), description="Published within these days."
    )


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
    statements: Connection[Statement] = listing(
        relations.STATEMENTS,
        arguments=[Filter(StatementFilter), Order(StatementOrder, ("-created_at",))],
        description="Joint statements, newest first unless ordered otherwise.",
    )
    statement: Statement | None = lookup(
        models.Statement,
        Key("slug", "slug", "The unique, URL-safe name."),
        description="The statement with this slug, or null.",
    )

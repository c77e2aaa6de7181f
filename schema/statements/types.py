"""Joint statements and the organisations that co-sign them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.statements import StatementStatus as StatementStatusValue
from schema.context import Info
from schema.localization import translated
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.pagination import After, Connection, First
from schema.statements import relations

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign
    from schema.groups.types import Group

StatementStatus = strawberry.enum(
    StatementStatusValue, description="Where a statement is: draft, open for signing, published."
)

IncludeWithdrawn = Annotated[
    bool, strawberry.argument(description="Also list signatures that were withdrawn.")
]


@strawberry.federation.type(
    keys=["id"], description="A joint statement that member organisations co-sign."
)
class Statement(RowNode):
    model = models.Statement
    id: relay.NodeID[int]
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    status: StatementStatus = strawberry.field(description="Draft, open for signing, or published.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    open_to_all_members: bool = strawberry.field(
        description="Whether any network member may co-sign; if not, only the group's members."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was drafted.")
    opened_at: datetime.datetime | None = strawberry.field(description="When signing opened.")
    published_at: datetime.datetime | None = strawberry.field(description="When it was published.")
    titles: strawberry.Private[dict[str, str]]
    bodies: strawberry.Private[dict[str, str]]
    lead_organisation_id: strawberry.Private[int]
    group_id: strawberry.Private[int | None]
    campaign_id: strawberry.Private[int | None]

    title = translated("titles", "The statement's title.")
    body = translated("bodies", "The statement's text.")

    @classmethod
    def from_row(cls, row: models.Statement) -> Self:
        return cls(
            id=row.id,
            slug=row.slug,
            status=StatementStatusValue(row.status),
            original_language=row.original_language,
            open_to_all_members=row.open_to_all_members,
            created_at=row.created_at,
            opened_at=row.opened_at,
            published_at=row.published_at,
            titles=row.title,
            bodies=row.body,
            lead_organisation_id=row.lead_organisation_id,
            group_id=row.group_id,
            campaign_id=row.campaign_id,
        )

    @strawberry.field(description="The organisation that leads it.")
    async def lead_organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.lead_organisation_id)

    @strawberry.field(description="The group that issued it, if a group did.")
    async def group(
        self, info: Info
    ) -> Annotated[Group, strawberry.lazy("schema.groups.types")] | None:
        from schema.groups.types import Group

        return await Group.load(info, self.group_id)

    @strawberry.field(description="The campaign it belongs to, if any.")
    async def campaign(
        self, info: Info
    ) -> Annotated[Campaign, strawberry.lazy("schema.campaigns.types")] | None:
        from schema.campaigns.types import Campaign

        return await Campaign.load(info, self.campaign_id)

    @strawberry.field(description="The organisations that co-signed it, in the order they signed.")
    async def signatories(
        self,
        info: Info,
        include_withdrawn: IncludeWithdrawn = False,
        first: First = None,
        after: After = None,
    ) -> Connection[StatementSignature]:
        filters = () if include_withdrawn else (relations.NOT_WITHDRAWN,)
        return await StatementSignature.connection_of(
            info, relations.SIGNATURES_OF_STATEMENT, self.id, first, after, filters
        )


@strawberry.federation.type(
    keys=["id"], description="An organisation's signature on a joint statement."
)
class StatementSignature(RowNode):
    model = models.StatementSignature
    id: relay.NodeID[int]
    signed_at: datetime.datetime = strawberry.field(description="When it signed.")
    signed_by: str | None = strawberry.field(description="Who signed on its behalf.")
    withdrawn_at: datetime.datetime | None = strawberry.field(
        description="When it withdrew its signature, if it did."
    )
    withdrawal_reason: str | None = strawberry.field(description="Why it withdrew, if it said.")
    statement_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: models.StatementSignature) -> Self:
        return cls(
            id=row.id,
            signed_at=row.signed_at,
            signed_by=row.signed_by,
            withdrawn_at=row.withdrawn_at,
            withdrawal_reason=row.withdrawal_reason,
            statement_id=row.statement_id,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The statement signed.")
    async def statement(self, info: Info) -> Statement:
        return await Statement.load_required(info, self.statement_id)

    @strawberry.field(description="The organisation that signed.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)

"""The audit log as admins read it."""

from __future__ import annotations

import datetime
from typing import Any, Self

import strawberry
import strawberry.federation
from strawberry import relay
from strawberry.scalars import JSON

from auth.permissions import scopes_directive
from auth.scopes import Scope
from hub import models
from schema.context import Info
from schema.network.types import Organisation
from schema.nodes import RowNode


@strawberry.federation.type(
    keys=["id"],
    description="One write to the graph: who made it, with which token, and what."
    " For administrators (`hub:admin`).",
    directives=[scopes_directive(Scope.HUB_ADMIN)],
)
class AuditEntry(RowNode):
    model = models.AuditEntry
    id: relay.NodeID[int]
    occurred_at: datetime.datetime = strawberry.field(description="When the write was made.")
    client_id: str | None = strawberry.field(description="The OAuth client that made it.")
    user_id: int | None = strawberry.field(description="The staff user, for a dashboard's token.")
    token_jti: str | None = strawberry.field(description="The `jti` of the access token used.")
    action: str = strawberry.field(description="What was done, e.g. `statement.co_sign`.")
    subject: str = strawberry.field(description="What was written to, as `Type:key`.")
    details: JSON = strawberry.field(description="The write's particulars.")
    organisation_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> Self:
        details: dict[str, Any] = row.details
        return cls(
            id=row.id,
            occurred_at=row.occurred_at,
            client_id=row.client_id,
            user_id=row.user_id,
            token_jti=row.token_jti,
            action=row.action,
            subject=row.subject,
            details=details,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The organisation the write was made for.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await Organisation.load(info, self.organisation_id)

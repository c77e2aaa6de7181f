"""The ``auditLog`` root field, for the network's administrators."""

from __future__ import annotations

from typing import Annotated

import strawberry
from tortoise.expressions import Q

from auth.permissions import requires
from auth.scopes import Scope
from hub import models
from schema.arguments import FILTER
from schema.audit.types import AuditEntry
from schema.context import Info
from schema.filters import DateRange, apply
from schema.pagination import After, Connection, First


@strawberry.input(description="Which audit entries to list; every condition given must hold.")
class AuditFilter:
    organisation: str | None = strawberry.field(
        default=None, description="Writes for the organisation with this slug."
    )
    action: str | None = strawberry.field(default=None, description="Writes of this action.")
    token_jti: str | None = strawberry.field(default=None, description="Writes with this token.")
    occurred: DateRange | None = strawberry.field(default=None, description="Made on these days.")

    def to_q(self) -> Q:
        q = apply(
            Q(),
            organisation__slug=self.organisation,
            action=self.action,
            token_jti=self.token_jti,
        )
        if self.occurred is not None:
            q &= self.occurred.to_q("occurred_at", "filter.occurred")
        return q


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="Every write, newest first. For administrators (`hub:admin`).",
        extensions=requires(Scope.HUB_ADMIN),
    )
    async def audit_log(
        self,
        info: Info,
        filter: Annotated[AuditFilter | None, FILTER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AuditEntry]:
        query = models.AuditEntry.filter(filter.to_q() if filter else Q())
        return await AuditEntry.connection_from(info, query, ("-occurred_at",), first, after)

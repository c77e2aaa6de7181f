"""The ``auditLog`` root field, for the network's administrators."""

from __future__ import annotations

import strawberry

from auth.scopes import Scope
from hub import models
from schema.audit.types import AuditEntry
from schema.filters import DateRange
from schema.pagination import Connection
from schema.reads.arguments import Filter
from schema.reads.conditions import Is, Named, Within, where
from schema.reads.fields import Rows
from schema.reads.roots import listing


@strawberry.input(description="Which audit entries to list; every condition given must hold.")
class AuditFilter:
    organisation: str | None = where(
        Named("organisation_id", models.Organisation),
        description="Writes for the organisation with this slug.",
    )
    action: str | None = where(Is("action"), description="Writes of this action.")
    token_jti: str | None = where(Is("token_jti"), description="Writes with this token.")
    occurred: DateRange | None = where(Within("occurred_at"), description="Made on these days.")


@strawberry.type
class AuditQueries:
    audit_log: Connection[AuditEntry] = listing(
        Rows(models.AuditEntry, None, ("-occurred_at",)),
        arguments=[Filter(AuditFilter)],
        scopes=[Scope.HUB_ADMIN],
        description="Every write, newest first. For administrators (`hub:admin`).",
    )

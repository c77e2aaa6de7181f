"""The audit log as admins read it."""

from __future__ import annotations

import datetime

import strawberry
import strawberry.federation
from strawberry import relay
from strawberry.scalars import JSON

from auth.permissions import scopes_directive
from auth.scopes import Scope
from hub import models
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.reads.fields import column, one


@strawberry.federation.type(
    keys=["id"],
    description="One write to the graph: who made it, with which token, and what."
    " For administrators (`hub:admin`).",
    directives=[scopes_directive(Scope.HUB_ADMIN)],
)
class AuditEntry(RowNode):
    model = models.AuditEntry
    id: relay.NodeID[int]
    occurred_at: datetime.datetime = column(description="When the write was made.")
    client_id: str | None = column(description="The OAuth client that made it.")
    user_id: int | None = column(description="The staff user, for a dashboard's token.")
    token_jti: str | None = column(description="The `jti` of the access token used.")
    action: str = column(description="What was done, e.g. `statement.co_sign`.")
    subject: str = column(description="What was written to, as `Type:key`.")
    details: JSON = column(description="The write's particulars.")
    organisation: Organisation | None = one(
        "organisation_id", description="The organisation the write was made for."
    )

"""The ``viewer`` root field."""

from __future__ import annotations

import strawberry

from schema.access.types import Viewer
from schema.context import Info


@strawberry.type
class AccessQueries:
    @strawberry.field(description="Who the request's access token acts for; null when anonymous.")
    def viewer(self, info: Info) -> Viewer | None:
        principal = info.context.principal
        return Viewer.of(principal) if principal is not None else None

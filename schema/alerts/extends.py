"""The alerts subgraph's fields on other subgraphs' entities: what happened in a country and
what a member filed.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the alerts subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.alerts import relations
from schema.context import Info
from schema.filters import DateRange
from schema.loaders import Filters
from schema.pagination import After, Connection, First

if TYPE_CHECKING:
    from schema.alerts.types import Alert

Occurred = Annotated[
    DateRange | None,
    strawberry.argument(description="Only the alerts that happened within these days."),
]


def _within(occurred: DateRange | None) -> Filters:
    return (relations.OccurredWithin.of(occurred, "occurred"),) if occurred else ()


@strawberry.type
class CountryAlerts:
    code: strawberry.Private[str]

    @strawberry.field(description="Alerts of violations that happened here, newest first.")
    async def alerts(
        self, info: Info, occurred: Occurred = None, first: First = None, after: After = None
    ) -> Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]]:
        from schema.alerts.types import Alert

        return await Alert.connection_of(
            info, relations.ALERTS_IN_COUNTRY, self.code, first, after, _within(occurred)
        )


@strawberry.type
class OrganisationAlerts:
    id: strawberry.Private[int]

    @strawberry.field(description="The alerts it filed, newest first.")
    async def alerts(
        self, info: Info, occurred: Occurred = None, first: First = None, after: After = None
    ) -> Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]]:
        from schema.alerts.types import Alert

        return await Alert.connection_of(
            info, relations.ALERTS_FILED_BY, self.id, first, after, _within(occurred)
        )

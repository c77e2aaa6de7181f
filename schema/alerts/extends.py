"""The alerts subgraph's fields on other subgraphs' entities: what happened in a country and
what a member filed.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the alerts subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.alerts import relations
from schema.pagination import Connection
from schema.reads.arguments import Within
from schema.reads.fields import many

if TYPE_CHECKING:
    from schema.alerts.types import Alert

OCCURRED = Within("occurred", "occurred_on", "Only the alerts that happened within these days.")


@strawberry.type
class CountryAlerts:
    alerts: Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]] = many(
        relations.ALERTS_IN_COUNTRY,
        arguments=[OCCURRED],
        description="Alerts of violations that happened here, newest first.",
    )


@strawberry.type
class OrganisationAlerts:
    alerts: Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]] = many(
        relations.ALERTS_FILED_BY,
        arguments=[OCCURRED],
        description="The alerts it filed, newest first.",
    )

"""The alerts subgraph's fields on other subgraphs' entities: what happened in a country and
what a member filed.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the alerts subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types.arguments import StrawberryArgument

from hub.models.cases import JusticeStatus as JusticeStatusValue
from schema.alerts import relations
from schema.pagination import Connection
from schema.reads.arguments import Argument, Prepared, Within, declared
from schema.reads.fields import computed, many
from schema.reads.reader import Reader
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row

if TYPE_CHECKING:
    from schema.alerts.types import Alert, Case

OCCURRED = Within("occurred", "occurred_on", "Only the alerts that happened within these days.")


class Since(Argument):
    """``since``: a year, from whose 1 January on cases are counted."""

    def declarations(self) -> list[StrawberryArgument]:
        return [
            declared("since", int | None, "Count from 1 January of this year; all if left out.")
        ]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        return {"since": values.get("since")}


def _unresolved_killings(build: Build, country: Row, selected: Selected) -> str:
    case = build.alias()
    conditions = [
        f"{case}.country_id = {country.key}",
        f"{case}.killing",
        f"{case}.justice = '{JusticeStatusValue.UNRESOLVED.value}'",
    ]
    if "since" in build.present(selected):
        since = build.param(selected.occurrence, "since", "int")
        conditions.append(f"{build.dialect.year(f'{case}.opened_on')} >= {since}")
    return f"(SELECT COUNT(*) FROM alert_case AS {case} WHERE {' AND '.join(conditions)})"


@strawberry.type
class CountryAlerts:
    alerts: Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]] = many(
        relations.ALERTS_IN_COUNTRY,
        arguments=[OCCURRED],
        description="Alerts of violations that happened here, newest first.",
    )
    unresolved_killings: int = computed(
        _unresolved_killings,
        arguments=[Since()],
        description="How many killings of journalists and media workers here (cases, by the"
        " day their first alert happened) remain unresolved: no one convicted, as CPJ's"
        " impunity index counts them.",
    )


class JusticeOf(Argument):
    """``justice``: only the cases of this justice status."""

    def declarations(self) -> list[StrawberryArgument]:
        # the enum is declared to Strawberry in schema.alerts.types
        return [
            declared("justice", JusticeStatusValue | None, "Only the cases of this justice status.")
        ]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        status = values.get("justice")
        return {"justice": status.value if status is not None else None}

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        if "justice" not in build.present(selected):
            return []
        status = build.param(selected.occurrence, "justice", "text")
        return [
            f"EXISTS (SELECT 1 FROM alert_case AS hc WHERE hc.id = {row.column('case_id')}"
            f" AND hc.justice = {status})"
        ]


@strawberry.type
class CampaignCases:
    highlighted_cases: Connection[Annotated[Case, strawberry.lazy("schema.alerts.types")]] = many(
        relations.HIGHLIGHTED_CASES,
        arguments=[JusticeOf()],
        description="The cases it highlights (the International Day to End Impunity's unresolved"
        " killings), the latest taken up first.",
    )


@strawberry.type
class OrganisationAlerts:
    alerts: Connection[Annotated[Alert, strawberry.lazy("schema.alerts.types")]] = many(
        relations.ALERTS_FILED_BY,
        arguments=[OCCURRED],
        description="The alerts it filed, newest first.",
    )

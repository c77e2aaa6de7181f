"""The archive's facets: beside a page of ``alerts(filter:)``, how many alerts of the same
filter there are per country, year, violation type, perpetrator and victim kind.

The search counts them (``hub.alert_search.facets``: one statement for every facet list
asked), before the compiled statement that reads the page; that statement writes each
list's counts, bound as JSON, into the answer, reading each country as ``Country`` is
read anywhere. Each list is bounded: its ``first`` values, most alerts first (years:
the newest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.federation.schema_directives import ListSize
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.unset import UNSET

from hub import models
from hub.alert_search.facets import Facet, FacetAsked
from schema.alerts.types import Alert, PerpetratorType, VictimKind, ViolationType
from schema.errors import BadArgument
from schema.network.types import Country
from schema.pagination import Connection
from schema.reads.arguments import Argument, Prepared, declared
from schema.reads.dialects import quoted
from schema.reads.fields import Reading, declare, served
from schema.reads.reader import Reader
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row, table

DEFAULT_FACET_SIZE = 10
MAX_FACET_SIZE = 50


class First(Argument):
    """``first``: how many values of a facet to list, the most counted first."""

    def declarations(self) -> list[StrawberryArgument]:
        return [
            declared(
                "first",
                int | None,
                f"How many values to list: {DEFAULT_FACET_SIZE} by default, at most"
                f" {MAX_FACET_SIZE}.",
            )
        ]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        first = values.get("first")
        size = DEFAULT_FACET_SIZE if first is None else first
        if not 0 <= size <= MAX_FACET_SIZE:
            raise BadArgument("first", f"must be between 0 and {MAX_FACET_SIZE}, got {size}")
        return {"~first": size}


def counts_key(selected: Selected) -> str:
    """The request value a facet list's counts are bound as."""
    return f"facet{selected.occurrence}"


@dataclass(frozen=True)
class FacetCounts(Reading):
    """A facet list: the counts the search found (bound as a JSON array of ``[value,
    count]`` pairs), each an object of its value (a country read from its row, a year, a
    vocabulary word) and its ``count``."""

    facet: Facet
    arguments: tuple[Argument, ...] = (First(),)

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        dialect = build.dialect
        counted = build.request(counts_key(selected), "jsonb")
        item_type, fields = selected.only_child()
        entry = build.alias()
        found, count = dialect.item(f"{entry}.value", 0), dialect.item(f"{entry}.value", 1)
        pairs: list[tuple[str, str]] = []
        for field in fields:
            if field.name == "count":
                pairs.append((field.key, f"CAST({count} AS INTEGER)"))
            elif field.name == "__typename":
                pairs.append((field.key, quoted(item_type.name)))
            elif self.facet is Facet.COUNTRIES:
                country_type, country_fields = field.only_child()
                country = Row(build.alias(), models.Country)
                read = build.object(country_type, country, country_fields)
                pairs.append(
                    (
                        field.key,
                        f"(SELECT {read} FROM {table(models.Country)} AS {country.alias}"
                        f" WHERE {country.key} = {found})",
                    )
                )
            elif self.facet is Facet.YEARS:
                pairs.append((field.key, f"CAST({found} AS INTEGER)"))
            else:
                assert field.field is not None
                pairs.append((field.key, served(build, field.field.type, found)))
        listed = dialect.array(dialect.object(pairs), f"{entry}.n")
        return f"(SELECT {listed} FROM {dialect.records(counted, entry)})"


def facet_list(facet: Facet, description: str) -> Any:
    declared_field = declare(FacetCounts(facet), description)
    declared_field.directives.append(
        ListSize(
            assumed_size=DEFAULT_FACET_SIZE,
            slicing_arguments=["first"],
            sized_fields=UNSET,  # the list itself is sized: the SDL says nothing of fields
            require_one_slicing_argument=False,
        )
    )
    return declared_field


def asked_facets(selected: Selected, first_of: dict[int, int]) -> list[FacetAsked]:
    """The facet lists a connection's selection asks for, with their sizes (by occurrence)."""
    asked: list[FacetAsked] = []
    for child in selected.children.values():
        for field in child[1]:
            if field.name != "facets":
                continue
            for _, lists in field.children.values():
                for listed in lists:
                    reading = listed.reading_of() if listed.field is not None else None
                    if isinstance(reading, FacetCounts) and listed.occurrence is not None:
                        size = first_of[listed.occurrence]
                        asked.append(FacetAsked(counts_key(listed), reading.facet, size))
    return asked


@strawberry.type(description="How many alerts of the filter happened in a country.")
class CountryCount:
    country: Country = strawberry.field(description="The country.")
    count: int = strawberry.field(description="How many alerts of the filter happened there.")


@strawberry.type(description="How many alerts of the filter happened in a year.")
class YearCount:
    year: int = strawberry.field(description="The year.")
    count: int = strawberry.field(description="How many alerts of the filter happened in it.")


@strawberry.type(description="How many alerts of the filter name a violation type.")
class ViolationCount:
    violation: ViolationType = strawberry.field(description="The violation type.")
    count: int = strawberry.field(
        description="How many alerts of the filter name it (an alert of two types counts in both)."
    )


@strawberry.type(description="How many alerts of the filter name a kind of perpetrator.")
class PerpetratorCount:
    perpetrator: PerpetratorType = strawberry.field(description="The kind of perpetrator.")
    count: int = strawberry.field(description="How many alerts of the filter name it.")


@strawberry.type(description="How many alerts of the filter have a victim of a kind.")
class VictimKindCount:
    kind: VictimKind = strawberry.field(description="The kind of victim.")
    count: int = strawberry.field(
        description="How many alerts of the filter have at least one victim of this kind."
    )


@strawberry.type(
    description="The alerts of a filter counted by country, year, violation type, perpetrator"
    " and victim kind: each list its `first` values, the most counted first (years: the"
    " newest first)."
)
class AlertFacets:
    countries: list[CountryCount] = facet_list(
        Facet.COUNTRIES, "Alerts per country, the most first."
    )
    years: list[YearCount] = facet_list(
        Facet.YEARS, "Alerts per year they happened in, the newest year first."
    )
    violations: list[ViolationCount] = facet_list(
        Facet.VIOLATIONS, "Alerts per violation type, the most first."
    )
    perpetrators: list[PerpetratorCount] = facet_list(
        Facet.PERPETRATORS, "Alerts per kind of perpetrator, the most first."
    )
    victims: list[VictimKindCount] = facet_list(
        Facet.VICTIMS, "Alerts per kind of victim, the most first."
    )


@dataclass(frozen=True)
class Facets(Reading):
    """The facets object: its lists, each read by its own reading."""

    def sql(self, build: Build, row: Row, selected: Selected) -> str:
        object_type, fields = selected.only_child()
        return build.object(object_type, row, fields)


@strawberry.type(
    description="A page of the archive's search, with its total and the facets of the whole"
    " filter.",
)
class AlertSearchConnection(Connection[Alert]):
    facets: AlertFacets = declare(
        Facets(),
        "The alerts of the same filter (all of them, not only this page) counted by country,"
        " year, violation type, perpetrator and victim kind.",
    )

"""Conditions of filter inputs, declared on the input's fields: ``where(Is("scope"), …)``.

A filter input is a Strawberry input whose every field says, beside its description,
the condition it puts on the listed rows. A condition checks the value a request gives
(``prepare``, naming the field in its error) and writes SQL with parameters (``where``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case
from tortoise.models import Model

from schema.errors import BadArgument
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row, column_of, key_column, quoted_name, table

CONDITION = "hub.condition"
"""Where a filter field's condition is kept: the key in its Strawberry field's metadata."""

Check = Callable[[Any, str], Any]
"""Checks a value, naming the argument in its error; returns the value to bind."""


class Condition:
    """What a filter field asks of the rows."""

    sql_type = "text"

    def prepare(self, value: Any, key: str, argument: str) -> dict[str, Any]:
        return {key: value.value if isinstance(value, Enum) else value}

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        raise NotImplementedError

    def value(self, build: Build, selected: Selected, key: str) -> str:
        return build.param(selected.occurrence, key, self.sql_type)


def where(condition: Condition, *, description: str) -> Any:
    """A filter input's field: optional, described, and the condition it sets."""
    return strawberry.field(default=None, description=description, metadata={CONDITION: condition})


@dataclass(frozen=True)
class FilterField:
    name: str
    """The field's Python name."""
    path: str
    """How errors name it: ``filter.worksIn``."""
    condition: Condition


@cache
def conditions_of(input_type: type) -> list[FilterField]:
    definition = input_type.__strawberry_definition__  # type: ignore[attr-defined]
    return [
        FilterField(
            field.python_name,
            f"filter.{field.graphql_name or to_camel_case(field.python_name)}",
            field.metadata[CONDITION],
        )
        for field in definition.fields
        if CONDITION in field.metadata
    ]


class Checked(Condition):
    """A condition whose value is checked first (a country code, a search text)."""

    def __init__(self, check: Check | None = None) -> None:
        self.check = check

    def prepare(self, value: Any, key: str, argument: str) -> dict[str, Any]:
        checked = self.check(value, argument) if self.check else value
        return super().prepare(checked, key, argument)


class Is(Checked):
    """The row's column equals the value."""

    def __init__(self, column: str, check: Check | None = None) -> None:
        super().__init__(check)
        self.column = column

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        return [f"{row.column(self.column)} = {self.value(build, selected, key)}"]


class Named(Condition):
    """The row points (through ``column``) at the row of ``model`` with this slug."""

    def __init__(self, column: str, model: type[Model], by: str = "slug") -> None:
        self.column = column
        self.model = model
        self.by = by

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        named = (
            f"SELECT {quoted_name(key_column(self.model))} FROM {table(self.model)}"
            f" WHERE {quoted_name(self.by)} = {self.value(build, selected, key)}"
        )
        return [f"{row.column(self.column)} IN ({named})"]


class Has(Checked):
    """Some row of ``model`` points at this row (through ``parent``) and has the value in
    ``column``, or, with ``by``, points through ``column`` at a row of ``by``'s model with
    the value in ``by``'s column; ``also`` adds a condition on that row (``{row}``)."""

    def __init__(
        self,
        model: type[Model],
        parent: str,
        column: str,
        by: tuple[type[Model], str] | None = None,
        also: str | None = None,
        check: Check | None = None,
    ) -> None:
        super().__init__(check)
        self.model = model
        self.parent = parent
        self.column = column
        self.by = by
        self.also = also

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        alias = build.alias()
        linked = Row(alias, self.model)
        value = self.value(build, selected, key)
        if self.by is None:
            matched = f"{linked.column(self.column)} = {value}"
        else:
            model, column = self.by
            named = (
                f"SELECT {quoted_name(key_column(model))} FROM {table(model)}"
                f" WHERE {quoted_name(column)} = {value}"
            )
            matched = f"{linked.column(self.column)} IN ({named})"
        conditions = [f"{linked.column(self.parent)} = {row.key}", matched]
        if self.also:
            conditions.append(self.also.format(row=alias))
        linked_rows = f"{table(self.model)} AS {alias}"
        return [f"EXISTS (SELECT 1 FROM {linked_rows} WHERE {' AND '.join(conditions)})"]


class Contains(Checked):
    """The row's text column contains the value (both already folded by case)."""

    def __init__(self, column: str, check: Check | None = None) -> None:
        super().__init__(check)
        self.column = column

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        value = self.value(build, selected, key)
        return [build.dialect.text_contains(row.column(self.column), value)]


class Holds(Condition):
    """The row's JSON list holds the value (a focus area among several)."""

    def __init__(self, column: str) -> None:
        self.column = column

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        return [build.dialect.contains(row.column(self.column), self.value(build, selected, key))]


class Within(Condition):
    """The row's date or time column falls within a range of days, both ends included
    (either may be open); a row without a date is within none."""

    sql_type = "date"

    def __init__(self, column: str) -> None:
        self.column = column

    def prepare(self, value: Any, key: str, argument: str) -> dict[str, Any]:
        if value.since and value.until and value.since > value.until:
            raise BadArgument(argument, f"since ({value.since}) is after until ({value.until})")
        prepared: dict[str, Any] = {f"{key}.given": True}  # even open at both ends
        if value.since:
            prepared[f"{key}.since"] = value.since
        if value.until:
            prepared[f"{key}.before"] = value.until + datetime.timedelta(days=1)
        return prepared

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        present = build.present(selected)
        column = row.column(column_of(row.model, self.column) if row.model else self.column)
        conditions = [f"{column} IS NOT NULL"]  # a row without a day is within no days
        for bound, operator in (("since", ">="), ("before", "<")):
            if f"{key}.{bound}" in present:
                value = build.param(selected.occurrence, f"{key}.{bound}", self.bound_type(row))
                conditions.append(f"{column} {operator} {value}")
        return conditions

    def bound_type(self, row: Row) -> str:
        """Days bound against a time column are midnight, UTC, on PostgreSQL."""
        if row.model is not None:
            field = row.model._meta.fields_map.get(self.column)
            if field is not None and type(field).__name__ == "DatetimeField":
                return "timestamptz"
        return "date"


class RunningOn(Condition):
    """The row's own period (start, end) runs on the day."""

    sql_type = "date"

    def __init__(self, period: tuple[str, str]) -> None:
        self.period = period

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        start, end = (row.column(column) for column in self.period)
        day = self.value(build, selected, key)
        return [f"{start} <= {day} AND ({end} IS NULL OR {end} > {day})"]


class Through(Condition):
    """Some row of ``model`` pointing at this row (through ``parent``) runs on the day:
    organisations that were network members then."""

    sql_type = "date"

    def __init__(self, model: type[Model], parent: str, period: tuple[str, str]) -> None:
        self.model = model
        self.parent = parent
        self.period = period

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        return [running_through(build, row.key, self, self.value(build, selected, key))]


def running_through(build: Build, key: str, through: Through, day: str) -> str:
    """Whether a row of ``through.model`` pointing at ``key`` runs on ``day``."""
    alias = build.alias()
    linked = Row(alias, through.model)
    start, end = (linked.column(column) for column in through.period)
    return (
        f"EXISTS (SELECT 1 FROM {table(through.model)} AS {alias}"
        f" WHERE {linked.column(through.parent)} = {key}"
        f" AND {start} <= {day} AND ({end} IS NULL OR {end} > {day}))"
    )


class PointedAtBy(Condition):
    """Some row of ``model`` satisfying ``through`` on the day points here through
    ``column``: countries where a network member was headquartered then."""

    sql_type = "date"

    def __init__(self, model: type[Model], column: str, through: Through) -> None:
        self.model = model
        self.column = column
        self.through = through

    def where(self, build: Build, selected: Selected, row: Row, key: str) -> list[str]:
        alias = build.alias()
        pointing = Row(alias, self.model)
        day = self.value(build, selected, key)
        member = running_through(build, pointing.key, self.through, day)
        return [
            f"{row.key} IN (SELECT {pointing.column(self.column)}"
            f" FROM {table(self.model)} AS {alias} WHERE {member})"
        ]

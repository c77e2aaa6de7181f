"""Arguments of compiled fields: how each is declared, checked, and turned into SQL.

An argument declares itself to Strawberry (name, type, default, description), checks a
request's values and makes them ready to bind (``prepare``: a ``BadArgument`` names
what is wrong), and writes the conditions it puts on rows (``where``) with parameters,
never with the values themselves.

What changes the SQL is the occurrence's *shape*: which prepared keys hold a value, and
the values of keys starting with ``#`` (an order, say), which are written into the SQL
as the hub's own words and never bound. A statement is compiled once per shape. Keys
starting with ``~`` hold what a resolver reads itself (a search's query), neither bound
nor shaping the SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Sequence
from enum import Enum
from typing import Any

from strawberry.annotation import StrawberryAnnotation
from strawberry.types.arguments import StrawberryArgument

from schema.errors import BadArgument
from schema.filters import DateRange
from schema.languages import Language
from schema.pagination import decode_cursor
from schema.reads import conditions
from schema.reads.conditions import conditions_of
from schema.reads.reader import Reader
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row

Prepared = dict[str, Any]
"""An occurrence's arguments, checked and ready to bind, by key."""


def shape_of(prepared: Prepared) -> Hashable:
    """What of an occurrence's arguments changes its SQL (see the module's docstring)."""
    return (
        frozenset(k for k, v in prepared.items() if v is not None and k[0] not in "#~"),
        tuple(sorted((k, v) for k, v in prepared.items() if k.startswith("#"))),
    )


class Argument:
    """One or more GraphQL arguments of a field, read the same way wherever declared."""

    def declarations(self) -> list[StrawberryArgument]:
        raise NotImplementedError

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        """The arguments' values, checked, by key; ``values`` are by Python name."""
        raise NotImplementedError

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        """Conditions this argument puts on the rows of a list."""
        return []


def declared(
    name: str, annotation: Any, description: str, default: Any = None
) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(annotation),
        description=description,
        default=default,
    )


DEFAULT_PAGE_SIZE = 20
"""The page size a schema says when ``first`` is not given: the settings' default."""


class Page(Argument):
    """``first`` and ``after``: a page of a cursor connection."""

    def declarations(self) -> list[StrawberryArgument]:
        return [
            declared("first", int | None, "How many nodes to return: 20 by default, at most 100."),
            declared(
                "after",
                str | None,
                "Return the nodes after this cursor (from `pageInfo.endCursor`).",
            ),
        ]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        settings = reader.settings
        first = values.get("first")
        size = settings.default_page_size if first is None else first
        if not 0 <= size <= settings.max_page_size:
            raise BadArgument(
                "first", f"must be between 0 and {settings.max_page_size}, got {size}"
            )
        after = values.get("after")
        offset = decode_cursor(after) + 1 if after is not None else 0
        return {"limit": size, "offset": offset}


MAX_LANGUAGES = 8
"""Languages tried for one text: more in an Accept-Language header are not read."""


class Lang(Argument):
    """``lang``: the language to serve texts in; by default the request's Accept-Language.

    Prepared as the languages to try, in order: each asked language, then its primary
    subtag (``pt-BR``, then ``pt``); or primary subtags only when ``regional`` is false
    (country names, which iso-codes gives per language, not per region).
    """

    def __init__(self, regional: bool = True) -> None:
        self.regional = regional

    def declarations(self) -> list[StrawberryArgument]:
        return [
            declared(
                "lang",
                Language | None,
                "Serve the text in this language; by default the request's"
                " Accept-Language, then the original language.",
            )
        ]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        lang = values.get("lang")
        wanted = [str(lang)] if lang else list(reader.languages)
        candidates: list[str] = []
        for language in wanted:
            primary = language.split("-")[0]
            for candidate in (language, primary) if self.regional else (primary,):
                if candidate not in candidates:
                    candidates.append(candidate)
        return {f"lang.{i}": language for i, language in enumerate(candidates[:MAX_LANGUAGES])}


def languages(build: Build, selected: Selected) -> list[str]:
    """The placeholders of the languages a ``Lang`` argument prepared, in order."""
    present = build.present(selected)
    count = sum(1 for key in present if key.startswith("lang."))
    return [build.param(selected.occurrence, f"lang.{i}", "text") for i in range(count)]


def running_on(row: Row, period: tuple[str, str], day: str) -> str:
    """Started by ``day`` and not ended by it (an end on ``day`` itself has ended)."""
    start, end = (row.column(column) for column in period)
    return f"{start} <= {day} AND ({end} IS NULL OR {end} > {day})"


DayOf = Callable[[Build, Row], str]
"""A day written in SQL from the parent's row (a group's last day, say)."""

TODAY = "today"


class AsOf(Argument):
    """``asOf``: rows whose period runs on a date: the row's own ``period`` (start and end
    columns), or, ``through`` another table, the period of a row pointing at it (an
    organisation's network membership). Without a date, ``default`` decides: the
    request's today, a day of the parent's row, or no condition at all (None)."""

    def __init__(
        self,
        period: tuple[str, str] | None = None,
        *,
        through: conditions.Through | None = None,
        description: str = "Read the membership as it stood on this date; today by default.",
        default: DayOf | str | None = TODAY,
    ) -> None:
        self.period = period
        self.through = through
        self.description = description
        self.default = default

    def declarations(self) -> list[StrawberryArgument]:
        return [declared("as_of", datetime.date | None, self.description)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        return {"asOf": values.get("as_of")}

    def day(self, build: Build, selected: Selected, parent: Row) -> str | None:
        """The day asked, in SQL; None when no day applies."""
        if "asOf" in build.present(selected):
            return build.param(selected.occurrence, "asOf", "date")
        if self.default == TODAY:
            return build.request("today", "date")
        if callable(self.default):
            return self.default(build, parent)
        return None

    def running(self, build: Build, selected: Selected, row: Row, parent: Row) -> list[str]:
        """The condition on ``row``, the day read from ``parent`` if need be."""
        day = self.day(build, selected, parent)
        if day is None:
            return []
        if self.through is not None:
            return [conditions.running_through(build, row.key, self.through, day)]
        assert self.period is not None
        return [running_on(row, self.period, day)]


class Equals(Argument):
    """An optional argument matching a column: ``role: LEAD``, ``kind: COALITION``."""

    def __init__(self, name: str, annotation: Any, column: str, description: str) -> None:
        self.name = name
        self.annotation = annotation
        self.column = column
        self.description = description

    def declarations(self) -> list[StrawberryArgument]:
        return [declared(self.name, self.annotation | None, self.description)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        value = values.get(self.name)
        return {self.name: value.value if isinstance(value, Enum) else value}

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        if self.name not in build.present(selected):
            return []
        value = build.param(selected.occurrence, self.name, "text")
        return [f"{row.column(self.column)} = {value}"]


class Unless(Argument):
    """A flag that lifts a condition when true: ``includeWithdrawn``."""

    def __init__(self, name: str, condition: str, description: str) -> None:
        self.name = name
        self.condition = condition
        """SQL on the row, ``{row}`` standing for its alias."""
        self.description = description

    def declarations(self) -> list[StrawberryArgument]:
        return [declared(self.name, bool, self.description, default=False)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        return {f"#{self.name}": bool(values.get(self.name))}

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        if build.fixed(selected, f"#{self.name}"):
            return []
        return [self.condition.format(row=row.alias)]


class Within(Argument):
    """A range of days on a date column: ``occurred: {since, until}``, both included."""

    def __init__(self, name: str, column: str, description: str) -> None:
        self.name = name
        self.description = description
        self.condition = conditions.Within(column)

    def declarations(self) -> list[StrawberryArgument]:
        return [declared(self.name, DateRange | None, self.description)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        days = values.get(self.name)
        return {} if days is None else self.condition.prepare(days, self.name, self.name)

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        return self.condition.where(build, selected, row, self.name)


class Filter(Argument):
    """``filter``: an input whose fields each declare a condition (``schema.reads.where``)."""

    def __init__(
        self, input_type: type, description: str = "Conditions every listed item must meet."
    ) -> None:
        self.input_type = input_type
        self.description = description

    def declarations(self) -> list[StrawberryArgument]:
        return [declared("filter", self.input_type | None, self.description)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        value = values.get("filter")
        prepared: Prepared = {}
        if value is None:
            return prepared
        for field in conditions_of(self.input_type):
            given = getattr(value, field.name)
            if given is not None:
                prepared.update(field.condition.prepare(given, f"filter.{field.name}", field.path))
        return prepared

    def where(self, build: Build, selected: Selected, row: Row) -> list[str]:
        present = build.present(selected)
        conditions: list[str] = []
        for field in conditions_of(self.input_type):
            key = f"filter.{field.name}"
            if any(name == key or name.startswith(f"{key}.") for name in present):
                conditions += field.condition.where(build, selected, row, key)
        return conditions


class Order(Argument):
    """``orderBy: {field, direction}``: the columns a list is sorted by."""

    def __init__(
        self, input_type: type, default: Sequence[str], description: str = "How to sort the list."
    ) -> None:
        self.input_type = input_type
        self.default = tuple(default)
        self.description = description

    def declarations(self) -> list[StrawberryArgument]:
        return [declared("order_by", self.input_type | None, self.description)]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        order = values.get("order_by")
        if order is None:
            return {"#order": self.default}
        column = order.field.value
        return {"#order": (f"-{column}" if order.direction.value == "desc" else column,)}

    @staticmethod
    def columns(build: Build, selected: Selected) -> tuple[str, ...]:
        order: tuple[str, ...] = build.fixed(selected, "#order")
        return order

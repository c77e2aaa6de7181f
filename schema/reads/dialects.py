"""How SQLite and PostgreSQL spell what a compiled read asks of them.

A compiled read builds the answer's JSON in the database, so each dialect spells JSON
objects and arrays, the formats the GraphQL scalars are served in (dates, times,
booleans, floats, global IDs and cursors), walking a JSON column's entries, and
parameters. Everything else the compiler writes is plain SQL both databases read alike.

Formats match what the hub has always served: dates as ``YYYY-MM-DD``, times as Python's
``isoformat()`` of a UTC time (microseconds only when there are some), global IDs as
Strawberry's (base64 of ``Type:key``) and cursors as ``schema.pagination`` encodes them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

MAX_PAIRS = 48
"""Keys one JSON object call may take: PostgreSQL's functions take at most 100 arguments,
SQLite's 127. Bigger objects are built in parts and joined as text."""


def quoted(text: str) -> str:
    """A SQL string literal. Only for the hub's own words (type and field names, enum
    values); whatever a request brings is a parameter."""
    return "'" + text.replace("'", "''") + "'"


class Dialect:
    """What differs between the databases; the compiler asks, the dialect spells."""

    name: str

    def param(self, number: int, sql_type: str) -> str:
        raise NotImplementedError

    def value(self, value: Any, sql_type: str) -> Any:
        """A parameter's value as the driver takes it for ``sql_type``."""
        return value

    def object(self, pairs: Sequence[tuple[str, str]]) -> str:
        """A JSON object of these keys and SQL values, keys in this order."""
        if len(pairs) <= MAX_PAIRS:
            return self._object(pairs)
        parts = [self._object(pairs[i : i + MAX_PAIRS]) for i in range(0, len(pairs), MAX_PAIRS)]
        return self._joined_objects(parts)

    def _object(self, pairs: Sequence[tuple[str, str]]) -> str:
        raise NotImplementedError

    def _joined_objects(self, parts: list[str]) -> str:
        raise NotImplementedError

    def array(self, element: str, order: str, where: str | None = None) -> str:
        """An aggregate: the JSON array of ``element`` over the rows, in ``order`` (or in
        the order the rows come, when ``order`` is empty)."""
        raise NotImplementedError

    def boolean(self, expression: str) -> str:
        raise NotImplementedError

    def least(self, left: str, right: str) -> str:
        raise NotImplementedError

    def date(self, expression: str) -> str:
        raise NotImplementedError

    def datetime(self, expression: str) -> str:
        raise NotImplementedError

    def float(self, expression: str) -> str:
        raise NotImplementedError

    def json(self, column: str) -> str:
        """A JSON column's value, as JSON."""
        raise NotImplementedError

    def sorted_json(self, subquery: str) -> str:
        """The JSON a sorted scalar subquery returns, as JSON (SQLite forgets that a value
        is JSON when it passes through a sort)."""
        return subquery

    def text_of(self, column: str, key: str) -> str:
        """The text under ``key`` (an expression) in a JSON object column."""
        return f"({column} ->> {key})"

    def first_key(self, column: str) -> str:
        """The first key of a JSON object column whose text is not empty, in stored order."""
        raise NotImplementedError

    def first_value(self, column: str) -> str:
        """The first text of a JSON object column that is not empty, in stored order."""
        raise NotImplementedError

    def true(self) -> str:
        return self.boolean("1 = 1")

    def global_id(self, type_name: str, key: str) -> str:
        raise NotImplementedError

    def cursor(self, offset: str) -> str:
        raise NotImplementedError

    def entries(self, column: str, alias: str) -> str:
        """A FROM item walking a JSON object's entries: ``alias.key``, ``alias.value``
        (as text) and ``alias.n``, their position."""
        raise NotImplementedError

    def elements(self, column: str, alias: str) -> str:
        """A FROM item walking a JSON array of texts: ``alias.value`` and ``alias.n``."""
        raise NotImplementedError

    def records(self, column: str, alias: str) -> str:
        """A FROM item walking a JSON array of objects: ``alias.value`` and ``alias.n``."""
        raise NotImplementedError

    def member(self, record: str, key: str) -> str:
        """The text under ``key`` of a JSON object (a record from ``records``)."""
        raise NotImplementedError

    def item(self, array: str, index: int) -> str:
        """Item ``index`` of a JSON array, as a scalar."""
        raise NotImplementedError

    def contains(self, column: str, value: str) -> str:
        """Whether a JSON array of texts holds ``value``."""
        raise NotImplementedError

    def text_contains(self, column: str, value: str) -> str:
        raise NotImplementedError

    def day_before(self, expression: str) -> str:
        raise NotImplementedError

    def make_date(self, year: str, month: str, day: str) -> str:
        """The date of a year, month and day; null when it does not exist (29 February)."""
        raise NotImplementedError

    def year(self, expression: str) -> str:
        raise NotImplementedError

    def as_text(self, expression: str) -> str:
        """A JSON value as the text a statement returns."""
        raise NotImplementedError


class SQLite(Dialect):
    """SQLite 3.35 or newer: ``json_object``, ``json_group_array``, numbered parameters.

    Base64 (global IDs, cursors) is sqlean's ``crypto`` extension's ``encode``; floats are
    spelled by a function the hub registers on its connections (``hub.engines.sqlite``),
    as SQLite prints 15 digits where Python prints as many as the value needs.
    """

    name = "sqlite"

    def param(self, number: int, sql_type: str) -> str:
        return f"?{number}"

    def value(self, value: Any, sql_type: str) -> Any:
        if isinstance(value, datetime.datetime):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def _object(self, pairs: Sequence[tuple[str, str]]) -> str:
        return f"json_object({', '.join(f'{quoted(key)}, {value}' for key, value in pairs)})"

    def _joined_objects(self, parts: list[str]) -> str:
        text = " || ',' || ".join(
            [f"substr({parts[0]}, 1, length({parts[0]}) - 1)"]
            + [f"substr({part}, 2, length({part}) - 2)" for part in parts[1:-1]]
            + [f"substr({parts[-1]}, 2)"]
        )
        return f"json({text})"

    def array(self, element: str, order: str, where: str | None = None) -> str:
        # SQLite aggregates rows in the order its FROM subquery delivers them
        filtered = f" FILTER (WHERE {where})" if where else ""
        return f"json_group_array({element}){filtered}"

    def boolean(self, expression: str) -> str:
        return (
            f"CASE WHEN ({expression}) IS NULL THEN NULL"
            f" WHEN {expression} THEN json('true') ELSE json('false') END"
        )

    def least(self, left: str, right: str) -> str:
        return f"min({left}, {right})"

    def date(self, expression: str) -> str:
        return expression

    def datetime(self, expression: str) -> str:
        return f"replace({expression}, ' ', 'T')"

    def float(self, expression: str) -> str:
        return f"json(hub_float({expression}))"

    def json(self, column: str) -> str:
        return f"json({column})"

    def sorted_json(self, subquery: str) -> str:
        return f"json({subquery})"

    def first_key(self, column: str) -> str:
        # json_each walks an object in stored order
        return f"(SELECT key FROM json_each({column}) WHERE value <> '' LIMIT 1)"

    def first_value(self, column: str) -> str:
        return f"(SELECT value FROM json_each({column}) WHERE value <> '' LIMIT 1)"

    def true(self) -> str:
        return "json('true')"

    def global_id(self, type_name: str, key: str) -> str:
        return f"encode({quoted(type_name + ':')} || {key}, 'base64')"

    def cursor(self, offset: str) -> str:
        encoded = f"encode('offset:' || ({offset}), 'base64')"
        return f"replace(replace({encoded}, '+', '-'), '/', '_')"

    def entries(self, column: str, alias: str) -> str:
        return f"(SELECT key, value, id AS n FROM json_each({column})) AS {alias}"

    def elements(self, column: str, alias: str) -> str:
        return f"(SELECT value, id AS n FROM json_each({column})) AS {alias}"

    def records(self, column: str, alias: str) -> str:
        return f"(SELECT value, id AS n FROM json_each({column})) AS {alias}"

    def member(self, record: str, key: str) -> str:
        return f"json_extract({record}, {quoted('$.' + key)})"

    def item(self, array: str, index: int) -> str:
        return f"json_extract({array}, '$[{index}]')"

    def contains(self, column: str, value: str) -> str:
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {value})"

    def text_contains(self, column: str, value: str) -> str:
        return f"instr({column}, {value}) > 0"

    def day_before(self, expression: str) -> str:
        return f"date({expression}, '-1 day')"

    def make_date(self, year: str, month: str, day: str) -> str:
        made = f"printf('%04d-%02d-%02d', {year}, {month}, {day})"
        return f"CASE WHEN date({made}) = {made} THEN {made} END"

    def year(self, expression: str) -> str:
        return f"CAST(substr({expression}, 1, 4) AS INTEGER)"

    def as_text(self, expression: str) -> str:
        return expression


class PostgreSQL(Dialect):
    """PostgreSQL 13 or newer: ``json_build_object``, ``json_agg``, ``$n`` parameters."""

    name = "postgres"

    def param(self, number: int, sql_type: str) -> str:
        return f"${number}::{sql_type}"

    def value(self, value: Any, sql_type: str) -> Any:
        if sql_type == "timestamptz" and type(value) is datetime.date:
            return datetime.datetime.combine(value, datetime.time(), datetime.UTC)
        return value

    def _object(self, pairs: Sequence[tuple[str, str]]) -> str:
        return f"json_build_object({', '.join(f'{quoted(key)}, {value}' for key, value in pairs)})"

    def _joined_objects(self, parts: list[str]) -> str:
        text = " || ',' || ".join(
            [f"left(({parts[0]})::text, -1)"]
            + [f"substr(({part})::text, 2, length(({part})::text) - 2)" for part in parts[1:-1]]
            + [f"substr(({parts[-1]})::text, 2)"]
        )
        return f"({text})::json"

    def array(self, element: str, order: str, where: str | None = None) -> str:
        filtered = f" FILTER (WHERE {where})" if where else ""
        ordered = f" ORDER BY {order}" if order else ""
        return f"COALESCE(json_agg({element}{ordered}){filtered}, '[]'::json)"

    def boolean(self, expression: str) -> str:
        return f"({expression})"

    def least(self, left: str, right: str) -> str:
        return f"LEAST({left}, {right})"

    def date(self, expression: str) -> str:
        return f"to_char({expression}, 'YYYY-MM-DD')"

    def datetime(self, expression: str) -> str:
        utc = f"({expression}) AT TIME ZONE 'UTC'"
        return (
            f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
            f" || CASE WHEN date_part('microseconds', {utc})::int % 1000000 = 0 THEN ''"
            f" ELSE to_char({utc}, '.US') END || '+00:00'"
        )

    def float(self, expression: str) -> str:
        return f"({expression})::float8"

    def json(self, column: str) -> str:
        return f"({column})::json"

    def first_key(self, column: str) -> str:
        entries = f"jsonb_each_text({column}) WITH ORDINALITY AS e(key, value, n)"
        return f"(SELECT e.key FROM {entries} WHERE e.value <> '' ORDER BY e.n LIMIT 1)"

    def first_value(self, column: str) -> str:
        entries = f"jsonb_each_text({column}) WITH ORDINALITY AS e(key, value, n)"
        return f"(SELECT e.value FROM {entries} WHERE e.value <> '' ORDER BY e.n LIMIT 1)"

    def true(self) -> str:
        return "true"

    def global_id(self, type_name: str, key: str) -> str:
        return f"encode(convert_to({quoted(type_name + ':')} || {key}, 'UTF8'), 'base64')"

    def cursor(self, offset: str) -> str:
        encoded = f"encode(convert_to('offset:' || ({offset}), 'UTF8'), 'base64')"
        return f"translate({encoded}, '+/', '-_')"

    def entries(self, column: str, alias: str) -> str:
        return f"jsonb_each_text({column}) WITH ORDINALITY AS {alias}(key, value, n)"

    def elements(self, column: str, alias: str) -> str:
        return f"jsonb_array_elements_text({column}) WITH ORDINALITY AS {alias}(value, n)"

    def records(self, column: str, alias: str) -> str:
        return f"jsonb_array_elements({column}) WITH ORDINALITY AS {alias}(value, n)"

    def member(self, record: str, key: str) -> str:
        return f"({record} ->> {quoted(key)})"

    def item(self, array: str, index: int) -> str:
        return f"({array} ->> {index})"

    def contains(self, column: str, value: str) -> str:
        return f"{column} @> jsonb_build_array({value})"

    def text_contains(self, column: str, value: str) -> str:
        return f"strpos({column}, {value}) > 0"

    def day_before(self, expression: str) -> str:
        return f"(({expression}) - 1)"

    def make_date(self, year: str, month: str, day: str) -> str:
        made = f"make_date({year}, {month}, 1)"
        last = f"(date_trunc('month', {made}) + interval '1 month - 1 day')::date"
        exists = f"{day} <= extract(day FROM {last})"
        return f"CASE WHEN {exists} THEN make_date({year}, {month}, {day}) END"

    def year(self, expression: str) -> str:
        return f"extract(year FROM {expression})::int"

    def as_text(self, expression: str) -> str:
        return f"({expression})::text"


DIALECTS: dict[str, Dialect] = {dialect.name: dialect for dialect in (SQLite(), PostgreSQL())}


def sqlite_functions() -> dict[str, tuple[int, Callable[..., Any]]]:
    """The functions SQLite connections need for compiled reads: name → (arity, function)."""

    def as_float(value: float | None) -> str | None:
        return None if value is None else repr(float(value))

    return {"hub_float": (1, as_float)}

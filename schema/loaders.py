"""Per-request DataLoaders, so that SQL statements depend on a query's shape, not its rows.

Three kinds serve every relation in the graph:

- ``by_key(Model)``: rows by primary key, one ``IN`` query per batch;
- ``related(Relation, Window, Filters)``: a page of a one-to-many relation for many parents at
  once, one query that reads each parent's page through the index (``LIMIT`` per parent)
  and one grouped ``COUNT`` per batch;
- ``page_of(...)``: not a loader, a page of a top-level list (``LIMIT``/``OFFSET``, ``COUNT``).

Loaders batch but do not cache: a type met at two depths of a query is read once per depth,
so a query's SQL statement count depends on its shape alone, never on which rows happen to
be read twice. Each batch still reads every distinct key once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from pypika_tortoise import Table
from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from hub.periods import running_on
from schema.pagination import Window

M = TypeVar("M", bound=Model)


class Condition(Protocol, Hashable):
    """A hashable filter, so that equal filters share one loader (and one batch)."""

    def to_q(self) -> Q: ...


@dataclass(frozen=True)
class Lookup:
    """A Tortoise lookup and its value: ``Lookup("status", "open")``."""

    lookup: str
    value: Hashable

    def to_q(self) -> Q:
        return Q(**{self.lookup: self.value})


@dataclass(frozen=True)
class ActiveOn:
    """Rows whose (start, end) period has started by ``day`` and not ended by it."""

    period: tuple[str, str]
    day: date

    def to_q(self) -> Q:
        return running_on(*self.period, self.day)


Filters = tuple[Condition, ...]
"""Conditions ANDed together."""


@dataclass(frozen=True)
class Relation(Generic[M]):
    """A one-to-many relation: the rows of ``model`` whose ``parent`` column points at a parent."""

    model: type[M]
    parent: str
    order: tuple[str, ...] = ("id",)
    """Columns to sort by within a parent, ``-`` for descending; the primary key breaks ties
    (ascending, unless the order names it)."""
    period: tuple[str, str] | None = None
    """(start, end) date columns, for relations that can be read as of a date."""

    def on(self, day: date) -> ActiveOn:
        if self.period is None:
            raise TypeError(f"{self} has no period to read as of a date")
        return ActiveOn(self.period, day)


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    total: int | None


def _pk_column(model: type[Model]) -> str:
    return model._meta.pk.source_field or model._meta.pk_attr


def _with_tie_break(order: Sequence[str], pk: str) -> tuple[str, ...]:
    """``order`` ending in the primary key (ascending, unless the order names it already)."""
    if pk in (column.lstrip("-") for column in order):
        return tuple(order)
    return (*order, pk)


def _order_sql(model: type[Model], order: Sequence[str], table: str) -> str:
    terms = [
        f'"{table}"."{column.lstrip("-")}" {"DESC" if column.startswith("-") else "ASC"}'
        for column in _with_tie_break(order, _pk_column(model))
    ]
    return ", ".join(terms)


async def page_of(query: QuerySet[M], order: Sequence[str], slice_: Window) -> Page[M]:
    """A page of a top-level list."""
    rows: list[M] = []
    if slice_.wants_rows:
        rows = (
            await query.order_by(*_with_tie_break(order, query.model._meta.pk_attr))
            .offset(slice_.offset)
            .limit(slice_.limit + 1)
        )
    total = await query.count() if slice_.wants_total else None
    return Page(rows=rows, total=total)


async def _pages_by_parent(
    relation: Relation[M], parents: Sequence[Hashable], slice_: Window, where: Q
) -> dict[Hashable, Page[M]]:
    model, parent = relation.model, relation.parent
    query = model.filter(where, **{f"{parent}__in": list(parents)})
    rows_by_parent: dict[Hashable, list[M]] = defaultdict(list)
    if slice_.wants_rows:
        page = model.filter(where).order_by(*_with_tie_break(relation.order, model._meta.pk_attr))
        page = page.offset(slice_.offset).limit(slice_.limit + 1)
        for row in await _pages_through_index(page, relation, parents):
            rows_by_parent[getattr(row, parent)].append(row)
    totals: dict[Hashable, int] = {}
    if slice_.wants_total:
        counted = (
            await query.annotate(hub_total=Count(model._meta.pk_attr))
            .group_by(parent)
            .values_list(parent, "hub_total")
        )
        totals = {key: total for key, total in counted}
    return {
        key: Page(
            rows=rows_by_parent[key], total=totals.get(key, 0) if slice_.wants_total else None
        )
        for key in parents
    }


async def _pages_through_index(
    page: QuerySet[M], relation: Relation[M], parents: Sequence[Hashable]
) -> list[M]:
    """The rows of ``page`` (filtered, ordered, limited) for each parent, in one statement.

    Each parent's page is read on its own through the index on the parent column, so a
    parent with thousands of rows costs what its page costs: a ``LATERAL`` subquery on
    PostgreSQL, a correlated ``IN (… LIMIT …)`` on SQLite, which has no ``LATERAL``.
    Tortoise has no API for either: the page's query is built and parameterised by
    Tortoise, tied to the parents here, and the rows built as Tortoise does for
    ``Model.raw``.
    """
    model, table = relation.model, relation.model._meta.db_table
    page._choose_db_if_not_chosen()
    postgres = page._db.capabilities.dialect == "postgres"
    if not postgres:
        page = page.only(model._meta.pk_attr)
    page._make_query()
    tied = page.query.where(model._meta.basetable[relation.parent] == Table("hub_parents").key)
    inner, parameters = tied.get_parameterized_sql()
    order = _order_sql(model, relation.order, "page")
    if postgres:
        column_type = model._meta.fields_map[relation.parent].get_for_dialect(
            "postgres", "SQL_TYPE"
        )
        keys = f"unnest(CAST(${len(parameters) + 1} AS {column_type}[]))"
        sql = (
            f'SELECT "page".* FROM {keys} AS "hub_parents"("key")'
            f' CROSS JOIN LATERAL ({inner}) AS "page" ORDER BY "hub_parents"."key", {order}'
        )
        parameters = [*parameters, list(parents)]
    else:
        keys = ", ".join("(?)" for _ in parents)
        sql = (
            f'WITH "hub_parents"("key") AS (VALUES {keys})'
            f' SELECT "page".* FROM "hub_parents" JOIN "{table}" AS "page"'
            f' ON "page"."{_pk_column(model)}" IN ({inner})'
            f' ORDER BY "hub_parents"."key", {order}'
        )
        parameters = [*parents, *parameters]
    _, rows = await page._db.execute_query(sql, parameters)
    return [model._init_from_db(**dict(row)) for row in rows]


@dataclass
class Loaders:
    """The DataLoaders of one request, made on first use and kept until the request ends."""

    _made: dict[Hashable, DataLoader[Any, Any]] = field(default_factory=dict)

    def by_key(self, model: type[M]) -> DataLoader[Hashable, M | None]:
        key = ("by_key", model)
        if key not in self._made:

            async def load(keys: list[Hashable]) -> list[M | None]:
                found = {row.pk: row for row in await model.filter(pk__in=list(set(keys)))}
                return [found.get(key) for key in keys]

            self._made[key] = DataLoader(load_fn=load, cache=False)
        return self._made[key]

    def related(
        self,
        relation: Relation[M],
        slice_: Window,
        filters: Filters = (),
    ) -> DataLoader[Hashable, Page[M]]:
        key = ("related", relation, slice_, filters)
        if key not in self._made:
            where = Q(*(condition.to_q() for condition in filters))

            async def load(parents: list[Hashable]) -> list[Page[M]]:
                pages = await _pages_by_parent(relation, list(set(parents)), slice_, where)
                return [pages[parent] for parent in parents]

            self._made[key] = DataLoader(load_fn=load, cache=False)
        return self._made[key]

    def computed(self, key: Hashable, load: Any) -> DataLoader[Any, Any]:
        """A loader for a batched computation of the caller's (counts, aggregates)."""
        if key not in self._made:
            self._made[key] = DataLoader(load_fn=load, cache=False)
        return self._made[key]

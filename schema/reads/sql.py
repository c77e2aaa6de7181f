"""Writing one compiled read's SQL: parameters, aliases, rows, objects and connections.

``Build`` is the state of one compilation: the dialect, the parameters asked so far
(each a ``Slot`` naming where its value comes from at request time) and the table
aliases. Readings (``schema.reads.fields``) ask it for the SQL of objects, connections
and parameters; none of them ever writes a request's value into the SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import GraphQLObjectType
from tortoise.models import Model

from schema.reads.dialects import Dialect, quoted
from schema.reads.selections import reading_of

if TYPE_CHECKING:
    from schema.reads.selections import Selected


@dataclass(frozen=True)
class Slot:
    """Where a parameter's value comes from when a request is bound: a prepared argument
    value of one field occurrence (``occurrence``, ``key``), or the request's own
    (``occurrence`` None: ``today``, ``organisation``…)."""

    occurrence: int | None
    key: str
    sql_type: str


@dataclass(frozen=True)
class Row:
    """The row an object is read from: an alias in the SQL, and its table's model (None
    for objects made of a JSON record or of part of another row). It remembers the
    columns read from it, so that a page of rows carries those alone."""

    alias: str
    model: type[Model] | None = None
    used: set[str] = field(default_factory=set, compare=False, hash=False)

    def column(self, name: str) -> str:
        self.used.add(name)
        return f"{self.alias}.{quoted_name(name)}"

    @property
    def key(self) -> str:
        assert self.model is not None
        return self.column(key_column(self.model))


def quoted_name(name: str) -> str:
    return f'"{name}"'


def table(model: type[Model]) -> str:
    return quoted_name(model._meta.db_table)


def key_column(model: type[Model]) -> str:
    return model._meta.pk.source_field or model._meta.pk_attr


def column_of(model: type[Model], name: str) -> str:
    """The database column behind a model's field name (``hq_country`` → ``hq_country_id``)."""
    fields = model._meta.fields_map
    if name in fields:
        found = fields[name]
        return found.source_field or name
    return name


@dataclass
class Build:
    """One compilation: the dialect, the parameters asked and the aliases given."""

    dialect: Dialect
    shapes: Sequence[Any]
    """Each field occurrence's shape: what of its arguments changes the SQL."""
    slots: list[Slot] = field(default_factory=list)
    _numbers: dict[Slot, int] = field(default_factory=dict)
    _aliases: int = 0

    def alias(self) -> str:
        self._aliases += 1
        return f"t{self._aliases}"

    def param(self, occurrence: int | None, key: str, sql_type: str) -> str:
        """The placeholder of a value bound per request; the same value, the same placeholder."""
        slot = Slot(occurrence, key, sql_type)
        number = self._numbers.get(slot)
        if number is None:
            self.slots.append(slot)
            number = self._numbers[slot] = len(self.slots)
        return self.dialect.param(number, sql_type)

    def request(self, key: str, sql_type: str) -> str:
        """A value of the request itself: ``today``, ``organisation``."""
        return self.param(None, key, sql_type)

    def shape(self, selected: Selected) -> Any:
        assert selected.occurrence is not None
        return self.shapes[selected.occurrence]

    def present(self, selected: Selected) -> frozenset[str]:
        """The prepared keys of an occurrence that hold a value."""
        present: frozenset[str] = self.shape(selected)[0]
        return present

    def fixed(self, selected: Selected, key: str) -> Any:
        """A prepared value written into the SQL (its key starts with ``#``)."""
        return dict(self.shape(selected)[1]).get(key)

    def object(self, type_: GraphQLObjectType, row: Row, selections: Sequence[Selected]) -> str:
        """The JSON object of a selection on a row: each field's reading, under its
        response key, in the order asked."""
        pairs: list[tuple[str, str]] = []
        for selected in selections:
            if selected.name == "__typename":
                pairs.append((selected.key, quoted(type_.name)))
            elif selected.name == "id" and is_node(type_):
                pairs.append((selected.key, self.dialect.global_id(type_.name, row.key)))
            else:
                pairs.append((selected.key, selected.reading_of().sql(self, row, selected)))
        return self.dialect.object(pairs)


def is_node(type_: GraphQLObjectType) -> bool:
    """Whether a type implements ``Node``: its ``id`` is its global ID."""
    return any(interface.name == "Node" for interface in type_.interfaces)


@dataclass(frozen=True)
class Source:
    """Where a connection's rows come from, as SQL: the FROM items, the conditions, the
    order, and the row its nodes are read from."""

    tables: str
    where: list[str]
    order: list[str]
    row: Row

    def clause(self) -> str:
        conditions = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"{self.tables}{conditions}"


def ordering(row: Row, order: Sequence[str]) -> list[str]:
    """SQL order terms for field names (``-`` for descending): NULLs last either way, on
    both databases, and ties broken by the key, in the direction of the last term, unless
    the order names it.

    The key follows the order's direction so that an index on (parent, column, key) reads
    a page in order on both databases, scanned forwards or backwards; the NULLs are placed
    only where a column may hold them, as saying it of a column that cannot would keep
    PostgreSQL from reading a descending page backwards through its index.
    """
    assert row.model is not None
    key = key_column(row.model)
    terms = []
    descending = False
    for name in order:
        descending = name.startswith("-")
        column = column_of(row.model, name.lstrip("-"))
        nulls = " NULLS LAST" if _nullable(row.model, name.lstrip("-")) else ""
        terms.append(f"{row.column(column)} {'DESC' if descending else 'ASC'}{nulls}")
    if key not in (column_of(row.model, name.lstrip("-")) for name in order):
        terms.append(f"{row.key} {'DESC' if descending else 'ASC'}")
    return terms


def _nullable(model: type[Model], name: str) -> bool:
    found = model._meta.fields_map.get(name) or next(
        (f for f in model._meta.fields_map.values() if f.source_field == name), None
    )
    return bool(found is None or found.null)


def connection(
    build: Build,
    type_: GraphQLObjectType,
    selections: Sequence[Selected],
    source: Source,
    occurrence: int | None,
    count: Callable[[], str] | None = None,
    skip_offset: bool = False,
) -> str:
    """A cursor connection over ``source``: ``totalCount``, ``edges``, ``nodes``,
    ``pageInfo``, as the selection asks.

    The page is read through the source's order and ``LIMIT``; each parent's page is its
    own correlated subquery, so a parent with thousands of rows costs what its page
    costs. Only when the selection needs them is the page read with one row beyond it
    (``hasNextPage``) and are its rows numbered (cursors). ``count`` replaces counting the
    source (a search counts for itself); ``skip_offset`` says the source holds the page's
    rows already.
    """
    dialect = build.dialect
    asked = _asked(selections)
    page = Page(build, occurrence, beyond="hasNextPage" in asked)
    numbered = page.beyond or bool(asked & {"cursor", "startCursor", "endCursor"})
    wrapper = build.alias()
    row = Row(wrapper, source.row.model)
    index = f"{wrapper}.hub_n"
    on_page = f"{index} <= {page.limit}" if page.beyond else None
    pairs: list[tuple[str, str]] = []
    for selected in selections:
        if selected.name == "totalCount":
            counted = count() if count else f"(SELECT count(*) FROM {source.clause()})"
            pairs.append((selected.key, counted))
        elif selected.name == "nodes":
            (node_type, nodes) = selected.only_child()
            node = build.object(node_type, row, nodes)
            pairs.append((selected.key, dialect.array(node, index if numbered else "", on_page)))
        elif selected.name == "edges":
            (edge_type, edge_fields) = selected.only_child()
            edge: list[tuple[str, str]] = []
            for part in edge_fields:
                if part.name == "cursor":
                    edge.append((part.key, dialect.cursor(f"{page.offset} + {index} - 1")))
                elif part.name == "node":
                    (node_type, nodes) = part.only_child()
                    edge.append((part.key, build.object(node_type, row, nodes)))
                else:
                    edge.append((part.key, quoted(edge_type.name)))
            edges = dialect.array(dialect.object(edge), index if numbered else "", on_page)
            pairs.append((selected.key, edges))
        elif selected.name == "pageInfo":
            pairs.append((selected.key, _page_info(build, selected, page, wrapper)))
        elif reading_of(selected.field) is not None:
            # a field a connection type adds (the archive's facets), read as declared
            pairs.append((selected.key, selected.reading_of().sql(build, source.row, selected)))
        else:
            pairs.append((selected.key, quoted(type_.name)))
    built = dialect.object(pairs)
    if not asked & PAGED:
        # nothing needs the page's rows (a count, or where the page stands)
        return f"(SELECT {built})"
    read = sorted(row.used | {key_column(row.model)} if row.model else row.used)
    columns = ", ".join(source.row.column(name) for name in read)
    offset = "" if skip_offset else f" OFFSET {page.offset}"
    limit = f"{page.limit} + 1" if page.beyond else page.limit
    rows = (
        f"SELECT {columns} FROM {source.clause()}"
        f" ORDER BY {', '.join(source.order)} LIMIT {limit}{offset}"
    )
    if numbered:
        rows = f"SELECT {wrapper}p.*, row_number() OVER () AS hub_n FROM ({rows}) AS {wrapper}p"
    return f"(SELECT {built} FROM ({rows}) AS {wrapper})"


PAGED = {"edges", "nodes", "hasNextPage", "startCursor", "endCursor"}
"""What reads a connection's page of rows, each an aggregate over them; ``totalCount`` and
``hasPreviousPage`` read none."""


def reads_page(selections: Sequence[Selected]) -> bool:
    """Whether a connection's selection needs its page of rows read."""
    return bool(_asked(selections) & PAGED)


def _asked(selections: Sequence[Selected]) -> set[str]:
    """The names asked of a connection, of its edges and of its page info."""
    asked = {selected.name for selected in selections}
    for selected in selections:
        if selected.name in ("edges", "pageInfo"):
            asked |= selected.names()
    return asked


class Page:
    """The slice of a connection a request asks for: its parameters, asked for once used,
    and whether the row beyond it is read too."""

    def __init__(self, build: Build, occurrence: int | None, beyond: bool) -> None:
        self.build = build
        self.occurrence = occurrence
        self.beyond = beyond

    @property
    def offset(self) -> str:
        return self.build.param(self.occurrence, "offset", "int")

    @property
    def limit(self) -> str:
        return self.build.param(self.occurrence, "limit", "int")


def _page_info(build: Build, selected: Selected, page: Page, wrapper: str) -> str:
    dialect = build.dialect
    (info_type, fields) = selected.only_child()
    rows = "count(*)"
    pairs: list[tuple[str, str]] = []
    for part in fields:
        if part.name == "hasNextPage":
            value = dialect.boolean(f"{rows} > {page.limit} AND {page.limit} > 0")
        elif part.name == "hasPreviousPage":
            value = dialect.boolean(f"{page.offset} > 0")
        elif part.name == "startCursor":
            filled = f"{rows} > 0 AND {page.limit} > 0"
            value = f"CASE WHEN {filled} THEN {dialect.cursor(page.offset)} END"
        elif part.name == "endCursor":
            filled = f"{rows} > 0 AND {page.limit} > 0"
            last = f"{page.offset} + {dialect.least(rows, page.limit)} - 1"
            value = f"CASE WHEN {filled} THEN {dialect.cursor(last)} END"
        else:
            value = quoted(info_type.name)
        pairs.append((part.key, value))
    return dialect.object(pairs)

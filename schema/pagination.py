"""Relay cursor connections: ``Connection[T]`` with ``totalCount``, cursors and page sizes."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

import strawberry
import strawberry.federation
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from schema.errors import BadArgument

if TYPE_CHECKING:
    from schema.context import Info

T = TypeVar("T")

_CURSOR_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset after which a page starts, from a cursor this API handed out."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    number = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 9:
        raise BadArgument("after", f"'{cursor}' is not a cursor returned by this API")
    return int(number)


@dataclass(frozen=True)
class Window:
    """Which slice of a list one connection field asks for, and whether rows or count."""

    offset: int
    limit: int
    wants_rows: bool = True
    wants_total: bool = True


COUNT_ONLY = Window(offset=0, limit=0, wants_rows=False, wants_total=True)
"""For fields that need a relation's size and none of its rows."""


def window(info: Info, first: int | None, after: str | None) -> Window:
    """The slice asked for by ``first``/``after``, checked against the page-size limits."""
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if not 0 <= size <= settings.max_page_size:
        raise BadArgument("first", f"must be between 0 and {settings.max_page_size}, got {size}")
    offset = decode_cursor(after) + 1 if after is not None else 0
    asked = _selected_names(info.selected_fields)
    return Window(
        offset=offset,
        limit=size,
        wants_rows=bool(asked & {"edges", "nodes", "pageInfo"}) and size > 0,
        wants_total="totalCount" in asked,
    )


def _selected_names(fields: Sequence[SelectedField | FragmentSpread | InlineFragment]) -> set[str]:
    names: set[str] = set()
    for selected in fields:
        for child in selected.selections:
            if isinstance(child, SelectedField):
                names.add(child.name)
            else:
                names |= _selected_names([child])
    return names


# Pages, edges and connections are the same in every subgraph: each may resolve them.


@strawberry.federation.type(shareable=True, description="Where a page stands in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more nodes follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether nodes come before this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first node, if it has any."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last node: pass it as `after` for the next page."
    )


@strawberry.federation.type(
    shareable=True, description="A node in a connection, with the cursor to resume after it."
)
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` to read the nodes after this one.")
    node: T = strawberry.field(description="The item at the end of the edge.")


@strawberry.federation.type(
    shareable=True, description="A page of a list, with its cursors and the list's total size."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The nodes of this page with cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")

    @strawberry.field(description="The nodes of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(nodes: Sequence[T], slice_: Window, total: int | None) -> Connection[T]:
    """A page from ``nodes`` as read with one row beyond the page to tell if more follow."""
    page = list(nodes[: slice_.limit])
    edges = [Edge(cursor=encode_cursor(slice_.offset + i), node=n) for i, n in enumerate(page)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(nodes) > slice_.limit,
            has_previous_page=slice_.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total if total is not None else 0,
    )


First = Annotated[
    int | None,
    strawberry.argument(description="How many nodes to return: 20 by default, at most 100."),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return the nodes after this cursor (from `pageInfo.endCursor`)."
    ),
]

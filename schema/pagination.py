"""Relay cursor connections: ``Connection[T]`` with ``totalCount``, and their cursors.

Connections are read by compiled reads (``schema.reads.sql.connection``); the types here
say what they hold.
"""

from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

import strawberry
import strawberry.federation

from schema.errors import BadArgument

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
    nodes: list[T] = strawberry.field(description="The nodes of this page, without cursors.")

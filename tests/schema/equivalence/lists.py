"""Lists as the graph documents them: their order, their pages, and membership on a day.

- Order: by the columns a list names, each ascending or descending, NULLs last whichever
  the direction, ties broken by the primary key ascending (unless the order is the key).
- Page: the rows after the ``after`` cursor's offset, ``first`` of them; edges carry the
  cursor of their absolute offset; ``hasNextPage`` says rows follow the page (never for an
  empty page size), ``hasPreviousPage`` that it does not start the list.
- A period (a membership, a group, a campaign) runs on day D when it started by D and has
  no end or ends after D.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from schema.pagination import encode_cursor
from tests.schema.equivalence.arguments import Window
from tests.schema.equivalence.snapshot import Row

Order = Sequence[str]
"""Attribute names, ``-`` in front for descending: ``("-occurred_on", "-id")``."""


def ordered(rows: Sequence[Row], order: Order) -> list[Row]:
    """``rows`` sorted by ``order``, NULLs last in either direction, then by key in the
    direction of the order's last term (the README's rule: so that an index reads a page
    in order, forwards or backwards)."""
    terms = list(order)
    if not any(term.lstrip("-") == "pk" or term.lstrip("-") == _pk(rows) for term in terms):
        terms.append("-pk" if terms and terms[-1].startswith("-") else "pk")
    result = sorted(rows, key=lambda row: row.pk)
    for term in reversed(terms):  # a stable sort per term, the last term first
        name = term.lstrip("-")
        present = [row for row in result if getattr(row, name) is not None]
        absent = [row for row in result if getattr(row, name) is None]
        present.sort(key=lambda row: getattr(row, name), reverse=term.startswith("-"))
        result = present + absent
    return result


def _pk(rows: Sequence[Row]) -> str | None:
    return rows[0]._meta.pk_attr if rows else None


def page(items: Sequence[Any], window: Window) -> dict[str, Any]:
    """A connection over the whole list ``items``, showing ``window`` of it."""
    shown = list(items[window.offset : window.offset + window.size])
    edges = [
        {"cursor": encode_cursor(window.offset + position), "node": item}
        for position, item in enumerate(shown)
    ]
    return {
        "edges": edges,
        "nodes": shown,
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": window.size > 0 and len(items) > window.offset + window.size,
            "hasPreviousPage": window.offset > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def runs_on(started: datetime.date, ended: datetime.date | None, day: datetime.date) -> bool:
    """Whether a period that started and maybe ended on these days runs on ``day``."""
    return started <= day and (ended is None or ended > day)

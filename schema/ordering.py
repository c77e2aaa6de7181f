"""Sorting of top-level lists: ``orderBy: {field: …, direction: ASC|DESC}``."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Which way to sort.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


def sort_terms(column: str, direction: OrderDirection) -> tuple[str, ...]:
    """Tortoise ``order_by`` terms for a column and a direction."""
    return (f"-{column}",) if direction is OrderDirection.DESC else (column,)

"""Sorting of top-level lists: ``orderBy: {field: …, direction: ASC|DESC}``."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Which way to sort.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"

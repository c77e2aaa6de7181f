"""Rows whose period (a start and an optional end date) is running on a given day."""

from __future__ import annotations

import datetime

from tortoise.expressions import Q


def running_on(start: str, end: str, day: datetime.date) -> Q:
    """Started by ``day`` and not ended by it (an end on ``day`` itself has ended)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))

"""Rows whose period (a start and an optional end date) is running on a given day."""

from __future__ import annotations

import datetime
from typing import Any

from tortoise.expressions import Q


def running_on(start: str, end: str, day: datetime.date) -> Q:
    """Started by ``day`` and not ended by it (an end on ``day`` itself has ended)."""
    started: dict[str, Any] = {f"{start}__lte": day}
    running: dict[str, Any] = {f"{end}__isnull": True}
    ends_after: dict[str, Any] = {f"{end}__gt": day}
    return Q(**started) & (Q(**running) | Q(**ends_after))

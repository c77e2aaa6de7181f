"""Inputs shared by the filters of several lists, and checks of their values."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry
from tortoise.expressions import Q

from schema.errors import BadArgument


@strawberry.input(description="A range of days, both ends included; either end may be left open.")
class DateRange:
    since: datetime.date | None = strawberry.field(default=None, description="The first day.")
    until: datetime.date | None = strawberry.field(default=None, description="The last day.")

    def to_q(self, column: str, argument: str) -> Q:
        """Rows whose ``column`` falls in the range; ``argument`` names it in errors."""
        if self.since and self.until and self.since > self.until:
            raise BadArgument(argument, f"since ({self.since}) is after until ({self.until})")
        q = Q()
        if self.since:
            q &= Q(**{f"{column}__gte": self.since})
        if self.until:
            # datetime columns: the whole last day is included
            q &= Q(**{f"{column}__lt": self.until + datetime.timedelta(days=1)})
        return q


def country_code(value: str, argument: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased, or an error naming the argument."""
    if len(value) != 2 or not value.isalpha():
        raise BadArgument(argument, f"'{value}' is not an ISO 3166-1 alpha-2 code such as 'TN'")
    return value.upper()


def search_term(value: str, argument: str) -> str:
    term = value.strip().casefold()
    if not term:
        raise BadArgument(argument, "must not be empty")
    if len(term) > 100:
        raise BadArgument(argument, "must be at most 100 characters")
    return term


def apply(q: Q, **lookups: Any) -> Q:
    """``q`` ANDed with every lookup whose value was given."""
    for lookup, value in lookups.items():
        if value is not None:
            q &= Q(**{lookup: value})
    return q

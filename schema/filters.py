"""Inputs shared by the filters of several lists, and checks of their values."""

from __future__ import annotations

import datetime

import strawberry

from schema.errors import BadArgument


@strawberry.input(description="A range of days, both ends included; either end may be left open.")
class DateRange:
    since: datetime.date | None = strawberry.field(default=None, description="The first day.")
    until: datetime.date | None = strawberry.field(default=None, description="The last day.")


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

"""Arguments as the reference reads them, and the errors a bad one must give.

Each function reads one kind of argument value (a page, a country code, a range of days,
a search, a global ID) and raises :class:`Refused` with the message and extensions the hub
has always given for a bad one: ``Argument '<name>': <problem>``, with ``extensions``
``{"code": "BAD_USER_INPUT", "argument": "<name>"}``. :func:`check` applies them to the
arguments of one field, wherever it sits in a query.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from schema.pagination import decode_cursor

DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_LIST = 100
"""The most values one list of the alerts filter, or ``nodes(ids:)``, may hold."""
ALERT_SEARCH_MAX_LENGTH = 200
ALERT_SEARCH_MAX_WORDS = 16
NAME_SEARCH_MAX_LENGTH = 100
DEFAULT_FACETS = 10
MAX_FACETS = 50

NODE_TYPES = frozenset(
    {
        "Alert",
        "AuditEntry",
        "Campaign",
        "Case",
        "Country",
        "Group",
        "GroupMembership",
        "Milestone",
        "NetworkMembership",
        "Organisation",
        "Petition",
        "PetitionEndorsement",
        "Report",
        "Statement",
        "StatementSignature",
    }
)
"""The types a global ID may name."""

_WORD = re.compile(r"[^\W_]+")


class Refused(GraphQLError):
    """A well-typed argument value that the graph does not accept."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(
            f"Argument '{argument}': {problem}",
            extensions={"code": "BAD_USER_INPUT", "argument": argument},
        )


@dataclass(frozen=True)
class Window:
    """A page: the rows from ``offset``, at most ``size`` of them."""

    offset: int
    size: int


def window(arguments: Mapping[str, Any]) -> Window:
    first = arguments.get("first")
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise Refused("first", f"must be between 0 and {MAX_PAGE}, got {size}")
    after = arguments.get("after")
    return Window(offset=decode_cursor(after) + 1 if after is not None else 0, size=size)


def facet_size(arguments: Mapping[str, Any]) -> int:
    """How many values a list of the archive's facets holds: 10 by default, at most 50."""
    first = arguments.get("first")
    size = DEFAULT_FACETS if first is None else first
    if not 0 <= size <= MAX_FACETS:
        raise Refused("first", f"must be between 0 and {MAX_FACETS}, got {size}")
    return int(size)


def country_code(value: str, argument: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise Refused(argument, f"'{value}' is not an ISO 3166-1 alpha-2 code such as 'TN'")
    return value.upper()


@dataclass(frozen=True)
class Days:
    """Days from ``since`` to ``until``, both included; either may be open."""

    since: datetime.date | None
    until: datetime.date | None

    def holds(self, day: datetime.date | None) -> bool:
        return (
            day is not None
            and (self.since is None or self.since <= day)
            and (self.until is None or day <= self.until)
        )


def days(value: Mapping[str, Any], argument: str) -> Days:
    since, until = (
        datetime.date.fromisoformat(value[end]) if value.get(end) is not None else None
        for end in ("since", "until")
    )
    if since is not None and until is not None and since > until:
        raise Refused(argument, f"since ({since}) is after until ({until})")
    return Days(since, until)


def day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value is not None else None


def name_search(value: str, argument: str) -> str:
    """The text an organisation's name must contain, case-folded."""
    term = value.strip().casefold()
    if not term:
        raise Refused(argument, "must not be empty")
    if len(term) > NAME_SEARCH_MAX_LENGTH:
        raise Refused(argument, f"must be at most {NAME_SEARCH_MAX_LENGTH} characters")
    return term


def words_of(text: str) -> list[str]:
    """A text's words as the archive is searched by: runs of letters and digits."""
    return _WORD.findall(text)


def alert_words(value: str) -> frozenset[str]:
    if len(value) > ALERT_SEARCH_MAX_LENGTH:
        raise Refused("filter.search", f"must be at most {ALERT_SEARCH_MAX_LENGTH} characters")
    words = list(dict.fromkeys(words_of(value)))
    if not words:
        raise Refused("filter.search", "holds no word to search for (letters or digits)")
    if len(words) > ALERT_SEARCH_MAX_WORDS:
        raise Refused("filter.search", f"must hold at most {ALERT_SEARCH_MAX_WORDS} words")
    return frozenset(word.lower() for word in words)


@dataclass(frozen=True)
class AlertSearch:
    """What ``alerts(filter:)`` asks for; a list given empty matches nothing."""

    words: frozenset[str] | None
    countries: frozenset[str] | None
    violations: frozenset[str] | None
    perpetrators: frozenset[str] | None
    sources: frozenset[str] | None
    occurred: Days | None


def alert_search(value: Mapping[str, Any] | None) -> AlertSearch:
    value = value or {}
    for name in ("countries", "violations", "perpetrators", "sourceOrganisations"):
        if value.get(name) is not None and len(value[name]) > MAX_LIST:
            raise Refused(f"filter.{name}", f"at most {MAX_LIST} values")
    occurred = days(value["occurred"], "filter.occurred") if value.get("occurred") else None
    words = alert_words(value["search"]) if value.get("search") is not None else None

    def listed(name: str) -> frozenset[str] | None:
        return frozenset(value[name]) if value.get(name) is not None else None

    countries = (
        frozenset(country_code(code, "filter.countries") for code in value["countries"])
        if value.get("countries") is not None
        else None
    )
    return AlertSearch(
        words=words,
        countries=countries,
        violations=listed("violations"),
        perpetrators=listed("perpetrators"),
        sources=listed("sourceOrganisations"),
        occurred=occurred,
    )


def global_id(value: str, argument: str) -> tuple[str, Hashable]:
    """The type and key a global ID names: base64 of ``Type:key``."""
    try:
        decoded = base64.b64decode(value.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        decoded = ""
    type_name, colon, key = decoded.partition(":")
    if not colon:
        raise Refused(argument, f"'{value}' is not a global ID returned by this API")
    if type_name not in NODE_TYPES:
        raise Refused(argument, f"'{value}' names no type of this API")
    if type_name == "Country":
        if len(key) != 2 or not key.isalpha():
            problem = f"'{key}' is not an ISO 3166-1 alpha-2 code"
            raise Refused(argument, f"'{value}' is malformed: {problem}")
        return type_name, key.upper()
    if not key.isdigit():
        raise Refused(argument, f"'{value}' is malformed: '{key}' is not a {type_name} key")
    return type_name, int(key)


def global_ids(values: list[str], argument: str) -> list[tuple[str, Hashable]]:
    if len(values) > MAX_PAGE:
        raise Refused(argument, f"at most {MAX_PAGE} IDs at once")
    return [global_id(value, argument) for value in values]


_GROUP_LISTS = ("groups", "workingGroups", "coalitions", "monitoringGroups")


def check(type_name: str, field_name: str, arguments: Mapping[str, Any]) -> None:
    """Raise :class:`Refused` if an argument of this field is bad."""
    given = arguments.get("filter") or {}
    if type_name == "Query":
        if field_name == "country":
            country_code(arguments["code"], "code")
        elif field_name == "node":
            global_id(arguments["id"], "id")
        elif field_name == "nodes":
            global_ids(arguments["ids"], "ids")
        elif field_name == "alerts":
            window(arguments)
            alert_search(given)
        elif field_name == "organisations":
            for name, argument in (("country", "filter.country"), ("worksIn", "filter.worksIn")):
                if given.get(name) is not None:
                    country_code(given[name], argument)
            if given.get("search") is not None:
                name_search(given["search"], "filter.search")
        elif field_name in _GROUP_LISTS and given.get("focusCountry") is not None:
            country_code(given["focusCountry"], "filter.focusCountry")
        elif field_name == "campaigns":
            if given.get("country") is not None:
                country_code(given["country"], "filter.country")
            if given.get("launched") is not None:
                days(given["launched"], "filter.launched")
        elif field_name == "statements" and given.get("published") is not None:
            days(given["published"], "filter.published")
        elif field_name == "reports":
            if given.get("country") is not None:
                country_code(given["country"], "filter.country")
            if given.get("covered") is not None:
                days(given["covered"], "filter.covered")
    if arguments.get("occurred") is not None:
        days(arguments["occurred"], "occurred")
    if type_name == "AlertFacets":
        facet_size(arguments)
    elif "first" in arguments or "after" in arguments:
        window(arguments)

"""What a search of the alerts archive asks for, and which of its filters reads what."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MAX_WORDS = 16

_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search, as the full-text index cuts texts into words: runs of letters
    and digits. Quotes, operators and other punctuation are never read as query syntax."""
    return tuple(dict.fromkeys(_WORD.findall(text)))


@dataclass(frozen=True)
class AlertQuery:
    """Which alerts to find: every condition given must hold; a list matches any of it."""

    words: tuple[str, ...] = ()
    """All of these words, in the title or body, in any language."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes."""
    violations: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    source_organisations: tuple[int, ...] = ()
    """Ids of the organisations that filed them."""
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass(frozen=True)
class Found:
    ids: list[int]
    """The page's alerts, newest first, and the next one when there is one."""
    total: int | None
    """How many alerts match, when asked for."""


def families(query: AlertQuery) -> list[str]:
    """The filters present, dates aside: ``words`` (with the countries, perpetrators and
    violation types asked, which the full-text index holds as words, when there are words),
    ``violations``, and ``alert`` for the alert table's own columns."""
    return [family for family, columns in columns_of(query).items() if any(columns)]


def columns_of(query: AlertQuery) -> dict[str, list[tuple[str, ...] | tuple[int, ...]]]:
    """What each filter reads, by family: the full-text index takes what it can."""
    if query.words:
        return {
            "words": [
                query.words,
                query.countries,
                query.perpetrators,
                query.violations,
                query.source_organisations,
            ],
        }
    return {
        "violations": [query.violations],
        "alert": [query.countries, query.source_organisations, query.perpetrators],
    }


def counted_alone(query: AlertQuery) -> str | None:
    """The filter whose own count is the answer: the only one there is, with the dates,
    which it counts too (the full-text index knows no dates). None when none is."""
    present = families(query)
    if not present:
        return "dates"
    if len(present) > 1 or (present == ["words"] and (query.since or query.until)):
        return None
    return present[0]


def facets(query: AlertQuery) -> list[tuple[str, tuple[str | int, ...]]]:
    given: list[tuple[str, tuple[str | int, ...]]] = [
        ("country", query.countries),
        ("perpetrator", query.perpetrators),
        ("violation", query.violations),
        ("source", query.source_organisations),
    ]
    return [(kind, values) for kind, values in given if values]

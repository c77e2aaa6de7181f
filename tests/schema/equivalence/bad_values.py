"""Bad argument values, of every kind the hub names in its errors.

A generated query that carries one gets it at a place of its kind, chosen once the query
is whole: a page size out of range, a cursor the API never handed out, a country code
that is not one, a global ID that names nothing, a range of days ending before it starts,
a search with no word or too many, more values or IDs than a list takes.
"""

from __future__ import annotations

import base64
import itertools
import random
from typing import Any


def _urlsafe(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def _standard(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


BAD_VALUES: dict[str, list[Any]] = {
    "first": [-1, 101, 1000],
    "after": [
        "not-a-cursor",
        _urlsafe("offset:-1"),
        _urlsafe("page:3"),
        "",
        _urlsafe("offset:1e3"),
    ],
    "country": ["XYZ", "T1", "", "Mexico"],
    "id": [
        "abc",
        _standard("Nothing:1"),
        _standard("Organisation:x"),
        _standard("Country:T1"),
        _standard("Statement:-3"),
        _standard("Organisation"),
    ],
    "days": [
        {"since": "2020-01-02", "until": "2020-01-01"},
        {"since": "2026-01-01", "until": "1995-01-01"},
    ],
    "alert search": ["!!! ... ???", "x" * 201, " ".join(f"w{n}" for n in range(17)), "  "],
    "name search": ["   ", "x" * 101],
}

BAD_KINDS = (*BAD_VALUES, "ids", "list")
"""Each kind of bad value in turn, so that every kind comes up in a few hundred queries."""
_LISTS = ("organisations", "groups", "campaigns", "statements", "petitions", "countries", "reports")
ROOTS_OFFERING: dict[str | None, tuple[str, ...]] = {
    "first": _LISTS,
    "after": _LISTS,
    "country": ("country", "organisations", "workingGroups", "campaigns", "alerts", "reports"),
    "id": ("node", "nodes"),
    "ids": ("nodes",),
    "days": ("alerts", "campaigns", "statements", "organisation", "country", "reports"),
    "alert search": ("alerts",),
    "name search": ("organisations",),
    "list": ("alerts",),
}
"""Root fields under which a bad value of each kind can be written."""


def bad_value(kind: str, old: Any, rng: random.Random) -> Any:
    """A bad value of this kind, in place of ``old``."""
    if kind == "ids":
        return [*(old or []), *itertools.repeat(_standard("Organisation:1"), 101)][:101]
    if kind == "list":
        return [old[0] if old else "MX"] * 101
    return rng.choice(BAD_VALUES[kind])

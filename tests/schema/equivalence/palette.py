"""Argument values drawn from a network's rows, so that generated queries find things.

Random slugs and codes would almost always match nothing; the generator draws instead from
what the database holds (slugs, the countries organisations and alerts are in, the days
memberships and groups began and ended, words of the alerts, pieces of names), with a few
values that match nothing mixed in.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from hub.clock import today
from tests.schema.equivalence.arguments import words_of
from tests.schema.equivalence.reading import global_id
from tests.schema.equivalence.snapshot import Snapshot

T = TypeVar("T")

LANGUAGES = ("en", "fr", "es", "ar", "ru", "pt", "pt-BR", "zu")
"""The languages ``lang`` is drawn from; also ``pt-br`` and ``FR`` spelt loosely, and ``la``,
which iso-codes names no country in."""
LOOSE_LANGUAGES = ("pt-br", "FR", "la", "es-MX")
ACCEPT_LANGUAGES = (
    "",
    "fr",
    "ar",
    "ru, en;q=0.5",
    "pt-BR",
    "pt-BR, pt;q=0.9, en;q=0.3",
    "es-MX,es;q=0.9,en;q=0.8",
    "zu",
    "ru;q=0.3, fr;q=0.7",
    "*",
    "la, fr",
    "en;q=0, ar",
    "de",
    "en",
)
NOWHERE = "nothing-has-this-slug"


@dataclass
class Palette:
    """Values for arguments, by what they name."""

    organisations: list[str]
    groups: list[str]
    campaigns: list[str]
    statements: list[str]
    petitions: list[str]
    reports: list[str]
    countries: list[str]
    days: list[datetime.date]
    alert_words: list[list[str]]
    """The words of each alert, for searches that find it."""
    name_pieces: list[str]
    nodes: list[tuple[str, Hashable]]
    """(type, key) of rows of every node type."""

    @classmethod
    def of(cls, rows: Snapshot) -> Palette:
        countries = {o.hq_country_id for o in rows.organisations}
        countries |= {a.country_id for a in rows.alerts}
        countries |= {c.country_id for c in rows.campaign_countries}
        countries |= {g.focus_country_id for g in rows.groups if g.focus_country_id}
        countries |= {"TN", "PY", "ZZ", "AQ"}  # ZZ is no country; AQ has no member
        days: set[datetime.date] = {today(), datetime.date(1992, 1, 1)}
        for period in (*rows.network_memberships, *rows.group_memberships, *rows.groups):
            for end in ("joined_on", "left_on", "started_on", "ended_on"):
                value = getattr(period, end, None)
                if value is not None:
                    days |= {value, value - datetime.timedelta(days=1)}
        days |= {c.launched_on for c in rows.campaigns}
        days |= {s.published_at.date() for s in rows.statements if s.published_at}
        days |= {a.occurred_on for a in rows.alerts[::7]}
        days |= {r.covered_on for r in rows.reports}
        alert_words = [
            words_of(
                " ".join(v for t in (a.title, a.body) for v in t.values() if isinstance(v, str))
            )
            for a in rows.alerts
        ]
        pieces = [
            text[start : start + length]
            for o in rows.organisations
            for text in o.name.values()
            if isinstance(text, str) and len(text) > 6
            for start, length in ((0, 5), (len(text) // 2, 4))
        ]
        nodes: list[tuple[str, Hashable]] = [
            (type_name, key)
            for type_name, by_key in rows.by_key.items()
            for key in list(by_key)[:: max(1, len(by_key) // 12)]
        ]
        return cls(
            organisations=[o.slug for o in rows.organisations],
            groups=[g.slug for g in rows.groups],
            campaigns=[c.slug for c in rows.campaigns],
            statements=[s.slug for s in rows.statements],
            petitions=[p.slug for p in rows.petitions],
            reports=[r.slug for r in rows.reports] or [NOWHERE],
            countries=sorted(countries),
            days=sorted(days),
            alert_words=[words for words in alert_words if words],
            name_pieces=pieces,
            nodes=nodes,
        )


class Draw:
    """A seeded source of values from a palette."""

    def __init__(self, palette: Palette, rng: random.Random) -> None:
        self.palette = palette
        self.rng = rng

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, values: Sequence[T]) -> T:
        return values[self.rng.randrange(len(values))]

    def slug(self, kind: str) -> str:
        if self.chance(0.05):
            return NOWHERE
        slugs: list[str] = getattr(self.palette, kind)
        return self.pick(slugs)

    def country(self) -> str:
        code = self.pick(self.palette.countries)
        return code.lower() if self.chance(0.15) else code

    def day(self) -> str:
        if self.chance(0.2):
            start = datetime.date(1990, 1, 1)
            return (start + datetime.timedelta(days=self.rng.randrange(13_500))).isoformat()
        return self.pick(self.palette.days).isoformat()

    def days(self) -> dict[str, str]:
        """A range of days, since before until, either end sometimes open."""
        since, until = sorted((self.day(), self.day()))
        shape = self.rng.randrange(5)
        if shape == 0:
            return {"since": since}
        if shape == 1:
            return {"until": until}
        if shape == 2:
            return {"since": since, "until": since}
        return {"since": since, "until": until}

    def lang(self) -> str:
        return self.pick(LOOSE_LANGUAGES) if self.chance(0.1) else self.pick(LANGUAGES)

    def accept_language(self) -> str:
        return self.pick(ACCEPT_LANGUAGES)

    def node_id(self) -> str:
        type_name, key = self.pick(self.palette.nodes)
        if self.chance(0.1):
            return global_id(type_name, 987_654 if type_name != "Country" else "ZZ")
        if type_name == "Country" and self.chance(0.3):
            return global_id(type_name, str(key).lower())
        return global_id(type_name, key)

    def alert_search(self) -> str:
        words = self.pick(self.palette.alert_words)
        shape = self.rng.randrange(10)
        if shape < 4:
            return self.pick(words)
        if shape < 6:
            return " ".join(self.rng.sample(words, min(len(words), 2)))
        if shape == 6:
            return self.pick(words).upper() + "!"
        if shape == 7:  # the words of another alert, most likely matching nothing
            return f"{self.pick(words)} {self.pick(self.pick(self.palette.alert_words))}"
        # words the full-text index keeps beside the texts, which texts do not hold
        return self.pick(("cmx", "vkilled", "punknown", "country:mx", "s1", "killed"))

    def name_search(self) -> str:
        piece = self.pick(self.palette.name_pieces)
        shape = self.rng.randrange(8)
        if shape == 0:
            return f"  {piece.upper()} "
        if shape == 1:
            return self.pick(("%", "_", "of_", "a%e", "ß", "İ"))
        return piece

"""Petition cards: what a widget shows of a petition, kept in memory and served as bytes.

Widgets are read far more than anything else, so a card is read from the database once and
then served from memory. Signatures this process writes move its count at once (the writer
tells :meth:`PetitionCards.counted` after each commit); signatures other processes write
show once the card is older than ``widget_refresh_seconds`` and a reader asks: the card is
then read again in the background while readers are still served the one they had. If it
cannot be read again (the database is away), readers keep that card, and the log hears of
it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from strawberry.relay import GlobalID

from hub.models import Petition, PetitionEndorsement
from hub.models.petitions import SLUG_MAX_LENGTH, PetitionStatus
from schema.localization import choose

log = logging.getLogger(__name__)


@dataclass
class Card:
    """One petition as widgets show it, in every language it has."""

    petition_id: int
    slug: str
    status: str
    goal: int
    closes_at: str | None
    original_language: str
    titles: dict[str, str]
    targets: dict[str, str]
    bodies: dict[str, str]
    endorsers: list[tuple[str, dict[str, str], str]]
    """(slug, names per language, original language) of each endorsing organisation."""
    signature_count: int
    read_at: float
    rendered: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Per language: the card's JSON and its ETag, until the count moves."""

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(language for language, text in self.titles.items() if text)

    @property
    def open(self) -> bool:
        return self.status == "open"

    def served(self, language: str) -> tuple[bytes, str]:
        """The card's JSON in ``language`` (or its fallback) and its ETag."""
        if language not in self.rendered:
            body = json.dumps(self.answer(language), ensure_ascii=False, separators=(",", ":"))
            etag = f'W/"{self.petition_id}-{self.signature_count}-{self.status}-{language}"'
            self.rendered[language] = (body.encode(), etag)
        return self.rendered[language]

    def answer(self, language: str) -> dict[str, Any]:
        title = choose(self.titles, self.original_language, [language])
        target = choose(self.targets, self.original_language, [language])
        body = choose(self.bodies, self.original_language, [language])
        return {
            "id": str(GlobalID("Petition", str(self.petition_id))),
            "slug": self.slug,
            "status": self.status,
            "goal": self.goal,
            "signatureCount": self.signature_count,
            "closesAt": self.closes_at,
            "language": title.language if title else self.original_language,
            "languages": sorted(self.languages),
            "title": title.text if title else "",
            "target": target.text if target else "",
            "body": body.text if body else "",
            "endorsers": [
                endorser_name(slug, names, original, language)
                for slug, names, original in self.endorsers
            ],
        }


def endorser_name(slug: str, names: dict[str, str], original: str, language: str) -> dict[str, str]:
    """An endorsing organisation's name for a widget in ``language``, falling back in this
    order: the widget's language, the organisation's original language, English, any other
    language it has a name in (by language code, so the same one every time), and last its
    slug. Says which language the name is in, for the page's ``lang``."""
    for candidate in (language, original, "en", *sorted(names)):
        if (names.get(candidate) or "").strip():
            return {"slug": slug, "name": names[candidate], "language": candidate}
    return {"slug": slug, "name": slug, "language": ""}


class PetitionCards:
    """The cards of one hub process, by slug."""

    def __init__(self, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self._cards: dict[str, Card] = {}
        self._slugs: dict[int, str] = {}
        self._reading: dict[str, asyncio.Task[Card | None]] = {}
        self._failing: set[str] = set()
        """Slugs whose card could not be read again: told once in the log."""
        self._moved = asyncio.Event()

    async def card(self, slug: str) -> Card | None:
        """The petition's card, or None if no petition has this slug."""
        if len(slug) > SLUG_MAX_LENGTH:
            return None  # longer than any petition's: not worth a statement
        card = self._cards.get(slug)
        if card is None:
            return await self._read(slug)
        if time.monotonic() - card.read_at > self.refresh_seconds:
            self._read_soon(slug)  # stale while it is read again: still the last one known
        return card

    def counted(self, counts: dict[int, int]) -> None:
        """This process wrote signatures: the petitions now have these counts."""
        for petition_id, count in counts.items():
            card = self._cards.get(self._slugs.get(petition_id, ""))
            if card is not None and card.signature_count != count:
                card.signature_count = count
                card.rendered.clear()
        self._tell_watchers()

    async def moved(self, timeout: float) -> None:
        """Wait until some count moves here, or ``timeout`` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._moved.wait(), timeout)

    def _tell_watchers(self) -> None:
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()

    def _read_soon(self, slug: str) -> None:
        if slug not in self._reading:
            self._reading[slug] = asyncio.create_task(self._read_now(slug))

    async def _read(self, slug: str) -> Card | None:
        self._read_soon(slug)
        return await asyncio.shield(self._reading[slug])

    async def _read_now(self, slug: str) -> Card | None:
        before = self._cards.get(slug)
        try:
            card = await read_card(slug)
        except Exception as error:
            if before is None:
                raise  # a first read: the readers waiting for it are told
            self._not_read_again(slug, before, error)
            return before
        finally:
            del self._reading[slug]
        if slug in self._failing:
            self._failing.discard(slug)
            log.info("The card of petition %s is read again", slug)
        if card is None:
            self._cards.pop(slug, None)
            return None
        self._cards[slug] = card
        self._slugs[card.petition_id] = slug
        if before is not None and before.signature_count != card.signature_count:
            self._tell_watchers()
        return card

    def _not_read_again(self, slug: str, card: Card, error: Exception) -> None:
        """Readers keep the card they had; the log hears of it once, until it is read again."""
        age = time.monotonic() - card.read_at
        card.read_at = time.monotonic()  # tried again after a refresh period, not per reader
        if slug not in self._failing:
            self._failing.add(slug)
            log.warning(
                "The card of petition %s could not be read again: serving the one read"
                " %.1f s ago until it can be. %r",
                slug,
                age,
                error,
            )


async def read_card(slug: str) -> Card | None:
    """The petition's card as the database has it now."""
    petition = await Petition.get_or_none(slug=slug)
    if petition is None:
        return None
    endorsements = (
        await PetitionEndorsement.filter(petition_id=petition.id)
        .order_by("endorsed_at", "id")
        .values("organisation__slug", "organisation__name", "organisation__original_language")
    )
    return Card(
        petition_id=petition.id,
        slug=petition.slug,
        status=PetitionStatus(petition.status).value,
        goal=petition.goal,
        closes_at=petition.closes_at.isoformat() if petition.closes_at else None,
        original_language=petition.original_language,
        titles=petition.title,
        targets=petition.target,
        bodies=petition.body,
        endorsers=[
            (
                row["organisation__slug"],
                row["organisation__name"],
                row["organisation__original_language"],
            )
            for row in endorsements
        ],
        signature_count=petition.signature_count,
        read_at=time.monotonic(),
    )

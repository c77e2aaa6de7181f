"""Atom 1.0 documents (RFC 4287) made with feedgen, answered with validators: an ``ETag``
of the document's bytes and a ``Last-Modified`` of its newest entry, so that a feed reader
asking again with ``If-None-Match`` or ``If-Modified-Since`` is answered 304 and nothing.

Every feed and entry is named by a tag URI (RFC 4151) under ``HUB_FEED_TAG_AUTHORITY``: the
same row keeps the same ID whatever address the hub is reached at.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime

from feedgen.feed import FeedGenerator
from starlette.requests import Request
from starlette.responses import Response

ATOM = "application/atom+xml; charset=utf-8"
FEED_SECONDS = 60
"""How long a reader's cache may keep a feed without asking again."""


def tag_uri(authority: str, *path: object) -> str:
    """A tag URI for a thing of the hub: ``tag:hub.example.org,2026-12-01:alert/42``."""
    return f"tag:{authority}:{'/'.join(str(part) for part in path)}"


@dataclass(frozen=True)
class Entry:
    """One entry: what happened, who says so, in which language."""

    id: str
    title: str
    updated: datetime.datetime
    content: str
    language: str
    published: datetime.datetime | None = None
    author: str | None = None
    link: str | None = None
    categories: Sequence[tuple[str, str, str]] = ()
    """(scheme, term, label) of each category."""


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    language: str
    self_url: str
    author: str
    entries: list[Entry] = field(default_factory=list)
    quiet_since: datetime.datetime = datetime.datetime(1995, 1, 1, tzinfo=datetime.UTC)
    """The feed's ``updated`` while it has no entries."""

    @property
    def updated(self) -> datetime.datetime:
        return max((entry.updated for entry in self.entries), default=self.quiet_since)

    def document(self) -> bytes:
        """The feed as Atom XML: the same bytes for the same entries."""
        generator = FeedGenerator()
        generator.id(self.id)
        generator.title(self.title)
        generator.subtitle(self.subtitle)
        generator.language(self.language)
        generator.link(href=self.self_url, rel="self", type="application/atom+xml")
        generator.author({"name": self.author})
        generator.updated(self.updated)
        for entry in self.entries:
            written = generator.add_entry(order="append")
            written.id(entry.id)
            written.title(entry.title)
            written.updated(entry.updated)
            if entry.published is not None:
                written.published(entry.published)
            written.content(entry.content, type="text")
            if entry.author:
                written.author({"name": entry.author})
            if entry.link:
                written.link(href=entry.link, rel="alternate", type="text/html")
            for scheme, term, label in entry.categories:
                written.category(term=term, scheme=scheme, label=label)
        document: bytes = generator.atom_str(pretty=True)
        return document


def answer(request: Request, feed: Feed) -> Response:
    """The feed, or 304 when the reader's copy is current."""
    body = feed.document()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    modified = feed.updated.astimezone(datetime.UTC).replace(microsecond=0)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Cache-Control": f"public, max-age={FEED_SECONDS}",
    }
    if not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=ATOM, headers=headers)


def not_modified(request: Request, etag: str, modified: datetime.datetime) -> bool:
    """RFC 9110 §13.2.2: ``If-None-Match`` decides when present (weak comparison), else
    ``If-Modified-Since`` (a date that cannot be read is ignored)."""
    asked = request.headers.get("if-none-match")
    if asked is not None:
        tags = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if when.tzinfo is None:
        return False
    return modified <= when

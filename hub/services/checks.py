"""Checks every write shares: slugs, texts in their original language, country codes."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from hub.models import Country
from hub.services.errors import Refusal, WriteRefused

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def url_parts(address: str) -> SplitResult | None:
    """The parts of a web address, or None when no browser would take it for one (a broken
    host, a port that is not a number from 0 to 65535)."""
    try:
        parts = urlsplit(address)
        _ = parts.port  # read lazily, where it would fail
    except ValueError:
        return None
    return parts


def check_length(value: str | None, max_length: int, field: str) -> str | None:
    """A text that fits its column (PostgreSQL refuses a longer one; SQLite would keep it)."""
    if value is not None and len(value) > max_length:
        raise WriteRefused(
            Refusal.INVALID, f"{field} is at most {max_length} characters long.", field
        )
    return value


def readable_name(text: str) -> str | None:
    """A name as people read it (NFC, single spaces, trimmed), or None when it is empty or
    holds control or invisible characters: a signer's, a partner's, a client's, a staff
    user's."""
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name or any(unicodedata.category(c).startswith("C") for c in name):
        return None
    return name


def check_name(text: str, max_length: int, whose: str) -> str:
    """:func:`readable_name`, at most ``max_length`` long, or refused naming ``whose`` (like
    "A partner's")."""
    name = readable_name(text)
    if name is None or len(name) > max_length:
        raise WriteRefused(
            Refusal.INVALID, f"{whose} name has 1 to {max_length} printable characters.", "name"
        )
    return name


def check_slug(slug: str, max_length: int) -> str:
    """A unique, URL-safe name: lower-case letters and digits, words joined by hyphens."""
    if len(slug) > max_length or not _SLUG.fullmatch(slug):
        given = slug if len(slug) <= max_length else f"{slug[:max_length]}…"
        raise WriteRefused(
            Refusal.INVALID,
            f"'{given}' is not a slug: up to {max_length} lower-case letters, digits and"
            " single hyphens, like 'day-to-end-impunity'.",
            "slug",
        )
    return slug


def check_texts(original_language: str, **texts: dict[str, str]) -> None:
    """Every text exists in its original language, the reader's fallback."""
    for field, text in texts.items():
        if not text.get(original_language):
            raise WriteRefused(
                Refusal.INVALID,
                f"The {field} is needed in the original language, '{original_language}'.",
                field,
            )


async def known_countries(codes: list[str], field: str) -> list[str]:
    """ISO 3166-1 alpha-2 codes, upper-cased and once each, all of countries the hub knows."""
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes))
    # a code of another length is no country's, and longer than the column it is looked up in
    rows = await Country.filter(code__in=[c for c in wanted if len(c) == 2]).values_list(
        "code", flat=True
    )
    known = {str(code) for code in rows}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise WriteRefused(
            Refusal.INVALID,
            f"Not ISO 3166-1 alpha-2 country codes: {', '.join(unknown)}.",
            field,
        )
    return wanted

"""Checks every write shares: slugs, texts in their original language, country codes."""

from __future__ import annotations

import re

from hub.models import Country
from hub.services.errors import Refusal, WriteRefused

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_slug(slug: str, max_length: int) -> str:
    """A unique, URL-safe name: lower-case letters and digits, words joined by hyphens."""
    if len(slug) > max_length or not _SLUG.fullmatch(slug):
        raise WriteRefused(
            Refusal.INVALID,
            f"'{slug}' is not a slug: up to {max_length} lower-case letters, digits and"
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
    rows = await Country.filter(code__in=wanted).values_list("code", flat=True)
    known = {str(code) for code in rows}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise WriteRefused(
            Refusal.INVALID,
            f"Not ISO 3166-1 alpha-2 country codes: {', '.join(unknown)}.",
            field,
        )
    return wanted

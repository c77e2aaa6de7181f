"""The languages the hub speaks to people in (widgets, mails, link pages), and which of
them are read right to left."""

from __future__ import annotations

LANGUAGES = ("en", "fr", "es", "ar", "ru", "pt")
RIGHT_TO_LEFT = frozenset({"ar"})


def spoken(asked: object) -> str:
    """The language asked for if the hub speaks it, else English."""
    return asked if isinstance(asked, str) and asked in LANGUAGES else "en"

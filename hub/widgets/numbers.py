"""Numbers as the widget's language writes them: one way, on the server and in the script.

The server formats with Babel, from CLDR, in the language's default numbering system; the
frame's script formats the numbers that move (the live count) with ``Intl.NumberFormat``
given the same locale, its numbering system spelt out (``ar-u-nu-latn``) so that a browser
whose own data would choose otherwise writes the same digits, and grouping always on, as
Babel groups (CLDR lets Spanish and some others leave four-digit numbers ungrouped; Babel
does not, so neither does the script). The browser tests compare both, language by language.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal


@lru_cache(maxsize=16)
def _numbering_system(language: str) -> str:
    return str(Locale.parse(language).default_numbering_system)


def number_locale(language: str) -> str:
    """The BCP 47 locale the script gives ``Intl.NumberFormat``: the language and its
    numbering system."""
    return f"{language}-u-nu-{_numbering_system(language)}"


def formatted(value: int, language: str) -> str:
    """``value`` as the language writes it (CLDR, through Babel)."""
    return format_decimal(value, locale=language, numbering_system=_numbering_system(language))

"""Which version of a text a reader gets, decided from the documented rule alone.

The hub chooses a text's language in SQL; this is the rule as the SDL and the README state
it, written out again in Python: the ``lang`` argument, else the Accept-Language languages
by preference, each tried as given and then as its primary subtag (``pt-BR``, then ``pt``);
only a non-empty text counts; else the original language, else English, else the first
language the stored object holds. Country names come from iso-codes (``hub.geography``),
in the first asked language it names countries in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pycountry

from hub.geography import country_name, has_country_names

LocalizedText = dict[str, Any]
"""``{"text": …, "language": …, "isFallback": …}``, as the GraphQL answer holds it."""


def normalised_language(value: str) -> str | None:
    """A language tag as the ``Language`` scalar normalises it (``pt-br`` is ``pt-BR``), or
    None when it names no ISO 639-1 language."""
    primary, _, region = value.strip().replace("_", "-").partition("-")
    if len(primary) != 2 or pycountry.languages.get(alpha_2=primary.lower()) is None:
        return None
    if region and not (region.isalnum() and 2 <= len(region) <= 8):
        return None
    return primary.lower() + (f"-{region.upper()}" if region else "")


def accepted_languages(header: str) -> list[str]:
    """An Accept-Language header's languages, most preferred first (RFC 9110 §12.5.4):
    by quality, then by position; ``*``, junk tags and ``q=0`` say nothing to serve."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        quality = 1.0
        parameters = parameters.strip()
        if parameters.startswith("q="):
            try:
                quality = float(parameters[2:])
            except ValueError:
                continue
        language = normalised_language(tag)
        if language is not None and quality > 0:
            ranked.append((-quality, position, language))
    return [language for _, _, language in sorted(ranked)]


def _served(texts: Mapping[str, Any], language: str, fallback: bool) -> LocalizedText | None:
    text = texts.get(language)
    if isinstance(text, str) and text:
        return {"text": text, "language": language, "isFallback": fallback}
    return None


def chosen_text(
    texts: Mapping[str, Any] | None, original: str, wanted: list[str]
) -> LocalizedText | None:
    """The version served to a reader wanting ``wanted``, or None when no version has text."""
    texts = texts or {}
    for language in wanted:
        for candidate in dict.fromkeys((language, language.split("-")[0])):
            if served := _served(texts, candidate, fallback=False):
                return served
    for candidate in (original, "en", *texts):
        if served := _served(texts, candidate, fallback=True):
            return served
    return None


def required_text(
    texts: Mapping[str, Any] | None, original: str, wanted: list[str]
) -> LocalizedText:
    """A text the schema promises (``LocalizedText!``): empty, in the original, when none is."""
    return chosen_text(texts, original, wanted) or {
        "text": "",
        "language": original,
        "isFallback": True,
    }


def country_name_text(code: str, wanted: list[str]) -> LocalizedText:
    """A country's name in the first asked language iso-codes names countries in."""
    for language in wanted:
        primary = language.split("-")[0]
        if has_country_names(primary):
            return {"text": country_name(code, primary), "language": primary, "isFallback": False}
    return {"text": country_name(code, "en"), "language": "en", "isFallback": True}

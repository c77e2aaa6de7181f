"""Countries and their names in every language, from pycountry (ISO 3166-1, iso-codes)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def has_country_names(language: str) -> bool:
    """Whether iso-codes ships country names in this language."""
    return language == "en" or type(_translations(language)) is not gettext.NullTranslations


def country_name(code: str, language: str) -> str:
    """The country's common name in the language, English where iso-codes has none."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    english = getattr(country, "common_name", None) or country.name
    if language == "en":
        return str(english)
    translations = _translations(language)
    translated = translations.gettext(english)
    if translated == english and english != country.name:
        translated = translations.gettext(country.name)
    return translated


def country_names(codes: list[str]) -> list[tuple[str, str, str]]:
    """(alpha-2, language, name) for these countries in English and in every ISO 639-1
    language iso-codes names countries in."""
    languages = sorted(
        language.alpha_2
        for language in pycountry.languages
        if hasattr(language, "alpha_2") and has_country_names(language.alpha_2)
    )
    return [
        (code, language, country_name(code, language)) for language in languages for code in codes
    ]


def all_countries() -> list[tuple[str, str, str, str]]:
    """(alpha-2, alpha-3, numeric, English name) for every ISO 3166-1 country."""
    return [
        (c.alpha_2, c.alpha_3, c.numeric, getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    ]

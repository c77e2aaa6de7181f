"""Texts that people read, stored once per language.

A translated text is a JSON object from language code to text, for example
``{"en": "Day to End Impunity", "fr": "Journée pour mettre fin à l'impunité"}``. Every row
that holds such texts also names its ``original_language``, the fallback when a reader's
language is missing.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from tortoise import fields

LANGUAGES = ("en", "fr", "es", "ar", "ru", "pt")
"""The languages the network publishes in; any other ISO 639-1 code may be stored too."""

Translations = dict[str, str]


@overload
def translated_text(description: str) -> fields.JSONField[Translations]: ...


@overload
def translated_text(
    description: str, *, null: Literal[True]
) -> fields.JSONField[Translations | None]: ...


def translated_text(description: str, *, null: bool = False) -> Any:
    """A column holding one text in several languages."""
    return fields.JSONField(description=description, null=null, default=dict)


def original_language() -> fields.CharField[str]:
    return fields.CharField(
        max_length=8, default="en", description="Language the texts were written in"
    )


def search_text(*texts: Translations | None) -> str:
    """Every language version of some texts, folded for case-insensitive search."""
    return "\n".join(value.casefold() for text in texts if text for value in text.values() if value)

"""A text kept per language, served in the reader's language outside the graph (feeds,
report pages, newsletters), by the rule the graph follows: the language asked, else the
original, else English, else any; saying which it served."""

from __future__ import annotations

from dataclasses import dataclass

from hub.models.texts import Translations

RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ku"})
"""Languages written right to left (their primary subtag)."""


@dataclass(frozen=True)
class ServedText:
    text: str
    language: str


def served_text(texts: Translations | None, original: str, *wanted: str) -> ServedText:
    """The first language that has a text, in the order the graph tries them."""
    texts = texts or {}
    for language in (*wanted, original, "en"):
        if texts.get(language):
            return ServedText(texts[language], language)
    for language, text in texts.items():
        if text:
            return ServedText(text, language)
    return ServedText("", original)


def has_language(texts: Translations | None, language: str) -> bool:
    """Whether a text exists in this language (its primary subtag, ``pt`` for ``pt-BR``)."""
    texts = texts or {}
    return bool(texts.get(language) or texts.get(language.split("-")[0]))


def direction(language: str) -> str:
    """``rtl`` or ``ltr``: the HTML ``dir`` of a text in this language."""
    return "rtl" if language.split("-")[0] in RIGHT_TO_LEFT else "ltr"

"""Serving texts in the reader's language: ``LocalizedText`` and translated fields.

A text is chosen in this order: the ``lang`` argument, then the languages of the
request's Accept-Language header, then the text's original language. The answer says
which language it served.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
import strawberry.federation

from schema.context import Info
from schema.languages import Language


@strawberry.federation.type(
    shareable=True, description="A text served in one language, saying which one."
)
class LocalizedText:
    text: str = strawberry.field(description="The text.")
    language: str = strawberry.field(description="The language the text is in.")
    is_fallback: bool = strawberry.field(
        description="True when none of the asked languages was available, so the original"
        " (or another available language) was served instead."
    )


def choose(texts: Mapping[str, str], original: str, wanted: list[str]) -> LocalizedText | None:
    """The version of a text to serve to a reader who wants these languages, in order."""
    for language in wanted:
        for candidate in (language, language.split("-")[0]):
            if texts.get(candidate):
                return LocalizedText(text=texts[candidate], language=candidate, is_fallback=False)
    for candidate in (original, "en", *texts):
        if texts.get(candidate):
            return LocalizedText(text=texts[candidate], language=candidate, is_fallback=True)
    return None


LangArgument = Annotated[
    Language | None,  # type: ignore[valid-type]
    strawberry.argument(
        description="Serve the text in this language; by default the request's"
        " Accept-Language, then the original language."
    ),
]


def wanted_languages(info: Info, lang: str | None) -> list[str]:
    return [lang] if lang else info.context.languages


def translated(attribute: str, description: str) -> Any:
    """A field serving the translated text kept in ``attribute``, in the reader's language."""

    def resolve(root: Any, info: Info, lang: LangArgument = None) -> LocalizedText:
        chosen = choose(
            getattr(root, attribute), root.original_language, wanted_languages(info, lang)
        )
        return chosen or LocalizedText(text="", language=root.original_language, is_fallback=True)

    return strawberry.field(resolver=resolve, description=description)


def translated_optional(attribute: str, description: str) -> Any:
    """Like ``translated``, for a text that may be absent (null when it is)."""

    def resolve(root: Any, info: Info, lang: LangArgument = None) -> LocalizedText | None:
        texts = getattr(root, attribute)
        return (
            choose(texts, root.original_language, wanted_languages(info, lang)) if texts else None
        )

    return strawberry.field(resolver=resolve, description=description)

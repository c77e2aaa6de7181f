"""Texts in the reader's language: ``LocalizedText``, and choosing which version to serve.

A text is chosen in this order: the ``lang`` argument, then the languages of the
request's Accept-Language header, then the text's original language, then English, then
any. The answer says which language it served. GraphQL fields choose in SQL
(``schema.reads.fields.Translated``); ``choose`` does the same for the widgets' cards.
"""

from __future__ import annotations

from collections.abc import Mapping

import strawberry
import strawberry.federation


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

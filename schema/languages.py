"""Languages: the ``Language`` scalar and the reader's languages from Accept-Language."""

from __future__ import annotations

from typing import NewType

import pycountry
import strawberry


def parse_language(value: object) -> str:
    """A BCP 47 tag whose primary subtag is an ISO 639-1 code, normalised (``pt-BR``)."""
    if not isinstance(value, str):
        raise ValueError(f"a language must be a string such as 'fr', got {value!r}")
    primary, _, region = value.replace("_", "-").partition("-")
    if len(primary) != 2 or pycountry.languages.get(alpha_2=primary.lower()) is None:
        raise ValueError(f"'{value}' is not an ISO 639-1 language code such as 'fr' or 'pt-BR'")
    if region and not (region.isalnum() and 2 <= len(region) <= 8):
        raise ValueError(f"'{value}' has a malformed region or variant part")
    return primary.lower() + (f"-{region.upper()}" if region else "")


Language = NewType("Language", str)

LANGUAGE_SCALAR = strawberry.scalar(
    name="Language",
    description="A language as an ISO 639-1 code, optionally with a region: `ar`, `pt-BR`.",
    serialize=str,
    parse_value=parse_language,
)


def accepted_languages(header: str) -> list[str]:
    """The languages of an Accept-Language header, by descending quality (RFC 9110 §12.5.4)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        try:
            language = parse_language(tag.strip())
        except ValueError:
            continue  # "*" and junk tags say nothing we can serve
        if quality > 0:
            weighted.append((-quality, position, language))
    return [language for _, _, language in sorted(weighted)]

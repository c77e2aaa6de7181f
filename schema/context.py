"""What every resolver of one request can reach: the request, its loaders, its languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from hub.settings import Settings
from schema.languages import accepted_languages
from schema.loaders import Loaders


@dataclass
class Context:
    request: Request | None
    settings: Settings
    languages: list[str]
    """The reader's languages, most preferred first, from the Accept-Language header."""
    loaders: Loaders = field(default_factory=Loaders)

    @classmethod
    def for_request(cls, request: Request | None, settings: Settings) -> Context:
        header = request.headers.get("accept-language", "") if request is not None else ""
        return cls(request=request, settings=settings, languages=accepted_languages(header))


Info: TypeAlias = StrawberryInfo[Context, Any]

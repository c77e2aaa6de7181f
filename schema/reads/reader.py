"""Who reads: what a request brings to a compiled read besides its arguments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from auth.principal import Principal
from hub import clock
from hub.settings import Settings
from schema.context import Context


@dataclass(frozen=True)
class Reader:
    """The reader of one request: their languages, their token, their day."""

    settings: Settings
    languages: tuple[str, ...]
    """From the Accept-Language header, most preferred first."""
    principal: Principal | None
    today: datetime.date

    @classmethod
    def of(cls, context: Context) -> Reader:
        return cls(
            settings=context.settings,
            languages=tuple(context.languages),
            principal=context.principal,
            today=clock.today(),
        )

    def value(self, key: str) -> Any:
        """A value compiled reads bind for the request itself."""
        if key == "today":
            return self.today
        if key == "organisation":
            return self.principal.organisation_id if self.principal else None
        raise KeyError(key)

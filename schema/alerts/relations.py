"""Alert relations, read page by page through ``Loaders.related``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.expressions import Q

from hub import models
from schema.errors import BadArgument
from schema.filters import DateRange
from schema.loaders import Relation

NEWEST_FIRST = ("-occurred_on", "-id")

ALERTS_IN_COUNTRY = Relation(models.Alert, "country_id", NEWEST_FIRST)
ALERTS_FILED_BY = Relation(models.Alert, "source_organisation_id", NEWEST_FIRST)


@dataclass(frozen=True)
class OccurredWithin:
    """Alerts that happened within these days, both included; either end may be open."""

    since: datetime.date | None
    until: datetime.date | None

    @classmethod
    def of(cls, days: DateRange, argument: str) -> OccurredWithin:
        if days.since and days.until and days.since > days.until:
            raise BadArgument(argument, f"since ({days.since}) is after until ({days.until})")
        return cls(days.since, days.until)

    def to_q(self) -> Q:
        q = Q()
        if self.since is not None:
            q &= Q(occurred_on__gte=self.since)
        if self.until is not None:
            q &= Q(occurred_on__lte=self.until)
        return q

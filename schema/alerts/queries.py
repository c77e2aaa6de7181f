"""Root fields of the alerts archive: searching it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated

import strawberry

from hub import models
from hub.alert_search import MAX_WORDS, AlertQuery, search_alerts, search_words
from schema.alerts.relations import OccurredWithin
from schema.alerts.types import Alert, PerpetratorType, ViolationType
from schema.arguments import FILTER
from schema.context import Info
from schema.errors import BadArgument
from schema.filters import DateRange, country_code
from schema.pagination import After, Connection, First, connection, window

SEARCH_MAX_LENGTH = 200
LIST_MAX = 100
"""Values one list of a filter may hold."""


@strawberry.input(
    description="Which alerts to find: every condition given must hold; a list matches any"
    " of its values (an empty list, none)."
)
class AlertFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Words that must all appear in the title or body, in any of its languages"
        " (case aside; a word is letters and digits, the rest is ignored), e.g. `Radio Estmark`.",
    )
    countries: list[str] | None = strawberry.field(
        default=None, description="Happened in one of these countries (ISO 3166-1 alpha-2 codes)."
    )
    violations: list[ViolationType] | None = strawberry.field(
        default=None, description="Of one of these violation types."
    )
    perpetrators: list[PerpetratorType] | None = strawberry.field(
        default=None, description="By one of these kinds of perpetrator."
    )
    source_organisations: list[str] | None = strawberry.field(
        default=None, description="Filed by one of the organisations with these slugs."
    )
    occurred: DateRange | None = strawberry.field(
        default=None, description="Happened within these days."
    )

    def lists(self) -> dict[str, Sequence[object] | None]:
        return {
            "countries": self.countries,
            "violations": self.violations,
            "perpetrators": self.perpetrators,
            "sourceOrganisations": self.source_organisations,
        }

    def matches_nothing(self) -> bool:
        """An empty list leaves no value to match."""
        return any(values is not None and not values for values in self.lists().values())

    def to_query(self) -> AlertQuery:
        """The search this filter asks for, or an error naming what is wrong in it; the
        organisations, named by slug, are left to :func:`filed_by`."""
        for name, values in self.lists().items():
            if values is not None and len(values) > LIST_MAX:
                raise BadArgument(f"filter.{name}", f"at most {LIST_MAX} values")
        within = OccurredWithin.of(self.occurred, "filter.occurred") if self.occurred else None
        return AlertQuery(
            words=_words(self.search) if self.search is not None else (),
            countries=tuple(
                dict.fromkeys(
                    country_code(code, "filter.countries") for code in self.countries or ()
                )
            ),
            violations=tuple(dict.fromkeys(v.value for v in self.violations or ())),
            perpetrators=tuple(dict.fromkeys(p.value for p in self.perpetrators or ())),
            since=within.since if within else None,
            until=within.until if within else None,
        )


async def filed_by(slugs: list[str]) -> tuple[int, ...]:
    """The ids of the organisations with these slugs (none, when no slug is known)."""
    found = await models.Organisation.filter(slug__in=list(dict.fromkeys(slugs))).values_list(
        "id", flat=True
    )
    return tuple(int(key) for key in found)


def _words(search: str) -> tuple[str, ...]:
    if len(search) > SEARCH_MAX_LENGTH:
        raise BadArgument("filter.search", f"must be at most {SEARCH_MAX_LENGTH} characters")
    words = search_words(search)
    if not words:
        raise BadArgument("filter.search", "holds no word to search for (letters or digits)")
    if len(words) > MAX_WORDS:
        raise BadArgument("filter.search", f"must hold at most {MAX_WORDS} words")
    return words


@strawberry.type
class AlertQueries:
    @strawberry.field(
        description="The archive of free-expression violation alerts since 1995, newest first"
        " (by the day they happened): searched by words in any language, and filtered."
    )
    async def alerts(
        self,
        info: Info,
        filter: Annotated[AlertFilter | None, FILTER] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Alert]:
        slice_ = window(info, first, after)
        query = filter.to_query() if filter else AlertQuery()
        if filter is not None and filter.matches_nothing():
            return connection([], slice_, 0)
        if filter is not None and filter.source_organisations:
            filers = await filed_by(filter.source_organisations)
            if not filers:
                return connection([], slice_, 0)
            query = replace(query, source_organisations=filers)
        found = await search_alerts(
            query,
            slice_.offset,
            slice_.limit,
            rows=slice_.wants_rows,
            total=slice_.wants_total,
        )
        return connection([Alert.from_row(row) for row in found.alerts], slice_, found.total)

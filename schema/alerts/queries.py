"""Root fields of the alerts archive: searching it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import strawberry
from strawberry.types.arguments import StrawberryArgument
from tortoise import connections

from hub import models
from hub.alert_search import MAX_WORDS, AlertQuery, Found, search_alerts, search_words
from hub.alert_search.facets import count_facets
from hub.db import DATABASE
from schema.alerts.facets import AlertSearchConnection, asked_facets
from schema.alerts.types import PerpetratorType, ViolationType
from schema.errors import BadArgument
from schema.filters import DateRange, country_code
from schema.reads.arguments import Argument, Page, Prepared, declared
from schema.reads.auditing import audit_reads
from schema.reads.fields import declare
from schema.reads.plans import Asked, arguments, bind, plan_of, run
from schema.reads.reader import Reader
from schema.reads.roots import Resolving, answer, served
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row, Source, connection, reads_page, table

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
        days = self.occurred or DateRange()
        if days.since and days.until and days.since > days.until:
            raise BadArgument(
                "filter.occurred", f"since ({days.since}) is after until ({days.until})"
            )
        return AlertQuery(
            words=_words(self.search) if self.search is not None else (),
            countries=tuple(
                dict.fromkeys(
                    country_code(code, "filter.countries") for code in self.countries or ()
                )
            ),
            violations=tuple(dict.fromkeys(v.value for v in self.violations or ())),
            perpetrators=tuple(dict.fromkeys(p.value for p in self.perpetrators or ())),
            since=days.since,
            until=days.until,
        )


async def filed_by(slugs: list[str]) -> tuple[int, ...]:
    """The ids of the organisations with these slugs (none, when no slug is known)."""
    found = await models.Organisation.filter(slug__in=list(dict.fromkeys(slugs))).values_list(
        "id", flat=True
    )
    return tuple(int(key) for key in found)  # type: ignore[call-overload]  # flat: ids, not tuples


def _words(search: str) -> tuple[str, ...]:
    if len(search) > SEARCH_MAX_LENGTH:
        raise BadArgument("filter.search", f"must be at most {SEARCH_MAX_LENGTH} characters")
    words = search_words(search)
    if not words:
        raise BadArgument("filter.search", "holds no word to search for (letters or digits)")
    if len(words) > MAX_WORDS:
        raise BadArgument("filter.search", f"must hold at most {MAX_WORDS} words")
    return words


class Search(Argument):
    """``filter``: the search, checked; run by the resolver, not written into SQL."""

    def declarations(self) -> list[StrawberryArgument]:
        return [declared("filter", AlertFilter | None, "Conditions every listed item must meet.")]

    def prepare(self, values: dict[str, Any], reader: Reader) -> Prepared:
        given: AlertFilter | None = values.get("filter")
        if given is None:
            return {"~query": AlertQuery(), "~nothing": False, "~filers": ()}
        return {
            "~query": given.to_query(),
            "~nothing": given.matches_nothing(),
            "~filers": tuple(given.source_organisations or ()),
        }


@dataclass(frozen=True)
class AlertSearch(Resolving):
    """The archive searched (``hub.alert_search`` plans and runs the search), then the
    page's alerts read by one compiled statement, in the order the search found them."""

    arguments = (Search(), Page())

    async def read(self, asked: Asked, source: Any = None) -> Any:
        plan = plan_of(asked)
        prepared = arguments(asked, plan)
        _, fields = plan.selection.root.only_child()
        query = await self.query(prepared[0])
        found = await self.search(
            query,
            prepared[0],
            rows=reads_page(fields),
            total=any(field.name == "totalCount" for field in fields),
        )
        extra: dict[str, Any] = {"ids": json.dumps(found.ids), "total": found.total or 0}
        facets = asked_facets(
            plan.selection.root,
            {n: values["~first"] for n, values in enumerate(prepared) if "~first" in values},
        )
        if facets:
            counts = await count_facets(connections.get(DATABASE), query, facets)
            extra.update({key: json.dumps(pairs) for key, pairs in counts.items()})
        statement, values = bind(asked, plan, self, extra, prepared)
        (text,) = await run(statement, values)
        await audit_reads(asked, plan)
        served(asked)
        return answer(text)

    async def query(self, given: Prepared) -> AlertQuery | None:
        """The search asked, its organisations found by slug; None when it matches nothing."""
        query: AlertQuery = given["~query"]
        if given["~nothing"]:
            return None
        if given["~filers"]:
            filers = await filed_by(list(given["~filers"]))
            if not filers:
                return None
            query = replace(query, source_organisations=filers)
        return query

    async def search(
        self, query: AlertQuery | None, given: Prepared, *, rows: bool, total: bool
    ) -> Found:
        if query is None:
            return Found([], 0)
        return await search_alerts(query, given["offset"], given["limit"], rows=rows, total=total)

    def statement(self, build: Build, selected: Selected) -> str:
        connection_type, fields = selected.only_child()
        dialect = build.dialect
        found, alert = build.alias(), Row(build.alias(), models.Alert)
        key = f"({found}.value)::int" if dialect.name == "postgres" else f"{found}.value"
        ids = build.request("ids", "jsonb") if reads_page(fields) else "'[]'"
        tables = (
            f"{dialect.elements(ids, found)}"
            f" JOIN {table(models.Alert)} AS {alert.alias} ON {alert.key} = {key}"
        )
        source = Source(tables, [], [f"{found}.n"], alert)
        read = connection(
            build,
            connection_type,
            fields,
            source,
            selected.occurrence,
            count=lambda: build.request("total", "int"),
            skip_offset=True,
        )
        return f"SELECT {dialect.as_text(read)}"


@strawberry.type
class AlertQueries:
    alerts: AlertSearchConnection = declare(
        AlertSearch(),
        "The archive of free-expression violation alerts since 1995, newest first"
        " (by the day they happened): searched by words in any language, and filtered.",
    )

"""The root fields of the public read graph: lists with their filters and orders, lookups by
slug, code and global ID, and the alerts archive's search, answered from rows."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

from graphql import GraphQLResolveInfo

from tests.schema.equivalence.arguments import (
    alert_search,
    country_code,
    day,
    days,
    facet_size,
    global_id,
    global_ids,
    name_search,
    window,
)
from tests.schema.equivalence.entities import NEWEST_ALERTS_FIRST, is_member_on
from tests.schema.equivalence.lists import ordered, page, runs_on
from tests.schema.equivalence.reading import (
    Reading,
    enum_name,
    enum_value,
    reading_of,
    resolves,
)
from tests.schema.equivalence.snapshot import Row

Info = GraphQLResolveInfo
Arguments = dict[str, Any]
Test = Callable[[Row], bool]

ORDER_COLUMNS = {
    "SLUG": "slug",
    "FOUNDED_YEAR": "founded_year",
    "CREATED_AT": "created_at",
    "STARTED_ON": "started_on",
    "LAUNCHED_ON": "launched_on",
    "PUBLISHED_AT": "published_at",
    "OPENED_AT": "opened_at",
    "GOAL": "goal",
    "SIGNATURE_COUNT": "signature_count",
}


def _order(arguments: Arguments, default: tuple[str, ...]) -> tuple[str, ...]:
    asked = arguments.get("orderBy")
    if asked is None:
        return default
    column = ORDER_COLUMNS[asked["field"]]
    return (f"-{column}",) if asked["direction"] == "DESC" else (column,)


def _listed(
    rows: list[Row], tests: list[Test], arguments: Arguments, default: tuple[str, ...]
) -> Any:
    kept = [row for row in rows if all(test(row) for test in tests)]
    return page(ordered(kept, _order(arguments, default)), window(arguments))


def _slug_is(reading: Reading, type_name: str, slug: str, column: str) -> Test:
    key = reading.slug_key(type_name, slug)
    return lambda row: key is not None and getattr(row, column) == key


def _has_related(reading: Reading, table: str, column: str, test: Test) -> Test:
    return lambda row: any(test(other) for other in reading.rows.related(table, column, row.pk))


# Nodes


def _node(reading: Reading, found: tuple[str, Hashable]) -> Row | None:
    type_name, key = found
    row = reading.rows.row(type_name, key)
    if type_name == "Report" and row is not None and not is_published(row):
        return None  # only published reports are public
    return row


def is_published(report: Row) -> bool:
    return bool(report.status == "published")


@resolves("Query", "node")
def node(_: Any, info: Info, arguments: Arguments) -> Any:
    return _node(reading_of(info), global_id(arguments["id"], "id"))


@resolves("Query", "nodes")
def nodes(_: Any, info: Info, arguments: Arguments) -> Any:
    return [_node(reading_of(info), found) for found in global_ids(arguments["ids"], "ids")]


# The network and organisations


@resolves("Query", "network")
def network(_: Any, info: Info, arguments: Arguments) -> Any:
    networks = reading_of(info).rows.networks
    return networks[0] if networks else None


@resolves("Query", "organisations")
def organisations(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    tests: list[Test] = []
    if given.get("country") is not None:
        hq = country_code(given["country"], "filter.country")
        tests.append(lambda row: row.hq_country_id == hq)
    if given.get("worksIn") is not None:
        there = country_code(given["worksIn"], "filter.worksIn")
        tests.append(
            _has_related(
                reading,
                "OrganisationCountry",
                "organisation_id",
                lambda link: link.country_id == there,
            )
        )
    if given.get("scope") is not None:
        scope = enum_value("OrganisationScope", given["scope"])
        tests.append(lambda row: row.scope == scope)
    if given.get("focus") is not None:
        focus = enum_value("FocusArea", given["focus"])
        tests.append(lambda row: focus in row.focus)
    if given.get("memberOn") is not None:
        on = day(given["memberOn"])
        assert on is not None
        tests.append(lambda row: is_member_on(reading, row.pk, on))
    if given.get("search") is not None:
        term = name_search(given["search"], "filter.search")
        tests.append(
            lambda row: any(isinstance(v, str) and term in v.casefold() for v in row.name.values())
        )
    return _listed(reading.rows.organisations, tests, arguments, ("slug",))


@resolves("Query", "organisation")
def organisation(_: Any, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.by_slug("Organisation", arguments["slug"])


@resolves("Query", "countries")
def countries(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    tests: list[Test] = []
    on = day((arguments.get("filter") or {}).get("hasMembersOn"))
    if on is not None:
        homes = {
            row.hq_country_id
            for row in reading.rows.organisations
            if is_member_on(reading, row.pk, on)
        }
        tests.append(lambda row: row.code in homes)
    return _listed(reading.rows.countries, tests, arguments, ("code",))


@resolves("Query", "country")
def country(_: Any, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.row("Country", country_code(arguments["code"], "code"))


# Groups

GROUP_KINDS = {
    "groups": None,
    "workingGroups": "WORKING_GROUP",
    "coalitions": "COALITION",
    "monitoringGroups": "MONITORING_GROUP",
}


@resolves("Query", *GROUP_KINDS)
def groups(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    kind = GROUP_KINDS[info.field_name] or arguments.get("kind")
    tests: list[Test] = []
    if kind is not None:
        tests.append(lambda row: row.kind == enum_value("GroupKind", kind))
    if given.get("activeOn") is not None:
        on = day(given["activeOn"])
        assert on is not None
        tests.append(lambda row: runs_on(row.started_on, row.ended_on, on))
    if given.get("focusCountry") is not None:
        about = country_code(given["focusCountry"], "filter.focusCountry")
        tests.append(lambda row: row.focus_country_id == about)
    if given.get("member") is not None:
        member = reading.slug_key("Organisation", given["member"])
        tests.append(
            _has_related(
                reading, "GroupMembership", "group_id", lambda m: m.organisation_id == member
            )
        )
    return _listed(reading.rows.groups, tests, arguments, ("slug",))


GROUP_LOOKUPS = {
    "group": None,
    "workingGroup": "WORKING_GROUP",
    "coalition": "COALITION",
    "monitoringGroup": "MONITORING_GROUP",
}


@resolves("Query", *GROUP_LOOKUPS)
def group(_: Any, info: Info, arguments: Arguments) -> Any:
    found = reading_of(info).rows.by_slug("Group", arguments["slug"])
    kind = GROUP_LOOKUPS[info.field_name]
    if found is None or (kind is not None and found.kind != enum_value("GroupKind", kind)):
        return None
    return found


# Campaigns, statements, petitions


@resolves("Query", "campaigns")
def campaigns(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    tests: list[Test] = []
    if given.get("kind") is not None:
        kind = enum_value("CampaignKind", given["kind"])
        tests.append(lambda row: row.kind == kind)
    if given.get("focus") is not None:
        focus = enum_value("FocusArea", given["focus"])
        tests.append(lambda row: row.focus == focus)
    if given.get("country") is not None:
        about = country_code(given["country"], "filter.country")
        tests.append(
            _has_related(
                reading, "CampaignCountry", "campaign_id", lambda link: link.country_id == about
            )
        )
    if given.get("launched") is not None:
        launched = days(given["launched"], "filter.launched")
        tests.append(lambda row: launched.holds(row.launched_on))
    if given.get("activeOn") is not None:
        on = day(given["activeOn"])
        assert on is not None
        tests.append(lambda row: runs_on(row.launched_on, row.ended_on, on))
    return _listed(reading.rows.campaigns, tests, arguments, ("slug",))


@resolves("Query", "campaign")
def campaign(_: Any, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.by_slug("Campaign", arguments["slug"])


@resolves("Query", "statements")
def statements(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    tests: list[Test] = []
    if given.get("status") is not None:
        status = enum_value("StatementStatus", given["status"])
        tests.append(lambda row: row.status == status)
    if given.get("campaign") is not None:
        tests.append(_slug_is(reading, "Campaign", given["campaign"], "campaign_id"))
    if given.get("group") is not None:
        tests.append(_slug_is(reading, "Group", given["group"], "group_id"))
    if given.get("signedBy") is not None:
        signer = reading.slug_key("Organisation", given["signedBy"])
        tests.append(
            _has_related(
                reading,
                "StatementSignature",
                "statement_id",
                lambda s: s.organisation_id == signer and s.withdrawn_at is None,
            )
        )
    if given.get("published") is not None:
        published = days(given["published"], "filter.published")
        tests.append(
            lambda row: row.published_at is not None and published.holds(_utc_day(row.published_at))
        )
    return _listed(reading.rows.statements, tests, arguments, ("-created_at",))


def _utc_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(datetime.UTC).date()


@resolves("Query", "statement")
def statement(_: Any, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.by_slug("Statement", arguments["slug"])


@resolves("Query", "reports")
def reports(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    tests: list[Test] = [is_published]
    if given.get("country") is not None:
        about = country_code(given["country"], "filter.country")
        tests.append(
            _has_related(
                reading, "ReportCountry", "report_id", lambda link: link.country_id == about
            )
        )
    if given.get("campaign") is not None:
        campaign = reading.slug_key("Campaign", given["campaign"])
        tests.append(
            _has_related(
                reading, "ReportCampaign", "report_id", lambda link: link.campaign_id == campaign
            )
        )
    if given.get("covered") is not None:
        covered = days(given["covered"], "filter.covered")
        tests.append(lambda row: covered.holds(row.covered_on))
    return _listed(reading.rows.reports, tests, arguments, ("-published_at",))


@resolves("Query", "report")
def report(_: Any, info: Info, arguments: Arguments) -> Any:
    found = reading_of(info).rows.by_slug("Report", arguments["slug"])
    return found if found is not None and is_published(found) else None


@resolves("Query", "petitions")
def petitions(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    given = arguments.get("filter") or {}
    tests: list[Test] = []
    if given.get("status") is not None:
        status = enum_value("PetitionStatus", given["status"])
        tests.append(lambda row: row.status == status)
    if given.get("campaign") is not None:
        tests.append(_slug_is(reading, "Campaign", given["campaign"], "campaign_id"))
    if given.get("organisation") is not None:
        tests.append(_slug_is(reading, "Organisation", given["organisation"], "organisation_id"))
    if given.get("endorsedBy") is not None:
        endorser = reading.slug_key("Organisation", given["endorsedBy"])
        tests.append(
            _has_related(
                reading,
                "PetitionEndorsement",
                "petition_id",
                lambda e: e.organisation_id == endorser,
            )
        )
    return _listed(reading.rows.petitions, tests, arguments, ("slug",))


@resolves("Query", "petition")
def petition(_: Any, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.by_slug("Petition", arguments["slug"])


# The alerts archive


@resolves("Query", "alerts")
def alerts(_: Any, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    asked = window(arguments)
    search = alert_search(arguments.get("filter"))
    sources = (
        {reading.slug_key("Organisation", slug) for slug in search.sources} - {None}
        if search.sources is not None
        else None
    )
    found = [
        alert
        for alert in reading.rows.alerts
        if (search.words is None or search.words <= reading.archive.words[alert.pk])
        and (search.countries is None or alert.country_id in search.countries)
        and (
            search.violations is None
            or bool(
                {enum_value("ViolationType", v) for v in search.violations} & set(alert.violations)
            )
        )
        and (
            search.perpetrators is None
            or alert.perpetrator in {enum_value("PerpetratorType", p) for p in search.perpetrators}
        )
        and (sources is None or alert.source_organisation_id in sources)
        and (search.occurred is None or search.occurred.holds(alert.occurred_on))
    ]
    return {**page(ordered(found, NEWEST_ALERTS_FIRST), asked), "facets": found}


# The archive's facets: each list counts the matching alerts by one value


def _top(counted: Counter[Any], arguments: Arguments, newest: bool = False) -> list[Any]:
    first = facet_size(arguments)
    if newest:
        return sorted(counted.items(), reverse=True)[:first]
    return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))[:first]


@resolves("AlertFacets", "countries")
def country_facet(found: list[Row], info: Info, arguments: Arguments) -> Any:
    rows = reading_of(info).rows
    counted = Counter(alert.country_id for alert in found)
    return [
        {"country": rows.row("Country", code), "count": count}
        for code, count in _top(counted, arguments)
    ]


@resolves("AlertFacets", "years")
def year_facet(found: list[Row], info: Info, arguments: Arguments) -> Any:
    counted = Counter(alert.occurred_on.year for alert in found)
    return [{"year": year, "count": count} for year, count in _top(counted, arguments, True)]


@resolves("AlertFacets", "violations")
def violation_facet(found: list[Row], info: Info, arguments: Arguments) -> Any:
    counted = Counter(str(v) for alert in found for v in alert.violations)
    return [
        {"violation": enum_name("ViolationType", value), "count": count}
        for value, count in _top(counted, arguments)
    ]


@resolves("AlertFacets", "perpetrators")
def perpetrator_facet(found: list[Row], info: Info, arguments: Arguments) -> Any:
    counted = Counter(str(alert.perpetrator.value) for alert in found)
    return [
        {"perpetrator": enum_name("PerpetratorType", value), "count": count}
        for value, count in _top(counted, arguments)
    ]


@resolves("AlertFacets", "victims")
def victim_facet(found: list[Row], info: Info, arguments: Arguments) -> Any:
    counted = Counter(
        kind
        for alert in found
        for kind in {victim.get("kind") for victim in alert.victims} - {None}
    )
    return [
        {"kind": enum_name("VictimKind", value), "count": count}
        for value, count in _top(counted, arguments)
    ]

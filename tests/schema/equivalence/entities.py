"""The fields of the graph's entities, each answered from rows as its description says.

Columns, texts and single references are read by the table-driven default of
``reference``; this module holds every field with more to it: lists (their rows, their
order, their filters), membership on a day, computed values.
"""

from __future__ import annotations

import datetime
from typing import Any

from graphql import GraphQLResolveInfo

from tests.schema.equivalence.arguments import day, days, window
from tests.schema.equivalence.lists import Order, ordered, page, runs_on
from tests.schema.equivalence.reading import Reading, enum_name, enum_value, reading_of, resolves
from tests.schema.equivalence.snapshot import Row
from tests.schema.equivalence.texts import country_name_text

NEWEST_ALERTS_FIRST = ("-occurred_on", "-id")

Info = GraphQLResolveInfo
Arguments = dict[str, Any]


def _listed(rows: list[Row], order: Order, arguments: Arguments) -> dict[str, Any]:
    return page(ordered(rows, order), window(arguments))


def _children(info: Info, table: str, column: str, key: Any) -> list[Row]:
    return reading_of(info).rows.related(table, column, key)


def is_member_on(reading: Reading, organisation: int, on: datetime.date) -> bool:
    return any(
        runs_on(period.joined_on, period.left_on, on)
        for period in reading.rows.related("NetworkMembership", "organisation_id", organisation)
    )


def alerts_within(alerts: list[Row], arguments: Arguments) -> list[Row]:
    if arguments.get("occurred") is None:
        return alerts
    within = days(arguments["occurred"], "occurred")
    return [alert for alert in alerts if within.holds(alert.occurred_on)]


# Organisation


@resolves("Organisation", "campaigns")
def led_campaigns(row: Row, info: Info, arguments: Arguments) -> Any:
    led = _children(info, "Campaign", "lead_organisation_id", row.pk)
    return _listed(led, ("-launched_on",), arguments)


@resolves("Organisation", "endorsedPetitions")
def endorsed_petitions(row: Row, info: Info, arguments: Arguments) -> Any:
    endorsed = _children(info, "PetitionEndorsement", "organisation_id", row.pk)
    return _listed(endorsed, ("-endorsed_at",), arguments)


@resolves("Organisation", "petitions")
def started_petitions(row: Row, info: Info, arguments: Arguments) -> Any:
    started = _children(info, "Petition", "organisation_id", row.pk)
    return _listed(started, ("slug",), arguments)


@resolves("Organisation", "coSignedStatements")
def co_signed_statements(row: Row, info: Info, arguments: Arguments) -> Any:
    signed = _children(info, "StatementSignature", "organisation_id", row.pk)
    if not arguments["includeWithdrawn"]:
        signed = [signature for signature in signed if signature.withdrawn_at is None]
    return _listed(signed, ("-signed_at",), arguments)


@resolves("Organisation", "alerts")
def filed_alerts(row: Row, info: Info, arguments: Arguments) -> Any:
    filed = alerts_within(_children(info, "Alert", "source_organisation_id", row.pk), arguments)
    return _listed(filed, NEWEST_ALERTS_FIRST, arguments)


@resolves("Organisation", "countriesOfWork")
def countries_of_work(row: Row, info: Info, arguments: Arguments) -> Any:
    rows = reading_of(info).rows
    worked_in = ordered(
        _children(info, "OrganisationCountry", "organisation_id", row.pk), ("country_id",)
    )
    return page([rows.row("Country", link.country_id) for link in worked_in], window(arguments))


@resolves("Organisation", "networkMemberships")
def network_memberships(row: Row, info: Info, arguments: Arguments) -> Any:
    periods = _children(info, "NetworkMembership", "organisation_id", row.pk)
    return _listed(periods, ("joined_on",), arguments)


@resolves("Organisation", "isMember")
def is_member(row: Row, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    return is_member_on(reading, row.pk, day(arguments.get("asOf")) or reading.today)


@resolves("Organisation", "groups")
def group_memberships(row: Row, info: Info, arguments: Arguments) -> Any:
    held = _children(info, "GroupMembership", "organisation_id", row.pk)
    on = day(arguments.get("asOf"))
    if on is not None:
        held = [m for m in held if runs_on(m.started_on, m.ended_on, on)]
    return _listed(held, ("started_on",), arguments)


# Country


@resolves("Country", "name")
def country_name(row: Row, info: Info, arguments: Arguments) -> Any:
    return country_name_text(row.code, reading_of(info).wanted(arguments))


@resolves("Country", "alerts")
def country_alerts(row: Row, info: Info, arguments: Arguments) -> Any:
    happened = alerts_within(_children(info, "Alert", "country_id", row.pk), arguments)
    return _listed(happened, NEWEST_ALERTS_FIRST, arguments)


@resolves("Country", "members")
def country_members(row: Row, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    on = day(arguments.get("asOf")) or reading.today
    here = _children(info, "Organisation", "hq_country_id", row.pk)
    members = [organisation for organisation in here if is_member_on(reading, organisation.pk, on)]
    return _listed(members, ("slug",), arguments)


# Group


@resolves("Group", "campaigns")
def group_campaigns(row: Row, info: Info, arguments: Arguments) -> Any:
    run = _children(info, "Campaign", "group_id", row.pk)
    return _listed(run, ("-launched_on",), arguments)


@resolves("Group", "statements")
def group_statements(row: Row, info: Info, arguments: Arguments) -> Any:
    issued = _children(info, "Statement", "group_id", row.pk)
    return _listed(issued, ("-created_at",), arguments)


@resolves("Group", "isActive")
def is_active(row: Row, info: Info, arguments: Arguments) -> Any:
    return row.ended_on is None or row.ended_on > reading_of(info).today


@resolves("Group", "members")
def group_members(row: Row, info: Info, arguments: Arguments) -> Any:
    today = reading_of(info).today
    on = day(arguments.get("asOf"))
    if on is None:
        ended = row.ended_on is not None and row.ended_on <= today
        on = row.ended_on - datetime.timedelta(days=1) if ended else today
    held = [
        m
        for m in _children(info, "GroupMembership", "group_id", row.pk)
        if runs_on(m.started_on, m.ended_on, on)
        and (arguments.get("role") is None or m.role == enum_value("GroupRole", arguments["role"]))
    ]
    return _listed(held, ("started_on",), arguments)


@resolves("Group", "membershipHistory")
def membership_history(row: Row, info: Info, arguments: Arguments) -> Any:
    return _listed(
        _children(info, "GroupMembership", "group_id", row.pk), ("started_on",), arguments
    )


# Campaign and milestone


@resolves("Campaign", "statements")
def campaign_statements(row: Row, info: Info, arguments: Arguments) -> Any:
    return _listed(_children(info, "Statement", "campaign_id", row.pk), ("-created_at",), arguments)


@resolves("Campaign", "countries")
def campaign_countries(row: Row, info: Info, arguments: Arguments) -> Any:
    rows = reading_of(info).rows
    about = ordered(_children(info, "CampaignCountry", "campaign_id", row.pk), ("country_id",))
    return page([rows.row("Country", link.country_id) for link in about], window(arguments))


@resolves("Campaign", "timeline")
def timeline(row: Row, info: Info, arguments: Arguments) -> Any:
    return _listed(_children(info, "Milestone", "campaign_id", row.pk), ("occurred_on",), arguments)


@resolves("Campaign", "petitions")
def campaign_petitions(row: Row, info: Info, arguments: Arguments) -> Any:
    return _listed(_children(info, "Petition", "campaign_id", row.pk), ("slug",), arguments)


@resolves("Campaign", "recursOn")
def recurs_on(row: Row, info: Info, arguments: Arguments) -> Any:
    if row.recurs_month is None or row.recurs_day is None:
        return None
    today = reading_of(info).today
    this_year = datetime.date(today.year, row.recurs_month, row.recurs_day)
    upcoming = this_year if this_year >= today else this_year.replace(year=today.year + 1)
    return {
        "month": row.recurs_month,
        "day": row.recurs_day,
        "nextOccurrence": upcoming.isoformat(),
    }


@resolves("Milestone", "participants")
def participants(row: Row, info: Info, arguments: Arguments) -> Any:
    return [{"name": person["name"], "role": person.get("role")} for person in row.participants]


# Statements and petitions


@resolves("Statement", "signatories")
def signatories(row: Row, info: Info, arguments: Arguments) -> Any:
    signed = _children(info, "StatementSignature", "statement_id", row.pk)
    if not arguments["includeWithdrawn"]:
        signed = [signature for signature in signed if signature.withdrawn_at is None]
    return _listed(signed, ("signed_at",), arguments)


@resolves("Petition", "endorsements")
def endorsements(row: Row, info: Info, arguments: Arguments) -> Any:
    endorsed = _children(info, "PetitionEndorsement", "petition_id", row.pk)
    return _listed(endorsed, ("endorsed_at",), arguments)


@resolves("Petition", "ledger")
def petition_ledger(row: Row, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.ledger_head("petition", row.pk)


@resolves("Statement", "ledger")
def statement_ledger(row: Row, info: Info, arguments: Arguments) -> Any:
    return reading_of(info).rows.ledger_head("statement", row.pk)


@resolves("Petition", "progress")
def progress(row: Row, info: Info, arguments: Arguments) -> Any:
    return row.signature_count / row.goal if row.goal else 0.0


# Alerts


@resolves("Alert", "languages")
def alert_languages(row: Row, info: Info, arguments: Arguments) -> Any:
    written = [language for language, text in row.title.items() if text]
    return sorted(written, key=lambda language: language != row.original_language)


@resolves("Alert", "victims")
def victims(row: Row, info: Info, arguments: Arguments) -> Any:
    return [
        {
            "name": victim.get("name"),
            "kind": enum_name("VictimKind", victim["kind"]),
            "gender": enum_name("Gender", victim["gender"]) if victim.get("gender") else None,
        }
        for victim in row.victims
    ]


# Cases and impunity


@resolves("Case", "alerts")
def case_alerts(row: Row, info: Info, arguments: Arguments) -> Any:
    return _listed(_children(info, "Alert", "case_id", row.pk), ("occurred_on",), arguments)


@resolves("Country", "unresolvedKillings")
def unresolved_killings(row: Row, info: Info, arguments: Arguments) -> Any:
    since = arguments.get("since")
    return sum(
        1
        for case in _children(info, "Case", "country_id", row.pk)
        if case.killing
        and case.justice == "unresolved"
        and (since is None or case.opened_on.year >= since)
    )


@resolves("Campaign", "highlightedCases")
def highlighted_cases(row: Row, info: Info, arguments: Arguments) -> Any:
    rows = reading_of(info).rows
    links = ordered(_children(info, "CampaignCase", "campaign_id", row.pk), ("-highlighted_on",))
    cases = [rows.row("Case", link.case_id) for link in links]
    wanted = arguments.get("justice")
    if wanted is not None:
        cases = [case for case in cases if case.justice == enum_value("JusticeStatus", wanted)]
    return page(cases, window(arguments))


# The network


def _members_on(reading: Reading, on: datetime.date) -> list[Row]:
    return [
        period
        for period in reading.rows.network_memberships
        if runs_on(period.joined_on, period.left_on, on)
    ]


@resolves("Network", "memberCount")
def member_count(row: Row, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    on = day(arguments.get("asOf")) or reading.today
    return len({period.organisation_id for period in _members_on(reading, on)})


@resolves("Network", "countryCount")
def country_count(row: Row, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    on = day(arguments.get("asOf")) or reading.today
    members = {period.organisation_id for period in _members_on(reading, on)}
    return len({reading.rows.by_key["Organisation"][key].hq_country_id for key in members})


@resolves("Network", "members")
def network_members(row: Row, info: Info, arguments: Arguments) -> Any:
    reading = reading_of(info)
    on = day(arguments.get("asOf")) or reading.today
    return _listed(_members_on(reading, on), ("joined_on",), arguments)


@resolves("Network", "foundingMembers")
def founding_members(row: Row, info: Info, arguments: Arguments) -> Any:
    founders = [p for p in reading_of(info).rows.network_memberships if p.founding_member]
    return _listed(founders, ("joined_on",), arguments)


# Report


def _linked(info: Info, table: str, row: Row, type_name: str, column: str) -> list[Row]:
    """The rows a report's links name, in the links' order (the order they were given)."""
    rows = reading_of(info).rows
    links = ordered(_children(info, table, "report_id", row.pk), ("id",))
    return [rows.row(type_name, getattr(link, column)) for link in links]


@resolves("Report", "countries")
def report_countries(row: Row, info: Info, arguments: Arguments) -> Any:
    rows = reading_of(info).rows
    covered = ordered(_children(info, "ReportCountry", "report_id", row.pk), ("country_id",))
    return page([rows.row("Country", link.country_id) for link in covered], window(arguments))


@resolves("Report", "campaigns")
def report_campaigns(row: Row, info: Info, arguments: Arguments) -> Any:
    covered = _linked(info, "ReportCampaign", row, "Campaign", "campaign_id")
    return page(covered, window(arguments))


@resolves("Report", "alerts")
def report_alerts(row: Row, info: Info, arguments: Arguments) -> Any:
    return page(_linked(info, "ReportAlert", row, "Alert", "alert_id"), window(arguments))

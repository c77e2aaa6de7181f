"""Special reports: a member writes one, another member reviews it, the network publishes it.

The rules live here once. A current network member drafts a report for itself (its
organisation is the author) and alone edits it while it is a draft, then sends it to
review. A reviewer (a token with ``reports:review``) of another organisation than the
author publishes it or returns it to the author with a note saying why; nobody reviews
their own organisation's report. Only published reports are public. Every text exists in
the report's original language; the countries, campaigns and alerts it names must exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.models import Alert, Campaign, Report, ReportAlert, ReportCampaign, ReportCountry
from hub.models.reports import ReportStatus
from hub.services import audit
from hub.services.checks import check_slug, check_texts, known_countries
from hub.services.eligibility import is_network_member
from hub.services.errors import Refusal, WriteRefused, slug_refusal

SLUG_MAX_LENGTH = 120
LONGEST = {"title": 300, "summary": 3_000, "body": 200_000}
CITED_MAX = 200
NOTE_MAX_LENGTH = 5_000


class ReviewDecision(StrEnum):
    PUBLISH = "publish"
    RETURN = "return"


@dataclass(frozen=True)
class ReportDraft:
    slug: str
    original_language: str
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    covered_on: datetime.date
    countries: Sequence[str] = ()
    campaigns: Sequence[str] = ()
    """Campaign slugs."""
    alerts: Sequence[int] = ()
    """Ids of the alerts it cites."""


@dataclass(frozen=True)
class ReportChanges:
    """What an edit changes; None leaves a thing as it is."""

    title: dict[str, str] | None = None
    summary: dict[str, str] | None = None
    body: dict[str, str] | None = None
    covered_on: datetime.date | None = None
    countries: Sequence[str] | None = None
    campaigns: Sequence[str] | None = None
    alerts: Sequence[int] | None = None


def _subject(report: Report) -> str:
    return f"Report:{report.id}"


def _check_texts(original_language: str, **texts: dict[str, str]) -> None:
    check_texts(original_language, **texts)
    for field, text in texts.items():
        for language, value in text.items():
            if len(value) > LONGEST[field]:
                raise WriteRefused(
                    Refusal.INVALID,
                    f"The {field} in '{language}' has {len(value)} characters:"
                    f" at most {LONGEST[field]}.",
                    field,
                )


async def _campaigns(slugs: Sequence[str]) -> list[int]:
    wanted = list(dict.fromkeys(slugs))
    found = {c.slug: c.id for c in await Campaign.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise WriteRefused(
            Refusal.NOT_FOUND, f"No campaign is called {', '.join(missing)}.", "campaigns"
        )
    return [found[slug] for slug in wanted]


async def _alerts(ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > CITED_MAX:
        raise WriteRefused(Refusal.INVALID, f"A report cites at most {CITED_MAX} alerts.", "alerts")
    if await Alert.filter(id__in=wanted).count() < len(wanted):
        raise WriteRefused(Refusal.NOT_FOUND, "An alert it cites does not exist.", "alerts")
    return wanted


async def _link(
    report: Report,
    connection: BaseDBAsyncClient,
    countries: list[str] | None,
    campaigns: list[int] | None,
    alerts: list[int] | None,
) -> None:
    """Replace what the report covers with what is given (None keeps it)."""
    if countries is not None:
        await ReportCountry.filter(report_id=report.id).using_db(connection).delete()
        await ReportCountry.bulk_create(
            [ReportCountry(report_id=report.id, country_id=c) for c in countries],
            using_db=connection,
        )
    if campaigns is not None:
        await ReportCampaign.filter(report_id=report.id).using_db(connection).delete()
        await ReportCampaign.bulk_create(
            [ReportCampaign(report_id=report.id, campaign_id=c) for c in campaigns],
            using_db=connection,
        )
    if alerts is not None:
        await ReportAlert.filter(report_id=report.id).using_db(connection).delete()
        await ReportAlert.bulk_create(
            [ReportAlert(report_id=report.id, alert_id=a) for a in alerts], using_db=connection
        )


async def draft_report(principal: Principal, draft: ReportDraft) -> Report:
    """A new draft, written by the principal's organisation."""
    slug = check_slug(draft.slug, SLUG_MAX_LENGTH)
    _check_texts(draft.original_language, title=draft.title, summary=draft.summary, body=draft.body)
    countries = await known_countries(list(draft.countries), "countries")
    campaigns = await _campaigns(draft.campaigns)
    alerts = await _alerts(draft.alerts)
    if not await is_network_member(principal.organisation_id, clock.today()):
        raise WriteRefused(Refusal.NOT_ELIGIBLE, "Only network members write reports.")
    try:
        async with transaction() as connection:
            report = await Report.create(
                slug=slug,
                title=draft.title,
                summary=draft.summary,
                body=draft.body,
                original_language=draft.original_language,
                covered_on=draft.covered_on,
                organisation_id=principal.organisation_id,
                created_at=clock.now(),
                using_db=connection,
            )
            await _link(report, connection, countries, campaigns, alerts)
            await audit.record(principal, "report.draft", _subject(report), connection)
    except IntegrityError as error:
        raise slug_refusal(error, "report", slug) from None
    return report


async def _report(report_id: int) -> Report:
    report = await Report.get_or_none(id=report_id)
    if report is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No report has this ID.", "reportId")
    return report


async def authored_report(principal: Principal, report_id: int) -> Report:
    """The report, if the principal's organisation wrote it."""
    report = await _report(report_id)
    if report.organisation_id != principal.organisation_id:
        raise WriteRefused(
            Refusal.FORBIDDEN, "Only the organisation that wrote a report changes it.", "reportId"
        )
    return report


_IS = {ReportStatus.DRAFT: "a draft", ReportStatus.IN_REVIEW: "in review"}
_ONE = {ReportStatus.DRAFT: "a draft", ReportStatus.IN_REVIEW: "a report in review"}


def _must_be(report: Report, status: ReportStatus, doing: str) -> None:
    if report.status != status:
        now = ReportStatus(report.status)
        raise WriteRefused(
            Refusal.WRONG_STATUS,
            f"The report is {_IS.get(now, now.value)}: only {_ONE[status]} can be {doing}.",
            "reportId",
        )


async def edit_report(principal: Principal, report_id: int, changes: ReportChanges) -> Report:
    """Change what is given of a draft the principal's organisation wrote."""
    report = await authored_report(principal, report_id)
    _must_be(report, ReportStatus.DRAFT, "edited")
    texts = ("title", "summary", "body")
    changed: dict[str, Any] = {
        name: getattr(changes, name) for name in texts if getattr(changes, name) is not None
    }
    if changed:  # the texts as they will read, the ones not given as they are
        will_read = {name: changed.get(name, getattr(report, name)) for name in texts}
        _check_texts(report.original_language, **will_read)
    if changes.covered_on is not None:
        changed["covered_on"] = changes.covered_on
    countries = (
        await known_countries(list(changes.countries), "countries")
        if changes.countries is not None
        else None
    )
    campaigns = await _campaigns(changes.campaigns) if changes.campaigns is not None else None
    alerts = await _alerts(changes.alerts) if changes.alerts is not None else None
    asked = [f.name for f in fields(changes) if getattr(changes, f.name) is not None]
    if not asked:
        return report
    async with transaction() as connection:
        # a draft sent to review meanwhile is not changed under its reviewer
        updated = (
            await Report.filter(id=report.id, status=ReportStatus.DRAFT)
            .using_db(connection)
            .update(**changed)
            if changed
            else await Report.filter(id=report.id, status=ReportStatus.DRAFT)
            .using_db(connection)
            .count()
        )
        if not updated:
            raise WriteRefused(Refusal.WRONG_STATUS, "The report left draft meanwhile.", "reportId")
        await _link(report, connection, countries, campaigns, alerts)
        await audit.record(principal, "report.edit", _subject(report), connection, fields=asked)
    return await Report.get(id=report.id)


async def _move(
    principal: Principal,
    report: Report,
    status: ReportStatus,
    action: str,
    changed: dict[str, Any],
) -> Report:
    """Move a report on from the status it was read in; a racing move wins once."""
    async with transaction() as connection:
        moved = (
            await Report.filter(id=report.id, status=report.status)
            .using_db(connection)
            .update(status=status, **changed)
        )
        if not moved:
            raise WriteRefused(Refusal.WRONG_STATUS, "The report moved on meanwhile.", "reportId")
        await audit.record(principal, action, _subject(report), connection)
    return await Report.get(id=report.id)


async def submit_report(principal: Principal, report_id: int) -> Report:
    """Send a draft the principal's organisation wrote to review."""
    report = await authored_report(principal, report_id)
    _must_be(report, ReportStatus.DRAFT, "sent to review")
    return await _move(
        principal, report, ReportStatus.IN_REVIEW, "report.submit", {"submitted_at": clock.now()}
    )


async def review_report(
    principal: Principal, report_id: int, decision: ReviewDecision, note: str | None
) -> Report:
    """Publish a report in review, or return it to its author with a note."""
    report = await _report(report_id)
    if report.organisation_id == principal.organisation_id:
        raise WriteRefused(
            Refusal.FORBIDDEN,
            "A report is reviewed by another organisation than the one that wrote it.",
            "reportId",
        )
    _must_be(report, ReportStatus.IN_REVIEW, "reviewed")
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise WriteRefused(
            Refusal.INVALID, f"A note has at most {NOTE_MAX_LENGTH} characters.", "note"
        )
    reviewed = {"reviewed_by_id": principal.organisation_id, "review_note": note}
    if decision == ReviewDecision.PUBLISH:
        return await _move(
            principal,
            report,
            ReportStatus.PUBLISHED,
            "report.publish",
            {**reviewed, "published_at": clock.now()},
        )
    if note is None:
        raise WriteRefused(Refusal.INVALID, "Say in a note why the report goes back.", "note")
    return await _move(principal, report, ReportStatus.DRAFT, "report.return", reviewed)

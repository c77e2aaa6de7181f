"""Mutations of special reports: draft, edit, send to review, review."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.reports import Report as ReportRow
from hub.services import reports as service
from schema.alerts.types import Alert
from schema.arguments import INPUT
from schema.context import Info
from schema.languages import Language
from schema.mutations import TextInput, UserError, key_of, refusals, texts
from schema.reads.roots import entity
from schema.reports.types import Report

ReviewDecision = service.ReviewDecision
strawberry.enum(
    ReviewDecision,
    description="What a reviewer decides: publish the report, or return it to its author.",
)


@strawberry.type(description="Why a report mutation changed nothing.")
class ReportError(UserError):
    pass


@strawberry.input(description="A new report, written by the token's organisation.")
class DraftReportInput:
    slug: str = strawberry.field(description="Unique, URL-safe name, e.g. `impunity-2026`.")
    original_language: Language = strawberry.field(
        description="The language its texts are written in; they must exist in it."
    )
    title: list[TextInput] = strawberry.field(description="The title, per language.")
    summary: list[TextInput] = strawberry.field(description="What it finds, per language.")
    body: list[TextInput] = strawberry.field(
        description="The report, per language; paragraphs separated by blank lines."
    )
    covered_on: datetime.date = strawberry.field(description="The report's cover date.")
    country_codes: list[str] = strawberry.field(
        default_factory=list, description="The countries it covers (ISO 3166-1 alpha-2)."
    )
    campaigns: list[str] = strawberry.field(
        default_factory=list, description="The slugs of the campaigns it covers."
    )
    alert_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The global IDs of the alerts it cites (at most 200)."
    )


@strawberry.input(description="Changes to a draft; what is left out stays as it is.")
class EditReportInput:
    report_id: strawberry.ID = strawberry.field(description="The report's global ID.")
    title: list[TextInput] | None = strawberry.field(default=None, description="New title.")
    summary: list[TextInput] | None = strawberry.field(default=None, description="New summary.")
    body: list[TextInput] | None = strawberry.field(default=None, description="New text.")
    covered_on: datetime.date | None = strawberry.field(default=None, description="New date.")
    country_codes: list[str] | None = strawberry.field(
        default=None, description="The countries it covers, replacing those it had."
    )
    campaigns: list[str] | None = strawberry.field(
        default=None, description="The campaigns it covers, replacing those it had."
    )
    alert_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The alerts it cites, replacing those it had."
    )


@strawberry.input(description="The report to send to review.")
class SubmitReportInput:
    report_id: strawberry.ID = strawberry.field(description="The report's global ID.")


@strawberry.input(description="A reviewer's decision on a report in review.")
class ReviewReportInput:
    report_id: strawberry.ID = strawberry.field(description="The report's global ID.")
    decision: ReviewDecision = strawberry.field(description="Publish it, or return it.")
    note: str | None = strawberry.field(
        default=None, description="What the author should know; needed to return a report."
    )


@strawberry.type(description="The report, or why nothing changed.")
class ReportPayload:
    report_id: strawberry.Private[int | None]
    report: Report | None = entity(
        "report_id", description="The report as it now is (its author reads its drafts here)."
    )
    errors: list[ReportError] = strawberry.field(description="Why nothing changed.")


def report_payload(row: ReportRow | None, errors: list[ReportError]) -> ReportPayload:
    return ReportPayload(report_id=row.id if row is not None else None, errors=errors)


def alert_keys(ids: list[strawberry.ID] | None) -> list[int] | None:
    if ids is None:
        return None
    return [int(key_of(Alert, str(value), "alertIds")) for value in ids]


def report_key(value: strawberry.ID) -> int:
    return int(key_of(Report, str(value), "reportId"))


WRITE = requires(Scope.REPORTS_WRITE)
REVIEW = requires(Scope.REPORTS_REVIEW)


@strawberry.type
class ReportMutations:
    @strawberry.mutation(
        description="Draft a special report, written by the token's organisation.",
        extensions=WRITE,
    )
    async def draft_report(
        self, info: Info, input: Annotated[DraftReportInput, INPUT]
    ) -> ReportPayload:
        async def write() -> ReportRow:
            draft = service.ReportDraft(
                slug=input.slug,
                original_language=str(input.original_language),
                title=texts(input.title, "title") or {},
                summary=texts(input.summary, "summary") or {},
                body=texts(input.body, "body") or {},
                covered_on=input.covered_on,
                countries=input.country_codes,
                campaigns=input.campaigns,
                alerts=alert_keys(input.alert_ids) or [],
            )
            return await service.draft_report(signed_in(info), draft)

        return report_payload(*await refusals(write, ReportError))

    @strawberry.mutation(
        description="Change a draft: for the organisation that wrote it only.", extensions=WRITE
    )
    async def edit_report(
        self, info: Info, input: Annotated[EditReportInput, INPUT]
    ) -> ReportPayload:
        async def write() -> ReportRow:
            changes = service.ReportChanges(
                title=texts(input.title, "title"),
                summary=texts(input.summary, "summary"),
                body=texts(input.body, "body"),
                covered_on=input.covered_on,
                countries=input.country_codes,
                campaigns=input.campaigns,
                alerts=alert_keys(input.alert_ids),
            )
            return await service.edit_report(signed_in(info), report_key(input.report_id), changes)

        return report_payload(*await refusals(write, ReportError))

    @strawberry.mutation(
        description="Send a draft to review: for the organisation that wrote it only.",
        extensions=WRITE,
    )
    async def submit_report(
        self, info: Info, input: Annotated[SubmitReportInput, INPUT]
    ) -> ReportPayload:
        async def write() -> ReportRow:
            return await service.submit_report(signed_in(info), report_key(input.report_id))

        return report_payload(*await refusals(write, ReportError))

    @strawberry.mutation(
        description="Publish a report in review, or return it to its author with a note:"
        " for a reviewer of another organisation than the author.",
        extensions=REVIEW,
    )
    async def review_report(
        self, info: Info, input: Annotated[ReviewReportInput, INPUT]
    ) -> ReportPayload:
        async def write() -> ReportRow:
            return await service.review_report(
                signed_in(info), report_key(input.report_id), input.decision, input.note
            )

        return report_payload(*await refusals(write, ReportError))

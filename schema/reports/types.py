"""Special reports: long-form publications, in several languages, once reviewed."""

from __future__ import annotations

import datetime
from typing import ClassVar

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.reports import ReportStatus as ReportStatusValue
from schema.alerts.types import Alert
from schema.campaigns.types import Campaign
from schema.localization import LocalizedText
from schema.network.types import Country, Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.reads.fields import column, many, one, translated
from schema.reports import relations

ReportStatus = ReportStatusValue
strawberry.enum(
    ReportStatus,
    description="Where a report is: a draft its author edits, in review, or published.",
)


@strawberry.federation.type(
    keys=["id"],
    description="A special report of the network: long-form, reviewed by another member"
    " before it is published. Only published reports are public.",
)
class Report(RowNode):
    model = models.Report
    public_rows: ClassVar[tuple[str, ...]] = (relations.PUBLISHED,)
    id: relay.NodeID[int]
    slug: str = column(description="Unique, URL-safe name; its page is `/reports/{slug}`.")
    status: ReportStatus = column(description="Draft, in review, or published.")
    original_language: str = column(description="The language its texts were written in.")
    covered_on: datetime.date = column(description="The report's cover date.")
    published_at: datetime.datetime | None = column(description="When it was published.")
    title: LocalizedText = translated("title", description="The report's title.")
    summary: LocalizedText = translated("summary", description="What it finds, in a paragraph.")
    body: LocalizedText = translated(
        "body", description="The report itself; paragraphs are separated by blank lines."
    )
    organisation: Organisation = one("organisation_id", description="The member that wrote it.")
    countries: Connection[Country] = many(
        relations.COUNTRIES_OF_REPORT, description="The countries it covers, by code."
    )
    campaigns: Connection[Campaign] = many(
        relations.CAMPAIGNS_OF_REPORT, description="The campaigns it covers, as named."
    )
    alerts: Connection[Alert] = many(
        relations.ALERTS_OF_REPORT, description="The alerts it cites, in the order cited."
    )

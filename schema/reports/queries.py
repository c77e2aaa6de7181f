"""Root fields of special reports: the published ones only."""

from __future__ import annotations

import strawberry

from hub import models
from schema.filters import DateRange, country_code
from schema.pagination import Connection
from schema.reads.arguments import Filter
from schema.reads.conditions import Has, Within, where
from schema.reads.roots import Key, listing, lookup
from schema.reports import relations
from schema.reports.types import Report


@strawberry.input(description="Which reports to list; every condition given must hold.")
class ReportFilter:
    country: str | None = where(
        Has(models.ReportCountry, "report_id", "country_id", check=country_code),
        description="Covering this country (ISO 3166-1 alpha-2 code).",
    )
    campaign: str | None = where(
        Has(models.ReportCampaign, "report_id", "campaign_id", by=(models.Campaign, "slug")),
        description="Covering the campaign with this slug.",
    )
    covered: DateRange | None = where(
        Within("covered_on"), description="With a cover date within these days."
    )


@strawberry.type
class ReportQueries:
    reports: Connection[Report] = listing(
        relations.REPORTS,
        arguments=[Filter(ReportFilter)],
        description="Published special reports, the latest published first.",
    )
    report: Report | None = lookup(
        models.Report,
        Key("slug", "slug", "The unique, URL-safe name."),
        where=(relations.PUBLISHED,),
        description="The published report with this slug, or null.",
    )

"""Special reports: long-form publications of the network, reviewed before they are public."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.alerts import Alert
    from hub.models.campaigns import Campaign
    from hub.models.geography import Country
    from hub.models.organisations import Organisation


class ReportStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


class Report(Model):
    """A report a member writes, another reviews, and the network publishes."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=120, unique=True)
    title = translated_text("The report's title, per language")
    summary = translated_text("A paragraph saying what it finds, per language")
    body = translated_text("The report itself, per language (paragraphs by blank lines)")
    original_language = original_language()
    covered_on = fields.DateField(description="The report's cover date")
    status = fields.CharEnumField(ReportStatus, max_length=10, default=ReportStatus.DRAFT)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="reports", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField()
    submitted_at = fields.DatetimeField(null=True, description="When it last went to review")
    published_at = fields.DatetimeField(null=True)
    reviewed_by: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    review_note = fields.TextField(null=True, description="What the reviewer said last")

    organisation_id: int
    reviewed_by_id: int | None

    class Meta:
        table = "report"
        ordering = ["-covered_on", "-id"]
        indexes = (("status", "published_at"), ("organisation_id",))


class ReportCountry(Model):
    """A country a report covers."""

    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "hub.Report", related_name="countries", on_delete=fields.CASCADE
    )
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name=False, on_delete=fields.RESTRICT
    )

    report_id: int
    country_id: str

    class Meta:
        table = "report_country"
        unique_together = (("report", "country"),)
        indexes = (("country_id",),)


class ReportCampaign(Model):
    """A campaign a report covers."""

    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "hub.Report", related_name="campaigns", on_delete=fields.CASCADE
    )
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name=False, on_delete=fields.CASCADE
    )

    report_id: int
    campaign_id: int

    class Meta:
        table = "report_campaign"
        unique_together = (("report", "campaign"),)
        indexes = (("campaign_id",),)


class ReportAlert(Model):
    """An alert a report cites."""

    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "hub.Report", related_name="citations", on_delete=fields.CASCADE
    )
    alert: fields.ForeignKeyRelation[Alert] = fields.ForeignKeyField(
        "hub.Alert", related_name=False, on_delete=fields.CASCADE
    )

    report_id: int
    alert_id: int

    class Meta:
        table = "report_alert"
        unique_together = (("report", "alert"),)
        indexes = (("alert_id",),)

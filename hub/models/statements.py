"""Joint statements and the organisations that co-sign them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.campaigns import Campaign
    from hub.models.groups import Group
    from hub.models.organisations import Organisation


SIGNED_BY_MAX_LENGTH = 128
"""Who signed for an organisation: a name or a title."""


class StatementStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PUBLISHED = "published"


class Statement(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=120, unique=True)
    title = translated_text("The statement's title, per language")
    body = translated_text("The statement's text, per language")
    original_language = original_language()
    status = fields.CharEnumField(StatementStatus, max_length=10, default=StatementStatus.DRAFT)
    lead_organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="led_statements", on_delete=fields.RESTRICT
    )
    group: fields.ForeignKeyNullableRelation[Group] = fields.ForeignKeyField(
        "hub.Group", related_name="statements", null=True, on_delete=fields.SET_NULL
    )
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name="statements", null=True, on_delete=fields.SET_NULL
    )
    open_to_all_members = fields.BooleanField(
        default=True, description="False: only the group's members may co-sign"
    )
    created_at = fields.DatetimeField()
    opened_at = fields.DatetimeField(null=True)
    published_at = fields.DatetimeField(null=True)

    lead_organisation_id: int
    group_id: int | None
    campaign_id: int | None

    class Meta:
        table = "statement"
        ordering = ["-created_at", "id"]
        indexes = (
            ("status", "published_at"),
            ("campaign_id", "created_at"),
            ("group_id", "created_at"),
            ("lead_organisation_id",),
        )


class StatementSignature(Model):
    """An organisation's signature on a statement. A withdrawal is kept, not deleted."""

    id = fields.IntField(primary_key=True)
    statement: fields.ForeignKeyRelation[Statement] = fields.ForeignKeyField(
        "hub.Statement", related_name="signatures", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="statement_signatures", on_delete=fields.CASCADE
    )
    signed_at = fields.DatetimeField()
    signed_by = fields.CharField(
        max_length=SIGNED_BY_MAX_LENGTH, null=True, description="Who signed for it"
    )
    withdrawn_at = fields.DatetimeField(null=True)
    withdrawal_reason = fields.TextField(null=True)

    statement_id: int
    organisation_id: int

    class Meta:
        table = "statement_signature"
        ordering = ["signed_at", "id"]
        unique_together = (("statement", "organisation"),)
        # a member's signatures newest first, and its current ones counted, from the index alone
        indexes = (("organisation_id", "signed_at", "id", "withdrawn_at"),)

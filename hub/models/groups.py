"""Working groups, advocacy coalitions and monitoring groups, and who is in them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.geography import Country
    from hub.models.organisations import Organisation


class GroupKind(StrEnum):
    WORKING_GROUP = "working_group"
    COALITION = "coalition"
    MONITORING_GROUP = "monitoring_group"


class GroupRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
    OBSERVER = "observer"


class Group(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    kind = fields.CharEnumField(GroupKind, max_length=20)
    name = translated_text("The group's name, per language")
    description = translated_text("What the group is for, per language")
    original_language = original_language()
    focus_country: fields.ForeignKeyNullableRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="groups", null=True, on_delete=fields.RESTRICT
    )
    started_on = fields.DateField()
    ended_on = fields.DateField(null=True)
    end_reason = translated_text("Why the group ended, per language", null=True)

    focus_country_id: str | None

    class Meta:
        table = "group"
        ordering = ["slug"]
        indexes = (("kind", "started_on"),)


class GroupMembership(Model):
    """An organisation's part in a group: its role, when it started, when and why it ended."""

    id = fields.IntField(primary_key=True)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        "hub.Group", related_name="memberships", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="group_memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(GroupRole, max_length=10, default=GroupRole.MEMBER)
    started_on = fields.DateField()
    ended_on = fields.DateField(null=True)
    end_reason = fields.TextField(null=True)

    group_id: int
    organisation_id: int

    class Meta:
        table = "group_membership"
        ordering = ["started_on", "id"]
        unique_together = (("group", "organisation", "started_on"),)
        indexes = (("organisation_id", "started_on"),)

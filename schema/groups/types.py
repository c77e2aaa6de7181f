"""Working groups, coalitions and monitoring groups, and their members' roles over time."""

from __future__ import annotations

import datetime

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.groups import GroupKind as GroupKindValue
from hub.models.groups import GroupRole as GroupRoleValue
from schema.campaigns.extends import GroupCampaigns
from schema.groups import relations
from schema.localization import LocalizedText
from schema.network.types import Country, Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.reads.arguments import AsOf, Equals
from schema.reads.fields import column, computed, many, one, translated
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row
from schema.statements.extends import GroupStatements

GroupKind = GroupKindValue
strawberry.enum(GroupKind, description="What kind of group it is.")
GroupRole = GroupRoleValue
strawberry.enum(GroupRole, description="An organisation's part in a group.")


def _last_day(build: Build, group: Row) -> str:
    """Today, or the day before it ended for a group that has ended."""
    today = build.request("today", "date")
    ended = group.column("ended_on")
    return (
        f"(CASE WHEN {ended} IS NOT NULL AND {ended} <= {today}"
        f" THEN {build.dialect.day_before(ended)} ELSE {today} END)"
    )


def _is_active(build: Build, group: Row, selected: Selected) -> str:
    ended = group.column("ended_on")
    return f"({ended} IS NULL OR {ended} > {build.request('today', 'date')})"


@strawberry.federation.type(
    keys=["id"], description="A working group, advocacy coalition or monitoring group of members."
)
class Group(RowNode, GroupCampaigns, GroupStatements):
    model = models.Group
    id: relay.NodeID[int]
    slug: str = column(description="Unique, URL-safe name, e.g. `tunisia-monitoring-group`.")
    kind: GroupKind = column(description="Working group, coalition or monitoring group.")
    original_language: str = column(description="The language its texts were written in.")
    started_on: datetime.date = column(description="The day it was launched.")
    ended_on: datetime.date | None = column(description="The day it ended, if it has.")
    name: LocalizedText = translated("name", description="The group's name.")
    description: LocalizedText = translated("description", description="What the group is for.")
    end_reason: LocalizedText | None = translated(
        "end_reason", description="Why the group ended, if it has.", optional=True
    )
    is_active: bool = computed(_is_active, description="Whether the group is still running today.")
    focus_country: Country | None = one(
        "focus_country_id", description="The country the group is about, if it is about one."
    )
    members: Connection[GroupMembership] = many(
        relations.MEMBERS_OF_GROUP,
        arguments=[
            AsOf(relations.MEMBERSHIP_PERIOD, default=_last_day),
            Equals("role", GroupRole, "role", "Only members in this role."),
        ],
        description="Its members on a date, with their roles: today by default, or the day"
        " before it ended for a group that has ended.",
    )
    membership_history: Connection[GroupMembership] = many(
        relations.MEMBERS_OF_GROUP,
        description="Every membership it ever had, in the order they began.",
    )


@strawberry.federation.type(
    keys=["id"], description="An organisation's part in a group: role, start, and end if any."
)
class GroupMembership(RowNode):
    model = models.GroupMembership
    id: relay.NodeID[int]
    role: GroupRole = column(description="Lead, member or observer.")
    started_on: datetime.date = column(description="The day it joined the group.")
    ended_on: datetime.date | None = column(description="The day it left, if it did.")
    end_reason: str | None = column(description="Why its membership ended, if it did.")
    group: Group = one("group_id", description="The group.")
    organisation: Organisation = one("organisation_id", description="The member organisation.")

"""Working groups, coalitions and monitoring groups, and their members' roles over time."""

from __future__ import annotations

import datetime
from typing import Annotated, Self

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.groups import GroupKind as GroupKindValue
from hub.models.groups import GroupRole as GroupRoleValue
from schema.campaigns.extends import GroupCampaigns
from schema.context import Info
from schema.groups import relations
from schema.loaders import Filters, Lookup
from schema.localization import translated, translated_optional
from schema.network.types import AsOf, Country, Organisation
from schema.nodes import RowNode
from schema.pagination import After, Connection, First
from schema.statements.extends import GroupStatements

GroupKind = strawberry.enum(GroupKindValue, description="What kind of group it is.")
GroupRole = strawberry.enum(GroupRoleValue, description="An organisation's part in a group.")


@strawberry.federation.type(
    keys=["id"], description="A working group, advocacy coalition or monitoring group of members."
)
class Group(RowNode, GroupCampaigns, GroupStatements):
    model = models.Group
    id: relay.NodeID[int]
    slug: str = strawberry.field(
        description="Unique, URL-safe name, e.g. `tunisia-monitoring-group`."
    )
    kind: GroupKind = strawberry.field(description="Working group, coalition or monitoring group.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    started_on: datetime.date = strawberry.field(description="The day it was launched.")
    ended_on: datetime.date | None = strawberry.field(description="The day it ended, if it has.")
    names: strawberry.Private[dict[str, str]]
    descriptions: strawberry.Private[dict[str, str]]
    end_reasons: strawberry.Private[dict[str, str] | None]
    focus_country_code: strawberry.Private[str | None]

    name = translated("names", "The group's name.")
    description = translated("descriptions", "What the group is for.")
    end_reason = translated_optional("end_reasons", "Why the group ended, if it has.")

    @classmethod
    def from_row(cls, row: models.Group) -> Self:
        return cls(
            id=row.id,
            slug=row.slug,
            kind=GroupKindValue(row.kind),
            original_language=row.original_language,
            started_on=row.started_on,
            ended_on=row.ended_on,
            names=row.name,
            descriptions=row.description,
            end_reasons=row.end_reason or None,
            focus_country_code=row.focus_country_id,
        )

    @strawberry.field(description="Whether the group is still running today.")
    def is_active(self) -> bool:
        return self.ended_on is None or self.ended_on > datetime.date.today()

    @strawberry.field(description="The country the group is about, if it is about one.")
    async def focus_country(self, info: Info) -> Country | None:
        return await Country.load(info, self.focus_country_code)

    @strawberry.field(
        description="Its members on a date, with their roles: today by default, or the day"
        " before it ended for a group that has ended."
    )
    async def members(
        self,
        info: Info,
        as_of: AsOf = None,
        role: Annotated[
            GroupRole | None, strawberry.argument(description="Only members in this role.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[GroupMembership]:
        relation = relations.MEMBERS_OF_GROUP
        filters: Filters = (relation.on(as_of or self._last_day()),)
        if role is not None:
            filters += (Lookup("role", role.value),)
        return await GroupMembership.connection_of(info, relation, self.id, first, after, filters)

    @strawberry.field(description="Every membership it ever had, in the order they began.")
    async def membership_history(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[GroupMembership]:
        return await GroupMembership.connection_of(
            info, relations.MEMBERS_OF_GROUP, self.id, first, after
        )

    def _last_day(self) -> datetime.date:
        today = datetime.date.today()
        if self.ended_on is not None and self.ended_on <= today:
            return self.ended_on - datetime.timedelta(days=1)
        return today


@strawberry.federation.type(
    keys=["id"], description="An organisation's part in a group: role, start, and end if any."
)
class GroupMembership(RowNode):
    model = models.GroupMembership
    id: relay.NodeID[int]
    role: GroupRole = strawberry.field(description="Lead, member or observer.")
    started_on: datetime.date = strawberry.field(description="The day it joined the group.")
    ended_on: datetime.date | None = strawberry.field(description="The day it left, if it did.")
    end_reason: str | None = strawberry.field(description="Why its membership ended, if it did.")
    group_id: strawberry.Private[int]
    organisation_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: models.GroupMembership) -> Self:
        return cls(
            id=row.id,
            role=GroupRoleValue(row.role),
            started_on=row.started_on,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            group_id=row.group_id,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The group.")
    async def group(self, info: Info) -> Group:
        return await Group.load_required(info, self.group_id)

    @strawberry.field(description="The member organisation.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)


async def memberships_of_organisation(
    info: Info,
    organisation_id: int,
    as_of: datetime.date | None,
    first: int | None,
    after: str | None,
) -> Connection[GroupMembership]:
    relation = relations.GROUPS_OF_ORGANISATION
    filters = (relation.on(as_of),) if as_of is not None else ()
    return await GroupMembership.connection_of(
        info, relation, organisation_id, first, after, filters
    )

"""Root fields of groups: working groups, coalitions and monitoring groups."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from hub import models
from hub.models.groups import GroupKind as GroupKindValue
from schema.filters import country_code
from schema.groups import relations
from schema.groups.types import Group, GroupKind
from schema.ordering import OrderDirection
from schema.pagination import Connection
from schema.reads.arguments import Equals, Filter, Order
from schema.reads.conditions import Has, Is, RunningOn, where
from schema.reads.fields import Rows
from schema.reads.roots import Key, listing, lookup


@strawberry.input(description="Which groups to list; every condition given must hold.")
class GroupFilter:
    active_on: datetime.date | None = where(
        RunningOn(relations.MEMBERSHIP_PERIOD), description="Running on this date."
    )
    focus_country: str | None = where(
        Is("focus_country_id", check=country_code),
        description="About this country (ISO 3166-1 alpha-2 code).",
    )
    member: str | None = where(
        Has(
            models.GroupMembership, "group_id", "organisation_id", by=(models.Organisation, "slug")
        ),
        description="With this organisation (slug) among its members, ever.",
    )


@strawberry.enum(description="What to sort groups by.")
class GroupOrderField(Enum):
    SLUG = "slug"
    STARTED_ON = "started_on"


@strawberry.input(description="How to sort groups.")
class GroupOrder:
    field: GroupOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


def _of_kind(kind: GroupKindValue) -> Rows:
    return Rows(models.Group, None, ("slug",), where=(f"{{row}}.\"kind\" = '{kind.value}'",))


def _groups(rows: Rows, description: str, *arguments: object) -> Connection[Group]:
    return listing(  # type: ignore[no-any-return]
        rows,
        arguments=[*arguments, Filter(GroupFilter), Order(GroupOrder, ("slug",))],  # type: ignore[list-item]
        description=description,
    )


def _group(description: str, kind: GroupKindValue | None = None) -> Group | None:
    kinds = (f"{{row}}.\"kind\" = '{kind.value}'",) if kind else ()
    slug = Key("slug", "slug", "The unique, URL-safe name.")
    return lookup(models.Group, slug, where=kinds, description=description)  # type: ignore[no-any-return]


@strawberry.type
class GroupQueries:
    groups: Connection[Group] = _groups(
        relations.GROUPS,
        "Groups of every kind.",
        Equals("kind", GroupKind, "kind", "Only groups of this kind."),
    )
    working_groups: Connection[Group] = _groups(
        _of_kind(GroupKindValue.WORKING_GROUP), "Working groups."
    )
    coalitions: Connection[Group] = _groups(
        _of_kind(GroupKindValue.COALITION), "Advocacy coalitions."
    )
    monitoring_groups: Connection[Group] = _groups(
        _of_kind(GroupKindValue.MONITORING_GROUP), "Monitoring groups."
    )
    group: Group | None = _group("The group of any kind with this slug, or null.")
    working_group: Group | None = _group(
        "The working group with this slug, or null.", GroupKindValue.WORKING_GROUP
    )
    coalition: Group | None = _group(
        "The coalition with this slug, or null.", GroupKindValue.COALITION
    )
    monitoring_group: Group | None = _group(
        "The monitoring group with this slug, or null.", GroupKindValue.MONITORING_GROUP
    )

"""Who belongs where on a given day: network members and group members."""

from __future__ import annotations

import datetime

from tortoise.queryset import QuerySet

from hub.models import GroupMembership, NetworkMembership
from hub.models.groups import GroupRole
from hub.periods import running_on


def network_membership_on(organisation_id: int, day: datetime.date) -> QuerySet[NetworkMembership]:
    """The organisation's period of network membership running on ``day``, if any."""
    return NetworkMembership.filter(
        running_on("joined_on", "left_on", day), organisation_id=organisation_id
    )


async def is_network_member(organisation_id: int, day: datetime.date) -> bool:
    return await network_membership_on(organisation_id, day).exists()


async def is_group_member(
    organisation_id: int, group_id: int, day: datetime.date, role: GroupRole | None = None
) -> bool:
    query = GroupMembership.filter(
        running_on("started_on", "ended_on", day),
        organisation_id=organisation_id,
        group_id=group_id,
    )
    if role is not None:
        query = query.filter(role=role)
    return await query.exists()

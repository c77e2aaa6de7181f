"""Who belongs where on a day: a period runs from its first day and is over on its last."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest

from hub import db
from hub.models import GroupMembership, NetworkMembership, Organisation
from hub.models.groups import GroupRole
from hub.services.eligibility import is_group_member, is_network_member
from tests import factories

JOINED = datetime.date(2010, 3, 1)
LEFT = datetime.date(2015, 6, 30)


@pytest.fixture
async def member(database_url: str) -> AsyncIterator[Organisation]:
    """An organisation in the network from JOINED to LEFT, and again from 2020 on."""
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1)
        await NetworkMembership.create(
            organisation_id=organisation.id, joined_on=JOINED, left_on=LEFT
        )
        await NetworkMembership.create(
            organisation_id=organisation.id, joined_on=datetime.date(2020, 1, 1)
        )
        yield organisation


@pytest.mark.parametrize(
    ("day", "belongs"),
    [
        (JOINED - datetime.timedelta(days=1), False),
        (JOINED, True),
        (LEFT - datetime.timedelta(days=1), True),
        (LEFT, False),
        (datetime.date(2019, 12, 31), False),
        (datetime.date(2020, 1, 1), True),
        (datetime.date(2040, 1, 1), True),
    ],
    ids=["day-before", "first-day", "last-day-before-leaving", "day-left", "between", "back", "on"],
)
async def test_a_network_member_on_a_day(
    member: Organisation, day: datetime.date, belongs: bool
) -> None:
    assert await is_network_member(member.id, day) is belongs


async def test_another_organisation_is_not_a_member(member: Organisation) -> None:
    (other,) = await factories.organisations(1)
    assert await is_network_member(other.id, JOINED) is False


async def test_a_group_member_on_a_day_and_in_a_role(member: Organisation) -> None:
    # given a group that the member led from JOINED until LEFT, and another group
    (lead, other) = await factories.organisations(2)
    group = await factories.group([lead], started_on=JOINED)
    elsewhere = await factories.group([other], started_on=JOINED)
    await GroupMembership.create(
        group_id=group.id,
        organisation_id=member.id,
        role=GroupRole.LEAD,
        started_on=JOINED,
        ended_on=LEFT,
    )

    # then it belongs on its days, in its role, to its group only
    assert await is_group_member(member.id, group.id, JOINED) is True
    assert await is_group_member(member.id, group.id, JOINED, GroupRole.LEAD) is True
    assert await is_group_member(member.id, group.id, JOINED, GroupRole.MEMBER) is False
    assert await is_group_member(member.id, group.id, JOINED - datetime.timedelta(1)) is False
    assert await is_group_member(member.id, group.id, LEFT) is False
    assert await is_group_member(member.id, elsewhere.id, JOINED) is False
    assert await is_group_member(lead.id, group.id, JOINED, GroupRole.LEAD) is True
    assert await is_group_member(other.id, group.id, JOINED) is False

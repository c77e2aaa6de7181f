"""Recording a member's departure (``hub.services.membership.record_departure``): it ends
that organisation's running period, and no other, on a day after it joined, saying why."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import AuditEntry, NetworkMembership, Organisation
from hub.services import membership
from hub.services.errors import Refusal, WriteRefused
from hub.services.membership import admit_member, record_departure
from tests import factories

TODAY = datetime.date(2026, 12, 2)
JOINED = datetime.date(2019, 5, 3)


@pytest.fixture
async def members(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[list[Organisation]]:
    """Two organisations, members since JOINED; today is TODAY."""
    monkeypatch.setattr(
        clock, "now", lambda: datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
    )
    async with db.connected(database_url):
        organisations = await factories.organisations(2)
        for organisation in organisations:
            await NetworkMembership.create(organisation_id=organisation.id, joined_on=JOINED)
        yield organisations


def administrator(organisation: Organisation) -> Principal:
    """The secretariat's staff user, signed in."""
    return factories.acting_for(organisation, Scope.HUB_ADMIN, client_id="secretariat", user_id=1)


async def periods(organisation: Organisation) -> list[tuple[datetime.date | None, str | None]]:
    return [
        (row.left_on, row.departure_reason)
        for row in await NetworkMembership.filter(organisation_id=organisation.id)
    ]


async def test_a_departure_ends_that_members_period_and_no_other(
    members: list[Organisation],
) -> None:
    leaving, staying = members
    ended = await record_departure(administrator(staying), leaving.id, TODAY, "  Merged.  ")

    assert (ended.left_on, ended.departure_reason) == (TODAY, "Merged.")
    assert await periods(leaving) == [(TODAY, "Merged.")]
    assert await periods(staying) == [(None, None)]
    (entry,) = await AuditEntry.filter(action="membership.depart")
    assert (entry.organisation_id, entry.subject) == (staying.id, f"NetworkMembership:{ended.id}")
    assert entry.details == {
        "organisation": leaving.slug,
        "leftOn": "2026-12-02",
        "reason": "Merged.",
    }


async def test_a_member_leaves_after_the_day_it_joined(members: list[Organisation]) -> None:
    leaving = members[0]
    for left_on in (JOINED, JOINED - datetime.timedelta(days=1)):
        with pytest.raises(WriteRefused) as refused:
            await record_departure(administrator(members[1]), leaving.id, left_on, "Merged.")
        assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "leftOn")
        assert refused.value.message == (f"{leaving.slug} joined on 2019-05-03: it leaves after.")
    assert await periods(leaving) == [(None, None)]
    ended = await record_departure(
        administrator(members[1]), leaving.id, JOINED + datetime.timedelta(days=1), "Merged."
    )
    assert ended.left_on == JOINED + datetime.timedelta(days=1)


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
async def test_a_departure_says_why(members: list[Organisation], reason: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        await record_departure(administrator(members[1]), members[0].id, TODAY, reason)
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "reason")
    assert refused.value.message == "Say why the organisation left."
    assert await periods(members[0]) == [(None, None)]


async def test_a_departure_announced_for_a_later_day_may_be_moved(
    members: list[Organisation],
) -> None:
    # given a member whose departure at the end of the month is recorded: a member still
    leaving = members[0]
    end_of_month = datetime.date(2026, 12, 31)
    await record_departure(administrator(members[1]), leaving.id, end_of_month, "Closing.")

    # when its departure is recorded again, for an earlier day
    moved = await record_departure(administrator(members[1]), leaving.id, TODAY, "Closed early.")

    # then the one period ends on that day
    assert (moved.left_on, moved.departure_reason) == (TODAY, "Closed early.")
    assert await periods(leaving) == [(TODAY, "Closed early.")]


async def test_a_departure_recorded_meanwhile_is_not_recorded_again(
    members: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another administrator recording the same departure between this one's reading
    # of the running period and its writing
    leaving = members[0]
    read = membership.network_membership_on

    class ReadThenOvertaken:
        def __init__(self, organisation_id: int, day: datetime.date) -> None:
            self.query = read(organisation_id, day)

        async def first(self) -> NetworkMembership | None:
            current = await self.query.first()
            await NetworkMembership.filter(organisation_id=leaving.id).update(
                left_on=TODAY, departure_reason="Closed by the other administrator."
            )
            return current

    monkeypatch.setattr(membership, "network_membership_on", ReadThenOvertaken)

    # when this one writes
    with pytest.raises(WriteRefused) as refused:
        await record_departure(administrator(members[1]), leaving.id, TODAY, "Merged.")

    # then it is told, and the other's departure stands, recorded once
    assert (refused.value.code, refused.value.field) == (Refusal.WRONG_STATUS, "organisationId")
    assert refused.value.message == f"The departure of {leaving.slug} was recorded meanwhile."
    assert await periods(leaving) == [(TODAY, "Closed by the other administrator.")]
    assert await AuditEntry.filter(action="membership.depart").count() == 0


async def test_a_member_is_not_admitted_again(members: list[Organisation]) -> None:
    member = members[0]
    with pytest.raises(WriteRefused) as refused:
        await admit_member(administrator(members[1]), member.id, TODAY)
    assert (refused.value.code, refused.value.field) == (Refusal.CONFLICT, "organisationId")
    assert refused.value.message == (
        f"{member.slug} is a network member already, since 2019-05-03."
    )
    assert len(await periods(member)) == 1


async def test_a_former_member_is_admitted_from_the_day_it_left_not_before(
    members: list[Organisation],
) -> None:
    # given a member that left on the first of January 2020
    former = members[0]
    left = datetime.date(2020, 1, 1)
    await NetworkMembership.filter(organisation_id=former.id).update(left_on=left)
    admin = administrator(members[1])

    # when it is admitted again on the day before, then on that day
    with pytest.raises(WriteRefused) as refused:
        await admit_member(admin, former.id, left - datetime.timedelta(days=1))
    again = await admit_member(admin, former.id, left)

    # then the first overlaps its old period, the second begins as it ends
    assert refused.value.message == f"{former.slug} is a network member already, since 2019-05-03."
    assert (again.joined_on, again.left_on) == (left, None)
    assert sorted(await periods(former), key=str) == [(None, None), (left, None)]

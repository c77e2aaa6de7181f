"""Recording a member's departure (``hub.services.membership.record_departure``): it ends
that organisation's running period, and no other, on a day after it joined, saying why."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import pytest

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import AuditEntry, NetworkMembership, OAuthClient, Organisation
from hub.services import membership
from hub.services.errors import Refusal, WriteRefused
from hub.services.membership import admit_member, record_departure
from hub.settings import Settings
from tests import factories

TODAY = datetime.date(2026, 12, 2)
JOINED = datetime.date(2019, 5, 3)
SETTINGS = Settings(access_token_seconds=900)
CALLBACK = "https://dashboard.example.org/callback"


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


def overtaken_by(write: Callable[[], Awaitable[object]]) -> Callable[[], Any]:
    """The service's transactions, each begun only after ``write`` has been committed by
    another hand: a write between the service's check and its own."""
    begin = membership.transaction

    @asynccontextmanager
    async def overtaken() -> AsyncIterator[Any]:
        await write()
        async with begin() as connection:
            yield connection

    return overtaken


async def test_an_admission_meanwhile_is_a_conflict_on_the_organisation(
    members: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a former member, admitted again by another administrator between this one's
    # check and its write
    former = members[0]
    await NetworkMembership.filter(organisation_id=former.id).update(left_on=JOINED.replace(2020))
    day = datetime.date(2026, 12, 1)
    other = partial(NetworkMembership.create, organisation_id=former.id, joined_on=TODAY)
    monkeypatch.setattr(membership, "transaction", overtaken_by(other))

    # when this one admits it too, from another day
    with pytest.raises(WriteRefused) as refused:
        await admit_member(administrator(members[1]), former.id, day)

    # then it is told, and only the other's admission stands
    assert (refused.value.code, refused.value.field) == (Refusal.CONFLICT, "organisationId")
    assert refused.value.message == (
        f"{former.slug} was admitted meanwhile: it is a network member already."
    )
    assert sorted(await periods(former), key=str) == [(None, None), (JOINED.replace(2020), None)]
    assert await AuditEntry.filter(action="membership.admit").count() == 0


async def test_a_period_from_the_same_day_recorded_meanwhile_is_a_conflict(
    members: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a former member whose period from today, already ended, is recorded by another
    # hand between the check and the write
    former = members[0]
    await NetworkMembership.filter(organisation_id=former.id).update(left_on=JOINED.replace(2020))
    ended = partial(
        NetworkMembership.create,
        organisation_id=former.id,
        joined_on=TODAY,
        left_on=datetime.date(2026, 12, 20),
    )
    monkeypatch.setattr(membership, "transaction", overtaken_by(ended))

    # when it is admitted from today
    with pytest.raises(WriteRefused) as refused:
        await admit_member(administrator(members[1]), former.id, TODAY)

    # then the day is taken
    assert (refused.value.code, refused.value.field) == (Refusal.CONFLICT, "organisationId")
    assert refused.value.message == f"{former.slug} was admitted on 2026-12-02 already."
    assert await NetworkMembership.filter(organisation_id=former.id).count() == 2
    assert await AuditEntry.filter(action="membership.admit").count() == 0


async def test_an_organisation_removed_meanwhile_is_not_admitted(
    members: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an organisation removed by an operator between the check and the write
    (outsider,) = await factories.organisations(1)
    monkeypatch.setattr(
        membership, "transaction", overtaken_by(Organisation.filter(id=outsider.id).delete)
    )

    # when it is admitted
    with pytest.raises(WriteRefused) as refused:
        await admit_member(administrator(members[1]), outsider.id, TODAY)

    # then the write refers to what is gone, and says so
    assert refused.value.code == Refusal.NOT_FOUND
    assert refused.value.message.startswith("Something the write refers to is gone: ")
    assert await NetworkMembership.filter(organisation_id=outsider.id).count() == 0


async def test_an_unknown_organisation_is_named_as_the_field_refused(
    members: list[Organisation],
) -> None:
    admin = administrator(members[1])
    writes = [
        admit_member(admin, 999_999, TODAY),
        record_departure(admin, 999_999, TODAY, "Merged."),
        membership.register_client(
            admin, 999_999, "Own system", ["alerts:write"], [], False, SETTINGS
        ),
    ]
    for write in writes:
        with pytest.raises(WriteRefused) as refused:
            await write
        assert (refused.value.code, refused.value.field) == (Refusal.NOT_FOUND, "organisationId")
        assert refused.value.message == "No organisation has this ID."


async def test_a_client_is_registered_with_its_scopes_and_audited(
    members: list[Organisation],
) -> None:
    member, secretariat = members
    registered = await membership.register_client(
        administrator(secretariat),
        member.id,
        "  Own system  ",
        ["statements:sign", "alerts:write", "statements:sign"],
        [CALLBACK],
        False,
        SETTINGS,
    )

    client = await OAuthClient.get(client_id=registered.credentials.client_id)
    assert (client.organisation_id, client.name) == (member.id, "Own system")
    assert client.scopes == ["alerts:write", "statements:sign"]
    assert registered.organisation.id == member.id
    (entry,) = await AuditEntry.filter(action="client.register")
    assert (entry.organisation_id, entry.subject) == (
        secretariat.id,
        f"OAuthClient:{client.client_id}",
    )
    assert entry.details == {
        "organisation": member.slug,
        "name": "Own system",
        "scopes": ["alerts:write", "statements:sign"],
        "public": False,
    }


@pytest.mark.parametrize(
    ("uris", "public", "field", "message"),
    [
        ([], True, "redirectUris", "a public client needs a redirect URI"),
        (
            ["http://dashboard.example.org/"],
            False,
            "redirectUris",
            "'http://dashboard.example.org/' must use https (plain http is for loopback only)",
        ),
    ],
)
async def test_a_client_refused_says_why_and_where(
    members: list[Organisation], uris: list[str], public: bool, field: str, message: str
) -> None:
    with pytest.raises(WriteRefused) as refused:
        await membership.register_client(
            administrator(members[1]),
            members[0].id,
            "Own system",
            ["alerts:write"],
            uris,
            public,
            SETTINGS,
        )
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        Refusal.INVALID,
        field,
        message,
    )
    assert await OAuthClient.all().count() == 0
    assert await AuditEntry.filter(action="client.register").count() == 0


async def test_a_scope_the_organisation_may_not_hold_is_refused_on_scopes(
    members: list[Organisation],
) -> None:
    (outsider,) = await factories.organisations(1)
    with pytest.raises(WriteRefused) as refused:
        await membership.register_client(
            administrator(members[1]),
            outsider.id,
            "Own system",
            ["statements:sign"],
            [],
            False,
            SETTINGS,
        )
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "scopes")
    assert refused.value.message == (
        f"{outsider.slug} may not hold statements:sign (it is not a current network member)"
    )

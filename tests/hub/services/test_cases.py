"""Cases gathered from the alerts: chains of alerts that follow one another, every killing of
a journalist or media worker, and the justice status of a killing's latest alert to record
one; gathering again writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any

import pytest

from auth.scopes import Scope
from hub import db
from hub.db import transaction
from hub.models import Alert, Case, Organisation
from hub.models.alerts import VictimKind, ViolationType
from hub.models.cases import JusticeStatus
from hub.services import alerts
from hub.services.cases import gather_cases
from tests import factories

DAY = datetime.date(2020, 3, 1)
JOURNALIST = [{"name": "A. Reporter", "kind": "journalist", "gender": None}]
ACTIVIST = [{"name": "An Activist", "kind": "activist", "gender": None}]


@pytest.fixture
async def source(database_url: str) -> AsyncIterator[Organisation]:
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1)
        yield organisation


async def filed(source: Organisation, days: int = 0, **fields: Any) -> Alert:
    return await factories.alert(source, occurred_on=DAY + datetime.timedelta(days=days), **fields)


async def gathered() -> int:
    async with transaction() as connection:
        return await gather_cases(connection)


async def case_of(alert: Alert) -> Case | None:
    await alert.refresh_from_db()
    return await Case.get_or_none(id=alert.case_id) if alert.case_id else None


async def test_a_killing_alone_is_an_unresolved_case(source: Organisation) -> None:
    # given a journalist killed, an activist killed, and a threat
    killing = await filed(source, violations=["killed"], victims=JOURNALIST)
    other = await filed(source, violations=["killed", "attacked"], victims=ACTIVIST)
    threat = await filed(source)

    # when cases are gathered
    await gathered()

    # then the journalist's killing alone is a case, unresolved
    case = await case_of(killing)
    assert case is not None
    assert (case.killing, case.justice, case.opened_on) == (True, JusticeStatus.UNRESOLVED, DAY)
    assert await case_of(other) is None
    assert await case_of(threat) is None


async def test_a_killing_takes_the_status_its_latest_alert_records(source: Organisation) -> None:
    # given a killing, a trial that convicts some, and a later appeal that convicts all
    killing = await filed(source, violations=["killed"], victims=JOURNALIST, country_id="PH")
    trial = await filed(source, 100, violations=["killed"], follows=killing, justice="partial")
    appeal = await filed(source, 400, violations=["killed"], follows=trial, justice="full")
    # filed out of order: a later filing of an earlier day records nothing newer
    await filed(source, 50, violations=["killed"], follows=killing, justice="unresolved")

    # when cases are gathered
    await gathered()

    # then the four are one case, opened on the killing's day, in full justice
    case = await case_of(appeal)
    assert case is not None
    assert (case.justice, case.opened_on, case.country_id) == (JusticeStatus.FULL, DAY, "PH")
    assert await Alert.filter(case_id=case.id).count() == 4

    # when the appeal is taken out of the case
    await Alert.filter(id=appeal.id).update(follows_id=None)
    await gathered()

    # then the case stands at partial justice, the appeal alone a killing's case of its own
    assert (await case_of(trial)) == case
    await case.refresh_from_db()
    assert case.justice == JusticeStatus.PARTIAL
    alone = await case_of(appeal)
    assert alone is not None and alone.id != case.id and alone.justice == JusticeStatus.FULL


async def test_alerts_that_follow_one_another_without_a_killing_carry_no_status(
    source: Organisation,
) -> None:
    # given a threat and a lawsuit that follows it
    threat = await filed(source)
    lawsuit = await filed(source, 10, violations=["legal-action"], follows=threat, justice="full")

    # when cases are gathered
    await gathered()

    # then they are one case, with no justice status
    case = await case_of(lawsuit)
    assert case is not None and case == await case_of(threat)
    assert (case.killing, case.justice) == (False, None)

    # when the lawsuit no longer follows the threat
    await Alert.filter(id=lawsuit.id).update(follows_id=None)
    written = await gathered()

    # then there is no case left: both alerts taken out of it, and the case deleted
    assert await case_of(threat) is None and await case_of(lawsuit) is None
    assert await Case.all().count() == 0
    assert written == 3


async def test_a_loop_of_follows_is_one_case_started_at_its_lowest_id(
    source: Organisation,
) -> None:
    # given three alerts that follow one another, two that follow the second, and then the
    # first made to follow the third by hand (the import refuses loops; a row can hold one),
    # and an alert filed before them all made to follow the second
    early = await filed(source)
    first = await filed(source)
    second = await filed(source, 5, follows=first)
    third = await filed(source, 10, follows=second)
    joining = await filed(source, 15, follows=second)
    last = await filed(source, 20, follows=joining)
    await Alert.filter(id=first.id).update(follows_id=third.id)
    await Alert.filter(id=early.id).update(follows_id=second.id)

    # when cases are gathered
    await gathered()

    # then the six are one case, keyed by the loop's lowest id (not the case's), whichever
    # alert is read first
    case = await case_of(last)
    assert case is not None and case.id == first.id
    for alert in (early, first, second, third, joining):
        assert await case_of(alert) == case
    assert await Case.all().count() == 1

    # and gathering again writes nothing
    assert await gathered() == 0


async def test_gathering_again_writes_nothing(source: Organisation) -> None:
    # given cases gathered once
    killing = await filed(source, violations=["killed"], victims=JOURNALIST)
    await filed(source, 5, violations=["killed"], follows=killing, justice="partial")
    first = await gathered()

    # when they are gathered again
    again = await gathered()

    # then the first wrote the case and its alerts, the second nothing
    assert first == 3
    assert again == 0


async def test_a_killing_filed_by_a_member_is_an_unresolved_case(database_url: str) -> None:
    async with db.connected(database_url):
        # given a member
        (member,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        principal = factories.acting_for(member, Scope.ALERTS_WRITE)

        # when it files the killing of a journalist
        report = alerts.AlertReport(
            occurred_on=DAY,
            country_code="MX",
            violations=[ViolationType.KILLED],
            original_language="es",
            title={"es": "Asesinado un periodista"},
            body={"es": "Un periodista fue asesinado."},
            victims=[alerts.Victim(VictimKind.JOURNALIST, "A. Reporter")],
        )
        killing = await alerts.file_alert(principal, report)

        # then it is a case of its own, unresolved
        case = await case_of(killing)
        assert case is not None
        assert (case.killing, case.justice) == (True, JusticeStatus.UNRESOLVED)

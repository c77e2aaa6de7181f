"""Cases: the alerts that follow one another gathered under one case, and where a killing's
case stands (CPJ's impunity index: unresolved, partial justice, full justice).

A case starts at an alert that follows none and takes in every alert that follows it, and
every alert that follows those. Every alert followed or following is in a case, and so is
every killing of a journalist or media worker, even one nothing follows yet: a killing no
one has answered for is an unresolved case. A case about a killing carries the justice
status of its latest alert (by the day it happened) to record one, or is unresolved; other
cases carry none.

:func:`gather_cases` brings the ``alert_case`` rows and each alert's ``case_id`` in line
with the alerts, writing only what differs: gathering twice writes nothing the second time.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.alert_index import is_postgres
from hub.models.alerts import VictimKind, ViolationType
from hub.models.cases import JusticeStatus

_KILLED = ViolationType.KILLED.value
_PRESS = (VictimKind.JOURNALIST.value, VictimKind.MEDIA_WORKER.value)
"""The victims whose killings CPJ's impunity index counts."""


@dataclass
class _Alert:
    id: int
    follows_id: int | None
    case_id: int | None
    occurred_on: datetime.date
    country_id: str
    killed: bool
    justice: str | None


@dataclass(frozen=True)
class CaseFacts:
    """What a case says, from its alerts."""

    opened_on: datetime.date
    country_id: str
    killing: bool
    justice: str | None


def _day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _chained_alerts_sql(postgres: bool) -> str:
    """Every alert that follows, is followed, is in a case, or is a killing of a journalist
    or media worker."""
    kinds = ", ".join(f"'{kind}'" for kind in _PRESS)
    if postgres:
        killed = (
            f"a.violations @> '[\"{_KILLED}\"]'::jsonb AND EXISTS (SELECT 1 FROM"
            f" jsonb_array_elements(a.victims) AS k (value) WHERE k.value ->> 'kind' IN ({kinds}))"
        )
    else:
        killed = (
            # the type index first: the victims of killings alone are read
            f"a.id IN (SELECT v.alert_id FROM alert_violation v WHERE v.violation = '{_KILLED}')"
            " AND EXISTS (SELECT 1 FROM json_each(a.victims) k"
            f" WHERE json_extract(k.value, '$.kind') IN ({kinds}))"
        )
    return (
        f"SELECT a.id, a.follows_id, a.case_id, a.occurred_on, a.country_id, a.justice,"
        f" CASE WHEN {killed} THEN 1 ELSE 0 END AS killed FROM alert a"
        f" WHERE a.follows_id IS NOT NULL OR a.case_id IS NOT NULL OR {killed}"
        f" OR a.id IN (SELECT f.follows_id FROM alert f WHERE f.follows_id IS NOT NULL)"
    )


def _root(alert: _Alert, alerts: dict[int, _Alert]) -> int:
    """The first alert of the chain an alert is on (a loop is cut where it closes)."""
    seen = {alert.id}
    while alert.follows_id is not None and alert.follows_id in alerts:
        if alert.follows_id in seen:
            break
        alert = alerts[alert.follows_id]
        seen.add(alert.id)
    return alert.id


def facts_of(alerts: list[_Alert], first: _Alert) -> CaseFacts:
    killing = any(alert.killed for alert in alerts)
    recorded = [a for a in alerts if a.justice is not None]
    justice = None
    if killing:
        latest = max(recorded, key=lambda a: (a.occurred_on, a.id), default=None)
        justice = latest.justice if latest else JusticeStatus.UNRESOLVED.value
    return CaseFacts(
        opened_on=min(alert.occurred_on for alert in alerts),
        country_id=first.country_id,
        killing=killing,
        justice=justice,
    )


async def gather_cases(connection: BaseDBAsyncClient) -> int:
    """Bring cases in line with the alerts, in the caller's transaction; how many rows
    (cases and alerts) it wrote."""
    postgres = is_postgres(connection)
    _, rows = await connection.execute_query(_chained_alerts_sql(postgres))
    alerts = {
        int(row["id"]): _Alert(
            id=int(row["id"]),
            follows_id=row["follows_id"],
            case_id=row["case_id"],
            occurred_on=_day(row["occurred_on"]),
            country_id=str(row["country_id"]),
            killed=bool(row["killed"]),
            justice=row["justice"],
        )
        for row in rows
    }
    chains: dict[int, list[_Alert]] = defaultdict(list)
    for alert in alerts.values():
        chains[_root(alert, alerts)].append(alert)
    _, stored_rows = await connection.execute_query(
        "SELECT id, opened_on, country_id, killing, justice FROM alert_case"
    )
    stored = {
        int(row["id"]): CaseFacts(
            _day(row["opened_on"]), str(row["country_id"]), bool(row["killing"]), row["justice"]
        )
        for row in stored_rows
    }
    placeholder = _placeholders(postgres)
    written = 0
    kept: set[int] = set()
    assigned: dict[int, int] = {}
    for root, chain in sorted(chains.items()):
        if len(chain) == 1 and not chain[0].killed:
            continue  # an alert alone is a case only when it is a killing
        facts = facts_of(chain, alerts[root])
        case_id = alerts[root].case_id
        if case_id is None or case_id not in stored or case_id in kept:
            case_id = await _new_case(connection, facts, placeholder)
            written += 1
        elif stored[case_id] != facts:
            await connection.execute_query(
                f"UPDATE alert_case SET opened_on = {placeholder(1)}, country_id ="
                f" {placeholder(2)}, killing = {placeholder(3)}, justice = {placeholder(4)}"
                f" WHERE id = {placeholder(5)}",
                [*_values(facts, postgres), case_id],
            )
            written += 1
        kept.add(case_id)
        assigned.update((alert.id, case_id) for alert in chain)
        moved = [[case_id, alert.id] for alert in chain if alert.case_id != case_id]
        if moved:
            await connection.execute_many(
                f"UPDATE alert SET case_id = {placeholder(1)} WHERE id = {placeholder(2)}", moved
            )
            written += len(moved)
    emptied = [
        [alert.id]
        for alert in alerts.values()
        if alert.case_id is not None and alert.id not in assigned
    ]
    if emptied:
        await connection.execute_many(
            f"UPDATE alert SET case_id = NULL WHERE id = {placeholder(1)}", emptied
        )
        written += len(emptied)
    gone = [[key] for key in stored if key not in kept]
    if gone:
        await connection.execute_many(f"DELETE FROM alert_case WHERE id = {placeholder(1)}", gone)
        written += len(gone)
    return written


def _placeholders(postgres: bool) -> Any:
    return (lambda n: f"${n}") if postgres else (lambda n: "?")


def _values(facts: CaseFacts, postgres: bool) -> list[Any]:
    opened: Any = facts.opened_on if postgres else facts.opened_on.isoformat()
    return [opened, facts.country_id, facts.killing, facts.justice]


async def _new_case(connection: BaseDBAsyncClient, facts: CaseFacts, placeholder: Any) -> int:
    columns = ", ".join(placeholder(n) for n in range(1, 5))
    _, rows = await connection.execute_query(
        f"INSERT INTO alert_case (opened_on, country_id, killing, justice) VALUES ({columns})"
        " RETURNING id",
        _values(facts, is_postgres(connection)),
    )
    return int(rows[0]["id"])

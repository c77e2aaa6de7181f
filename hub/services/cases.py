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
    """The first alert of the chain an alert is on. A loop of follows (only a row written by
    hand can make one: the import refuses them) has no first alert: it starts at its lowest
    id, so that every alert on it, and every alert that follows it, is in one case."""
    step = {alert.id: 0}  # each alert walked, and at which step
    while alert.follows_id is not None:
        alert = alerts[alert.follows_id]  # every alert followed is read
        if alert.id in step:  # the loop is the alerts walked since this one
            return min(walked for walked, at in step.items() if at >= step[alert.id])
        step[alert.id] = len(step)
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
    (cases and alerts) it wrote.

    A case is keyed by its first alert's id: the same alerts make the same case, whoever
    gathers them, and a case whose first alert changes (an earlier alert it now follows)
    is another case. Every write is one ``executemany``, whatever the number of cases.
    """
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
    wanted = {
        root: facts_of(chain, alerts[root])
        for root, chain in chains.items()
        if len(chain) > 1 or chain[0].killed  # an alert alone is a case only as a killing
    }
    _, stored_rows = await connection.execute_query(
        "SELECT id, opened_on, country_id, killing, justice FROM alert_case"
    )
    stored = {
        int(row["id"]): CaseFacts(
            _day(row["opened_on"]), str(row["country_id"]), bool(row["killing"]), row["justice"]
        )
        for row in stored_rows
    }
    mark = _placeholders(postgres)
    columns = "opened_on = {0}, country_id = {1}, killing = {2}, justice = {3}"
    # new cases first, then the alerts moved to them, then the cases no alert is in gone:
    # every alert points at a case that exists at every step
    writes = [
        (
            "INSERT INTO alert_case (opened_on, country_id, killing, justice, id)"
            f" VALUES ({', '.join(mark(n) for n in range(1, 6))})",
            [[*_values(f, postgres), key] for key, f in wanted.items() if key not in stored],
        ),
        (
            f"UPDATE alert_case SET {columns.format(*(mark(n) for n in range(1, 5)))}"
            f" WHERE id = {mark(5)}",
            [
                [*_values(f, postgres), key]
                for key, f in wanted.items()
                if key in stored and stored[key] != f
            ],
        ),
        (
            f"UPDATE alert SET case_id = {mark(1)} WHERE id = {mark(2)}",
            [
                [root if root in wanted else None, alert.id]
                for root, chain in chains.items()
                for alert in chain
                if alert.case_id != (root if root in wanted else None)
            ],
        ),
        (
            f"DELETE FROM alert_case WHERE id = {mark(1)}",
            [[key] for key in stored if key not in wanted],
        ),
    ]
    written = 0
    for sql, values in writes:
        if values:
            await connection.execute_many(sql, values)
            written += len(values)
    return written


def _placeholders(postgres: bool) -> Any:
    return (lambda n: f"${n}") if postgres else (lambda n: "?")


def _values(facts: CaseFacts, postgres: bool) -> list[Any]:
    opened: Any = facts.opened_on if postgres else facts.opened_on.isoformat()
    return [opened, facts.country_id, facts.killing, facts.justice]

"""Checking the rows of an import against one another and the archive: each key once per
source, and every ``follows`` naming an alert of the same source, in the file or the
archive, that happened on or before the alert that follows it, without a loop."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from hub.alert_import.rows import ImportedAlert, Rejection
from hub.models import Alert

Key = tuple[int, str]
"""(source organisation id, external_id): an alert's key in imports."""


def key_of(alert: ImportedAlert) -> Key:
    return alert.source_organisation_id, alert.external_id


async def _archived_days(keys: Iterable[Key]) -> dict[Key, datetime.date]:
    """The day each of these keys' alerts happened, for those in the archive."""
    by_source: dict[int, set[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, set()).add(external_id)
    found: dict[Key, datetime.date] = {}
    for source, external_ids in by_source.items():
        rows = await Alert.filter(
            source_organisation_id=source, external_id__in=sorted(external_ids)
        ).values_list("external_id", "occurred_on")
        found.update(((source, str(key)), day) for key, day in rows)
    return found


async def planned(
    alerts: list[ImportedAlert], rejections: list[Rejection]
) -> tuple[list[ImportedAlert], list[Rejection]]:
    """The rows that can be written, and the rejections, those found here added."""
    rejected = list(rejections)
    first_seen: dict[Key, int] = {}
    unique: list[ImportedAlert] = []
    for alert in alerts:
        key = key_of(alert)
        if key in first_seen:
            rejected.append(
                Rejection(
                    alert.line,
                    "external_id",
                    f"'{alert.external_id}' appears again (first on line {first_seen[key]})",
                )
            )
        else:
            first_seen[key] = alert.line
            unique.append(alert)
    in_file = {key_of(alert): alert for alert in unique}
    followed = {(alert.source_organisation_id, alert.follows) for alert in unique if alert.follows}
    wanted = {key for key in followed if key not in in_file}
    archived = await _archived_days(wanted)
    accepted = dict(in_file)
    # a row whose alert is rejected takes those that follow it along, until none is left
    while True:
        dropped = [
            (alert, reason)
            for alert in accepted.values()
            if (reason := _follows_problem(alert, accepted, archived)) is not None
        ]
        if not dropped:
            break
        for alert, reason in dropped:
            del accepted[key_of(alert)]
            rejected.append(Rejection(alert.line, "follows", reason))
    rejected.sort(key=lambda rejection: rejection.line)
    return list(accepted.values()), rejected


def _follows_problem(
    alert: ImportedAlert, accepted: dict[Key, ImportedAlert], archived: dict[Key, datetime.date]
) -> str | None:
    if alert.follows is None:
        return None
    target = (alert.source_organisation_id, alert.follows)
    if alert.follows == alert.external_id:
        return "an alert cannot follow itself"
    if target in accepted:
        day = accepted[target].occurred_on
    elif target in archived:
        day = archived[target]
    else:
        return (
            f"no alert of this source has external_id '{alert.follows}'"
            " (in this file, accepted, or in the archive)"
        )
    if day > alert.occurred_on:
        return f"'{alert.follows}' happened on {day}, after this alert ({alert.occurred_on})"
    if _loops(alert, accepted):
        return f"following '{alert.follows}' leads back to this alert"
    return None


def _loops(alert: ImportedAlert, accepted: dict[Key, ImportedAlert]) -> bool:
    seen = {key_of(alert)}
    current = alert
    while current.follows is not None:
        target = (current.source_organisation_id, current.follows)
        if target in seen:
            return True
        if target not in accepted:
            return False
        seen.add(target)
        current = accepted[target]
    return False

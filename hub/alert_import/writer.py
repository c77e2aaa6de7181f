"""Writing checked rows to the archive, in batches, each batch one transaction.

A row whose alert (same source, same ``external_id``) is not in the archive is added; one
whose alert differs in anything the row says is changed; one that says what its alert
already says is left alone, so that importing a file again writes nothing. New alerts of
a batch are inserted together and indexed together (``hub.alert_index.batch_indexing``);
changed ones are updated one by one, the database's triggers indexing them again. Once
every batch is in, what each alert follows is set, and cases are gathered
(``hub.services.cases``), in one last transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.alert_import.plan import Key, key_of
from hub.alert_import.rows import ImportedAlert
from hub.alert_import.stored import StoredAlert, alert_ids, insert_alerts, stored_alerts
from hub.alert_index import batch_indexing
from hub.db import DATABASE, transaction
from hub.models import Alert
from hub.services.cases import gather_cases

BATCH_SIZE = 2_000


@dataclass
class Written:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    links: int = 0
    """Alerts whose ``follows`` was set or cleared."""
    case_rows: int = 0
    """Cases and alerts' cases written when gathering cases."""


def _changes(stored: StoredAlert, alert: ImportedAlert) -> dict[str, Any]:
    """What of the stored alert differs from the row (texts: in the row's language only)."""
    wanted: dict[str, Any] = {
        "occurred_on": alert.occurred_on,
        "country_id": alert.country_id,
        "subdivision": alert.subdivision,
        "violations": alert.violations,
        "perpetrator": alert.perpetrator,
        "original_language": alert.language,
        "victims": alert.victims,
        "justice": alert.justice,
    }
    columns = stored.columns
    changed = {name: value for name, value in wanted.items() if columns[name] != value}
    for name, text in (("title", alert.title), ("body", alert.body)):
        texts: dict[str, str] = dict(columns[name] or {})
        if texts.get(alert.language, "") != text:
            changed[name] = {**texts, alert.language: text}
    return changed


def _new_alert(alert: ImportedAlert, now: datetime.datetime) -> dict[str, Any]:
    return {
        "occurred_on": alert.occurred_on,
        "reported_at": now,
        "country_id": alert.country_id,
        "subdivision": alert.subdivision,
        "violations": alert.violations,
        "perpetrator": alert.perpetrator,
        "title": {alert.language: alert.title},
        "body": {alert.language: alert.body},
        "original_language": alert.language,
        "victims": alert.victims,
        "source_organisation_id": alert.source_organisation_id,
        "external_id": alert.external_id,
        "justice": alert.justice,
    }


async def _stored(
    batch: Sequence[ImportedAlert], connection: BaseDBAsyncClient | None = None
) -> dict[Key, StoredAlert]:
    """The archive's alerts of the batch's keys."""
    client = connection or connections.get(DATABASE)
    by_source: dict[int, list[str]] = {}
    for alert in batch:
        by_source.setdefault(alert.source_organisation_id, []).append(alert.external_id)
    found: dict[Key, StoredAlert] = {}
    for source, external_ids in by_source.items():
        for key, row in (await stored_alerts(client, source, external_ids)).items():
            found[(source, key)] = row
    return found


class Writer:
    """Writes an import's rows batch by batch (or, dry, counts what it would write)."""

    def __init__(self, dry_run: bool, advance: Callable[[int], None] = lambda _: None) -> None:
        self.dry_run = dry_run
        self.advance = advance
        self.written = Written()
        self.ids: dict[Key, int] = {}
        self.follows: dict[Key, int | None] = {}
        """Each alert's ``follows_id`` as stored."""

    async def write(self, alerts: Sequence[ImportedAlert]) -> Written:
        for start in range(0, len(alerts), BATCH_SIZE):
            batch = alerts[start : start + BATCH_SIZE]
            if self.dry_run:
                await self._batch(batch, None)
            else:
                async with transaction() as connection:
                    await self._batch(batch, connection)
            self.advance(len(batch))
        if not self.dry_run:
            async with transaction() as connection:
                await self._link(alerts, connection)
                self.written.case_rows = await gather_cases(connection)
        return self.written

    async def _batch(
        self, batch: Sequence[ImportedAlert], connection: BaseDBAsyncClient | None
    ) -> None:
        stored = await _stored(batch, connection)
        new = [alert for alert in batch if key_of(alert) not in stored]
        changes = {
            key_of(alert): _changes(stored[key_of(alert)], alert)
            for alert in batch
            if key_of(alert) in stored
        }
        for key, row in stored.items():
            self.ids[key] = row.id
            self.follows[key] = row.follows_id
        self.written.added += len(new)
        self.written.changed += sum(1 for changed in changes.values() if changed)
        self.written.unchanged += sum(1 for changed in changes.values() if not changed)
        if connection is None:
            return
        if new:
            await self._add(new, connection)
        now = clock.now()
        for key, changed in changes.items():
            if changed:
                await (
                    Alert.filter(id=self.ids[key])
                    .using_db(connection)
                    .update(**changed, edited_at=now)
                )

    async def _add(self, new: Sequence[ImportedAlert], connection: BaseDBAsyncClient) -> None:
        now = clock.now()
        async with batch_indexing(connection):
            await insert_alerts(connection, [_new_alert(alert, now) for alert in new])
        for key, alert_id in (await _ids_of({key_of(alert) for alert in new}, connection)).items():
            self.ids[key] = alert_id
            self.follows[key] = None

    async def _link(self, alerts: Sequence[ImportedAlert], connection: BaseDBAsyncClient) -> None:
        """Set what each alert follows, where it differs from what it follows now."""
        unknown = {
            (alert.source_organisation_id, alert.follows)
            for alert in alerts
            if alert.follows is not None
            and (alert.source_organisation_id, alert.follows) not in self.ids
        }
        if unknown:
            self.ids.update(await _ids_of(unknown, connection))
        moved = []
        for alert in alerts:
            target = (
                self.ids[(alert.source_organisation_id, alert.follows)] if alert.follows else None
            )
            if self.follows.get(key_of(alert)) != target:
                moved.append([target, self.ids[key_of(alert)]])
        if moved:
            postgres = connection.capabilities.dialect == "postgres"
            sql = (
                "UPDATE alert SET follows_id = $1 WHERE id = $2"
                if postgres
                else "UPDATE alert SET follows_id = ? WHERE id = ?"
            )
            await connection.execute_many(sql, moved)
        self.written.links = len(moved)


async def _ids_of(keys: set[Key], connection: BaseDBAsyncClient) -> dict[Key, int]:
    by_source: dict[int, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found: dict[Key, int] = {}
    for source, external_ids in by_source.items():
        for start in range(0, len(external_ids), BATCH_SIZE):
            chunk = external_ids[start : start + BATCH_SIZE]
            ids = await alert_ids(connection, source, chunk)
            found.update(((source, key), value) for key, value in ids.items())
    return found

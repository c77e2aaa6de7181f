"""Petition signatures written in batches: one transaction for all that arrived meanwhile.

Partner widgets bring signatures in bursts (a campaign day, a front page). Written one by
one, each would cost a transaction; here every signature waits in the batch being filled
while the previous one commits, then all of them commit together. Each signer's answer waits
for their batch's commit: nothing is answered that is not written. Within the transaction
the batch's petitions are locked (on PostgreSQL), checked open, the address limits counted
(``hub.services.address_limit``), the rows inserted once per e-mail address, and the counts
moved by exactly the rows written.

When the database goes away under a batch (a failover, a restart), that batch alone is
refused, with :class:`~hub.db.DatabaseUnavailable`; the signers queued behind it are written
next, in a transaction on a fresh connection.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock, request_context
from hub.db import DatabaseUnavailable, transaction
from hub.events import petition_counted, publish
from hub.ledger.chain import CountedSignature, append_signatures
from hub.metrics import PETITION_SIGNATURES, SIGNATURE_QUEUE
from hub.models import Petition, PetitionSignature
from hub.models.petitions import PetitionStatus
from hub.services import address_limit
from hub.services.dialect import Dialect
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import Limits, Signature, Signed

log = logging.getLogger(__name__)

MAX_BATCH = 500
"""Signatures per transaction: 9 parameters each stays far below SQLite's 32 766."""

_COLUMNS = (
    "petition_id",
    "name",
    "email",
    "language",
    "country_id",
    "consent_to_contact",
    "source",
    "address_hash",
    "signed_at",
)

Outcome = Signed | WriteRefused
Counted = Callable[[dict[int, int]], None]
"""Told each petition's new count after every commit (the widgets' counters listen)."""


@dataclass
class _Waiting:
    signature: Signature
    answer: asyncio.Future[Outcome]


class SignatureWriter:
    """One per process: signatures handed to :meth:`write` are committed in batches."""

    def __init__(self, limits: Limits, counted: Counted = lambda _counts: None) -> None:
        self.limits = limits
        self.counted = counted
        self._waiting: list[_Waiting] = []
        self._writing: asyncio.Task[None] | None = None
        self._windows_deleted_before: datetime.datetime | None = None

    async def write(self, signature: Signature) -> Signed:
        """Wait for the batch holding this signature to commit; its outcome, or a refusal.

        Raises :class:`~hub.db.DatabaseUnavailable` if the database went away under the batch.
        """
        waiting = _Waiting(signature, asyncio.get_running_loop().create_future())
        self._waiting.append(waiting)
        SIGNATURE_QUEUE.inc()
        waiting.answer.add_done_callback(lambda _answer: SIGNATURE_QUEUE.dec())
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_all())
        # A signer who goes away does not take the batch down with them: it still commits.
        outcome = await asyncio.shield(waiting.answer)
        if isinstance(outcome, WriteRefused):
            raise outcome
        return outcome

    async def _write_all(self) -> None:
        request_context.forget()  # a request started this task; it writes for every signer
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
                if await self._commit(batch):
                    await self._delete_ended_windows()
        finally:
            self._writing = None

    async def _commit(self, batch: list[_Waiting]) -> bool:
        """Commit the batch and answer each of its signers, once; whether it committed."""
        try:
            outcomes = await commit_batch([w.signature for w in batch], self.limits)
        except DatabaseUnavailable as unavailable:
            # Refused at once: one by one, its signatures would only find the database away
            # again. The transaction left nothing behind, so the next batch starts afresh.
            self._refuse(batch, unavailable)
            return False
        except Exception as error:  # the transaction rolled back: nothing of it was written
            if len(batch) == 1:
                batch[0].answer.set_exception(error)
                return False
            return await self._commit_one_by_one(batch)
        self._answer(batch, outcomes)
        await _announce(outcomes)
        return True

    async def _commit_one_by_one(self, batch: list[_Waiting]) -> bool:
        """So that one signature the database refuses does not refuse everyone who happened
        to share its batch; whether any committed."""
        committed = False
        for position, waiting in enumerate(batch):
            try:
                outcomes = await commit_batch([waiting.signature], self.limits)
            except DatabaseUnavailable as unavailable:
                self._refuse(batch[position:], unavailable)
                break
            except Exception as error:
                waiting.answer.set_exception(error)
                continue
            self._answer([waiting], outcomes)
            await _announce(outcomes)
            committed = True
        return committed

    def _answer(self, batch: list[_Waiting], outcomes: list[Outcome]) -> None:
        for waiting, outcome in zip(batch, outcomes, strict=True):
            waiting.answer.set_result(outcome)
        PETITION_SIGNATURES.inc(sum(1 for o in outcomes if isinstance(o, Signed) and o.new))
        self.counted({o.petition_id: o.signature_count for o in outcomes if isinstance(o, Signed)})

    def _refuse(self, batch: list[_Waiting], unavailable: DatabaseUnavailable) -> None:
        """Tell the batch's signers the database went away: once in the log, for all."""
        log.warning(
            "Refused a batch of %d petition signatures (petitions %s): %s Cause: %r",
            len(batch),
            sorted({waiting.signature.petition_id for waiting in batch}),
            unavailable,
            unavailable.__cause__,
        )
        for waiting in batch:
            waiting.answer.set_exception(DatabaseUnavailable(unavailable.maybe_written))

    async def _delete_ended_windows(self) -> None:
        """The address limit's counters of ended windows, deleted once per window (another
        process doing the same meanwhile does no harm)."""
        window = address_limit.window_of(clock.now(), self.limits.window)
        if window == self._windows_deleted_before:
            return
        self._windows_deleted_before = window  # tried once: a failure waits for the next one
        try:
            async with transaction() as connection:
                await address_limit.delete_ended_windows(connection, window)
        except Exception:
            log.warning("The signing limit's ended windows could not be deleted", exc_info=True)


async def _announce(outcomes: list[Outcome]) -> None:
    """Tell subscribers, on every replica, of the counts the batch moved."""
    moved = sorted({o.petition_id for o in outcomes if isinstance(o, Signed) and o.new})
    await publish(petition_counted(petition_id) for petition_id in moved)


async def commit_batch(batch: Sequence[Signature], limits: Limits) -> list[Outcome]:
    """Write the batch in one transaction; one outcome per signature, in order."""
    window = address_limit.window_of(clock.now(), limits.window)
    async with transaction() as connection:
        dialect = Dialect.of(connection)
        petitions = await _lock_petitions(connection, {s.petition_id for s in batch})
        over_limit = await _over_address_limit(connection, batch, limits, window)
        outcomes: list[Outcome | None] = [None] * len(batch)
        first_of: dict[tuple[int, str], int] = {}
        to_insert: list[int] = []
        for index, signature in enumerate(batch):
            refusal = _refusal(petitions.get(signature.petition_id), signature.signed_at)
            if refusal is None and index in over_limit:
                refusal = WriteRefused(
                    Refusal.TOO_MANY,
                    f"Too many signatures from this network address: at most "
                    f"{limits.per_address} in {_described(limits.window)}. Try again later.",
                )
            if refusal is not None:
                outcomes[index] = refusal
            elif (signature.petition_id, signature.email) not in first_of:
                first_of[(signature.petition_id, signature.email)] = index
                to_insert.append(index)
        inserted = await _insert(connection, dialect, [batch[i] for i in to_insert])
        added = Counter(petition_id for petition_id, _email in inserted)
        counts = await _add_to_counts(connection, dialect, petitions, added)
        # the one place a petition signature becomes counted: its list grows here
        await append_signatures(connection, _counted(batch, first_of, inserted))
        from_addresses = Counter(
            address
            for key in inserted
            if (address := batch[first_of[key]].address_hash) is not None
        )
        await address_limit.add_signatures(connection, from_addresses, window)
    for index, signature in enumerate(batch):
        if outcomes[index] is None:
            key = (signature.petition_id, signature.email)
            new = first_of[key] == index and key in inserted
            outcomes[index] = Signed(signature.petition_id, counts[signature.petition_id], new)
    return [outcome for outcome in outcomes if outcome is not None]


@dataclass(frozen=True)
class _PetitionState:
    status: str
    closes_at: datetime.datetime | None
    signature_count: int


async def _lock_petitions(
    connection: BaseDBAsyncClient, ids: set[int]
) -> dict[int, _PetitionState]:
    """The petitions' state, locked until commit on PostgreSQL so that none closes or is
    counted by another process meanwhile (SQLite runs one transaction at a time)."""
    ordered = sorted(ids)  # always locked in the same order: no deadlock between processes
    rows = await (
        Petition.filter(id__in=ordered)
        .order_by("id")
        .select_for_update()
        .using_db(connection)
        .values("id", "status", "closes_at", "signature_count")
    )
    return {
        int(row["id"]): _PetitionState(row["status"], row["closes_at"], int(row["signature_count"]))
        for row in rows
    }


def _refusal(petition: _PetitionState | None, moment: datetime.datetime) -> WriteRefused | None:
    if petition is None:
        return WriteRefused(Refusal.NOT_FOUND, "No petition has this ID.", "petition")
    if petition.status != PetitionStatus.OPEN or (
        petition.closes_at is not None and petition.closes_at <= moment
    ):
        return WriteRefused(Refusal.WRONG_STATUS, "The petition is not open for signing.")
    return None


async def _over_address_limit(
    connection: BaseDBAsyncClient,
    batch: Sequence[Signature],
    limits: Limits,
    window: datetime.datetime,
) -> set[int]:
    """The batch's signatures that would take their address past the limit."""
    addresses = {s.address_hash for s in batch if s.address_hash is not None}
    made = await address_limit.signatures_made(connection, addresses, window)
    over = set()
    for index, signature in enumerate(batch):
        if signature.address_hash is None:
            continue
        if made[signature.address_hash] >= limits.per_address:
            over.add(index)
        else:
            made[signature.address_hash] += 1
    return over


async def _insert(
    connection: BaseDBAsyncClient, dialect: Dialect, signatures: list[Signature]
) -> dict[tuple[int, str], int]:
    """Insert once per (petition, e-mail); the pairs that were new, with their rows' ids."""
    if not signatures:
        return {}
    values: list[Any] = []
    for s in signatures:
        values += [
            s.petition_id,
            s.name,
            s.email,
            s.language,
            s.country,
            s.consent_to_contact,
            s.source,
            s.address_hash,
            dialect.moment(s.signed_at),
        ]
    columns = ", ".join(f'"{column}"' for column in _COLUMNS)
    written = await connection.execute_query_dict(
        f'INSERT INTO "{PetitionSignature._meta.db_table}" ({columns})'
        f" VALUES {dialect.rows(len(signatures), len(_COLUMNS))}"
        ' ON CONFLICT ("petition_id", "email") DO NOTHING'
        ' RETURNING "id", "petition_id", "email"',
        values,
    )
    return {(int(row["petition_id"]), str(row["email"])): int(row["id"]) for row in written}


def _counted(
    batch: Sequence[Signature],
    first_of: dict[tuple[int, str], int],
    inserted: dict[tuple[int, str], int],
) -> list[CountedSignature]:
    """The signatures the batch wrote, in the order their rows were made."""
    counted = []
    for key, row_id in sorted(inserted.items(), key=lambda pair: pair[1]):
        signature = batch[first_of[key]]
        counted.append(
            CountedSignature(
                signature.petition_id,
                row_id,
                signature.signed_at,
                signature.country,
                signature.source,
            )
        )
    return counted


async def _add_to_counts(
    connection: BaseDBAsyncClient,
    dialect: Dialect,
    petitions: dict[int, _PetitionState],
    added: Counter[int],
) -> dict[int, int]:
    counts = {petition_id: state.signature_count for petition_id, state in petitions.items()}
    for petition_id, rows in sorted(added.items()):
        await connection.execute_query(
            'UPDATE "petition" SET "signature_count" = "signature_count" + '
            f'{dialect.marks(1)} WHERE "id" = {dialect.marks(1, 2)}',
            [rows, petition_id],
        )
        counts[petition_id] += rows
    return counts


def _described(window: datetime.timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    return f"{minutes // 60} hour(s)" if minutes % 60 == 0 else f"{minutes} minutes"

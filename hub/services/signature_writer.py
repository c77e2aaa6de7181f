"""Petition signatures written in batches: one transaction for all that arrived meanwhile.

Partner widgets bring signatures in bursts (a campaign day, a front page). Written one by
one, each would cost a transaction; here every signature waits in the batch being filled
while the previous one commits, then all of them commit together
(``hub.services.signature_batch``). Each signer's answer waits for their batch's commit:
nothing is answered that is not written. The writer also removes, now and then, what has
expired: the address limit's ended windows, and signatures never confirmed.

When the database goes away under a batch (a failover, a restart), that batch alone is
refused, with :class:`~hub.db.DatabaseUnavailable`; the signers queued behind it are written
next, in a transaction on a fresh connection. Whatever else goes wrong with a batch, its
signers are answered with the error (logged once) and the writer goes on: no signer is ever
left waiting.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from hub import clock, request_context
from hub.db import DatabaseUnavailable, transaction
from hub.metrics import PETITION_SIGNATURES, SIGNATURE_QUEUE
from hub.services import address_limit
from hub.services.errors import WriteRefused
from hub.services.petition_signing import Limits, Signature, Signed
from hub.services.signature_batch import Signers, commit_batch
from hub.services.signer_links import delete_expired_pending

log = logging.getLogger(__name__)

MAX_BATCH = 500
"""Signatures per transaction: 12 parameters each stays far below SQLite's 32 766."""

Outcome = Signed | WriteRefused
Counted = Callable[[dict[int, int]], None]
"""Told each petition's new count after every commit (the widgets' counters listen)."""


@dataclass
class _Waiting:
    signature: Signature
    answer: asyncio.Future[Outcome]


class SignatureWriter:
    """One per process: signatures handed to :meth:`write` are committed in batches."""

    def __init__(
        self,
        limits: Limits,
        counted: Counted = lambda _counts: None,
        signers: Signers | None = None,
        pending_for: datetime.timedelta = datetime.timedelta(hours=72),
    ) -> None:
        self.limits = limits
        self.counted = counted
        self.signers = signers
        self.pending_for = pending_for
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

    async def settled(self) -> None:
        """Return once every signature handed in is committed and answered, and what the
        writer does after a commit (removing what expired) is done."""
        while self._writing is not None:
            await asyncio.shield(self._writing)

    async def _write_all(self) -> None:
        request_context.forget()  # a request started this task; it writes for every signer
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
                try:
                    if await self._commit(batch):
                        await self._delete_ended_windows()
                except Exception as fault:  # the writer's own: no signer is left waiting
                    log.exception("The signature writer failed on a batch of %d", len(batch))
                    for waiting in batch:
                        if not waiting.answer.done():
                            waiting.answer.set_exception(fault)
        finally:
            self._writing = None

    async def _commit(self, batch: list[_Waiting]) -> bool:
        """Commit the batch and answer each of its signers, once; whether it committed."""
        try:
            outcomes = await commit_batch([w.signature for w in batch], self.limits, self.signers)
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
        return True

    async def _commit_one_by_one(self, batch: list[_Waiting]) -> bool:
        """So that one signature the database refuses does not refuse everyone who happened
        to share its batch; whether any committed."""
        committed = False
        for position, waiting in enumerate(batch):
            try:
                outcomes = await commit_batch([waiting.signature], self.limits, self.signers)
            except DatabaseUnavailable as unavailable:
                self._refuse(batch[position:], unavailable)
                break
            except Exception as error:
                waiting.answer.set_exception(error)
                continue
            self._answer([waiting], outcomes)
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
        """The address limit's counters of ended windows, and the signatures never
        confirmed, deleted once per window (another process doing the same meanwhile does
        no harm)."""
        window = address_limit.window_of(clock.now(), self.limits.window)
        if window == self._windows_deleted_before:
            return
        self._windows_deleted_before = window  # tried once: a failure waits for the next one
        try:
            async with transaction() as connection:
                await address_limit.delete_ended_windows(connection, window)
            await delete_expired_pending(self.pending_for)
        except Exception:
            log.warning("The signing limit's ended windows could not be deleted", exc_info=True)

"""What the links in signers' mails do: confirm a signature, remove it, or take back the
consent to be contacted. Each link carries a token only the hub makes (``hub.keyring``),
for one action on one signature; each action is a POST from the page the link opens, so
a mail scanner that fetches the link does nothing.

Confirming moves the petition's count up by one and chains the signature in the petition's
list (``hub.ledger``); removing a confirmed signature moves the count down by one and
chains its erasure. Each happens in the transaction that changes the signature, only once
however often the link is used, and is announced to the open widgets once committed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.db import transaction
from hub.events import petition_counted, publish
from hub.keyring import Keyring
from hub.ledger.chain import CountedSignature, append_erasure, append_signatures
from hub.metrics import PETITION_CONFIRMATIONS
from hub.models import PetitionSignature, SignerConsent
from hub.models.petitions import SignatureStatus
from hub.services.dialect import Dialect
from hub.services.signer_mail import CONFIRM, CONSENT, ERASE


class Done(StrEnum):
    CONFIRMED = "confirmed"
    ALREADY = "already"
    ERASED = "erased"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    """No such signature: a bad link, or one whose signature expired or was removed."""


@dataclass(frozen=True)
class LinkUsed:
    done: Done
    petition_id: int | None = None
    signature_count: int | None = None
    """The petition's count after the action, when it moved."""


async def confirm_signature(keys: Keyring, token: str, pending_for: datetime.timedelta) -> LinkUsed:
    signature_id = keys.subject_of(CONFIRM, token)
    if signature_id is None:
        return LinkUsed(Done.UNKNOWN)
    now = clock.now()
    async with transaction() as connection:
        dialect = Dialect.of(connection)
        mark = [dialect.marks(1, n) for n in range(1, 5)]
        # only a pending signature still in time moves to confirmed: once, whoever races
        confirmed = await connection.execute_query_dict(
            f'UPDATE "petition_signature" SET "status" = {mark[0]}, "confirmed_at" = {mark[1]}'
            f' WHERE "id" = {mark[2]} AND "status" = \'pending\' AND "signed_at" > {mark[3]}'
            ' RETURNING "petition_id", "signed_at", "country_id", "source"',
            [
                SignatureStatus.CONFIRMED.value,
                dialect.moment(now),
                signature_id,
                dialect.moment(now - pending_for),
            ],
        )
        if not confirmed:
            exists = (
                await PetitionSignature.filter(id=signature_id, status=SignatureStatus.CONFIRMED)
                .using_db(connection)
                .exists()
            )
            return LinkUsed(Done.ALREADY if exists else Done.UNKNOWN)
        row = confirmed[0]
        petition_id = int(row["petition_id"])
        count = await _move_count(connection, dialect, petition_id, +1)
        counted = CountedSignature(
            petition_id,
            signature_id,
            dialect.stored_moment(row["signed_at"]),
            row["country_id"],
            str(row["source"]),
        )
        await append_signatures(connection, [counted])
    PETITION_CONFIRMATIONS.inc()
    await publish([petition_counted(petition_id)])
    return LinkUsed(Done.CONFIRMED, petition_id, count)


async def erase_signature(keys: Keyring, token: str) -> LinkUsed:
    """The signature and all kept of it are removed; the count moves down if it counted."""
    signature_id = keys.subject_of(ERASE, token)
    if signature_id is None:
        return LinkUsed(Done.UNKNOWN)
    async with transaction() as connection:
        dialect = Dialect.of(connection)
        # its consents go with it (ON DELETE CASCADE)
        erased = await connection.execute_query_dict(
            f'DELETE FROM "petition_signature" WHERE "id" = {dialect.marks(1)}'
            ' RETURNING "petition_id", "status"',
            [signature_id],
        )
        if not erased:
            return LinkUsed(Done.UNKNOWN)
        petition_id = int(erased[0]["petition_id"])
        if erased[0]["status"] != SignatureStatus.CONFIRMED.value:
            return LinkUsed(Done.ERASED)  # it never counted
        count = await _move_count(connection, dialect, petition_id, -1)
        await append_erasure(connection, petition_id, signature_id, clock.now())
    await publish([petition_counted(petition_id)])
    return LinkUsed(Done.ERASED, petition_id, count)


async def revoke_consent(keys: Keyring, token: str, how: str) -> LinkUsed:
    """No more contact: the consent ends, and the sealed address is dropped."""
    signature_id = keys.subject_of(CONSENT, token)
    if signature_id is None:
        return LinkUsed(Done.UNKNOWN)
    async with transaction() as connection:
        if not await PetitionSignature.filter(id=signature_id).using_db(connection).exists():
            return LinkUsed(Done.UNKNOWN)
        await (
            SignerConsent.filter(signature_id=signature_id, revoked_at=None)
            .using_db(connection)
            .update(revoked_at=clock.now(), revoked_how=how[:128])
        )
        await (
            PetitionSignature.filter(id=signature_id).using_db(connection).update(sealed_email=None)
        )
    return LinkUsed(Done.REVOKED)


async def delete_expired_pending(pending_for: datetime.timedelta) -> int:
    """Remove the signatures never confirmed in time (they were never counted), and their
    consents with them (ON DELETE CASCADE); how many were removed."""
    cutoff = clock.now() - pending_for
    async with transaction() as connection:
        expired = await (
            PetitionSignature.filter(status=SignatureStatus.PENDING, signed_at__lte=cutoff)
            .using_db(connection)
            .values_list("id", flat=True)
        )
        # counted here: SQLite's count of rows deleted takes in the consents deleted with them
        await PetitionSignature.filter(id__in=expired).using_db(connection).delete()
    return len(expired)


async def _move_count(
    connection: BaseDBAsyncClient, dialect: Dialect, petition_id: int, by: int
) -> int:
    moved = await connection.execute_query_dict(
        f'UPDATE "petition" SET "signature_count" = "signature_count" + {dialect.marks(1)}'
        f' WHERE "id" = {dialect.marks(1, 2)} RETURNING "signature_count"',
        [by, petition_id],
    )
    return int(moved[0]["signature_count"])

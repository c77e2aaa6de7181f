"""One batch of petition signatures, written in one transaction.

Within the transaction the batch's petitions are held open (on PostgreSQL), checked open, the
address limits counted (``hub.services.address_limit``), and each address looked up by its
keyed hash under every signer key. A new address's signature is inserted pending, hashed
and sealed (``hub.services.sealing``), its consent to be contacted recorded apart, and its
confirmation mail written to the outbox; an address that had signed (pending or confirmed)
is answered exactly the same, and mailed a notice instead. Nothing here moves a count:
confirming a signature does (``hub.services.signer_links``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.db import transaction
from hub.keyring import Keyring, keyring
from hub.mail import outbox
from hub.mail.outbox import Outgoing
from hub.models import Petition, PetitionSignature, SignerConsent
from hub.models.petitions import PetitionStatus, SignatureStatus
from hub.services import address_limit, sealing
from hub.services.dialect import Dialect
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import Limits, Signature, Signed
from hub.services.signer_mail import PetitionNamed, SignerMail
from hub.settings import Settings

Outcome = Signed | WriteRefused

_COLUMNS = (
    "petition_id",
    "email_hash",
    "hash_key",
    "sealed_name",
    "sealed_email",
    "sealed_to",
    "language",
    "country_id",
    "source",
    "address_hash",
    "signed_at",
    "status",
)
CONSENT_PURPOSE = "campaign-updates"
"""What signers agree to be contacted for: news of the petition's campaign."""


class Signers:
    """What writing signatures needs besides the database: the hub's signer keys, its
    signers' mails, and the outbox's sender to wake once they are committed."""

    def __init__(self, settings: Settings, sent: Callable[[], None] = lambda: None) -> None:
        self.settings = settings
        self.mail = SignerMail.for_settings(settings)
        self.sent = sent

    async def keys(self) -> Keyring:
        return await keyring(self.settings)


async def commit_batch(
    batch: Sequence[Signature], limits: Limits, signers: Signers | None = None
) -> list[Outcome]:
    """Write the batch in one transaction; one outcome per signature, in order."""
    signers = signers or Signers(Settings())
    keys = await signers.keys()
    hashes = [keys.hashes(signature.email) for signature in batch]
    window = address_limit.window_of(clock.now(), limits.window)
    async with transaction() as connection:
        petitions = await _lock_petitions(connection, {s.petition_id for s in batch})
        over_limit = await _over_address_limit(connection, batch, limits, window)
        outcomes: list[Outcome | None] = [None] * len(batch)
        for index, signature in enumerate(batch):
            refusal = _refusal(petitions.get(signature.petition_id), signature.signed_at)
            if refusal is None and index in over_limit:
                refusal = WriteRefused(
                    Refusal.TOO_MANY,
                    f"Too many signatures from this network address: at most "
                    f"{limits.per_address} in {_described(limits.window)}. Try again later.",
                )
            outcomes[index] = refusal
        accepted = [index for index, outcome in enumerate(outcomes) if outcome is None]
        known = await _signed_before(connection, [(batch[i], hashes[i]) for i in accepted])
        first_of: dict[tuple[int, str], int] = {}
        for index in accepted:
            key = (batch[index].petition_id, hashes[index][keys.current])
            if _known_as(known, batch[index], hashes[index]) is None and key not in first_of:
                first_of[key] = index
        fresh = sorted(first_of.values())
        sealing_keys = await sealing.newest_keys(
            connection, {petitions[batch[i].petition_id].organisation_id for i in fresh}
        )
        inserted = await _insert(
            connection,
            Dialect.of(connection),
            [
                _Sealed.of(
                    batch[i],
                    keys.current,
                    hashes[i][keys.current],
                    sealing_keys.get(petitions[batch[i].petition_id].organisation_id),
                )
                for i in fresh
            ],
        )
        if len(inserted) < len(fresh):  # written meanwhile by a transaction this one waited for
            known = await _signed_before(connection, [(batch[i], hashes[i]) for i in accepted])
        consenting = []
        for i in fresh:
            key = (batch[i].petition_id, hashes[i][keys.current])
            written = inserted.get(key)
            if written is not None:
                # signing again later in this batch is signing again after this one
                known[key] = _Known(
                    written, SignatureStatus.PENDING.value, batch[i].consent_to_contact
                )
                if batch[i].consent_to_contact:
                    consenting.append((batch[i], written))
        await _record_consents(connection, consenting)
        mails = [
            _mail(signers.mail, keys, batch[i], hashes[i], petitions, first_of, inserted, known, i)
            for i in accepted
        ]
        await outbox.enqueue(connection, keys, mails)
        # every accepted signature counts against its network address, notices included:
        # signing again and again with someone else's address must not flood their mailbox
        from_addresses = Counter(
            address for index in accepted if (address := batch[index].address_hash) is not None
        )
        await address_limit.add_signatures(connection, from_addresses, window)
    if mails:
        signers.sent()
    for index in accepted:
        signature = batch[index]
        key = (signature.petition_id, hashes[index][keys.current])
        new = first_of.get(key) == index and key in inserted
        count = petitions[signature.petition_id].signature_count
        outcomes[index] = Signed(signature.petition_id, count, new)
    return [outcome for outcome in outcomes if outcome is not None]


def _mail(
    mail: SignerMail,
    keys: Keyring,
    signature: Signature,
    hashes: dict[str, str],
    petitions: dict[int, _PetitionState],
    first_of: dict[tuple[int, str], int],
    inserted: dict[tuple[int, str], int],
    known: dict[tuple[int, str], _Known],
    index: int,
) -> Outgoing:
    """The confirmation for the signature written, a notice for any other."""
    petition = petitions[signature.petition_id]
    named = PetitionNamed(petition.slug, petition.titles, petition.original_language)
    key = (signature.petition_id, hashes[keys.current])
    if first_of.get(key) == index and key in inserted:
        return mail.confirmation(
            keys,
            signature.email,
            signature.language,
            named,
            inserted[key],
            signature.consent_to_contact,
        )
    before = _known_as(known, signature, hashes)
    assert before is not None  # a signature not new was written before, or earlier in the batch
    return mail.notice(
        keys,
        signature.email,
        signature.language,
        named,
        before.id,
        before.status == SignatureStatus.CONFIRMED.value,
        before.consented,
    )


@dataclass(frozen=True)
class _Known:
    id: int
    status: str
    consented: bool


async def _signed_before(
    connection: BaseDBAsyncClient, signing: list[tuple[Signature, dict[str, str]]]
) -> dict[tuple[int, str], _Known]:
    """The signatures already written for these addresses, under any signer key."""
    if not signing:
        return {}
    petition_ids = sorted({signature.petition_id for signature, _ in signing})
    hashes = sorted({h for _, by_key in signing for h in by_key.values()})
    rows = (
        await PetitionSignature.filter(petition_id__in=petition_ids, email_hash__in=hashes)
        .using_db(connection)
        .values("id", "petition_id", "email_hash", "status")
    )
    if not rows:
        return {}
    consenting = set(
        await SignerConsent.filter(
            signature_id__in=[row["id"] for row in rows], revoked_at__isnull=True
        )
        .using_db(connection)
        .values_list("signature_id", flat=True)
    )
    return {
        (int(row["petition_id"]), str(row["email_hash"])): _Known(
            int(row["id"]), str(row["status"]), row["id"] in consenting
        )
        for row in rows
    }


def _known_as(
    known: dict[tuple[int, str], _Known], signature: Signature, hashes: dict[str, str]
) -> _Known | None:
    for email_hash in hashes.values():
        found = known.get((signature.petition_id, email_hash))
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _Sealed:
    """A signature as it rests: hashed and sealed, nothing in the clear."""

    signature: Signature
    hash_key: str
    email_hash: str
    sealed_to: str | None
    sealed_name: str | None
    sealed_email: str | None

    @classmethod
    def of(
        cls, signature: Signature, hash_key: str, email_hash: str, public_key: str | None
    ) -> _Sealed:
        if public_key is None:  # an organisation without a key gets no names or addresses
            return cls(signature, hash_key, email_hash, None, None, None)
        consented = signature.consent_to_contact
        return cls(
            signature,
            hash_key,
            email_hash,
            public_key,
            sealing.seal(public_key, signature.name),
            sealing.seal(public_key, signature.email) if consented else None,
        )


async def _insert(
    connection: BaseDBAsyncClient, dialect: Dialect, signatures: list[_Sealed]
) -> dict[tuple[int, str], int]:
    """Insert once per (petition, address hash); the ids of the new ones."""
    if not signatures:
        return {}
    values: list[Any] = []
    for sealed in signatures:
        s = sealed.signature
        values += [
            s.petition_id,
            sealed.email_hash,
            sealed.hash_key,
            sealed.sealed_name,
            sealed.sealed_email,
            sealed.sealed_to,
            s.language,
            s.country,
            s.source,
            s.address_hash,
            dialect.moment(s.signed_at),
            SignatureStatus.PENDING.value,
        ]
    columns = ", ".join(f'"{column}"' for column in _COLUMNS)
    written = await connection.execute_query_dict(
        f'INSERT INTO "{PetitionSignature._meta.db_table}" ({columns})'
        f" VALUES {dialect.rows(len(signatures), len(_COLUMNS))}"
        ' ON CONFLICT ("petition_id", "email_hash") DO NOTHING'
        ' RETURNING "id", "petition_id", "email_hash"',
        values,
    )
    return {(int(row["petition_id"]), str(row["email_hash"])): int(row["id"]) for row in written}


async def _record_consents(
    connection: BaseDBAsyncClient, consenting: list[tuple[Signature, int]]
) -> None:
    """Each consent to be contacted, apart from its signature: for what, when, how."""
    if not consenting:
        return
    await SignerConsent.bulk_create(
        [
            SignerConsent(
                signature_id=signature_id,
                purpose=CONSENT_PURPOSE,
                wording=s.consent_wording[:255],
                given_at=s.signed_at,
                given_how=f"sign form ({s.source}), in {s.language}",
            )
            for s, signature_id in consenting
        ],
        using_db=connection,
    )


@dataclass(frozen=True)
class _PetitionState:
    status: str
    closes_at: datetime.datetime | None
    signature_count: int
    organisation_id: int
    slug: str
    titles: dict[str, str]
    original_language: str


async def _lock_petitions(
    connection: BaseDBAsyncClient, ids: set[int]
) -> dict[int, _PetitionState]:
    """The petitions' state, each held open until commit on PostgreSQL: a petition being
    closed meanwhile is read once closed, and none closes before this batch commits.
    Batches share the lock, so replicas sign one petition side by side (SQLite runs one
    transaction at a time)."""
    ordered = sorted(ids)  # always locked in the same order: no deadlock between processes
    dialect = Dialect.of(connection)
    if dialect.postgres:
        # waits for a transaction changing one of them; the read below sees what it wrote
        await connection.execute_query(
            f'SELECT 1 FROM "petition" WHERE "id" IN ({dialect.marks(len(ordered))})'
            ' ORDER BY "id" FOR SHARE',
            ordered,
        )
    rows = await (
        Petition.filter(id__in=ordered)
        .using_db(connection)
        .values(
            "id",
            "status",
            "closes_at",
            "signature_count",
            "organisation_id",
            "slug",
            "title",
            "original_language",
        )
    )
    return {
        int(row["id"]): _PetitionState(
            row["status"],
            row["closes_at"],
            int(row["signature_count"]),
            int(row["organisation_id"]),
            str(row["slug"]),
            dict(row["title"] or {}),
            str(row["original_language"]),
        )
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


def _described(window: datetime.timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    return f"{minutes // 60} hour(s)" if minutes % 60 == 0 else f"{minutes} minutes"

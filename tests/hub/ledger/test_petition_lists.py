"""A petition's counted signatures form a list nobody can quietly change: a signature row
removed or inserted behind the hub's back is named by ``hub verify``; an untouched list
holds, in the database, from the command line, in the graph and in its published entries."""

from __future__ import annotations

import asyncio
import os
import subprocess

from hub import db
from hub.models import LedgerEntry, Petition, PetitionSignature
from hub.services.signature_writer import SignatureWriter
from tests.hub.ledger.lists import LIMITS, erase, execute, sign_through_the_writer, verified
from tests.hub.widgets.petitions import build_widget_petitions, signature
from tests.live import HUB


def signed_petition(database_url: str, people: int = 12) -> str:
    slug = build_widget_petitions(database_url).open

    async def sign() -> None:
        async with db.connected(database_url):
            await sign_through_the_writer(slug, range(people))

    asyncio.run(sign())
    return slug


def row_ids(database_url: str, slug: str) -> list[int]:
    found: list[int] = []

    async def read() -> None:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            found.extend(
                await PetitionSignature.filter(petition_id=petition.id)
                .order_by("id")
                .values_list("id", flat=True)  # type: ignore[arg-type]
            )

    asyncio.run(read())
    return found


def test_an_untouched_petition_list_holds(database_url: str) -> None:
    slug = signed_petition(database_url)

    verdict = verified(database_url, "petition", slug)

    assert verdict.holds, verdict.problems
    assert verdict.entries == 12


def test_a_signature_row_deleted_is_named_with_its_entry(database_url: str) -> None:
    # given twelve counted signatures, and the fifth row deleted behind the hub's back
    slug = signed_petition(database_url)
    removed = row_ids(database_url, slug)[4]
    execute(database_url, f'DELETE FROM "petition_signature" WHERE "id" = {removed}')

    verdict = verified(database_url, "petition", slug)

    # then the place it was counted at is named, and the count no longer matches
    assert not verdict.holds
    assert verdict.problems[0].startswith("entry 5 (signature ")
    assert f"records signature row {removed}, which is gone" in verdict.problems[0]


def test_a_signature_row_inserted_is_named(database_url: str) -> None:
    slug = signed_petition(database_url)
    execute(
        database_url,
        'INSERT INTO "petition_signature" ("petition_id", "email_hash", "hash_key", "language",'
        ' "source", "signed_at", "status", "confirmed_at")'
        f" SELECT \"id\", '{'ab' * 32}', 'k1', 'en', 'hub', '2026-01-01 00:00:00+00:00',"
        f" 'confirmed', '2026-01-01 00:00:00+00:00' FROM \"petition\" WHERE \"slug\" = '{slug}'",
    )
    inserted = row_ids(database_url, slug)[-1]

    verdict = verified(database_url, "petition", slug)

    assert len(verdict.problems) == 1
    assert verdict.problems[0].startswith(f"signature row {inserted} (signed 2026-01-01")
    assert verdict.problems[0].endswith("is in no entry: it was inserted after the fact")


def test_a_signer_erasing_their_signature_is_chained_and_the_list_holds(
    database_url: str,
) -> None:
    # given twelve counted signatures, the fourth erased by its signer from their mail's link
    slug = signed_petition(database_url)
    erased = row_ids(database_url, slug)[3]

    async def erase_it() -> tuple[int, list[tuple[int, str, str]]]:
        async with db.connected(database_url):
            await erase(erased)
            petition = await Petition.get(slug=slug)
            entries = await LedgerEntry.filter(list_kind="petition", list_id=petition.id).order_by(
                "seq"
            )
            return petition.signature_count, [(e.seq, e.kind, e.entry) for e in entries]

    count, entries = asyncio.run(erase_it())
    verdict = verified(database_url, "petition", slug)

    # then the count moved down, an erasure names the signature's entry, and the list holds
    assert count == 11
    assert erased not in row_ids(database_url, slug)
    (seq, kind, entry) = entries[-1]
    assert (seq, kind) == (13, "erasure")
    assert entry == entries[3][2]
    assert verdict.holds, verdict.problems
    assert verdict.entries == 13


def test_a_pending_signature_is_in_no_entry_and_breaks_nothing(database_url: str) -> None:
    # given a counted list, and one more person who signed and has not confirmed yet
    slug = signed_petition(database_url, people=3)

    async def sign_without_confirming() -> None:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            await SignatureWriter(LIMITS).write(signature(petition.id, 99))

    asyncio.run(sign_without_confirming())
    verdict = verified(database_url, "petition", slug)

    assert len(row_ids(database_url, slug)) == 4
    assert verdict.holds, verdict.problems
    assert verdict.entries == 3


def test_a_forged_erasure_is_named(database_url: str) -> None:
    # given someone who deletes a counted row, lowers the count, and appends an erasure with
    # an entry id the list never held (the chain itself then breaks at the end, too)
    slug = signed_petition(database_url, people=3)
    removed = row_ids(database_url, slug)[1]
    execute(
        database_url,
        f'DELETE FROM "petition_signature" WHERE "id" = {removed}',
        f'UPDATE "petition" SET "signature_count" = 2 WHERE "slug" = \'{slug}\'',
        'INSERT INTO "ledger_entry" ("list_kind", "list_id", "seq", "entry", "kind", "at",'
        f" \"hash\", \"signature_id\") SELECT 'petition', \"id\", 4, '{'0' * 32}', 'erasure',"
        f" '2026-01-01T00:00:00Z', '{'1' * 64}', {removed}"
        f' FROM "petition" WHERE "slug" = \'{slug}\'',
    )

    verdict = verified(database_url, "petition", slug)

    assert any("erases a signature the list does not hold" in p for p in verdict.problems)
    assert any(f"records signature row {removed}, which is gone" in p for p in verdict.problems)


def test_an_entry_deleted_with_its_row_breaks_the_chain(database_url: str) -> None:
    # given someone who deletes a signature and its entry, and lowers the count to match
    slug = signed_petition(database_url)
    removed = row_ids(database_url, slug)[2]
    execute(
        database_url,
        f'DELETE FROM "petition_signature" WHERE "id" = {removed}',
        f'DELETE FROM "ledger_entry" WHERE "signature_id" = {removed}'
        " AND \"list_kind\" = 'petition'",
        f'UPDATE "petition" SET "signature_count" = 11 WHERE "slug" = \'{slug}\'',
    )

    verdict = verified(database_url, "petition", slug)

    assert not verdict.holds
    assert "is in place 3" in verdict.problems[0]


def test_hub_verify_says_whether_the_list_holds(database_url: str) -> None:
    slug = signed_petition(database_url, people=3)
    env = {**os.environ, "HUB_DATABASE_URL": database_url}

    holds = subprocess.run(
        [HUB, "verify", "petition", slug], env=env, capture_output=True, text=True, check=False
    )
    assert holds.returncode == 0, holds.stderr
    assert '"verified": true' in holds.stdout

    first = row_ids(database_url, slug)[0]
    execute(database_url, f'DELETE FROM "petition_signature" WHERE "id" = {first}')
    broken = subprocess.run(
        [HUB, "verify", "petition", slug], env=env, capture_output=True, text=True, check=False
    )
    assert broken.returncode == 1
    assert "entry 1 (signature" in broken.stdout

    unknown = subprocess.run(
        [HUB, "verify", "petition", "no-such-petition"], env=env, capture_output=True, text=True
    )
    assert unknown.returncode == 1
    assert "No petition is called 'no-such-petition'." in unknown.stderr


def test_entries_hold_no_personal_data(database_url: str) -> None:
    slug = signed_petition(database_url, people=2)
    found: list[dict[str, object]] = []

    async def read() -> None:
        async with db.connected(database_url):
            found.extend(await LedgerEntry.all().values())

    asyncio.run(read())
    published = {key for row in found for key in row} - {
        "id",
        "list_kind",
        "list_id",
        "signature_id",
    }
    assert published == {"seq", "entry", "kind", "at", "country", "partner", "hash"}
    assert not any(
        "@" in str(value) or "Person" in str(value) for row in found for value in row.values()
    )
    assert len({row["entry"] for row in found}) == 2
    assert slug

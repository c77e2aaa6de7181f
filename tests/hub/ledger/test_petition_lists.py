"""A petition's counted signatures form a list nobody can quietly change: a signature row
removed or inserted behind the hub's back is named by ``hub verify``; an untouched list
holds, in the database, from the command line, in the graph and in its published entries."""

from __future__ import annotations

import asyncio
import os
import subprocess

from hub import db
from hub.models import LedgerEntry, Petition, PetitionSignature
from tests.hub.ledger.lists import execute, sign_through_the_writer, verified
from tests.hub.widgets.petitions import build_widget_petitions
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
        'INSERT INTO "petition_signature" ("petition_id", "name", "email", "language",'
        ' "consent_to_contact", "source", "signed_at")'
        f" SELECT \"id\", 'Nobody', 'nobody@example.org', 'en', false, 'hub',"
        f" '2026-01-01 00:00:00+00:00' FROM \"petition\" WHERE \"slug\" = '{slug}'",
    )
    inserted = row_ids(database_url, slug)[-1]

    verdict = verified(database_url, "petition", slug)

    assert len(verdict.problems) == 1
    assert verdict.problems[0].startswith(f"signature row {inserted} (signed 2026-01-01")
    assert verdict.problems[0].endswith("is in no entry: it was inserted after the fact")


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

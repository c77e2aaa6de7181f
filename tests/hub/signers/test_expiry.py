"""A signature never confirmed expires: after ``HUB_PENDING_SIGNATURE_HOURS`` its link
confirms nothing, and the cleanup (the signing processes now and then, or `hub petitions
cleanup`) removes it with its consent; nothing confirmed is touched, and no count moves."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import json
import os
import subprocess

from hub import clock, db
from hub.keyring import keyring
from hub.models import Petition, PetitionSignature, SignerConsent
from hub.services.petition_signing import Signature
from hub.services.signature_batch import commit_batch
from hub.services.signer_links import Done, confirm_signature, delete_expired_pending
from hub.services.signer_mail import CONFIRM
from hub.settings import Settings
from tests.hub.ledger.lists import LIMITS
from tests.hub.widgets.petitions import build_widget_petitions, signature
from tests.live import HUB

HOURS = datetime.timedelta(hours=72)


def test_a_signature_not_confirmed_in_time_expires_and_is_removed(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open

    async def run() -> dict[str, object]:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            keys = await keyring(Settings(database_url=database_url))
            now = clock.now()

            def made(n: int, hours_ago: int) -> Signature:
                return dataclasses.replace(
                    signature(petition.id, n),
                    consent_to_contact=True,
                    signed_at=now - datetime.timedelta(hours=hours_ago),
                )

            # given one who confirmed in time, long ago; two who never confirmed, long ago;
            # and one who signed an hour ago
            await commit_batch([made(0, 80), made(1, 80), made(2, 73), made(3, 1)], LIMITS)
            ids = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
            by_person = [row.id for row in ids]
            confirmed = await confirm_signature(
                keys, keys.link_token(CONFIRM, by_person[0]), datetime.timedelta(hours=100)
            )
            # when a late signer uses their link, past the hours they had
            late = await confirm_signature(keys, keys.link_token(CONFIRM, by_person[2]), HOURS)
            # and the cleanup runs, twice
            removed = await delete_expired_pending(HOURS)
            again = await delete_expired_pending(HOURS)
            rows = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
            consents = await SignerConsent.all().values_list("signature_id", flat=True)
            return {
                "confirmed": confirmed.done,
                "late": late.done,
                "removed": (removed, again),
                "kept": [(row.id, row.status.value) for row in rows],
                "consents": sorted(consents),
                "count": (await Petition.get(id=petition.id)).signature_count,
                "ids": by_person,
            }

    found = asyncio.run(run())
    ids = found["ids"]
    assert isinstance(ids, list)

    # then the late link confirmed nothing; the two never confirmed were removed, once, with
    # their consents; the confirmed one and the recent one stay, and the count is one
    assert (found["confirmed"], found["late"]) == (Done.CONFIRMED, Done.UNKNOWN)
    assert found["removed"] == (2, 0)
    assert found["kept"] == [(ids[0], "confirmed"), (ids[3], "pending")]
    assert found["consents"] == [ids[0], ids[3]]
    assert found["count"] == 1


def test_hub_petitions_cleanup_removes_what_expired(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open

    async def sign_long_ago() -> None:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            old = clock.now() - datetime.timedelta(hours=2)
            await commit_batch(
                [dataclasses.replace(signature(petition.id, 9), signed_at=old)], LIMITS
            )

    asyncio.run(sign_long_ago())
    env = {**os.environ, "HUB_DATABASE_URL": database_url, "HUB_PENDING_SIGNATURE_HOURS": "1"}
    done = subprocess.run(
        [HUB, "petitions", "cleanup"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"removed": 1}

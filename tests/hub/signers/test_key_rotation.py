"""After the hub's signer key is rotated, an address that signed before is still recognised:
it is answered the same, mailed a notice, and not written twice."""

from __future__ import annotations

import asyncio
import datetime

from hub import db
from hub.models import OutboxMessage, Petition, PetitionSignature
from hub.services.petition_signing import Limits
from hub.services.signature_batch import Signers, commit_batch
from hub.settings import Settings
from tests.hub.widgets.petitions import build_widget_petitions, signature

OLD, NEW = "1" * 64, "2" * 64
LIMITS = Limits(per_address=100, window=datetime.timedelta(hours=1))


def test_a_signer_hashed_under_the_old_key_is_found_under_the_new(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open
    before = Settings(database_url=database_url, signer_keys={"old": OLD})
    after = Settings(
        database_url=database_url, signer_keys={"old": OLD, "new": NEW}, signer_key="new"
    )

    async def sign_twice() -> tuple[list[str], list[str]]:
        async with db.connected(database_url):
            petition_id = (await Petition.get(slug=slug)).id
            # given person 1 signed under the old key
            await commit_batch([signature(petition_id, 1)], LIMITS, Signers(before))
            # when they sign again, and person 2 for the first time, under the new key
            outcomes = await commit_batch(
                [signature(petition_id, 1), signature(petition_id, 2)], LIMITS, Signers(after)
            )
            assert [o.new for o in outcomes] == [False, True]  # type: ignore[union-attr]
            keys = await PetitionSignature.all().order_by("id").values_list("hash_key", flat=True)
            kinds = await OutboxMessage.all().order_by("id").values_list("kind", flat=True)
            return [str(k) for k in keys], [str(k) for k in kinds]

    keys, kinds = asyncio.run(sign_twice())

    # then person 1 kept their one signature under the old key, and was mailed a notice
    assert keys == ["old", "new"]
    assert kinds == ["signature-confirmation", "signature-notice", "signature-confirmation"]

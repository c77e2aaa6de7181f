"""Lists for the ledger tests: signatures written as the hub writes them, then tampered with."""

from __future__ import annotations

import asyncio
import datetime

from hub import db
from hub.keyring import keyring
from hub.ledger.keys import current_key
from hub.ledger.reading import verify_in_database
from hub.ledger.verify import Verdict
from hub.models import Petition
from hub.services.petition_signing import Limits
from hub.services.signature_writer import SignatureWriter
from hub.services.signer_links import erase_signature
from hub.services.signer_mail import ERASE
from hub.settings import Settings
from tests.hub.widgets.petitions import confirm_pending, signature

LIMITS = Limits(per_address=10_000, window=datetime.timedelta(hours=1))


async def sign_through_the_writer(slug: str, people: range) -> None:
    """People signing as the widgets' writer writes them (in batches, pending), then each
    confirming from their mail's link, one after another: counted, chained."""
    petition = await Petition.get(slug=slug)
    writer = SignatureWriter(LIMITS)
    await asyncio.gather(*(writer.write(signature(petition.id, n)) for n in people))
    await confirm_pending(petition.id)


async def erase(signature_id: int) -> None:
    """A signer removing their signature from their mail's link."""
    keys = await keyring(Settings())
    await erase_signature(keys, keys.link_token(ERASE, signature_id))


def verified(database_url: str, list_kind: str, slug: str) -> Verdict:
    found: list[Verdict] = []

    async def check() -> None:
        verdict = await verify_in_database(list_kind, slug, current_key().public)
        assert verdict is not None
        found.append(verdict)

    async def run() -> None:
        async with db.connected(database_url):
            await check()

    asyncio.run(run())
    return found[0]


def execute(database_url: str, *statements: str) -> None:
    """Change the database behind the hub's back, as someone with access to it could."""

    async def run() -> None:
        async with db.connected(database_url), db.transaction() as connection:
            for sql in statements:
                await connection.execute_query(sql)

    asyncio.run(run())

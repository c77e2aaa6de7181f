"""What each link in a signer's mail does, at the service (``hub.services.signer_links``):
confirming counts, chains and announces a signature once; erasing removes it (and, if it
counted, moves the count down, chains the erasure and announces it); taking consent back
ends it and drops the sealed address. A link for no signature does nothing."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

import pytest
from nacl.public import PrivateKey

from hub import clock, db
from hub.events.bus import Event, petition_counted
from hub.keyring import Keyring, keyring
from hub.models import LedgerEntry, OrganisationKey, Petition, PetitionSignature, SignerConsent
from hub.services import signer_links
from hub.services.signature_batch import commit_batch
from hub.services.signer_links import Done, LinkUsed
from hub.services.signer_mail import CONFIRM, CONSENT, ERASE
from hub.settings import Settings
from tests.hub.ledger.lists import LIMITS
from tests.hub.widgets.petitions import build_widget_petitions, signature

HOURS = datetime.timedelta(hours=72)


@dataclasses.dataclass
class Links:
    keys: Keyring
    petition_id: int
    ids: list[int]
    announced: list[Event]

    async def use(self, action: str, person: int, **how: Any) -> LinkUsed:
        token = self.keys.link_token(action, self.ids[person])
        if action == CONFIRM:
            return await signer_links.confirm_signature(self.keys, token, HOURS)
        if action == ERASE:
            return await signer_links.erase_signature(self.keys, token)
        return await signer_links.revoke_consent(self.keys, token, how.get("how", "link page"))

    async def count(self) -> int:
        return (await Petition.get(id=self.petition_id)).signature_count


def with_links(database_url: str, monkeypatch: pytest.MonkeyPatch, check: Any) -> None:
    """Two people signed the open petition (from Brazil, through the partner's widget, both
    agreeing to be contacted), sealed to its organisation's key; ``check`` runs with their
    links, every event announced being recorded."""
    slug = build_widget_petitions(database_url).open
    announced: list[Event] = []

    async def record(events: Iterable[Event]) -> None:
        announced.extend(events)

    monkeypatch.setattr(signer_links, "publish", record)

    async def run() -> None:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            public = bytes(PrivateKey.generate().public_key)
            await OrganisationKey.create(
                organisation_id=petition.organisation_id,
                public_key=base64.b64encode(public).decode(),
                created_at=clock.now(),
            )
            made = [
                dataclasses.replace(
                    signature(petition.id, n),
                    country="BR",
                    source="widget:news-example",
                    consent_to_contact=True,
                )
                for n in range(2)
            ]
            await commit_batch(made, LIMITS)
            rows = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
            keys = await keyring(Settings(database_url=database_url))
            await check(Links(keys, petition.id, [row.id for row in rows], announced))

    asyncio.run(run())


def test_confirming_counts_chains_and_announces_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        # when the first signer confirms, twice
        first = await links.use(CONFIRM, 0)
        again = await links.use(CONFIRM, 0)

        # then it counts once, announced once, chained with its country and partner
        assert (first.done, first.petition_id, first.signature_count) == (
            Done.CONFIRMED,
            links.petition_id,
            1,
        )
        assert (again.done, again.signature_count) == (Done.ALREADY, None)
        assert await links.count() == 1
        assert links.announced == [petition_counted(links.petition_id)]
        (entry,) = await LedgerEntry.filter(list_kind="petition", list_id=links.petition_id)
        assert (entry.kind, entry.country, entry.partner, entry.signature_id) == (
            "signature",
            "BR",
            "news-example",
            links.ids[0],
        )
        # and the other, still pending, is not taken for confirmed
        row = await PetitionSignature.get(id=links.ids[1])
        assert row.status.value == "pending"

    with_links(database_url, monkeypatch, check)


def test_erasing_a_counted_signature_moves_the_count_down_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        await links.use(CONFIRM, 0)
        # when its signer erases it, twice
        erased = await links.use(ERASE, 0)
        again = await links.use(ERASE, 0)
        # then it is gone with its consent, counted down once, and announced
        assert (erased.done, erased.petition_id, erased.signature_count) == (
            Done.ERASED,
            links.petition_id,
            0,
        )
        assert again.done == Done.UNKNOWN
        assert await links.count() == 0
        assert not await PetitionSignature.filter(id=links.ids[0]).exists()
        assert await SignerConsent.filter(signature_id=links.ids[0]).count() == 0
        assert await SignerConsent.filter(signature_id=links.ids[1]).count() == 1
        assert links.announced == [petition_counted(links.petition_id)] * 2
        kinds = await LedgerEntry.filter(list_kind="petition").order_by("seq")
        assert [entry.kind for entry in kinds] == ["signature", "erasure"]

    with_links(database_url, monkeypatch, check)


def test_erasing_a_pending_signature_moves_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        erased = await links.use(ERASE, 1)
        # then it is gone, and nothing counted, chained or announced
        assert (erased.done, erased.signature_count) == (Done.ERASED, None)
        assert not await PetitionSignature.filter(id=links.ids[1]).exists()
        assert await PetitionSignature.filter(id=links.ids[0]).exists()
        assert await links.count() == 0
        assert links.announced == []
        assert await LedgerEntry.filter(list_kind="petition").count() == 0
        # and its confirmation link now confirms nothing
        assert (await links.use(CONFIRM, 1)).done == Done.UNKNOWN

    with_links(database_url, monkeypatch, check)


def test_taking_consent_back_ends_it_and_drops_the_sealed_address(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        before = await PetitionSignature.get(id=links.ids[0])
        assert before.sealed_email is not None
        # when the first signer takes their consent back, with a mail client's one click
        revoked = await links.use(CONSENT, 0, how="one-click unsubscribe")
        # then their consent ended, saying how, and their sealed address is gone; the
        # other signer's stand
        assert revoked.done == Done.REVOKED
        (consent,) = await SignerConsent.filter(signature_id=links.ids[0])
        assert consent.revoked_at is not None
        assert consent.revoked_how == "one-click unsubscribe"
        after = await PetitionSignature.get(id=links.ids[0])
        assert (after.sealed_email, after.sealed_name) == (None, before.sealed_name)
        (other,) = await SignerConsent.filter(signature_id=links.ids[1])
        assert other.revoked_at is None
        assert (await PetitionSignature.get(id=links.ids[1])).sealed_email is not None
        # and taking it back again leaves the first revocation as it was recorded
        assert (await links.use(CONSENT, 0, how="link page")).done == Done.REVOKED
        (again,) = await SignerConsent.filter(signature_id=links.ids[0])
        assert (again.revoked_at, again.revoked_how) == (consent.revoked_at, consent.revoked_how)
        # and a link for a signature that is gone does nothing
        await links.use(ERASE, 0)
        assert (await links.use(CONSENT, 0)).done == Done.UNKNOWN

    with_links(database_url, monkeypatch, check)


def test_a_link_made_for_another_action_does_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        erase_token = links.keys.link_token(ERASE, links.ids[0])
        confirm_token = links.keys.link_token(CONFIRM, links.ids[0])
        used = [
            await signer_links.confirm_signature(links.keys, erase_token, HOURS),
            await signer_links.erase_signature(links.keys, confirm_token),
            await signer_links.revoke_consent(links.keys, confirm_token, "link page"),
        ]
        assert [u.done for u in used] == [Done.UNKNOWN] * 3
        assert await PetitionSignature.filter(petition_id=links.petition_id).count() == 2
        assert await links.count() == 0

    with_links(database_url, monkeypatch, check)


def test_how_consent_was_taken_back_is_kept_to_its_column(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def check(links: Links) -> None:
        await links.use(CONSENT, 0, how="a mail client's one click, " * 10)
        (consent,) = await SignerConsent.filter(signature_id=links.ids[0])
        assert consent.revoked_how == ("a mail client's one click, " * 10)[:128]

    with_links(database_url, monkeypatch, check)

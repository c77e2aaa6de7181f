"""One batch of signatures, as ``commit_batch`` writes it: what is refused and in which
words, what rests of each signer (sealed, or not at all), the consent recorded apart, the
mail each is sent, and what each network address is counted for."""

from __future__ import annotations

import asyncio
import base64
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import replace
from email import message_from_bytes
from email.policy import default

import asyncpg
import pytest
from nacl.public import PrivateKey, SealedBox
from tortoise.models import Model

from hub import clock, db
from hub.keyring import keyring
from hub.models import (
    AddressSigningWindow,
    OrganisationKey,
    OutboxMessage,
    Petition,
    PetitionSignature,
    SignerConsent,
)
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import SOURCE_LENGTH, Limits, Signed
from hub.services.signature_batch import CONSENT_PURPOSE, commit_batch
from hub.services.signer_mail import CONFIRM, CONSENT, ERASE
from hub.settings import Settings
from tests.databases import BACKEND
from tests.hub.signers.mails import links_in, subject_of
from tests.hub.widgets.petitions import build_widget_petitions, signature
from tests.sql_statements import recorded_statements

HOUR = datetime.timedelta(hours=1)
PLENTY = Limits(per_address=1000, window=HOUR)


def run(database_url: str, check: Callable[[Petition], Awaitable[None]]) -> None:
    slug = build_widget_petitions(database_url).open

    async def in_database() -> None:
        async with db.connected(database_url):
            await check(await Petition.get(slug=slug))

    asyncio.run(in_database())


def refused(outcome: Signed | WriteRefused) -> tuple[Refusal, str | None, str]:
    assert isinstance(outcome, WriteRefused), outcome
    return outcome.code, outcome.field, outcome.message


def test_a_petition_not_open_or_missing_refuses_in_words(database_url: str) -> None:
    async def check(petition: Petition) -> None:
        closing = clock.now()
        await Petition.filter(id=petition.id).update(closes_at=closing)
        outcomes = await commit_batch(
            [
                signature(petition.id, 1),  # signed after it closed
                replace(signature(petition.id, 2), signed_at=closing),  # as it closed
                replace(signature(petition.id, 3), signed_at=closing - HOUR),  # before
                signature(987_654, 4),
            ],
            PLENTY,
        )
        closed = (Refusal.WRONG_STATUS, None, "The petition is not open for signing.")
        assert refused(outcomes[0]) == closed
        assert refused(outcomes[1]) == closed
        assert isinstance(outcomes[2], Signed) and outcomes[2].new
        assert refused(outcomes[3]) == (Refusal.NOT_FOUND, "petition", "No petition has this ID.")
        assert await PetitionSignature.filter(petition_id=petition.id).count() == 1

    run(database_url, check)


def test_the_address_limit_says_its_window_in_words(database_url: str) -> None:
    async def check(petition: Petition) -> None:
        for window, words in [
            (HOUR, "1 hour(s)"),
            (2 * HOUR, "2 hour(s)"),
            (datetime.timedelta(minutes=90), "90 minutes"),
        ]:
            address = f"address for {words}"
            outcomes = await commit_batch(
                [signature(petition.id, n, address) for n in (1, 2)], Limits(1, window)
            )
            assert refused(outcomes[1]) == (
                Refusal.TOO_MANY,
                None,
                f"Too many signatures from this network address: at most 1 in {words}."
                " Try again later.",
            )

    run(database_url, check)


def test_every_accepted_signature_counts_against_its_address_notices_too(
    database_url: str,
) -> None:
    async def check(petition: Petition) -> None:
        # the same person twice and another person, from one address; one from nowhere
        batch = [
            signature(petition.id, 1, "shared"),
            signature(petition.id, 1, "shared"),
            signature(petition.id, 2, "shared"),
            signature(petition.id, 3),
        ]
        outcomes = await commit_batch(batch, PLENTY)
        assert [o.new for o in outcomes if isinstance(o, Signed)] == [True, False, True, True]
        windows = await AddressSigningWindow.all().values_list("address_hash", "signatures")
        assert windows == [("shared", 3)]
        # and the next batch from that address is counted on top
        await commit_batch([signature(petition.id, 4, "shared")], PLENTY)
        assert (
            await AddressSigningWindow.get(address_hash="shared").values_list(
                "signatures", flat=True
            )
            == 4
        )
        # each new signer was sent a confirmation, the one signing again a notice
        kinds = await OutboxMessage.all().order_by("id").values_list("kind", flat=True)
        assert kinds == [
            "signature-confirmation",
            "signature-notice",
            "signature-confirmation",
            "signature-confirmation",
            "signature-confirmation",
        ]

    run(database_url, check)


def test_signers_rest_sealed_to_the_organisations_newest_key(database_url: str) -> None:
    async def check(petition: Petition) -> None:
        keys = [PrivateKey.generate() for _ in range(2)]
        for n, key in enumerate(keys):
            await OrganisationKey.create(
                organisation_id=petition.organisation_id,
                public_key=base64.b64encode(bytes(key.public_key)).decode(),
                created_at=clock.now() + datetime.timedelta(seconds=n),
            )
        consenting = replace(
            signature(petition.id, 1, name="Ana Souza"),
            consent_to_contact=True,
            consent_wording="W" * 300,
            source="widget:news-example",
        )
        await commit_batch([consenting, signature(petition.id, 2, name="Bo Li")], PLENTY)
        first, second = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
        newest = SealedBox(keys[1])
        assert (
            first.sealed_to
            == second.sealed_to
            == base64.b64encode(bytes(keys[1].public_key)).decode()
        )
        assert newest.decrypt(base64.b64decode(first.sealed_name or "")) == b"Ana Souza"
        assert newest.decrypt(base64.b64decode(first.sealed_email or "")) == b"person1@example.org"
        # an address is kept (sealed) only for a signer who agreed to be contacted
        assert newest.decrypt(base64.b64decode(second.sealed_name or "")) == b"Bo Li"
        assert second.sealed_email is None
        # and the consent is recorded apart: for what, when, how, in the words agreed to
        (consent,) = await SignerConsent.all()
        assert consent.signature_id == first.id
        assert consent.purpose == CONSENT_PURPOSE
        assert consent.wording == "W" * 255
        assert consent.given_at == consenting.signed_at
        assert consent.given_how == "sign form (widget:news-example), in en"
        assert consent.revoked_at is None

    run(database_url, check)


def test_how_a_consent_was_given_fits_its_column_whole_from_the_longest_source(
    database_url: str,
) -> None:
    """The longest source a form may name, in the longest language code, is kept whole."""

    def longest(model: type[Model], field: str) -> int:
        return int(model._meta.fields_map[field].max_length)  # type: ignore[attr-defined]

    async def check(petition: Petition) -> None:
        signed = replace(
            signature(petition.id, 1),
            consent_to_contact=True,
            source="w" * SOURCE_LENGTH,
            language="x" * longest(PetitionSignature, "language"),
        )
        await commit_batch([signed], PLENTY)
        (consent,) = await SignerConsent.all()
        assert consent.given_how == f"sign form ({signed.source}), in {signed.language}"
        assert len(consent.given_how) <= longest(SignerConsent, "given_how")

    run(database_url, check)


def test_each_outcome_names_its_petition_its_count_and_whether_it_is_new(
    database_url: str,
) -> None:
    async def check(petition: Petition) -> None:
        first, again = signature(petition.id, 1), signature(petition.id, 1)
        outcomes = await commit_batch([first, again, signature(petition.id, 2)], PLENTY)
        # nothing is counted before a signer confirms
        assert outcomes == [
            Signed(petition.id, 0, True),
            Signed(petition.id, 0, False),
            Signed(petition.id, 0, True),
        ]

    run(database_url, check)


def test_a_batch_reads_the_signatures_written_before_it_once(database_url: str) -> None:
    """One statement finds the addresses that signed before, whatever the batch holds; the
    consents are read only for the addresses found."""

    async def check(petition: Petition) -> None:
        await keyring(Settings())  # the signer key is made before, by the first signature
        with recorded_statements() as fresh:
            await commit_batch([signature(petition.id, n) for n in range(1, 4)], PLENTY)
        with recorded_statements() as repeated:
            await commit_batch([signature(petition.id, n) for n in range(1, 6)], PLENTY)

        def reads(statements: list[str], table: str) -> int:
            return sum(s.startswith("SELECT") and f'FROM "{table}"' in s for s in statements)

        assert (reads(fresh, "petition_signature"), reads(fresh, "signer_consent")) == (1, 0)
        assert (reads(repeated, "petition_signature"), reads(repeated, "signer_consent")) == (1, 1)

    run(database_url, check)


@pytest.mark.skipif(BACKEND != "postgres", reason="SQLite runs one transaction at a time")
def test_an_address_signing_meanwhile_in_another_process_is_sent_a_notice(
    database_url: str,
) -> None:
    async def check(petition: Petition) -> None:
        keys = await keyring(Settings())
        person = signature(petition.id, 1)
        # given another process writing this address's signature, not yet committed
        other = await asyncpg.connect(db.lone_connection_url(database_url))
        try:
            transaction = other.transaction()
            await transaction.start()
            theirs = await other.fetchval(
                "INSERT INTO petition_signature (petition_id, email_hash, hash_key, language,"
                " source, signed_at, status) VALUES ($1, $2, $3, 'en', 'widget', now(),"
                " 'pending') RETURNING id",
                petition.id,
                keys.hashes(person.email)[keys.current],
                keys.current,
            )
            # when a batch signing with the same address begins meanwhile, and that commits
            batch = asyncio.create_task(commit_batch([person], PLENTY))
            await asyncio.sleep(0.5)
            await transaction.commit()
            (outcome,) = await batch
        finally:
            await other.close()
        # then the batch waited, wrote nothing, and mailed the signer a notice of that row
        assert outcome == Signed(petition.id, 0, False)
        assert await PetitionSignature.filter(petition_id=petition.id).count() == 1
        (row,) = await OutboxMessage.all()
        mail = message_from_bytes(keys.open(row.key_id, row.sealed or b""), policy=default)
        assert row.kind == "signature-notice"
        assert links_in(mail) == {
            "erase": f"/widgets/signatures/erase/{keys.link_token(ERASE, theirs)}?lang=en"
        }

    run(database_url, check)


def test_without_an_organisation_key_nothing_of_the_signer_rests(database_url: str) -> None:
    async def check(petition: Petition) -> None:
        consenting = replace(signature(petition.id, 1), consent_to_contact=True)
        await commit_batch([consenting], PLENTY)
        (row,) = await PetitionSignature.filter(petition_id=petition.id)
        assert (row.sealed_to, row.sealed_name, row.sealed_email) == (None, None, None)
        assert row.status.value == "pending"
        assert len(row.email_hash) == 64

    run(database_url, check)


@pytest.mark.skipif(BACKEND != "postgres", reason="SQLite runs one transaction at a time")
def test_a_batch_waits_for_a_petition_being_closed_and_is_refused(database_url: str) -> None:
    async def check(petition: Petition) -> None:
        # given another process closing the petition, its transaction not yet committed
        closing = await asyncpg.connect(db.lone_connection_url(database_url))
        try:
            transaction = closing.transaction()
            await transaction.start()
            await closing.execute(
                "UPDATE petition SET status = 'closed' WHERE id = $1", petition.id
            )
            # when a batch signing it begins meanwhile, and the close commits after
            batch = asyncio.create_task(commit_batch([signature(petition.id, 1)], PLENTY))
            await asyncio.sleep(0.5)
            await transaction.commit()
            (outcome,) = await batch
        finally:
            await closing.close()
        # then the batch waited for it and was refused: nothing signs a closed petition
        assert refused(outcome)[0] == Refusal.WRONG_STATUS
        assert await PetitionSignature.filter(petition_id=petition.id).count() == 0

    run(database_url, check)


def test_each_signer_is_mailed_about_their_petition_with_their_own_links(
    database_url: str,
) -> None:
    async def check(petition: Petition) -> None:
        # the petition's title in its original language (English) and Arabic only
        await Petition.filter(id=petition.id).update(
            title={"en": "Free the reporters", "ar": "أطلقوا سراح المراسلين"}
        )
        arabic = replace(signature(petition.id, 1), language="ar", consent_to_contact=True)
        french = replace(signature(petition.id, 2), language="fr")
        await commit_batch([arabic, arabic, french], PLENTY)
        first, second = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
        keys = await keyring(Settings())
        rows = await OutboxMessage.all().order_by("id")
        assert [(r.kind, r.language, r.about) for r in rows] == [
            ("signature-confirmation", "ar", f"petition:{petition.slug}"),
            ("signature-notice", "ar", f"petition:{petition.slug}"),
            ("signature-confirmation", "fr", f"petition:{petition.slug}"),
        ]
        mails = [
            message_from_bytes(keys.open(r.key_id, r.sealed or b""), policy=default) for r in rows
        ]
        links = [links_in(mail) for mail in mails]
        token = keys.link_token
        # the first signer agreed to be contacted: their confirmation can take that back
        assert links[0] == {
            "confirm": f"/widgets/signatures/confirm/{token(CONFIRM, first.id)}?lang=ar",
            "erase": f"/widgets/signatures/erase/{token(ERASE, first.id)}?lang=ar",
            "consent": f"/widgets/signatures/consent/{token(CONSENT, first.id)}?lang=ar",
        }
        # signing again in the same batch: a notice whose links are the first signature's
        assert links[1] == {
            "erase": f"/widgets/signatures/erase/{token(ERASE, first.id)}?lang=ar",
            "consent": f"/widgets/signatures/consent/{token(CONSENT, first.id)}?lang=ar",
        }
        assert links[2] == {
            "confirm": f"/widgets/signatures/confirm/{token(CONFIRM, second.id)}?lang=fr",
            "erase": f"/widgets/signatures/erase/{token(ERASE, second.id)}?lang=fr",
        }
        # each names the petition in the signer's language, or else in its own
        assert "أطلقوا سراح المراسلين" in subject_of(mails[0])
        assert "Free the reporters" in subject_of(mails[2])
        assert [str(mail["To"]) for mail in mails] == [
            "person1@example.org",
            "person1@example.org",
            "person2@example.org",
        ]

    run(database_url, check)


def test_a_notice_offers_to_end_a_consent_while_the_consent_stands(database_url: str) -> None:
    """Whether or not the organisation has a key to seal the address to, and in a later
    batch as in the same one; once taken back, the notice no longer offers it."""

    async def check(petition: Petition) -> None:
        consenting = replace(signature(petition.id, 1), consent_to_contact=True)
        await commit_batch([consenting], PLENTY)
        (first,) = await PetitionSignature.filter(petition_id=petition.id)
        assert first.sealed_email is None  # no key: nothing of the signer rests
        keys = await keyring(Settings())
        consent = f"/widgets/signatures/consent/{keys.link_token(CONSENT, first.id)}?lang=en"

        async def notice_links() -> dict[str, str]:
            await commit_batch([signature(petition.id, 1)], PLENTY)
            row = await OutboxMessage.filter(kind="signature-notice").order_by("-id").first()
            assert row is not None
            return links_in(
                message_from_bytes(keys.open(row.key_id, row.sealed or b""), policy=default)
            )

        assert (await notice_links()).get("consent") == consent
        await SignerConsent.filter(signature_id=first.id).update(revoked_at=clock.now())
        assert "consent" not in await notice_links()

    run(database_url, check)

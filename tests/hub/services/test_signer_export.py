"""Exporting a petition's signers (``hub.services.signer_export``): who is in the export
(confirmed, still consenting, sealed to the key given), what each row says, what other keys
are owed, and what is refused; every export and every refusal of a key is audited."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from strawberry.relay import GlobalID

from hub import clock, db
from hub.models import AuditEntry, Organisation, Petition, PetitionSignature, SignerConsent
from hub.models.petitions import SignatureStatus
from hub.services import sealing
from hub.services.errors import Refusal, WriteRefused
from hub.services.signer_export import COLUMNS, export_signers
from tests import factories

SIGNED = datetime.datetime(2026, 11, 20, 8, 0, tzinfo=datetime.UTC)
_numbers = itertools.count()


@dataclass
class Owner:
    organisation: Organisation
    other: Organisation
    petition: Petition
    private: str
    """The owner's newest private key."""
    public: str
    older_public: str


@pytest.fixture
async def owner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Owner]:
    async with db.connected(database_url):
        organisation, other = await factories.organisations(2)
        monkeypatch.setattr(clock, "now", lambda: SIGNED - datetime.timedelta(days=400))
        older, _ = await sealing.register_key(organisation.slug)
        monkeypatch.setattr(clock, "now", lambda: SIGNED - datetime.timedelta(days=1))
        newest, private = await sealing.register_key(organisation.slug)
        monkeypatch.undo()
        petition = await factories.petition(organisation)
        yield Owner(organisation, other, petition, private, newest.public_key, older.public_key)


async def signed(
    owner: Owner,
    name: str,
    *,
    sealed_to: str | None = None,
    status: SignatureStatus = SignatureStatus.CONFIRMED,
    consent: bool = True,
    email: bool = True,
    minutes: int = 0,
    country: str | None = None,
    petition: Petition | None = None,
    number: int | None = None,
) -> PetitionSignature:
    """A signer of the owner's petition (or of ``petition``), sealed to ``sealed_to`` (the
    newest key by default), consenting to be contacted unless told otherwise; numbered
    ``number`` if given."""
    key = sealed_to or owner.public
    at = SIGNED + datetime.timedelta(minutes=minutes)
    signature = await PetitionSignature.create(
        **({"id": number} if number is not None else {}),
        petition_id=(petition or owner.petition).id,
        email_hash=f"{next(_numbers):064x}",
        hash_key="test",
        sealed_name=sealing.seal(key, name),
        sealed_email=sealing.seal(key, f"{name.lower()}@example.org") if email else None,
        sealed_to=key,
        country_id=country,
        language="fr",
        source="widget:la-lanterne",
        signed_at=at,
        status=status,
        confirmed_at=at + datetime.timedelta(minutes=5)
        if status is SignatureStatus.CONFIRMED
        else None,
    )
    if consent:
        await SignerConsent.create(
            signature_id=signature.id,
            purpose="campaign-updates",
            wording=f"Keep {name} informed",
            given_at=at,
            given_how="widget form, in fr",
        )
    return signature


async def audited(action: str) -> list[tuple[object, ...]]:
    return [
        (entry.organisation_id, entry.subject, entry.details)
        for entry in await AuditEntry.filter(action=action).order_by("id")
    ]


def subject(petition: Petition) -> str:
    return str(GlobalID("Petition", str(petition.id)))


async def test_the_owners_key_opens_its_confirmed_consenting_signers_in_signing_order(
    owner: Owner,
) -> None:
    # given signers signed in an order their ids do not follow, two in the same instant
    await signed(owner, "Cleo", minutes=2, country="BR")
    await signed(owner, "Ana", minutes=0)
    await signed(owner, "Bea", minutes=2)

    export = await export_signers(owner.petition.slug, owner.private)

    assert [row["name"] for row in export.rows] == ["Ana", "Cleo", "Bea"]
    assert export.rows[1] == {
        "name": "Cleo",
        "email": "cleo@example.org",
        "country": "BR",
        "language": "fr",
        "source": "widget:la-lanterne",
        "signed_at": "2026-11-20T08:02:00+00:00",
        "confirmed_at": "2026-11-20T08:07:00+00:00",
        "consent_purpose": "campaign-updates",
        "consent_wording": "Keep Cleo informed",
        "consent_given_at": "2026-11-20T08:02:00+00:00",
        "consent_given_how": "widget form, in fr",
    }
    assert export.rows[0]["country"] == ""
    assert export.sealed_to_other_keys == 0
    assert await audited("petition.export") == [
        (
            owner.organisation.id,
            subject(owner.petition),
            {"by": "command line", "rows": 3, "key": owner.public},
        )
    ]


async def test_signers_of_one_instant_come_in_the_order_of_their_numbers(owner: Owner) -> None:
    # given two signers of one instant, the later numbered written first (as rows may lie)
    await signed(owner, "Later", number=900)
    await signed(owner, "Earlier", number=800)

    export = await export_signers(owner.petition.slug, owner.private)

    assert [row["name"] for row in export.rows] == ["Earlier", "Later"]


async def test_the_signers_of_the_owners_other_petition_are_not_exported(owner: Owner) -> None:
    # given a signer of another petition of the same organisation, sealed to the same key
    other = await factories.petition(owner.organisation)
    await signed(owner, "Elsewhere", petition=other)
    await signed(owner, "Here")

    export = await export_signers(owner.petition.slug, owner.private)

    assert [row["name"] for row in export.rows] == ["Here"]


async def test_only_the_confirmed_who_still_consent_are_exported(owner: Owner) -> None:
    # given one signer of each kind the export leaves out, and one it keeps
    await signed(owner, "Pending", status=SignatureStatus.PENDING)
    await signed(owner, "Silent", consent=False)
    withdrawn = await signed(owner, "Withdrawn")
    await SignerConsent.filter(signature_id=withdrawn.id).update(
        revoked_at=SIGNED, revoked_how="unsubscribe link"
    )
    await signed(owner, "Unsealed", email=False)  # consent withdrawn: the address was erased
    await signed(owner, "Kept")
    other_petition = await factories.petition(owner.organisation)
    elsewhere = await signed(owner, "Elsewhere")
    await PetitionSignature.filter(id=elsewhere.id).update(petition_id=other_petition.id)

    export = await export_signers(owner.petition.slug, owner.private)

    assert [row["name"] for row in export.rows] == ["Kept"]
    assert export.sealed_to_other_keys == 0


async def test_signers_sealed_to_an_older_key_are_counted_not_opened(owner: Owner) -> None:
    # given consenting signers sealed to the owner's older key, and one sealed to no key
    await signed(owner, "Old one", sealed_to=owner.older_public)
    await signed(owner, "Old two", sealed_to=owner.older_public)
    unsealed = await signed(owner, "Keyless")
    await PetitionSignature.filter(id=unsealed.id).update(
        sealed_to=None, sealed_name=None, sealed_email=None
    )
    await signed(owner, "New")

    export = await export_signers(owner.petition.slug, owner.private)

    # then the newest key opens its own, and says how many an older key would open
    assert [row["name"] for row in export.rows] == ["New"]
    assert export.sealed_to_other_keys == 2


async def test_a_confirmed_signer_without_its_time_is_exported_with_none(owner: Owner) -> None:
    signature = await signed(owner, "Ana")
    await PetitionSignature.filter(id=signature.id).update(confirmed_at=None)
    export = await export_signers(owner.petition.slug, owner.private)
    assert export.rows[0]["confirmed_at"] == ""


async def test_the_export_is_one_csv_with_a_header(owner: Owner) -> None:
    await signed(owner, "Ana, of Recife")
    lines = (await export_signers(owner.petition.slug, owner.private)).csv().split("\n")
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == (
        '"Ana, of Recife","ana, of recife@example.org",,fr,widget:la-lanterne,'
        "2026-11-20T08:00:00+00:00,2026-11-20T08:05:00+00:00,campaign-updates,"
        '"Keep Ana, of Recife informed",2026-11-20T08:00:00+00:00,"widget form, in fr"'
    )
    assert lines[2:] == [""]


async def test_no_petition_no_export(owner: Owner) -> None:
    with pytest.raises(WriteRefused) as refused:
        await export_signers("no-such-petition", owner.private)
    assert (refused.value.code, refused.value.field) == (Refusal.NOT_FOUND, "slug")
    assert refused.value.message == "No petition is called 'no-such-petition'."
    assert await AuditEntry.all().count() == 0


async def test_what_is_not_a_key_is_refused_and_not_audited(owner: Owner) -> None:
    with pytest.raises(WriteRefused) as refused:
        await export_signers(owner.petition.slug, "not a key")
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "key")
    assert refused.value.message == (
        "This is not a private key written by hub organisations keygen"
    )
    assert await AuditEntry.all().count() == 0


async def test_another_organisations_key_is_refused_and_the_attempt_audited(
    owner: Owner,
) -> None:
    # given a signer, and another organisation's key
    await signed(owner, "Ana")
    _, others_private = await sealing.register_key(owner.other.slug)
    others_public = sealing.public_key_of(sealing.private_key(others_private))

    with pytest.raises(WriteRefused) as refused:
        await export_signers(owner.petition.slug, others_private)

    assert (refused.value.code, refused.value.field) == (Refusal.FORBIDDEN, "key")
    assert refused.value.message == (
        "This key is not one of the keys of the organisation that started the petition:"
        " it opens none of its signers."
    )
    assert await audited("petition.export_refused") == [
        (
            owner.organisation.id,
            subject(owner.petition),
            {"by": "command line", "key": others_public},
        )
    ]
    assert await audited("petition.export") == []


async def test_a_sealed_name_the_key_does_not_open_is_refused_in_words(owner: Owner) -> None:
    # given a signer whose row says the owner's key, though another key sealed it
    _, stranger = sealing.new_key_pair()
    signature = await signed(owner, "Ana")
    await PetitionSignature.filter(id=signature.id).update(
        sealed_name=sealing.seal(stranger, "Ana")
    )

    with pytest.raises(WriteRefused) as refused:
        await export_signers(owner.petition.slug, owner.private)

    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "key")
    assert refused.value.message == "This private key does not open what was sealed"
    assert await audited("petition.export") == []

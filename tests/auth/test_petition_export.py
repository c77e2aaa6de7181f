"""Exporting a petition's signatures: the organisation that started it, with petitions:export,
and nobody else; confirmed signatures only, sealed to the organisation's key; e-mail
addresses only of those who agree to be contacted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from hub.models import AuditEntry, PetitionSignature, SignerConsent
from hub.services import sealing
from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub
from tests.auth.test_petition_writes import gid
from tests.databases import fill

EXPORT = """query($id: ID!, $after: String) {
  node(id: $id) {
    ... on Petition {
      signatureCount
      signatures(first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          sealedName sealedEmail sealedTo countryCode language consentToContact source signedAt
          confirmedAt
        }
      }
    }
  }
}"""


@dataclass
class Exported:
    hub: WritingHub
    petition: str = ""
    private_key: str = ""
    organisation_id: int = 0
    database_url: str = ""


@pytest.fixture
def exported(database_url: str) -> Iterator[Exported]:
    setting = Exported(hub=None, database_url=database_url)  # type: ignore[arg-type]

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a = await Organisation.get(id=network.members[0].organisation_id)
        key, setting.private_key = await sealing.register_key(a.slug)
        setting.organisation_id = a.id
        petition = await factories.petition(a, opened_at=factories.when(2024))
        # three confirmed signers (the second not agreeing to be contacted), one pending
        for n in range(4):
            signature = await PetitionSignature.create(
                petition_id=petition.id,
                email_hash=f"{n:064x}",
                hash_key="test",
                sealed_name=sealing.seal(key.public_key, f"Signer {n}"),
                sealed_email=(
                    sealing.seal(key.public_key, f"signer{n}@example.org") if n != 1 else None
                ),
                sealed_to=key.public_key,
                country_id="TN" if n == 0 else None,
                language="en",
                source="widget:daily-lantern" if n == 2 else "hub",
                signed_at=factories.when(2024, 1, 1 + n),
                status="confirmed" if n < 3 else "pending",
                confirmed_at=factories.when(2024, 1, 1 + n) if n < 3 else None,
            )
            if n != 1:
                await SignerConsent.create(
                    signature_id=signature.id,
                    purpose="campaign-updates",
                    wording="Keep me informed about this campaign",
                    given_at=signature.signed_at,
                    given_how="sign form (hub), in en",
                )
        setting.petition = gid("Petition", petition.id)

    with writing_hub(database_url, "petitions:export petitions:write", build) as hub:
        setting.hub = hub
        yield setting


def test_the_petitions_organisation_exports_its_signatures_page_by_page(
    exported: Exported,
) -> None:
    # given A's token with petitions:export
    token = exported.hub.token(0)

    # when it reads the signatures, two at a time
    first = exported.hub.ask(EXPORT, token, id=exported.petition)["data"]["node"]["signatures"]
    cursor = first["pageInfo"]["endCursor"]
    second = exported.hub.ask(EXPORT, token, id=exported.petition, after=cursor)["data"]["node"]

    # then every confirmed signer comes once, in the order they signed, sealed: the
    # organisation's private key opens their names, and addresses only with consent
    signers = first["nodes"] + second["signatures"]["nodes"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    key = sealing.private_key(exported.private_key)
    assert {s["sealedTo"] for s in signers} == {sealing.public_key_of(key)}
    assert [sealing.open_sealed(key, s["sealedName"]) for s in signers] == [
        "Signer 0",
        "Signer 1",
        "Signer 2",
    ]
    emails = [s["sealedEmail"] and sealing.open_sealed(key, s["sealedEmail"]) for s in signers]
    assert emails == ["signer0@example.org", None, "signer2@example.org"]
    assert [s["consentToContact"] for s in signers] == [True, False, True]
    assert signers[0]["countryCode"] == "TN"
    assert signers[2]["source"] == "widget:daily-lantern"
    assert all(s["confirmedAt"] for s in signers)
    # and another key opens none of it
    other, _ = sealing.new_key_pair()
    with pytest.raises(sealing.KeyRefused):
        sealing.open_sealed(sealing.private_key(other), signers[0]["sealedName"])
    # and each read was audited, for the organisation that made it
    assert audited_reads(exported) == [(exported.organisation_id, "signatures")] * 2


def audited_reads(exported: Exported) -> list[tuple[int | None, str]]:
    found: list[list[tuple[int | None, str]]] = []

    async def read() -> None:
        rows = await AuditEntry.filter(action="petition.signatures_read").order_by("id")
        found.append([(row.organisation_id, row.subject) for row in rows])

    fill(exported.database_url, read)
    return found[0]


def test_another_member_cannot_export_them(exported: Exported) -> None:
    body = exported.hub.ask(EXPORT, exported.hub.token(1), id=exported.petition)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "Only the organisation that started the petition" in error["message"]
    assert body["data"]["node"] is None


def test_a_token_without_the_scope_cannot_export_them(exported: Exported) -> None:
    body = exported.hub.ask(EXPORT, exported.hub.token(0, "petitions:write"), id=exported.petition)
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "missingScopes": ["petitions:export"]}


def test_without_a_token_nobody_exports_them(exported: Exported) -> None:
    body = exported.hub.ask(EXPORT, None, id=exported.petition)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"

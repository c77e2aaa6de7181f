"""Exporting a petition's signatures: the organisation that started it, with petitions:export,
and nobody else; e-mail addresses only of those who agreed to be contacted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from hub.models import PetitionSignature
from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub
from tests.auth.test_petition_writes import gid

EXPORT = """query($id: ID!, $after: String) {
  node(id: $id) {
    ... on Petition {
      signatureCount
      signatures(first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { name email countryCode language consentToContact source signedAt }
      }
    }
  }
}"""


@dataclass
class Exported:
    hub: WritingHub
    petition: str = ""


@pytest.fixture
def exported(database_url: str) -> Iterator[Exported]:
    setting = Exported(hub=None)  # type: ignore[arg-type]

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a = await Organisation.get(id=network.members[0].organisation_id)
        petition = await factories.petition(a, opened_at=factories.when(2024))
        await PetitionSignature.bulk_create(
            [
                PetitionSignature(
                    petition_id=petition.id,
                    name=f"Signer {n}",
                    email=f"signer{n}@example.org",
                    country_id="TN" if n == 0 else None,
                    language="en",
                    consent_to_contact=n != 1,
                    source="widget:daily-lantern" if n == 2 else "hub",
                    signed_at=factories.when(2024, 1, 1 + n),
                )
                for n in range(3)
            ]
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

    # then every signer comes once, in the order they signed; addresses only with consent
    signers = first["nodes"] + second["signatures"]["nodes"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    assert [s["name"] for s in signers] == ["Signer 0", "Signer 1", "Signer 2"]
    assert [s["email"] for s in signers] == ["signer0@example.org", None, "signer2@example.org"]
    assert signers[0]["countryCode"] == "TN"
    assert signers[2]["source"] == "widget:daily-lantern"


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

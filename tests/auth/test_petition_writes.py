"""Starting, editing and endorsing petitions: allowed and denied, by the rules, audited once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import GlobalID

from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub
from tests.auth.tokens import claims_like
from tests.databases import fill

CREATE = """mutation($input: CreatePetitionInput!) {
  createPetition(input: $input) {
    petition {
      id slug status goal openedAt closesAt signatureCount
      title { text language } target { text }
      organisation { slug } campaign { slug }
    }
    errors { code field message }
  }
}"""
EDIT = """mutation($input: EditPetitionInput!) {
  editPetition(input: $input) {
    petition { status goal openedAt closesAt title { text } campaign { slug } }
    errors { code field message }
  }
}"""
ENDORSE = """mutation($id: ID!) {
  endorsePetition(input: {petitionId: $id}) {
    alreadyEndorsed
    endorsement { organisation { slug } petition { slug endorsements { totalCount } } }
    errors { code field message }
  }
}"""
SIGNATURES = 3
"""Signatures on A's open petition."""


def gid(type_name: str, key: int) -> str:
    return str(GlobalID(type_name, str(key)))


def future(days: int = 30) -> str:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)).isoformat()


@dataclass
class Petitions:
    open: str = ""
    """A's, signed by SIGNATURES people."""
    draft: str = ""
    closed: str = ""
    of_b: str = ""
    campaign_of_a: str = ""
    campaign_of_a_slug: str = ""
    campaign_of_b: str = ""


def new_petition(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "free-the-journalists",
        "originalLanguage": "es",
        "title": [
            {"language": "es", "text": "Liberen a los periodistas"},
            {"language": "en", "text": "Free the journalists"},
        ],
        "body": [{"language": "es", "text": "Pedimos la liberación inmediata…"}],
        "target": [{"language": "es", "text": "El gobierno"}],
        "goal": 5000,
        **changes,
    }


@dataclass
class Setting:
    hub: WritingHub
    petitions: Petitions
    database_url: str

    def create(self, token: str, **changes: Any) -> Any:
        return self.hub.payload(CREATE, "createPetition", token, input=new_petition(**changes))

    def edit(self, token: str, petition: str, **changes: Any) -> Any:
        return self.hub.payload(
            EDIT, "editPetition", token, input={"petitionId": petition, **changes}
        )

    def endorse(self, token: str, petition: str) -> Any:
        return self.hub.payload(ENDORSE, "endorsePetition", token, id=petition)


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    petitions = Petitions()

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a, b = [await Organisation.get(id=m.organisation_id) for m in network.members]
        opened = factories.when(2024)
        open_ = await factories.petition(a, opened_at=opened)
        await factories.sign_petition(open_, SIGNATURES)
        petitions.open = gid("Petition", open_.id)
        petitions.draft = gid("Petition", (await factories.petition(a, status="draft")).id)
        petitions.closed = gid("Petition", (await factories.petition(a, status="closed")).id)
        petitions.of_b = gid("Petition", (await factories.petition(b, opened_at=opened)).id)
        campaign_a = await factories.campaign(lead_organisation_id=a.id)
        petitions.campaign_of_a = gid("Campaign", campaign_a.id)
        petitions.campaign_of_a_slug = campaign_a.slug
        campaign_b = await factories.campaign(lead_organisation_id=b.id)
        petitions.campaign_of_b = gid("Campaign", campaign_b.id)

    with writing_hub(database_url, "petitions:write statements:sign", build) as hub:
        yield Setting(hub, petitions, database_url)


def errors(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in result["errors"]]


@pytest.mark.parametrize("status", ["DRAFT", "OPEN"])
def test_a_member_starts_a_petition(setting: Setting, status: str) -> None:
    # given member A's token with petitions:write
    token = setting.hub.token(0)

    # when it starts a petition, as a draft or open, in its campaign
    result = setting.create(token, status=status, campaignId=setting.petitions.campaign_of_a)

    # then the petition is A's, in the status asked, opened now if open
    assert result["errors"] == []
    petition = result["petition"]
    assert petition["organisation"] == {"slug": setting.hub.network.members[0].slug}
    assert petition["campaign"] == {"slug": setting.petitions.campaign_of_a_slug}
    assert petition["status"] == status and petition["goal"] == 5000
    assert petition["title"] == {"text": "Liberen a los periodistas", "language": "es"}
    assert (petition["openedAt"] is not None) == (status == "OPEN")


def test_a_petition_joins_only_a_campaign_its_organisation_runs(setting: Setting) -> None:
    # when A starts a petition in B's campaign
    result = setting.create(setting.hub.token(0), campaignId=setting.petitions.campaign_of_b)

    # then it is refused, and nothing was written
    assert result["petition"] is None
    assert errors(result) == [("FORBIDDEN", "campaignId")]
    assert setting.hub.audit_log("petition.create") == []


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"goal": 0}, "INVALID", "goal"),
        ({"status": "CLOSED"}, "INVALID", "status"),
        ({"target": [{"language": "en", "text": "The government"}]}, "INVALID", "target"),
        ({"slug": "x" * 121}, "INVALID", "slug"),
        ({"status": "OPEN", "opensAt": future()}, "INVALID", "opensAt"),
        ({"opensAt": "2024-01-01T00:00:00Z"}, "INVALID", "opensAt"),
        ({"closesAt": "2020-01-01T00:00:00Z"}, "INVALID", "closesAt"),
        ({"closesAt": "2099-01-01T00:00:00"}, "INVALID", "closesAt"),
        ({"campaignId": gid("Campaign", 999)}, "NOT_FOUND", "campaignId"),
    ],
    ids=[
        "goal",
        "closed",
        "no-original-target",
        "long-slug",
        "opens-later",
        "draft-with-opening",
        "closed-already",
        "no-time-zone",
        "unknown-campaign",
    ],
)
def test_a_petition_that_breaks_a_rule_is_refused(
    setting: Setting, changes: dict[str, Any], code: str, field: str
) -> None:
    # when A starts a petition that breaks a rule
    result = setting.create(setting.hub.token(0), **changes)

    # then the error names the rule and the field
    assert result["petition"] is None
    assert errors(result) == [(code, field)]


def test_a_petition_slug_is_taken_once(setting: Setting) -> None:
    # given A started a petition
    assert setting.create(setting.hub.token(0))["errors"] == []
    # when B starts one with the same slug
    result = setting.create(setting.hub.token(1))
    # then
    assert errors(result) == [("CONFLICT", "slug")]


@pytest.mark.parametrize(
    ("mutation", "variables", "field"),
    [
        (CREATE, {"input": new_petition()}, "createPetition"),
        (EDIT, {"input": {"petitionId": gid("Petition", 1), "goal": 10}}, "editPetition"),
        (ENDORSE, {"id": gid("Petition", 1)}, "endorsePetition"),
    ],
    ids=["createPetition", "editPetition", "endorsePetition"],
)
def test_without_petitions_write_the_error_names_it(
    setting: Setting, mutation: str, variables: dict[str, Any], field: str
) -> None:
    # given a token of A holding only statements:sign
    token = setting.hub.token(0, scope="statements:sign")

    # when it writes a petition
    error = setting.hub.refusal(mutation, token, **variables)

    # then FORBIDDEN, naming the scope
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "petitions:write" in error["message"]
    assert error["path"] == [field]


def test_the_organisation_edits_opens_and_closes_its_petition(setting: Setting) -> None:
    # given A's token
    token = setting.hub.token(0)

    # when A edits its draft, opens it, then closes it
    edited = setting.edit(
        token,
        setting.petitions.draft,
        goal=SIGNATURES,
        title=[{"language": "en", "text": "A sharper title"}],
        closesAt=future(),
        campaignId=setting.petitions.campaign_of_a,
    )
    opened = setting.edit(token, setting.petitions.draft, status="OPEN")
    closed = setting.edit(token, setting.petitions.draft, status="CLOSED")

    # then each change shows
    assert edited["errors"] == [] and edited["petition"]["goal"] == SIGNATURES
    assert edited["petition"]["title"] == {"text": "A sharper title"}
    assert edited["petition"]["campaign"] == {"slug": setting.petitions.campaign_of_a_slug}
    assert opened["petition"]["status"] == "OPEN" and opened["petition"]["openedAt"] is not None
    assert closed["petition"]["status"] == "CLOSED"
    assert closed["petition"]["closesAt"] < edited["petition"]["closesAt"]


def test_another_organisation_cannot_edit_a_petition(setting: Setting) -> None:
    # when B edits A's petition
    result = setting.edit(setting.hub.token(1), setting.petitions.open, goal=10)

    # then it is refused, and nothing was written
    assert result["petition"] is None
    assert errors(result) == [("FORBIDDEN", "petitionId")]
    assert setting.hub.audit_log("petition.edit") == []


def test_the_goal_never_goes_below_the_signatures(setting: Setting) -> None:
    # when A lowers the goal of its open petition below the signatures it has
    result = setting.edit(setting.hub.token(0), setting.petitions.open, goal=SIGNATURES - 1)

    # then the error says how many there are
    assert errors(result) == [("INVALID", "goal")]
    assert f"{SIGNATURES} signatures" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("petition", "changes", "code", "field"),
    [
        ("closed", {"goal": 10_000}, "WRONG_STATUS", None),
        ("closed", {"status": "OPEN"}, "WRONG_STATUS", None),
        ("open", {"status": "DRAFT"}, "WRONG_STATUS", "status"),
        ("open", {"closesAt": "2020-01-01T00:00:00Z"}, "INVALID", "closesAt"),
        ("open", {"campaignId": "no-such-id"}, "INVALID", "campaignId"),
    ],
    ids=["closed-goal", "reopen", "back-to-draft", "closes-in-past", "malformed-campaign-id"],
)
def test_an_edit_that_breaks_a_rule_is_refused(
    setting: Setting, petition: str, changes: dict[str, Any], code: str, field: str | None
) -> None:
    # when A edits its own petition against a rule
    result = setting.edit(setting.hub.token(0), getattr(setting.petitions, petition), **changes)

    # then
    assert errors(result) == [(code, field)]


def test_a_member_endorses_once_however_often_it_asks(setting: Setting) -> None:
    # given B's token
    token = setting.hub.token(1)

    # when B endorses A's open petition twice
    first = setting.endorse(token, setting.petitions.open)
    second = setting.endorse(token, setting.petitions.open)

    # then there is one endorsement, B's, and one audit entry
    assert first["errors"] == [] and first["alreadyEndorsed"] is False
    assert first["endorsement"]["organisation"] == {"slug": setting.hub.network.members[1].slug}
    assert second["alreadyEndorsed"] is True
    assert second["endorsement"] == first["endorsement"]
    assert first["endorsement"]["petition"]["endorsements"]["totalCount"] == 1
    assert len(setting.hub.audit_log("petition.endorse")) == 1


@pytest.mark.parametrize("petition", ["draft", "closed"])
def test_only_open_petitions_are_endorsed(setting: Setting, petition: str) -> None:
    # when B endorses a petition that is not open
    result = setting.endorse(setting.hub.token(1), getattr(setting.petitions, petition))
    # then
    assert result["endorsement"] is None
    assert errors(result) == [("WRONG_STATUS", "petitionId")]


def test_only_current_members_endorse(setting: Setting) -> None:
    # given B's token, then B leaves the network (its token, issued before, still holds the scope)
    token = setting.hub.token(1)
    member = setting.hub.network.members[1]

    async def leave() -> None:
        from hub.models import NetworkMembership

        await NetworkMembership.filter(organisation_id=member.organisation_id).update(
            left_on=datetime.date(2021, 1, 1)
        )

    fill(setting.database_url, leave)

    # when B endorses an open petition
    result = setting.endorse(token, setting.petitions.open)

    # then it is not eligible
    assert errors(result) == [("NOT_ELIGIBLE", None)]


def test_each_petition_write_is_audited_once(setting: Setting) -> None:
    # given A's token and B's
    a, b = setting.hub.token(0), setting.hub.token(1)

    # when A starts a petition and opens it, and B endorses it
    created = setting.create(a)["petition"]
    setting.edit(a, created["id"], status="OPEN")
    setting.endorse(b, created["id"])

    # then each write is one audit entry, for the organisation that made it, about the petition
    subject = f"Petition:{GlobalID.from_id(created['id']).node_id}"
    (create,) = setting.hub.audit_log("petition.create")
    (edit,) = setting.hub.audit_log("petition.edit")
    (endorse,) = setting.hub.audit_log("petition.endorse")
    assert {entry["subject"] for entry in (create, edit, endorse)} == {subject}
    assert create["tokenJti"] == edit["tokenJti"] == claims_like(a)["jti"]
    assert endorse["organisation"] == {"slug": setting.hub.network.members[1].slug}
    assert create["details"] == {"status": "draft"}
    assert edit["details"] == {"fields": ["opened_at", "status"], "status": "open"}

"""Co-signing and withdrawing, each allowed and denied, idempotent, audited once."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry.relay import GlobalID

from hub import clock
from hub.idempotent_requests import Request
from hub.models import (
    AuditEntry,
    IdempotentResponse,
    NetworkMembership,
    Organisation,
    Statement,
    StatementSignature,
)
from tests import factories
from tests.auth.network import AuthNetwork, Statements, build_auth_network, build_statements
from tests.auth.tokens import client_credentials, statement_id
from tests.conftest import hub_client
from tests.databases import fill

CO_SIGN = """mutation($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Director"}) {
    alreadySigned
    signature { signedBy organisation { slug } statement { slug } }
    errors { code field message }
  }
}"""
WITHDRAW = """mutation($id: ID!) {
  withdrawStatementSignature(input: {statementId: $id, reason: "Changed our mind"}) {
    signature { withdrawnAt withdrawalReason }
    statement { signatories(includeWithdrawn: true) { totalCount } }
    errors { code field message }
  }
}"""
PUBLISH = """mutation($id: ID!) {
  publishStatement(input: {statementId: $id}) { statement { status } errors { code message } }
}"""


@dataclass
class Setting:
    client: TestClient
    network: AuthNetwork
    statements: Statements

    def token(self, member: int = 0, scope: str = "") -> str:
        m = self.network.members[member]
        return client_credentials(self.client, m.client_id, m.client_secret, scope)

    def call(self, query: str, key: int, token: str | None, **headers: str) -> Any:
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql",
            json={"query": query, "variables": {"id": statement_id(key)}},
            headers={**auth, **headers},
        )
        return response


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    network, statements = AuthNetwork(), Statements()

    async def build() -> None:
        await build_auth_network(network, scopes="statements:sign statements:write")
        await build_statements(network, statements)

    fill(database_url, build)
    with hub_client(database_url) as client:
        yield Setting(client, network, statements)


def payload(response: Any, field: str) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def signatories(database_url: str, statement: int) -> list[tuple[int, bool]]:
    """The statement's signatures as (organisation ID, withdrawn), read from the database."""
    found: list[tuple[int, bool]] = []

    async def read() -> None:
        rows = await StatementSignature.filter(statement_id=statement).order_by("organisation_id")
        found.extend((row.organisation_id, row.withdrawn_at is not None) for row in rows)

    fill(database_url, read)
    return found


def statement_status(database_url: str, statement: int) -> str:
    found: list[str] = []

    async def read() -> None:
        found.append((await Statement.get(id=statement)).status.value)

    fill(database_url, read)
    return found[0]


def audit_count(database_url: str, action: str) -> int:
    counted: list[int] = []

    async def count() -> None:
        counted.append(await AuditEntry.filter(action=action).count())

    fill(database_url, count)
    return counted[0]


def test_a_member_co_signs_once_however_often_it_asks(setting: Setting, database_url: str) -> None:
    # given member A's token with statements:sign
    token = setting.token(0)

    # when it co-signs the open statement twice
    first = payload(setting.call(CO_SIGN, setting.statements.open, token), "coSignStatement")
    second = payload(setting.call(CO_SIGN, setting.statements.open, token), "coSignStatement")

    # then there is one signature, for A, and one audit entry
    assert first["errors"] == [] and first["alreadySigned"] is False
    assert first["signature"]["organisation"]["slug"] == setting.network.members[0].slug
    assert second["alreadySigned"] is True
    assert second["signature"] == first["signature"]
    assert audit_count(database_url, "statement.co_sign") == 1


def test_without_the_scope_the_error_names_it(setting: Setting) -> None:
    # given a token of A holding only statements:write
    token = setting.token(0, scope="statements:write")
    # when
    body = setting.call(CO_SIGN, setting.statements.open, token).json()
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "statements:sign" in body["errors"][0]["message"]


def test_anonymous_writes_are_refused(setting: Setting) -> None:
    # when
    body = setting.call(CO_SIGN, setting.statements.open, None).json()
    # then
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("statement", "code"),
    [("draft", "WRONG_STATUS"), ("published", "WRONG_STATUS"), ("group_only", "NOT_ELIGIBLE")],
)
def test_only_open_statements_and_eligible_members(
    setting: Setting, statement: str, code: str
) -> None:
    # given member B, who is not in the group of the group-only statement
    token = setting.token(1)
    # when
    result = payload(
        setting.call(CO_SIGN, getattr(setting.statements, statement), token), "coSignStatement"
    )
    # then
    assert result["signature"] is None
    assert [e["code"] for e in result["errors"]] == [code]


def test_only_current_network_members_co_sign(setting: Setting, database_url: str) -> None:
    # given A's token, then A leaving the network (its token, issued before, still holds the scope)
    token = setting.token(0)
    member = setting.network.members[0]

    async def leave() -> None:
        yesterday = clock.today() - datetime.timedelta(days=1)
        await NetworkMembership.filter(organisation_id=member.organisation_id).update(
            left_on=yesterday
        )

    fill(database_url, leave)

    # when A co-signs the open statement
    result = payload(setting.call(CO_SIGN, setting.statements.open, token), "coSignStatement")

    # then it is not eligible, and nothing was signed or logged
    assert result["signature"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_ELIGIBLE", None)]
    assert signatories(database_url, setting.statements.open) == []
    assert audit_count(database_url, "statement.co_sign") == 0


def test_the_group_member_may_sign_the_group_only_statement(setting: Setting) -> None:
    # when A, the group's member, co-signs
    result = payload(
        setting.call(CO_SIGN, setting.statements.group_only, setting.token(0)), "coSignStatement"
    )
    # then
    assert result["errors"] == []


def test_withdrawal_before_publication_removes_after_publication_records(
    setting: Setting,
) -> None:
    # given A and B co-signed the open statement
    a, b = setting.token(0), setting.token(1)
    for token in (a, b):
        payload(setting.call(CO_SIGN, setting.statements.open, token), "coSignStatement")

    # when B withdraws before publication, then A publishes, then A withdraws
    before = payload(
        setting.call(WITHDRAW, setting.statements.open, b), "withdrawStatementSignature"
    )
    published = payload(setting.call(PUBLISH, setting.statements.open, a), "publishStatement")
    after = payload(
        setting.call(WITHDRAW, setting.statements.open, a), "withdrawStatementSignature"
    )

    # then B's signature is gone, A's is kept and marked withdrawn with the reason
    assert before["signature"] is None
    assert before["statement"]["signatories"]["totalCount"] == 1
    assert published["statement"]["status"] == "PUBLISHED"
    assert after["signature"]["withdrawalReason"] == "Changed our mind"
    assert after["statement"]["signatories"]["totalCount"] == 1
    # and nothing is signed after publication
    again = payload(setting.call(CO_SIGN, setting.statements.open, b), "coSignStatement")
    assert [e["code"] for e in again["errors"]] == ["WRONG_STATUS"]


def test_organisation_a_cannot_act_for_b(setting: Setting, database_url: str) -> None:
    # given B co-signed, and a draft led by B
    b = setting.token(1)
    payload(setting.call(CO_SIGN, setting.statements.open, b), "coSignStatement")
    a = setting.token(0)

    # when A tries to withdraw (it can only withdraw its own) and to publish B's statement
    withdraw = payload(
        setting.call(WITHDRAW, setting.statements.open, a), "withdrawStatementSignature"
    )
    opened = setting.call(
        """mutation($id: ID!) { openStatement(input: {statementId: $id}) { errors { code } } }""",
        setting.statements.led_by_b,
        a,
    )

    # then both are refused, B's signature stands, B's draft is still a draft
    assert [e["code"] for e in withdraw["errors"]] == ["NOT_FOUND"]
    assert payload(opened, "openStatement")["errors"] == [{"code": "FORBIDDEN"}]
    b_id = setting.network.members[1].organisation_id
    assert signatories(database_url, setting.statements.open) == [(b_id, False)]
    assert statement_status(database_url, setting.statements.led_by_b) == "draft"
    assert audit_count(database_url, "statement.withdraw") == 0
    assert audit_count(database_url, "statement.open") == 0


def test_an_idempotency_key_replays_the_first_answer(setting: Setting, database_url: str) -> None:
    # given
    token = setting.token(0)
    key = {"Idempotency-Key": "co-sign-open-1"}

    # when the same request is sent twice with the same key, then another body with it
    first = setting.call(CO_SIGN, setting.statements.open, token, **key)
    retry = setting.call(CO_SIGN, setting.statements.open, token, **key)
    misuse = setting.call(CO_SIGN, setting.statements.group_only, token, **key)

    # then the retry gets the first answer byte for byte, and the misuse is refused
    assert retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true"
    assert payload(retry, "coSignStatement")["alreadySigned"] is False
    assert misuse.status_code == 422
    assert misuse.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert audit_count(database_url, "statement.co_sign") == 1


def test_a_statement_joins_only_a_campaign_its_organisation_manages(
    setting: Setting, database_url: str
) -> None:
    # given a campaign led by B
    made: list[int] = []

    async def campaign_of_b() -> None:
        b = await Organisation.get(id=setting.network.members[1].organisation_id)
        made.append((await factories.campaign(lead_organisation_id=b.id)).id)

    fill(database_url, campaign_of_b)
    draft = """mutation($campaign: ID!, $slug: String!) {
      draftStatement(input: {slug: $slug, originalLanguage: "en",
        title: [{language: "en", text: "T"}], body: [{language: "en", text: "B"}],
        campaignId: $campaign}) { statement { slug } errors { code field } }
    }"""

    def ask(member: int, slug: str) -> Any:
        response = setting.client.post(
            "/graphql",
            json={
                "query": draft,
                "variables": {"campaign": str(GlobalID("Campaign", str(made[0]))), "slug": slug},
            },
            headers={"Authorization": f"Bearer {setting.token(member)}"},
        )
        return payload(response, "draftStatement")

    # when A and then B draft a statement in it
    by_a, by_b = ask(0, "by-a"), ask(1, "by-b")

    # then A is refused, B's draft joins it
    assert by_a == {"statement": None, "errors": [{"code": "FORBIDDEN", "field": "campaignId"}]}
    assert by_b == {"statement": {"slug": "by-b"}, "errors": []}


def test_a_published_statement_is_not_edited(setting: Setting) -> None:
    # given A's published statement
    edit = """mutation($id: ID!) {
      editStatement(input: {statementId: $id, title: [{language: "en", text: "Changed"}]}) {
        statement { title { text } } errors { code }
      }
    }"""
    # when A edits it
    result = payload(
        setting.call(edit, setting.statements.published, setting.token(0)), "editStatement"
    )
    # then nothing changes
    assert result == {"statement": None, "errors": [{"code": "WRONG_STATUS"}]}


@pytest.mark.parametrize(("claimed_minutes_ago", "status"), [(1, 409), (6, 200)])
def test_a_key_whose_first_request_died_is_released_after_a_while(
    setting: Setting, database_url: str, claimed_minutes_ago: int, status: int
) -> None:
    # given a key claimed by a first request that never answered (its process was killed)
    token = setting.token(0)
    body = json.dumps(
        {"query": CO_SIGN, "variables": {"id": statement_id(setting.statements.open)}}
    )
    member = setting.network.members[0]

    async def abandoned_claim() -> None:
        await IdempotentResponse.create(
            organisation_id=member.organisation_id,
            key=f"{member.client_id}:co-sign-died",
            request_hash=Request(body.encode(), max_tokens=4000).write(),
            created_at=clock.now() - datetime.timedelta(minutes=claimed_minutes_ago),
        )

    fill(database_url, abandoned_claim)

    # when the member's system retries with the same key
    retry = setting.client.post(
        "/graphql",
        content=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": "co-sign-died",
        },
    )

    # then a recent claim still counts as running; an old one is taken over and runs once
    assert retry.status_code == status, retry.text
    if status == 200:
        assert payload(retry, "coSignStatement")["alreadySigned"] is False
        assert audit_count(database_url, "statement.co_sign") == 1

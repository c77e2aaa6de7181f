"""What the subscription tests write to: two members, an open statement, an open petition."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from strawberry.relay import GlobalID

from hub.models.statements import StatementStatus
from tests import factories
from tests.auth.network import AuthNetwork, build_auth_network
from tests.databases import fill
from tests.hub.widgets.petitions import confirmation_links

PETITION_COUNT = """subscription($id: ID!) {
  petitionCount(petitionId: $id) { petition { slug signatureCount } }
}"""
CO_SIGNATURES = """subscription($id: ID!) {
  statementCoSignatures(statementId: $id) {
    signature { signedBy organisation { slug } statement { slug } }
  }
}"""
ALERTS = """subscription($countries: [String!]!) {
  alertsFiled(countryCodes: $countries) { alert { id country { code } title { text } } }
}"""
CO_SIGN = """mutation($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Director"}) {
    alreadySigned errors { code message }
  }
}"""
FILE_ALERT = """mutation($input: FileAlertInput!) {
  fileAlert(input: $input) { alert { id } errors { code message } }
}"""


@dataclass
class LiveNetwork:
    database_url: str
    members: AuthNetwork = field(default_factory=AuthNetwork)
    petition_slug: str = ""
    petition_id: str = ""
    statement_slug: str = ""
    statement_id: str = ""


def build_live_network(database_url: str) -> LiveNetwork:
    made = LiveNetwork(database_url)

    async def build() -> None:
        await build_auth_network(made.members, scopes="statements:sign alerts:write")
        (owner,) = await factories.organisations(1)
        petition = await factories.petition(owner)
        made.petition_slug, made.petition_id = (
            petition.slug,
            str(GlobalID("Petition", str(petition.id))),
        )
        statement = await factories.statement(owner, status=StatementStatus.OPEN)
        made.statement_slug = statement.slug
        made.statement_id = str(GlobalID("Statement", str(statement.id)))

    fill(database_url, build)
    return made


def token(base: str, network: LiveNetwork, member: int) -> str:
    m = network.members.members[member]
    response = httpx.post(
        f"{base}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(m.client_id, m.client_secret),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def ask(base: str, query: str, access_token: str, **variables: object) -> dict[str, object]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {access_token}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


def sign_petition(base: str, network: LiveNetwork, person: str) -> None:
    """A person signs through the widget API, as from the hub's frame, and confirms from
    the link mailed to them (a signature counts once confirmed)."""
    response = httpx.post(
        f"{base}/widgets/petitions/{network.petition_slug}/signatures",
        json={"name": person, "email": f"{person.lower()}@example.org"},
    )
    assert response.status_code == 200, response.text
    for link in confirmation_links(network.database_url, network.petition_slug):
        assert httpx.post(f"{base}{link}").status_code == 200


def new_alert(country: str, title: str) -> dict[str, object]:
    return {
        "occurredOn": "2026-05-03",
        "countryCode": country,
        "violations": ["ATTACKED"],
        "perpetrator": "CRIMINAL_GROUPS",
        "originalLanguage": "en",
        "title": [{"language": "en", "text": title}],
        "body": [{"language": "en", "text": "A journalist was attacked."}],
        "victims": [{"name": "A journalist", "kind": "JOURNALIST"}],
    }

"""A small network with two member organisations, their staff and their OAuth clients."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from hub.services.access import create_staff_user, register_client
from hub.settings import Settings
from tests import factories
from tests.auth.tokens import client_credentials
from tests.conftest import hub_client
from tests.databases import fill

PASSWORD = "correct horse battery staple"
DASHBOARD_REDIRECT = "http://127.0.0.1:9999/callback"


@dataclass
class Member:
    slug: str
    organisation_id: int
    client_id: str = ""
    client_secret: str = ""
    dashboard_id: str = ""
    staff_email: str = ""


@dataclass
class AuthNetwork:
    members: list[Member] = field(default_factory=list)
    outsider: Member | None = None


async def build_auth_network(network: AuthNetwork, scopes: str = "statements:sign") -> None:
    """Two members (A and B) with a confidential client, a public dashboard and a staff user each,
    and one organisation outside the network."""
    settings = Settings()
    organisations = await factories.organisations(2, member_since=datetime.date(2000, 1, 1))
    for organisation in organisations:
        system = await register_client(organisation, "Own system", scopes, [], settings)
        dashboard = await register_client(
            organisation, "Dashboard", scopes, [DASHBOARD_REDIRECT], settings, public=True
        )
        email = f"staff@{organisation.slug}.example.org"
        await create_staff_user(organisation, email, "Staff", PASSWORD)
        network.members.append(
            Member(
                slug=organisation.slug,
                organisation_id=organisation.id,
                client_id=system.client_id,
                client_secret=system.client_secret or "",
                dashboard_id=dashboard.client_id,
                staff_email=email,
            )
        )
    (outsider,) = await factories.organisations(1)
    network.outsider = Member(slug=outsider.slug, organisation_id=outsider.id)


@dataclass
class Statements:
    open: int = 0
    group_only: int = 0
    draft: int = 0
    published: int = 0
    led_by_b: int = 0


async def build_statements(network: AuthNetwork, statements: Statements) -> None:
    """Statements led by member A, one reserved to a group that B is not in, one led by B."""
    from hub.models import Organisation
    from hub.models.statements import StatementStatus

    a, b = [await Organisation.get(id=m.organisation_id) for m in network.members]
    group = await factories.group([a])
    statements.open = (await factories.statement(a, status=StatementStatus.OPEN)).id
    statements.group_only = (
        await factories.statement(
            a, status=StatementStatus.OPEN, group_id=group.id, open_to_all_members=False
        )
    ).id
    statements.draft = (await factories.statement(a, status=StatementStatus.DRAFT)).id
    statements.published = (await factories.statement(a, status=StatementStatus.PUBLISHED)).id
    statements.led_by_b = (await factories.statement(b, status=StatementStatus.DRAFT)).id


@dataclass
class Secretariat:
    """The organisation whose client holds ``hub:admin`` (named in ``admin_organisations``)."""

    slug: str = ""
    organisation_id: int = 0
    client_id: str = ""
    client_secret: str = ""

    def settings(self) -> dict[str, list[str]]:
        """The settings that make it the network's administrator, for ``hub_client``."""
        return {"admin_organisations": [self.slug]}


async def build_secretariat(secretariat: Secretariat) -> None:
    """An organisation outside the membership, with a confidential client holding hub:admin."""
    (organisation,) = await factories.organisations(1)
    settings = Settings(admin_organisations=[organisation.slug])
    system = await register_client(organisation, "Secretariat", "hub:admin", [], settings)
    secretariat.slug = organisation.slug
    secretariat.organisation_id = organisation.id
    secretariat.client_id = system.client_id
    secretariat.client_secret = system.client_secret or ""


AUDIT_LOG = """query($action: String!) {
  auditLog(filter: {action: $action}) {
    totalCount
    edges { node { action subject tokenJti clientId details organisation { slug } } }
  }
}"""


@dataclass
class WritingHub:
    """A hub serving the auth network and its secretariat, as the members' systems call it."""

    client: TestClient
    network: AuthNetwork
    secretariat: Secretariat

    def token(self, member: int = 0, scope: str = "") -> str:
        m = self.network.members[member]
        return client_credentials(self.client, m.client_id, m.client_secret, scope)

    def admin_token(self) -> str:
        s = self.secretariat
        return client_credentials(self.client, s.client_id, s.client_secret)

    def ask(self, query: str, token: str | None, **variables: Any) -> Any:
        """The body of a GraphQL request answered with 200."""
        auth = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=auth
        )
        assert response.status_code == 200, response.text
        return response.json()

    def payload(self, query: str, field: str, token: str | None, **variables: Any) -> Any:
        """The payload of a mutation that ran (it may still have refused, in ``errors``)."""
        body = self.ask(query, token, **variables)
        assert "errors" not in body, body
        return body["data"][field]

    def refusal(self, query: str, token: str | None, **variables: Any) -> dict[str, Any]:
        """The one GraphQL error of a request refused before it ran."""
        body = self.ask(query, token, **variables)
        assert body["data"] is None, body
        (error,) = body["errors"]
        return dict(error)

    def audit_log(self, action: str) -> list[dict[str, Any]]:
        """The audit entries of an action, read as an administrator reads them."""
        log = self.payload(AUDIT_LOG, "auditLog", self.admin_token(), action=action)
        assert log["totalCount"] == len(log["edges"])
        return [edge["node"] for edge in log["edges"]]


@contextmanager
def writing_hub(
    database_url: str,
    scopes: str,
    build: Callable[[AuthNetwork], Awaitable[object]] | None = None,
) -> Iterator[WritingHub]:
    """The auth network with clients holding ``scopes``, a secretariat, and ``build``'s rows."""
    network, secretariat = AuthNetwork(), Secretariat()

    async def build_all() -> None:
        await build_auth_network(network, scopes=scopes)
        await build_secretariat(secretariat)
        if build is not None:
            await build(network)

    fill(database_url, build_all)
    with hub_client(database_url, **secretariat.settings()) as client:
        yield WritingHub(client, network, secretariat)

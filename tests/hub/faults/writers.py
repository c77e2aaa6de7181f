"""The writers of the fault tests: members co-signing and filing alerts with their own tokens,
people signing a petition from its widget, each recording what the hub acknowledged; and
what the database holds afterwards."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from hub.keyring import keyring
from hub.models import Alert, AuditEntry, Petition, PetitionSignature, StatementSignature
from hub.models.statements import StatementStatus
from hub.services.access import register_client
from hub.settings import Settings
from tests import factories
from tests.auth.tokens import statement_id
from tests.databases import fill

CO_SIGN = """mutation CoSign($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Director"}) {
    alreadySigned errors { code message }
  }
}"""
FILE_ALERT = """mutation FileAlert($input: FileAlertInput!) {
  fileAlert(input: $input) { alert { id } errors { code message } }
}"""
DASHBOARD = """query Dashboard($slug: String!) {
  petition(slug: $slug) { signatureCount }
  network { memberCount }
}"""


@dataclass
class Writers:
    """Members (each with an OAuth client), open statements, an open petition."""

    clients: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[int] = field(default_factory=list)
    """Each member's organisation id, in the order of ``clients``."""
    statements: list[int] = field(default_factory=list)
    petition: str = ""


def build_writers(database_url: str, members: int, statements: int) -> Writers:
    made = Writers()

    async def build() -> None:
        organisations = await factories.organisations(
            members, member_since=datetime.date(2000, 1, 1)
        )
        settings = Settings()
        for organisation in organisations:
            client = await register_client(
                organisation, "Own system", "statements:sign alerts:write", [], settings
            )
            made.clients.append((client.client_id, client.client_secret or ""))
            made.organisations.append(organisation.id)
        for _ in range(statements):
            statement = await factories.statement(organisations[0], status=StatementStatus.OPEN)
            made.statements.append(statement.id)
        made.petition = (await factories.petition(organisations[0])).slug

    fill(database_url, build)
    return made


async def tokens(base: str, writers: Writers) -> list[str]:
    """An access token for each member, as its own system gets one."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        minted = []
        for client_id, secret in writers.clients:
            response = await http.post(
                "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
            )
            assert response.status_code == 200, response.text
            minted.append(str(response.json()["access_token"]))
        return minted


@dataclass
class Outcomes:
    """What the clients were told: each write acknowledged, or not (and why)."""

    acknowledged: list[Any] = field(default_factory=list)
    unanswered: list[Any] = field(default_factory=list)
    """Writes whose request failed without an answer: the hub was gone."""
    refused: list[tuple[Any, int, str]] = field(default_factory=list)
    """Writes answered without being acknowledged: (write, status, body)."""


Send = Callable[[httpx.AsyncClient, Any], Awaitable[httpx.Response]]
Acknowledged = Callable[[httpx.Response], bool]


async def burst(
    base: str,
    writes: list[Any],
    send: Send,
    acknowledged: Acknowledged,
    connections: int = 8,
    outcomes: Outcomes | None = None,
) -> Outcomes:
    """Send every write, ``connections`` at a time, and record each answer (in
    ``outcomes`` as they come, when given)."""
    outcomes = outcomes if outcomes is not None else Outcomes()
    queue = list(reversed(writes))

    async def worker(http: httpx.AsyncClient) -> None:
        while queue:
            write = queue.pop()
            try:
                response = await send(http, write)
            except httpx.TransportError:
                outcomes.unanswered.append(write)
                continue
            if acknowledged(response):
                outcomes.acknowledged.append(write)
            else:
                outcomes.refused.append((write, response.status_code, response.text[:300]))

    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(*(worker(http) for _ in range(connections)))
    return outcomes


def co_sign(tokens: list[str]) -> Send:
    """Writes are (member, statement key) pairs."""

    async def send(http: httpx.AsyncClient, write: tuple[int, int]) -> httpx.Response:
        member, statement = write
        return await http.post(
            "/graphql",
            json={"query": CO_SIGN, "variables": {"id": statement_id(statement)}},
            headers={"Authorization": f"Bearer {tokens[member]}"},
        )

    return send


def co_signed(response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    payload = (response.json().get("data") or {}).get("coSignStatement")
    return payload is not None and payload["errors"] == []


def sign(slug: str) -> Send:
    """Writes are e-mail addresses, each signer from an address of their own."""

    async def send(http: httpx.AsyncClient, email: str) -> httpx.Response:
        return await http.post(
            f"/widgets/petitions/{slug}/signatures",
            json={"name": "A signer", "email": email},
        )

    return send


def signed(response: httpx.Response) -> bool:
    return response.status_code == 200 and response.json().get("signed") is True


def file_alert(tokens: list[str]) -> Send:
    """Writes are (member, title) pairs; each title is unique."""

    async def send(http: httpx.AsyncClient, write: tuple[int, str]) -> httpx.Response:
        member, title = write
        alert = {
            "occurredOn": "2026-05-03",
            "countryCode": "MX",
            "violations": ["ATTACKED"],
            "perpetrator": "UNKNOWN",
            "originalLanguage": "en",
            "title": [{"language": "en", "text": title}],
            "body": [{"language": "en", "text": "A reporter was attacked."}],
            "victims": [{"name": "A reporter", "kind": "JOURNALIST"}],
        }
        return await http.post(
            "/graphql",
            json={"query": FILE_ALERT, "variables": {"input": alert}},
            headers={"Authorization": f"Bearer {tokens[member]}"},
        )

    return send


def filed(response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    payload = (response.json().get("data") or {}).get("fileAlert")
    return payload is not None and payload["errors"] == [] and payload["alert"] is not None


@dataclass
class Held:
    """What the database holds."""

    co_signatures: list[tuple[int, int]]
    """(organisation id, statement id) of every co-signature row."""
    co_sign_audits: int
    petition_count: int
    """What the petition counts: its confirmed signatures."""
    petition_emails: list[str]
    """The address of every signature row, pending or confirmed (found from its keyed hash
    among the addresses the test signed with)."""
    petition_pending: int
    alert_titles: list[str]


def held(database_url: str, slug: str, signers: Iterable[str] = ()) -> Held:
    found: list[Held] = []

    async def read() -> None:
        petition = await Petition.get(slug=slug)
        rows = await StatementSignature.all().values_list("organisation_id", "statement_id")
        keys = await keyring(Settings(database_url=database_url))
        by_hash = {keys.hash(email): email for email in signers}
        signatures = await PetitionSignature.filter(petition_id=petition.id).values_list(
            "email_hash", "status"
        )
        emails = [by_hash.get(str(h), f"(unknown {h})") for h, _ in signatures]
        alerts = await Alert.all().values_list("title", flat=True)
        found.append(
            Held(
                co_signatures=[(int(o), int(s)) for o, s in rows],
                co_sign_audits=await AuditEntry.filter(action="statement.co_sign").count(),
                petition_count=petition.signature_count,
                petition_emails=emails,
                petition_pending=sum(1 for _, status in signatures if status == "pending"),
                alert_titles=[str(t["en"]) for t in alerts if isinstance(t, dict) and "en" in t],
            )
        )

    fill(database_url, read)
    return found[0]

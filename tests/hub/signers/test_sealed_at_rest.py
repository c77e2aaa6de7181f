"""No signer's address or name, and no newsletter subscriber's address, rests in the clear
anywhere in the database, the outbox included: searched in the bytes of SQLite's files (WAL
included), or in the text of every PostgreSQL table."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

from hub.mail.sender import send_due
from hub.models import Petition
from hub.services.sealing import register_key
from hub.settings import Settings
from tests.conftest import hub_client
from tests.databases import BACKEND, fill
from tests.hub.mail.sinks import mail_sink
from tests.hub.signers.mails import wait_for_mail
from tests.hub.widgets.petitions import build_widget_petitions

NAME = "Zubeida Qarawi-Nkemelu"
EMAIL = "Zubeida.Qarawi@Example.org"
SECRETS = (NAME, EMAIL, EMAIL.lower(), "zubeida.qarawi", "Qarawi")
SUBSCRIBER = "Ngozi.Adebayo-Varga@Example.org"


def found_in_database(database_url: str, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """The secrets found in the clear, and where."""
    if BACKEND == "sqlite":
        path = Path(database_url.removeprefix("sqlite://"))
        files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
        assert path in files
        return [
            f"{secret} in {file.name}"
            for file in files
            for secret in secrets
            if secret.encode() in file.read_bytes()
        ]
    return asyncio.run(_found_in_postgres(database_url, secrets))


async def _found_in_postgres(database_url: str, secrets: tuple[str, ...]) -> list[str]:
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        found = []
        for (table,) in tables:
            text = await connection.fetchval(
                f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" AS t"
            )
            found += [f"{secret} in {table}" for secret in secrets if secret in text]
        return found
    finally:
        await connection.close()


def test_a_signers_address_and_name_rest_nowhere_in_the_clear(
    database_url: str, tmp_path: Path
) -> None:
    # given an open petition whose organisation has a key, and a hub that does not send yet
    petitions = build_widget_petitions(database_url)

    async def keyed() -> None:
        petition = await Petition.get(slug=petitions.open).prefetch_related("organisation")
        await register_key(petition.organisation.slug)

    fill(database_url, keyed)
    with mail_sink(tmp_path / "sink") as sink:
        settings = {"smtp_port": sink.port, "outbox_sender": False}
        with hub_client(database_url, **settings) as hub:
            # when Zubeida signs, agreeing to be contacted, and signs again
            body = {"name": NAME, "email": EMAIL, "consentToContact": True}
            for _ in range(2):
                answer = hub.post(f"/widgets/petitions/{petitions.open}/signatures", json=body)
                assert answer.status_code == 200
            # then, her two mails waiting in the outbox, nothing holds her in the clear
            waiting = found_in_database(database_url)

            # and once they are sent
            async def send() -> None:
                await send_due(Settings(database_url=database_url, smtp_port=sink.port))

            fill(database_url, send)
            mails = wait_for_mail(sink, 2)
            sent = found_in_database(database_url)
        closed = found_in_database(database_url)

    assert waiting == sent == closed == []
    # and yet her mails reached her, with her name nowhere needed
    assert [m["To"] for m in mails] == [EMAIL.lower()] * 2


def test_a_subscribers_address_rests_nowhere_in_the_clear(
    database_url: str, tmp_path: Path
) -> None:
    secrets = (SUBSCRIBER, SUBSCRIBER.lower(), "ngozi.adebayo", "Adebayo-Varga")
    build_widget_petitions(database_url)
    with mail_sink(tmp_path / "sink") as sink:
        settings = {"smtp_port": sink.port, "outbox_sender": False}
        with hub_client(database_url, **settings) as hub:
            # when Ngozi asks for Mexico's digest in Spanish
            body = {"email": SUBSCRIBER, "country": "MX", "language": "es"}
            answer = hub.post("/newsletters/subscriptions", json=body)
            assert answer.status_code == 202
            # then, her confirmation waiting in the outbox, nothing holds her in the clear
            waiting = found_in_database(database_url, secrets)

            async def send() -> None:
                await send_due(Settings(database_url=database_url, smtp_port=sink.port))

            fill(database_url, send)
            (mail,) = wait_for_mail(sink, 1)
            sent = found_in_database(database_url, secrets)

    assert waiting == sent == []
    # and yet her confirmation reached her
    assert mail["To"] == SUBSCRIBER.lower()

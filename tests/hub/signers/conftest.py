"""A hub whose outbox sends to a sink of the test's own, on an open petition."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hub.mail.sink import MailSink
from tests.conftest import hub_client
from tests.hub.mail.sinks import mail_sink
from tests.hub.widgets.petitions import WidgetPetitions, build_widget_petitions


@dataclass
class Signing:
    hub: TestClient
    sink: MailSink
    petitions: WidgetPetitions
    database_url: str

    def sign(self, body: dict[str, object], slug: str | None = None) -> object:
        return self.hub.post(
            f"/widgets/petitions/{slug or self.petitions.open}/signatures", json=body
        )

    def count(self, slug: str | None = None) -> int:
        card = self.hub.get(f"/widgets/petitions/{slug or self.petitions.open}")
        return int(card.json()["signatureCount"])


@pytest.fixture
def signing(database_url: str, tmp_path: Path) -> Iterator[Signing]:
    petitions = build_widget_petitions(database_url)
    with (
        mail_sink(tmp_path / "sink") as sink,
        hub_client(
            database_url, smtp_port=sink.port, outbox_sender=True, outbox_poll_seconds=0.2
        ) as hub,
    ):
        yield Signing(hub, sink, petitions, database_url)

"""Newsletters end to end, through the mail path and a local SMTP sink: a subscriber
confirms, gets a digest of exactly the new alerts and statements of their country in their
language, nothing twice, and after one click on unsubscribe, nothing more."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from hub import clock, models
from hub.mail.sink import MailSink
from hub.models.newsletters import SubscriptionStatus
from hub.models.statements import StatementStatus
from tests import factories
from tests.conftest import hub_client
from tests.databases import fill
from tests.hub.mail.sinks import mail_sink
from tests.live import HUB

ADDRESS = "Lectora.Digest@Example.org"
STORED = ADDRESS.lower()
WAIT_SECONDS = 20.0


@dataclass
class Newsroom:
    """The hub, its database and the sink its mail goes to."""

    client: TestClient
    database_url: str
    sink: MailSink
    source: int = 0
    mexico_campaign: int = 0
    titles: list[str] = field(default_factory=list)

    def send(self) -> dict[str, int]:
        """``hub newsletters send``, as an operator runs it."""
        done = subprocess.run(
            [HUB, "newsletters", "send"],
            env={
                **os.environ,
                "HUB_DATABASE_URL": self.database_url,
                "HUB_SMTP_PORT": str(self.sink.port),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, int] = json.loads(done.stdout)
        return result

    def mail(self, count: int) -> list[Message]:
        """The sink's mail once it holds ``count`` (the hub sends in the background)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while len(received := self.sink.received()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return received

    def outbox(self) -> int:
        """How many mails the hub has written to its outbox so far (sent or not)."""
        counted: list[int] = []

        async def count() -> None:
            counted.append(await models.OutboxMessage.all().count())

        fill(self.database_url, count)
        return counted[0]

    def add(self, **rows: Any) -> None:
        fill(self.database_url, lambda: add_items(self, **rows))


async def add_items(
    room: Newsroom,
    alerts: list[dict[str, Any]] | None = None,
    statements: list[dict[str, Any]] | None = None,
) -> None:
    source = await models.Organisation.get(id=room.source)
    for alert in alerts or []:
        await factories.alert(source, reported_at=clock.now(), **alert)
    for statement in statements or []:
        await factories.statement(source, **statement)


@pytest.fixture
def room(database_url: str, tmp_path: Path) -> Iterator[Newsroom]:
    # one hub per test: two hub apps in one process would share Tortoise's connections
    with newsroom(database_url, tmp_path, newsletter_interval_seconds=0) as made:
        yield made


@contextmanager
def newsroom(database_url: str, tmp_path: Path, **settings: Any) -> Iterator[Newsroom]:
    """The hub on a database with a Kenyan member, a campaign about Mexico and an alert
    filed before anyone subscribed; its mail goes to a local SMTP sink."""
    ids: dict[str, int] = {}

    async def build() -> None:
        # a Kenyan member: its statements are of Kenya, not of Mexico
        (source,) = await factories.organisations(1)
        source.hq_country_id = "KE"
        await source.save()
        ids["source"] = source.id
        campaign = await factories.campaign()
        await models.CampaignCountry.create(campaign_id=campaign.id, country_id="MX")
        ids["campaign"] = campaign.id
        # filed before anyone subscribed: no digest carries it
        await factories.alert(
            source,
            country_id="MX",
            title={"es": "Antes de la suscripción"},
            original_language="es",
            reported_at=clock.now() - datetime.timedelta(days=1),
        )

    fill(database_url, build)
    with (
        mail_sink(tmp_path / "sink") as sink,
        hub_client(
            database_url,
            smtp_port=sink.port,
            outbox_sender=True,
            outbox_poll_seconds=0.2,
            signatures_per_address=2,
            **settings,
        ) as client,
    ):
        yield Newsroom(client, database_url, sink, ids["source"], ids["campaign"])


def text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no plain text part")


def html_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no HTML part")


def link_in(text: str, kind: str) -> str:
    found = re.search(rf"https?://[^\s]+/newsletters/{kind}/[^\s]+", text)
    assert found, text
    return found.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def items_in(text: str) -> list[str]:
    """The titles a digest's plain text lists."""
    return [line[2:].rsplit(" (", 1)[0] for line in text.splitlines() if line.startswith("* ")]


def subscriptions(database_url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    async def read() -> None:
        rows.extend(await models.Subscription.all().values())

    fill(database_url, read)
    return rows


def test_a_subscriber_confirms_gets_each_new_item_once_and_leaves_with_one_click(
    room: Newsroom,
) -> None:
    # given a reader asking for the digest of Mexico in Spanish
    asked = room.client.post(
        "/newsletters/subscriptions",
        json={"email": ADDRESS, "country": "mx", "language": "es"},
    )
    assert asked.status_code == 202

    # then a confirmation mail comes through the SMTP sink, and nothing is subscribed yet
    (confirmation,) = room.mail(1)
    assert confirmation["To"] == STORED
    confirm_url = link_in(text_part(confirmation), "confirm")
    (row,) = subscriptions(room.database_url)
    assert row["status"] == SubscriptionStatus.PENDING
    # and the address rests nowhere in plain text
    assert STORED not in json.dumps({k: str(v) for k, v in row.items()})
    assert STORED.encode() not in bytes(row["sealed_address"])

    # when the reader opens the link: a page whose button confirms (a link scanner's GET does not)
    opened = room.client.get(path_of(confirm_url))
    assert opened.status_code == 200 and 'method="post"' in opened.text
    assert subscriptions(room.database_url)[0]["status"] == SubscriptionStatus.PENDING
    confirmed = room.client.post(path_of(confirm_url))
    assert confirmed.status_code == 200
    assert subscriptions(room.database_url)[0]["status"] == SubscriptionStatus.CONFIRMED

    # when alerts and statements come, some of Mexico in Spanish, some not
    room.add(
        alerts=[
            {
                "country_id": "MX",
                "title": {"es": "Periodista asesinado en Sinaloa"},
                "body": {"es": "Fue asesinado."},
                "original_language": "es",
            },
            {
                "country_id": "MX",
                "title": {"es": "Radio censurada", "en": "Radio censored"},
                "original_language": "en",
            },
            {"country_id": "MX", "title": {"en": "Only in English"}},
            {
                "country_id": "TN",
                "title": {"es": "Bloguero detenido en Túnez"},
                "original_language": "es",
            },
        ],
        statements=[
            {
                "title": {"es": "Declaración sobre México"},
                "original_language": "es",
                "campaign_id": room.mexico_campaign,
                "published_at": clock.now(),
            },
            {
                "title": {"es": "Declaración sobre Kenia"},
                "original_language": "es",
                "published_at": clock.now(),
            },
            {
                "title": {"es": "Borrador sobre México"},
                "original_language": "es",
                "campaign_id": room.mexico_campaign,
                "status": StatementStatus.DRAFT,
            },
        ],
    )
    first = room.send()

    # then one digest goes out, carrying exactly the new Mexican items in Spanish
    assert first["digests"] == 1 and first["items"] == 3
    received = room.mail(2)
    assert len(received) == 2
    digest = received[1]
    assert digest["To"] == STORED
    text = text_part(digest)
    assert sorted(items_in(text)) == [
        "Declaración sobre México",
        "Periodista asesinado en Sinaloa",
        "Radio censurada",
    ]
    assert 'lang="es" dir="ltr"' in html_part(digest)
    # with RFC 8058's one-click unsubscribe
    unsubscribe_url = "".join(str(digest["List-Unsubscribe"]).split()).strip("<>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url == link_in(text, "unsubscribe")

    # when the digests are sent again, with nothing new
    second = room.send()

    # then nothing more is written or sent
    assert second == {"digests": 0, "items": 0, "sent": 0}
    assert room.outbox() == 2
    assert len(room.sink.received()) == 2

    # when one more Mexican alert comes, the next digest carries it alone
    room.add(alerts=[{"country_id": "MX", "title": {"es": "Tercera"}, "original_language": "es"}])
    third = room.send()
    assert (third["digests"], third["items"]) == (1, 1)
    assert items_in(text_part(room.mail(3)[2])) == ["Tercera"]

    # when the reader's mail client unsubscribes with one click (a POST, as RFC 8058 says)
    left = room.client.post(
        path_of(unsubscribe_url),
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert left.status_code == 200
    (row,) = subscriptions(room.database_url)
    assert row["status"] == SubscriptionStatus.UNSUBSCRIBED and row["sealed_address"] is None

    # then a new Mexican alert in Spanish reaches them no more
    room.add(
        alerts=[{"country_id": "MX", "title": {"es": "Otra alerta"}, "original_language": "es"}]
    )
    assert room.send() == {"digests": 0, "items": 0, "sent": 0}
    assert room.outbox() == 3
    assert len(room.sink.received()) == 3


def test_a_digest_in_arabic_reads_right_to_left(room: Newsroom) -> None:
    room.client.post(
        "/newsletters/subscriptions",
        data={"email": ADDRESS, "violation": "KILLED", "language": "ar"},
    )
    (confirmation,) = room.mail(1)
    assert 'dir="rtl"' in html_part(confirmation)
    room.client.post(path_of(link_in(text_part(confirmation), "confirm")))
    room.add(
        alerts=[{"violations": ["killed"], "title": {"ar": "مقتل صحفي"}, "original_language": "ar"}]
    )

    assert room.send()["digests"] == 1
    digest = room.mail(2)[1]
    assert '<html lang="ar" dir="rtl">' in html_part(digest)
    assert items_in(text_part(digest)) == ["مقتل صحفي"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not an address", "country": "MX"}, "email"),
        ({"country": "MX"}, "email"),
        ({"email": ADDRESS, "country": "ZZ"}, "country"),
        ({"email": ADDRESS, "violation": "EATEN"}, "violation"),
        ({"email": ADDRESS, "campaign": "no-such-campaign"}, "campaign"),
        ({"email": ADDRESS}, "country"),
        ({"email": ADDRESS, "country": "MX", "language": "de"}, "language"),
        ({"email": ADDRESS, "country": 7}, "country"),
    ],
)
def test_a_bad_subscription_is_refused_naming_the_field(
    room: Newsroom, body: dict[str, Any], field: str
) -> None:
    answer = room.client.post("/newsletters/subscriptions", json=body)
    assert answer.status_code in (400, 404)
    assert answer.json()["error"]["field"] == field
    assert subscriptions(room.database_url) == []


def test_links_the_hub_did_not_make_are_not_found(room: Newsroom) -> None:
    for path in ("/newsletters/confirm/db.1.forged", "/newsletters/unsubscribe/junk"):
        assert room.client.get(path).status_code == 404
        assert room.client.post(path).status_code == 404


def test_asking_again_sends_nothing_to_a_confirmed_subscriber(room: Newsroom) -> None:
    body = {"email": ADDRESS, "country": "MX", "language": "es"}
    room.client.post("/newsletters/subscriptions", json=body)
    (confirmation,) = room.mail(1)
    room.client.post(path_of(link_in(text_part(confirmation), "confirm")))

    again = room.client.post("/newsletters/subscriptions", json=body)

    assert again.status_code == 202  # the same answer: nobody learns who subscribes
    assert room.outbox() == 1
    assert len(subscriptions(room.database_url)) == 1


def test_one_network_address_asks_only_so_often(room: Newsroom) -> None:
    # given the room's hub, which lets one network address ask twice per window
    # when one address asks for three strangers' subscriptions
    answers = [
        room.client.post(
            "/newsletters/subscriptions", json={"email": f"r{n}@example.org", "country": "MX"}
        )
        for n in range(3)
    ]

    # then the third is refused, says when to come back, and mails nobody
    assert [answer.status_code for answer in answers] == [202, 202, 429]
    assert answers[2].json()["error"]["code"] == "too_many"
    assert "retry-after" in answers[2].headers
    assert room.outbox() == 2
    assert len(subscriptions(room.database_url)) == 2


def test_the_running_hub_sends_digests_on_its_schedule(database_url: str, tmp_path: Path) -> None:
    # given a hub whose schedule looks for due digests every fraction of a second
    with newsroom(database_url, tmp_path, newsletter_interval_seconds=0.3) as room:
        # and a confirmed subscriber
        room.client.post(
            "/newsletters/subscriptions",
            json={"email": ADDRESS, "country": "MX", "language": "es"},
        )
        (confirmation,) = room.mail(1)
        room.client.post(path_of(link_in(text_part(confirmation), "confirm")))

        # when an alert of their country comes
        room.add(alerts=[{"country_id": "MX", "title": {"es": "Nueva"}, "original_language": "es"}])

        # then the digest comes by itself, once
        received = room.mail(2)
    assert len(received) == 2
    assert items_in(text_part(received[1])) == ["Nueva"]
    assert room.outbox() == 2


def test_a_campaigns_digest_carries_its_news_statements_and_special_reports(
    room: Newsroom,
) -> None:
    # given a confirmed subscriber to a campaign's digest, in English
    async def slug_of() -> str:
        return (await models.Campaign.get(id=room.mexico_campaign)).slug

    slugs: list[str] = []
    fill(room.database_url, lambda: _append(slugs, slug_of()))
    room.client.post("/newsletters/subscriptions", json={"email": ADDRESS, "campaign": slugs[0]})
    (confirmation,) = room.mail(1)
    room.client.post(path_of(link_in(text_part(confirmation), "confirm")))

    # when the campaign has news, a statement and a published report, and another a draft
    async def publish() -> None:
        source = await models.Organisation.get(id=room.source)
        today = clock.today()
        await models.Milestone.create(
            campaign_id=room.mexico_campaign,
            occurred_on=today,
            kind="advocacy",
            title={"en": "Hearing at the UN"},
            description={"en": "Members spoke."},
        )
        await factories.statement(
            source,
            campaign_id=room.mexico_campaign,
            published_at=clock.now(),
            title={"en": "Joint statement on impunity"},
        )
        for slug, status in (("impunity-2026", "published"), ("draft-2026", "draft")):
            report = await models.Report.create(
                slug=slug,
                title={"en": f"Report {slug}"},
                summary={"en": "What it finds."},
                body={"en": "Body."},
                covered_on=today,
                status=status,
                organisation_id=source.id,
                created_at=clock.now(),
                published_at=clock.now() if status == "published" else None,
            )
            await models.ReportCampaign.create(
                report_id=report.id, campaign_id=room.mexico_campaign
            )

    fill(room.database_url, publish)
    assert room.send()["digests"] == 1

    # then the digest carries the three, the report with a link to its page
    digest = room.mail(2)[1]
    text = text_part(digest)
    assert sorted(items_in(text)) == [
        "Hearing at the UN",
        "Joint statement on impunity",
        "Report impunity-2026",
    ]
    assert "/reports/impunity-2026?lang=en" in text
    assert "Special reports" in text and "Campaign news" in text


async def _append(found: list[str], value: Any) -> None:
    found.append(await value)

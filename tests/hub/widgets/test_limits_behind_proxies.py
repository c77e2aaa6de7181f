"""The limit per network address counts the signer's address: behind a trusted proxy, the
one it forwarded for; from anyone else, the peer's, whatever header it forges."""

from __future__ import annotations

from starlette.testclient import TestClient

from hub.app import create_app
from hub.settings import Settings
from tests.hub.widgets.petitions import WidgetPetitions


def signing_from(
    database_url: str, peer: str, proxies: list[str], forwarded: list[str], slug: str
) -> list[int]:
    settings = Settings(
        database_url=database_url,
        load_demo_network=False,
        signatures_per_address=2,
        trusted_proxies=proxies,
        outbox_sender=False,  # mail is sent only by the tests that read it
    )
    with TestClient(create_app(settings), client=(peer, 4321)) as hub:
        return [
            hub.post(
                f"/widgets/petitions/{slug}/signatures",
                json={"name": f"Person {n}", "email": f"person{n}-{peer}@example.org"},
                headers={"x-forwarded-for": address},
            ).status_code
            for n, address in enumerate(forwarded)
        ]


def test_behind_a_trusted_proxy_each_signer_has_their_own_limit(
    database_url: str, petitions: WidgetPetitions
) -> None:
    statuses = signing_from(
        database_url,
        "10.0.0.5",
        ["10.0.0.0/8"],
        ["203.0.113.7", "203.0.113.7", "203.0.113.8", "203.0.113.7"],
        petitions.open,
    )
    assert statuses == [200, 200, 200, 429]


def test_a_header_forged_by_an_untrusted_peer_changes_nothing(
    database_url: str, petitions: WidgetPetitions
) -> None:
    # with a proxy trusted, and without any: the peer's own address is counted
    behind = signing_from(
        database_url,
        "192.0.2.1",
        ["10.0.0.0/8"],
        ["203.0.113.1", "203.0.113.2", "203.0.113.3"],
        petitions.open,
    )
    assert behind == [200, 200, 429]
    alone = signing_from(
        database_url,
        "192.0.2.9",
        [],
        ["203.0.113.4", "203.0.113.5", "203.0.113.6"],
        petitions.open,
    )
    assert alone == [200, 200, 429]

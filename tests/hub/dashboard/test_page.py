"""The dashboard's page and operations, as the hub serves them."""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from hub.dashboard import STATIC
from hub.dashboard.operations import dashboard_operations
from hub.dashboard.texts import WORDS
from hub.services import operations
from tests.conftest import hub_client
from tests.schema.live.network import build_live_network

SETUP = re.compile(r'<script type="application/json" id="dashboard-setup">(.*?)</script>', re.S)
VARIABLES: dict[str, dict[str, object]] = {
    "choices": {"today": "2026-01-01", "lang": "fr"},
    "organisations": {},
    "group": {"slug": "tunisia-monitoring-group", "asOf": "2004-12-31"},
    "organisation": {"slug": "canadian-committee-to-protect-journalists"},
    "country": {"code": "TN", "asOf": "2010-01-01"},
    "campaign": {"slug": "international-day-to-end-impunity"},
    "alerts": {"countries": ["TN", "MX"], "lang": "ar"},
}


def setup_of(page: str) -> dict[str, object]:
    found = SETUP.search(page)
    assert found is not None
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_page_speaks_each_language(demo_hub: TestClient, language: str) -> None:
    page = demo_hub.get(f"/dashboard/group/tunisia-monitoring-group?lang={language}")
    assert page.status_code == 200
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page.text
    setup = setup_of(page.text)
    assert setup["subject"] == {"kind": "group", "slug": "tunisia-monitoring-group"}
    assert setup["words"] == WORDS[language]
    assert "KILLED" in setup["violations"]  # type: ignore[operator]


def test_the_page_gives_each_operation_with_its_hash(demo_hub: TestClient) -> None:
    setup = setup_of(demo_hub.get("/dashboard/").text)
    given = setup["operations"]
    assert isinstance(given, dict)
    assert set(given) == set(dashboard_operations())
    for operation in given.values():
        assert operation["sha256"] == operations.sha256(operation["document"])


def test_the_page_loads_nothing_from_another_host(demo_hub: TestClient) -> None:
    page = demo_hub.get("/dashboard/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    for text in [page.text] + [path.read_text() for path in STATIC.iterdir()]:
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text)
        assert "@import" not in text and "url(http" not in text


def test_an_unknown_view_is_a_page_saying_so(demo_hub: TestClient) -> None:
    page = demo_hub.get("/dashboard/planet/mars?lang=es")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Nada se llama «planet/mars» aquí." in page.text


def test_the_chooser_works_without_the_script(demo_hub: TestClient) -> None:
    chosen = demo_hub.get(
        "/dashboard/?choice=group/tunisia-monitoring-group&lang=ru", follow_redirects=False
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/dashboard/group/tunisia-monitoring-group?lang=ru"


def test_the_operations_run_on_a_safelisted_hub_by_their_hash_alone(
    demo_database_url: str,
) -> None:
    # given a hub that runs registered operations only (it registers the dashboard's)
    with hub_client(demo_database_url, persisted_queries="safelist") as hub:
        for name, operation in dashboard_operations().items():
            if name == "petition-count":
                continue  # a subscription: tested over a WebSocket
            # when the dashboard sends an operation's hash
            answer = hub.post(
                "/graphql",
                json={
                    "variables": VARIABLES[name],
                    "extensions": {
                        "persistedQuery": {"version": 1, "sha256Hash": operation.sha256}
                    },
                },
            ).json()

            # then it is answered, within every limit
            assert "errors" not in answer, (name, answer)
            assert answer["data"]

        # and a document the dashboard does not send is refused
        refused = hub.post("/graphql", json={"query": "{ network { name } }"}).json()
        assert refused["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


def test_the_group_read_answers_the_network_facts(demo_hub: TestClient) -> None:
    operation = dashboard_operations()["group"]
    answer = demo_hub.post(
        "/graphql", json={"query": operation.document, "variables": VARIABLES["group"]}
    ).json()
    assert answer["data"]["group"]["members"]["totalCount"] == 21


def test_the_dashboards_subscription_runs_on_a_safelisted_hub(database_url: str) -> None:
    # given a safelisted hub (it registers the dashboard's operations when it starts)
    network = build_live_network(database_url)
    subscription = dashboard_operations()["petition-count"].document
    with (
        hub_client(database_url, persisted_queries="safelist") as hub,
        hub.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket,
    ):
        socket.send_json({"type": "connection_init", "payload": {}})
        assert socket.receive_json()["type"] == "connection_ack"

        # when the dashboard follows a petition's count
        socket.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": subscription, "variables": {"id": network.petition_id}},
            }
        )

        # then it is told the count
        message = socket.receive_json()
        socket.send_json({"id": "1", "type": "complete"})
    assert message["type"] == "next", message
    assert message["payload"]["data"]["petitionCount"]["petition"]["signatureCount"] == 0

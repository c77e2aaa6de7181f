"""``GET /metrics``, scraped and parsed as Prometheus parses it: requests by route and status,
their durations, GraphQL errors and cost by operation name (few names), petition signatures
written and the signature writer's queue."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from hub import db
from hub.metrics import OPERATION_NAMES, OTHER, OperationNames
from hub.models import Petition
from hub.services import signature_writer
from hub.services.petition_signing import Limits
from hub.services.signature_writer import SignatureWriter
from tests.auth.network import AuthNetwork, Statements, build_auth_network, build_statements
from tests.auth.test_co_signing import CO_SIGN
from tests.auth.tokens import client_credentials, statement_id
from tests.conftest import hub_client
from tests.databases import fill
from tests.hub.widgets.petitions import build_widget_petitions, signature

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parsed(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(hub: TestClient) -> Samples:
    response = hub.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return parsed(response.text)


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def hub(database_url: str) -> Iterator[TestClient]:
    with hub_client(database_url) as client:
        yield client


def test_requests_are_counted_by_route_template_and_status(hub: TestClient) -> None:
    before = scrape(hub)
    route = "/widgets/petitions/{slug}"

    # when a petition that does not exist and a path that is no route are asked for
    assert hub.get("/widgets/petitions/no-such-petition-4821").status_code == 404
    assert hub.get("/no/such/path-4821").status_code == 404
    # and a method no one uses
    assert hub.request("BREW4821", "/health").status_code == 405
    after = scrape(hub)

    # then each is counted under its route's template, the other as unmatched
    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("hub_http_requests_total", route=route, method="GET", status="404") == 1
    assert grew("hub_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert grew("hub_http_request_duration_seconds_count", route=route, method="GET") == 1
    assert (
        grew("hub_http_request_duration_seconds_bucket", route=route, method="GET", le="+Inf") == 1
    )
    assert grew("hub_http_requests_total", route="/health", method="OTHER", status="405") == 1
    # and nothing a client typed became a label
    assert not any("4821" in label for _, labels in after for _, label in labels)


def test_graphql_cost_and_errors_are_counted_by_operation_name(hub: TestClient) -> None:
    before = scrape(hub)

    # when a named operation is answered, twice (the second time as a known answer), and
    # another is refused for a bad argument
    answers = [
        hub.post("/graphql", json={"query": "query MetricsProbe { network { name } }"}).json()
        for _ in range(2)
    ]
    refused = hub.post(
        "/graphql",
        json={"query": 'query MetricsBadDate { network { memberCount(asOf: "someday") } }'},
    ).json()
    after = scrape(hub)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    # then each answer's cost is observed under its name
    costs = [answer["extensions"]["cost"]["requestedQueryCost"] for answer in answers]
    assert grew("hub_graphql_operation_cost_count", operation="MetricsProbe") == 2
    assert grew("hub_graphql_operation_cost_sum", operation="MetricsProbe") == sum(costs)
    # and the refusal's error under its name and code
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert grew("hub_graphql_errors_total", operation="MetricsBadDate", code="BAD_USER_INPUT") == 1
    assert grew("hub_graphql_errors_total", operation="MetricsProbe", code="BAD_USER_INPUT") == 0


def test_an_operation_refused_by_a_limit_is_counted_with_its_code(database_url: str) -> None:
    with hub_client(database_url, max_query_cost=1) as hub:
        before = scrape(hub)
        body = hub.post(
            "/graphql",
            json={"query": "query MetricsTooDear { organisations(first: 50) { nodes { slug } } }"},
        ).json()
        after = scrape(hub)

    assert body["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    labels = {"operation": "MetricsTooDear", "code": "COST_LIMIT_EXCEEDED"}
    grown = value(after, "hub_graphql_errors_total", **labels)
    assert grown - value(before, "hub_graphql_errors_total", **labels) == 1


def test_operation_names_are_labelled_up_to_a_bound() -> None:
    names = OperationNames(limit=2)

    assert [names.label(n) for n in ("Dashboard", "Campaign", "Dashboard")] == [
        "Dashboard",
        "Campaign",
        "Dashboard",
    ]
    assert names.label("ThirdName") == OTHER
    assert names.label(None) == "anonymous"
    assert names.label("x" * 65) == OTHER
    assert names.label("not a name") == OTHER


def test_names_past_the_bound_are_counted_as_other(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OPERATION_NAMES, "limit", OPERATION_NAMES.limit)  # restored after
    with hub_client(database_url, metrics_operation_names=0) as hub:
        before = scrape(hub)
        hub.post("/graphql", json={"query": "query NeverSeenBefore4821 { network { name } }"})
        after = scrape(hub)

    assert value(after, "hub_graphql_operation_cost_count", operation="NeverSeenBefore4821") == 0
    grown = value(after, "hub_graphql_operation_cost_count", operation=OTHER)
    assert grown - value(before, "hub_graphql_operation_cost_count", operation=OTHER) == 1


def test_petition_signatures_written_are_counted_once(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open
    with hub_client(database_url) as hub:
        before = scrape(hub)
        person = {"name": "Amal", "email": "amal@example.org"}
        # when a person signs, then signs again
        for _ in range(2):
            signed = hub.post(f"/widgets/petitions/{slug}/signatures", json=person)
            assert signed.status_code == 200
        after = scrape(hub)

    # then one signature was written
    name = "hub_petition_signatures_written_total"
    assert value(after, name) - value(before, name) == 1


def test_co_signatures_written_are_counted_once(database_url: str) -> None:
    network, statements = AuthNetwork(), Statements()

    async def build() -> None:
        await build_auth_network(network)
        await build_statements(network, statements)

    fill(database_url, build)
    name = "hub_statement_co_signatures_written_total"
    with hub_client(database_url) as hub:
        member = network.members[0]
        token = client_credentials(hub, member.client_id, member.client_secret)
        before = scrape(hub)
        # when a member co-signs, then co-signs again
        for _ in range(2):
            answer = hub.post(
                "/graphql",
                json={"query": CO_SIGN, "variables": {"id": statement_id(statements.open)}},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            assert answer["data"]["coSignStatement"]["errors"] == []
        after = scrape(hub)

    # then one co-signature was written
    assert value(after, name) - value(before, name) == 1


def test_the_signature_writers_queue_is_measured(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = build_widget_petitions(database_url).open
    gate = asyncio.Event()
    commit = signature_writer.commit_batch

    async def held_commit(*args: object) -> object:
        await gate.wait()
        return await commit(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(signature_writer, "commit_batch", held_commit)
    name = "hub_signature_writer_queue_depth"

    async def five_signers() -> tuple[float, float, float]:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            writer = SignatureWriter(Limits(1000, datetime.timedelta(hours=1)))
            idle = value(parsed(generate_latest().decode()), name)
            # when five signatures wait for a commit held back
            writing = [
                asyncio.create_task(writer.write(signature(petition.id, n))) for n in range(5)
            ]
            await asyncio.sleep(0.05)
            waiting = value(parsed(generate_latest().decode()), name)
            gate.set()
            await asyncio.gather(*writing)
            await asyncio.sleep(0)  # the queue is measured as each answer is set
            return idle, waiting, value(parsed(generate_latest().decode()), name)

    idle, waiting, done = asyncio.run(five_signers())

    # then the queue held them while they waited, and nothing once committed
    assert waiting - idle == 5
    assert done == idle

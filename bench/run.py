"""One bench run: for each database, seed it (once), then drive the hub, the peer and the floor.

Servers run one at a time, so that none competes with another for the machine's cores;
each is stopped before the next starts, whatever happens.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import alerts, load, seeding, signatures, writes
from bench.dashboard import DashboardQuery
from bench.databases import Backend, BenchDatabase
from bench.equivalence import hub_digest, peer_digest
from bench.floor import BODY_FILE_VARIABLE, COUNTER_FILE_VARIABLE
from bench.load import LoadSettings
from bench.machine import describe_machine, versions
from bench.queries import DASHBOARD_QUERIES, FLOOR_QUERY
from bench.results import (
    BenchReport,
    CounterResult,
    DatabaseResult,
    FloorResult,
    ReadResult,
    ServerFigures,
    with_ratios,
)
from bench.seeding import SeedingMeasurement
from bench.servers import WORKERS, ServerSpec, free_port, running, uvicorn_command
from bench.statements import get_raw, hub_statements, peer_statements, post_graphql, post_raw
from bench.targets import Targets
from fixtures import LARGE
from hub import db

REPOSITORY = Path(__file__).resolve().parent.parent
PEER_DIR = REPOSITORY / "bench"
PEER_CLI = PEER_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"

Echo = Callable[[str], None]

ALERT_ROUNDS = 40
"""Rounds of the alert search mix: each round sends every search once, one at a time."""


@dataclass(frozen=True)
class BenchOptions:
    backends: tuple[Backend, ...]
    load: LoadSettings
    reseed: bool
    seed: int
    out_dir: Path
    data_dir: Path
    """Where the SQLite database, seeding records, captured answers and server logs go."""
    postgres_url: str


def run_bench(options: BenchOptions, echo: Echo) -> BenchReport:
    """Run every scenario on every database asked for; the report is also written out."""
    load.ensure_installed()
    _prepare_data_dir(options.data_dir)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    machine = describe_machine()
    databases = [_database(backend, options) for backend in options.backends]
    results = []
    for database in databases:
        echo(f"== {database.backend}: {database.url}")
        measured = _prepare(database, options, echo)
        results.append(_run_database(database, measured, options, echo))
    postgres = next((d.url for d in databases if d.backend == "postgres"), None)
    return BenchReport(
        date=started,
        machine=machine,
        versions=versions(postgres),
        load=options.load,
        workers=WORKERS,
        databases=results,
    )


def _database(backend: Backend, options: BenchOptions) -> BenchDatabase:
    if backend == "sqlite":
        return BenchDatabase.sqlite(options.data_dir)
    return BenchDatabase.postgres(options.postgres_url)


def _prepare_data_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    # Databases, logs and captured answers are local to a machine: never committed.
    (data_dir / ".gitignore").write_text("*\n", encoding="utf-8")


def _prepare(
    database: BenchDatabase, options: BenchOptions, echo: Echo
) -> SeedingMeasurement | None:
    """Seed the database unless it already holds the large network; the seed is measured."""
    record = options.data_dir / f"seeding-{database.backend}.json"
    if options.reseed:
        echo("   dropping the bench database (--reseed)")
        database.drop()
    database.create()
    asyncio.run(db.migrate(database.url))  # a database seeded by an older hub gains new tables
    counts = database.row_counts()
    large = (
        counts.get("petition_signature", 0) >= LARGE.petition_signatures
        and counts.get("alert", 0) >= LARGE.alerts
    )
    if large:
        echo("   reusing the seeded database")
        database.settle()
        return seeding.load(record, counts)
    if any(counts.values()):
        echo("   the database holds another network: dropping it")
        database.drop()
        database.create()
    echo("   seeding: hub seed --scale large (a minute or two)")
    measured = seeding.seed_measured(
        database, options.seed, options.data_dir / "logs" / f"seed-{database.backend}.log"
    )
    seeding.save(measured, record)
    echo(f"   seeded in {measured.seconds:.1f} s, peak RSS {measured.peak_rss_bytes >> 20} MiB")
    database.settle()
    return measured


def _run_database(
    database: BenchDatabase,
    measured: SeedingMeasurement | None,
    options: BenchOptions,
    echo: Echo,
) -> DatabaseResult:
    targets, statements = hub_statements(database.url, DASHBOARD_QUERIES)
    archive = asyncio.run(_archive_facts(database.url))
    echo(f"   targets: {targets.coalition}, {targets.country}, {targets.campaign}")
    logs = options.data_dir / "logs"
    hub_runs: dict[str, ServerFigures] = {}
    hub_answers: dict[str, dict[str, Any]] = {}
    port = free_port()
    with running(_hub_spec(database, port), port, logs) as hub:
        for query in DASHBOARD_QUERIES:
            hub_answers[query.name] = post_graphql(hub.graphql_url, query.hub_body(targets))
            echo(f"   hub {query.name} ({statements[query.name]} SQL statements)")
            figures = load.drive(hub.graphql_url, query.hub_body(targets), options.load)
            hub_runs[query.name] = ServerFigures(statements[query.name], figures)
        captured = post_raw(hub.graphql_url, FLOOR_QUERY.hub_body(targets))
        echo(f"   hub co-signatures ({writes.MEMBERS} members x {writes.STATEMENTS} statements)")
        written = writes.co_signatures(database.url, hub.base_url, options.load)
        echo("   hub petition signatures (anonymous, one network address per signer)")
        signed = signatures.petition_signatures(database.url, hub.base_url, options.load)
        counter_url = f"{hub.base_url}/widgets/petitions/{targets.petition}"
        card = get_raw(counter_url)
        echo(f"   hub widget counter ({targets.petition}, {len(card)} bytes)")
        counter = load.drive_get(counter_url, options.load)
        echo(f"   hub alert searches ({ALERT_ROUNDS} rounds, one search at a time)")
        searched = alerts.measure_alert_searches(hub.graphql_url, archive, ALERT_ROUNDS)

    peer_runs: dict[str, tuple[ServerFigures, bool]] = {}
    if database.backend == "postgres":
        peer_runs = _run_peer(database, targets, hub_answers, options, echo)

    floor, counter_floor = _run_floor(database.backend, captured, card, options, echo)
    reads = [
        with_ratios(
            ReadResult(
                query=query.name,
                title=query.title,
                hub=hub_runs[query.name],
                peer=peer_runs[query.name][0] if query.name in peer_runs else None,
                equivalent=peer_runs[query.name][1] if query.name in peer_runs else None,
            ),
            floor,
        )
        for query in DASHBOARD_QUERIES
    ]
    return DatabaseResult(
        database.backend,
        targets,
        measured,
        reads,
        floor,
        [written],
        [signed],
        CounterResult.of(targets.petition, len(card), counter, counter_floor),
        searched,
    )


def _run_peer(
    database: BenchDatabase,
    targets: Targets,
    hub_answers: dict[str, dict[str, Any]],
    options: BenchOptions,
    echo: Echo,
) -> dict[str, tuple[ServerFigures, bool]]:
    runs: dict[str, tuple[ServerFigures, bool]] = {}
    port = free_port()
    with running(_peer_spec(database, port), port, options.data_dir / "logs") as peer:
        for query in DASHBOARD_QUERIES:
            answer = post_graphql(peer.graphql_url, query.peer_body(targets))
            same = _same_answer(query, hub_answers[query.name], answer)
            count = peer_statements(peer.graphql_url, query.peer_body(targets))
            echo(
                f"   PostGraphile {query.name} ({count} SQL statements"
                f"{'' if same else ', ANSWER DIFFERS FROM THE HUB'})"
            )
            figures = load.drive(peer.graphql_url, query.peer_body(targets), options.load)
            runs[query.name] = (ServerFigures(count, figures), same)
    return runs


def _same_answer(query: DashboardQuery, hub: dict[str, Any], peer: dict[str, Any]) -> bool:
    return hub_digest(query.name, hub["data"]) == peer_digest(query.name, peer["data"])


def _run_floor(
    backend: str, captured: bytes, card: bytes, options: BenchOptions, echo: Echo
) -> tuple[FloorResult, load.Measurement]:
    """The floor serving the captured GraphQL answer, then the captured petition card."""
    body_file = options.data_dir / f"floor-{backend}.json"
    body_file.write_bytes(captured)
    card_file = options.data_dir / f"floor-{backend}-counter.json"
    card_file.write_bytes(card)
    port = free_port()
    spec = ServerSpec(
        name=f"floor-{backend}",
        command=uvicorn_command("bench.floor:create_floor_app", port),
        environment={
            BODY_FILE_VARIABLE: str(body_file),
            COUNTER_FILE_VARIABLE: str(card_file),
            **_python_path(),
        },
        ready_probe=None,
        cwd=REPOSITORY,
    )
    with running(spec, port, options.data_dir / "logs") as floor:
        served = post_raw(floor.graphql_url, {"query": "{ __typename }"})
        if served != captured or get_raw(f"{floor.base_url}/counter") != card:
            raise RuntimeError("the floor does not serve the captured answers byte for byte")
        echo(f"   floor ({len(captured)} bytes of {FLOOR_QUERY.name})")
        figures = load.drive(floor.graphql_url, json.loads(captured), options.load)
        echo(f"   floor ({len(card)} bytes of the petition card)")
        counter = load.drive_get(f"{floor.base_url}/counter", options.load)
    return FloorResult(FLOOR_QUERY.name, len(captured), figures), counter


def _hub_spec(database: BenchDatabase, port: int) -> ServerSpec:
    """The hub as ``hub serve`` runs it (without the access log), on the bench database."""
    return ServerSpec(
        name=f"hub-{database.backend}",
        command=uvicorn_command("hub.app:create_app", port),
        environment={
            "HUB_DATABASE_URL": database.url,
            "HUB_LOAD_DEMO_NETWORK": "false",
            **_python_path(),
        },
        ready_probe=None,
        cwd=REPOSITORY,
    )


def _peer_spec(database: BenchDatabase, port: int) -> ServerSpec:
    # PostGraphile v5 asks for Node 22; on Node 20 it needs Promise.withResolvers polyfilled.
    polyfill = PEER_DIR / "peer" / "polyfill.cjs"
    node_options = f"{os.environ.get('NODE_OPTIONS', '')} --require {polyfill}".strip()
    return ServerSpec(
        name="postgraphile",
        command=["node", str(PEER_CLI), "--config", str(PEER_DIR / "peer" / "graphile.config.mjs")],
        environment={
            "BENCH_PEER_DATABASE_URL": database.libpq_url,
            "BENCH_PEER_PORT": str(port),
            "NODE_OPTIONS": node_options,
            "NODE_ENV": "production",
        },
        ready_probe={"query": "{ __typename }"},
        cwd=PEER_DIR,
    )


async def _archive_facts(database_url: str) -> alerts.ArchiveFacts:
    async with db.connected(database_url):
        return await alerts.pick_archive_facts()


def _python_path() -> dict[str, str]:
    existing = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(REPOSITORY), existing) if p)}

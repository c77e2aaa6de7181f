"""One bench run: for each database, seed it (once), then drive the hub, the peer and the floor.

On PostgreSQL a counting pass comes first (each server as a role whose statements
PostgreSQL logs: ``bench.counting``); then the hub and PostGraphile are both started and
each dashboard read is measured on them in alternating rounds (``bench.rounds``), the idle
one taking no load; then the hub alone takes the writes, the widget and the searches, and
the floor comes last. Every server is stopped before the next stage, whatever happens.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import alerts, load, seeding, signatures, writes
from bench.cost import count_objects
from bench.counting import COUNTED_REQUESTS, count_statements
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
    RoundFigures,
    ServerFigures,
    against_peer_elsewhere,
    with_ratios,
)
from bench.rounds import Contender, measure_alternately
from bench.seeding import SeedingMeasurement
from bench.servers import (
    WORKERS,
    RunningServer,
    ServerFailed,
    ServerSpec,
    free_port,
    running,
    uvicorn_command,
)
from bench.statement_log import LogUnreadable, find_server_log
from bench.statements import QueryFailed, get_raw, hub_statements, post_graphql, post_raw
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
    postgres_log: Path | None = None
    """PostgreSQL's log file, when it is not where the server says or Debian puts it."""


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
    results = _against_postgres_peer(results)
    return BenchReport(
        date=started,
        machine=machine,
        versions=versions(postgres),
        load=options.load,
        workers=WORKERS,
        databases=results,
    )


def _against_postgres_peer(results: list[DatabaseResult]) -> list[DatabaseResult]:
    """SQLite's reads compared with PostGraphile on PostgreSQL, when both ran: the hub's
    embedded default against what a team would otherwise deploy."""
    postgres = next((r for r in results if r.backend == "postgres"), None)
    if postgres is None:
        return results
    peers = {read.query: read for read in postgres.reads}
    return [
        replace(
            result,
            reads=[
                against_peer_elsewhere(read, peers[read.query], "postgres")
                if read.query in peers
                else read
                for read in result.reads
            ],
        )
        if result.backend == "sqlite"
        else result
        for result in results
    ]


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
    targets, in_process = hub_statements(database.url, DASHBOARD_QUERIES)
    archive = asyncio.run(_archive_facts(database.url))
    echo(
        f"   targets: {targets.coalition}, {targets.country}, {targets.campaign},"
        f" {targets.working_group}, {targets.scope}"
    )
    counts = _statement_counts(database, targets, in_process, options, echo)
    logs = options.data_dir / "logs"
    port = free_port()
    with running(_hub_spec(database, port), port, logs) as hub:
        with _peer_running(database, options) as peer:
            reads = [
                _measure_read(query, hub, peer, targets, counts, options, echo)
                for query in DASHBOARD_QUERIES
            ]
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

    floor, counter_floor = _run_floor(database.backend, captured, card, options, echo)
    return DatabaseResult(
        database.backend,
        targets,
        measured,
        [with_ratios(read, floor) for read in reads],
        floor,
        [written],
        [signed],
        CounterResult.of(targets.petition, len(card), counter, counter_floor),
        searched,
    )


@dataclass(frozen=True)
class StatementCounts:
    """SQL statements per request of each scenario, and how they were counted."""

    counted_by: str
    """``PostgreSQL log``, ``Tortoise log``, or ``n/a: <why>``."""
    hub: dict[str, float]
    peer: dict[str, float]


def _statement_counts(
    database: BenchDatabase,
    targets: Targets,
    in_process: dict[str, int],
    options: BenchOptions,
    echo: Echo,
) -> StatementCounts:
    """On SQLite, the in-process count; on PostgreSQL, the counting pass over its log."""
    if database.backend == "sqlite":
        return StatementCounts("Tortoise log", {k: float(v) for k, v in in_process.items()}, {})
    logs = options.data_dir / "logs"
    try:
        log = find_server_log(database.url, options.postgres_log)
        echo(f"   counting SQL statements in {log.path}, {COUNTED_REQUESTS} requests per query")
        hub = count_statements(
            database,
            "hub",
            _hub_spec,
            {q.name: q.hub_body(targets) for q in DASHBOARD_QUERIES},
            log,
            logs,
        )
        peer = count_statements(
            database,
            "peer",
            _peer_spec,
            {q.name: q.peer_body(targets) for q in DASHBOARD_QUERIES},
            log,
            logs,
        )
    except LogUnreadable as unreadable:
        echo(f"   SQL statements not counted: {unreadable}")
        return StatementCounts(f"n/a: {unreadable}", {}, {})
    except (ServerFailed, QueryFailed) as failed:
        # a server that answers as the bench's user but not as the counting role: the
        # measured runs still tell the truth, the count cannot
        reason = f"the counting pass failed: {str(failed).splitlines()[0]}"
        echo(f"   SQL statements not counted: {reason}")
        return StatementCounts(f"n/a: {reason}", {}, {})
    return StatementCounts("PostgreSQL log", hub, peer)


@contextmanager
def _peer_running(database: BenchDatabase, options: BenchOptions) -> Iterator[RunningServer | None]:
    """PostGraphile on the database, beside the hub; nothing on SQLite."""
    if database.backend != "postgres":
        yield None
        return
    port = free_port()
    with running(_peer_spec(database, port), port, options.data_dir / "logs") as peer:
        yield peer


def _measure_read(
    query: DashboardQuery,
    hub: RunningServer,
    peer: RunningServer | None,
    targets: Targets,
    counts: StatementCounts,
    options: BenchOptions,
    echo: Echo,
) -> ReadResult:
    """One scenario: the answers compared, then the rounds, alternating hub and peer."""
    answer = post_graphql(hub.graphql_url, query.hub_body(targets))
    objects = count_objects(answer["data"])
    contenders = [Contender("hub", hub, query.hub_body(targets), counts_operations=True)]
    same = None
    if peer is not None:
        same = _same_answer(query, answer, post_graphql(peer.graphql_url, query.peer_body(targets)))
        contenders.append(Contender("PostGraphile", peer, query.peer_body(targets), False))
    echo(
        f"   {query.name}: {objects} objects; SQL/req hub {_counted(counts.hub, query)},"
        f" PostGraphile {_counted(counts.peer, query)}"
        + ("" if same is not False else "; PostGraphile's ANSWER DIFFERS FROM THE HUB'S")
    )

    def report(round_number: int, contender: Contender, figures: RoundFigures) -> None:
        cpu = figures.cpu_seconds
        echo(
            f"     round {round_number} {contender.label}:"
            f" {figures.measurement.requests_per_second:.0f} req/s"
            + (f", {cpu:.2f} s CPU" if cpu is not None else "")
        )

    runs = measure_alternately(contenders, options.load, report)
    return ReadResult(
        query=query.name,
        title=query.title,
        hub=ServerFigures.of_rounds(counts.hub.get(query.name), runs[0], objects),
        peer=ServerFigures.of_rounds(counts.peer.get(query.name), runs[1], objects)
        if peer is not None
        else None,
        equivalent=same,
        objects=objects,
        sql_counted_by=counts.counted_by,
    )


def _counted(counts: dict[str, float], query: DashboardQuery) -> str:
    count = counts.get(query.name)
    return "n/a" if count is None else f"{count:g}"


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
            # one load generator is one client sending as fast as it can: the measure is
            # of the work, not of a budget refusing it (PostGraphile has none either)
            "HUB_ANONYMOUS_BUDGET_PER_MINUTE": "0",
            "HUB_QUERY_BUDGET_PER_MINUTE": "0",
            # signers' mails wait in the outbox: sending them is not what is measured
            "HUB_OUTBOX_SENDER": "false",
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

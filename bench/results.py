"""The bench's report: what was measured, on what, and how it is written down.

One run gives one JSON file (every figure) and one markdown file (the tables people read),
both named after the run's date in ``bench/results/``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from statistics import fmean

from bench.alerts import AlertSearchTimings
from bench.load import LoadSettings, Measurement
from bench.machine import Machine
from bench.metrics import OperationCounts
from bench.seeding import SeedingMeasurement
from bench.signatures import SigningResult
from bench.targets import Targets
from bench.writes import WriteResult

MIB = 1024 * 1024


@dataclass(frozen=True)
class RoundFigures:
    """One measured run of one server on one query."""

    measurement: Measurement
    cpu_seconds: float | None
    """User plus system CPU of the server's processes over the run (None off Linux)."""
    operations: OperationCounts | None = None
    """The hub's operations over the run, compiled or not, from its ``/metrics``."""


@dataclass(frozen=True)
class ServerFigures:
    """One server answering one query: SQL statements per request, and its measured runs
    with their mean."""

    sql_statements: float | None
    measurement: Measurement
    """The mean of the rounds (sums for counts of requests and failures)."""
    rounds: list[RoundFigures] = field(default_factory=list)
    cpu_ms_per_request: float | None = None
    cpu_us_per_object: float | None = None
    compiled_share: float | None = None
    """The share of the hub's requests served compiled; None for the peer."""

    @classmethod
    def of_rounds(
        cls, sql_statements: float | None, rounds: list[RoundFigures], objects: int | None
    ) -> ServerFigures:
        """The figures of ``rounds``: each the mean of the rounds' own."""
        per_request = _mean(
            [
                r.cpu_seconds * 1000 / r.measurement.sent
                for r in rounds
                if r.cpu_seconds is not None and r.measurement.sent
            ]
        )
        shares = [r.operations.compiled_share for r in rounds if r.operations is not None]
        return cls(
            sql_statements=sql_statements,
            measurement=mean_measurement([r.measurement for r in rounds]),
            rounds=rounds,
            cpu_ms_per_request=_rounded(per_request),
            cpu_us_per_object=(
                _rounded(per_request * 1000 / objects) if per_request and objects else None
            ),
            compiled_share=_mean([share for share in shares if share is not None]),
        )


@dataclass(frozen=True)
class ReadResult:
    """One dashboard query on one database: the hub, and the peer where there is one."""

    query: str
    title: str
    hub: ServerFigures
    peer: ServerFigures | None = None
    equivalent: bool | None = None
    """Whether the peer's answer held the same rows and counts as the hub's."""
    hub_per_peer: float | None = None
    """Hub requests per second divided by the peer's: above 1, the hub serves more."""
    hub_per_floor: float | None = None
    """Hub requests per second divided by the floor's: the share of the stack's ceiling."""
    objects: int | None = None
    """JSON objects in the hub's answer (``data`` included): CPU per object divides by it."""
    sql_counted_by: str = ""
    """``PostgreSQL log``, ``Tortoise log`` (in process), or ``n/a: <why>``."""
    peer_database: str | None = None
    """Where the peer of ``hub_per_peer`` ran, when not on this row's database."""


@dataclass(frozen=True)
class FloorResult:
    """The bare Starlette endpoint serving one captured hub answer."""

    query: str
    response_bytes: int
    measurement: Measurement


@dataclass(frozen=True)
class CounterResult:
    """The widget counter (a petition's card, GET) against the floor serving its bytes."""

    petition: str
    response_bytes: int
    hub: Measurement
    floor: Measurement
    hub_per_floor: float | None

    @classmethod
    def of(
        cls, petition: str, response_bytes: int, hub: Measurement, floor: Measurement
    ) -> CounterResult:
        share = ratio(hub.requests_per_second, floor.requests_per_second)
        return cls(petition, response_bytes, hub, floor, share)


@dataclass(frozen=True)
class DatabaseResult:
    backend: str
    targets: Targets
    seeding: SeedingMeasurement | None
    reads: list[ReadResult] = field(default_factory=list)
    floor: FloorResult | None = None
    writes: list[WriteResult] = field(default_factory=list)
    signing: list[SigningResult] = field(default_factory=list)
    counter: CounterResult | None = None
    alert_searches: AlertSearchTimings | None = None


@dataclass(frozen=True)
class BenchReport:
    date: str
    """When the run started (ISO 8601, UTC)."""
    machine: Machine
    versions: dict[str, str]
    load: LoadSettings
    workers: int
    databases: list[DatabaseResult]


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` to three significant digits; None when undefined."""
    return float(f"{numerator / denominator:.3g}") if denominator else None


def with_ratios(read: ReadResult, floor: FloorResult | None) -> ReadResult:
    """``read`` with its hub/peer and hub/floor ratios filled in."""
    hub = read.hub.measurement.requests_per_second
    return replace(
        read,
        hub_per_peer=ratio(hub, read.peer.measurement.requests_per_second) if read.peer else None,
        hub_per_floor=ratio(hub, floor.measurement.requests_per_second) if floor else None,
    )


def against_peer_elsewhere(read: ReadResult, peer: ReadResult, database: str) -> ReadResult:
    """``read`` (a database without a peer) compared with the peer measured on ``database``
    in the same run: the hub on SQLite against PostGraphile on PostgreSQL."""
    if read.peer is not None or peer.peer is None:
        return read
    hub = read.hub.measurement.requests_per_second
    return replace(
        read,
        hub_per_peer=ratio(hub, peer.peer.measurement.requests_per_second),
        peer_database=database,
    )


def mean_measurement(runs: list[Measurement]) -> Measurement:
    """One measurement standing for several runs: means of rates and latencies, sums of
    requests, failures and seconds."""
    if not runs:
        raise ValueError("no runs to take the mean of")
    return Measurement(
        requests_per_second=round(fmean(m.requests_per_second for m in runs), 1),
        p50_ms=round(fmean(m.p50_ms for m in runs), 2),
        p99_ms=round(fmean(m.p99_ms for m in runs), 2),
        mean_ms=round(fmean(m.mean_ms for m in runs), 2),
        requests=sum(m.requests for m in runs),
        errors=sum(m.errors for m in runs),
        non_2xx=sum(m.non_2xx for m in runs),
        seconds=round(sum(m.seconds for m in runs), 2),
        bytes_per_response=round(fmean(m.bytes_per_response for m in runs), 1),
        sent=sum(m.sent for m in runs),
    )


def _mean(values: list[float]) -> float | None:
    return fmean(values) if values else None


def _rounded(value: float | None) -> float | None:
    """Three significant digits: CPU time read in clock ticks holds no more."""
    return float(f"{value:.3g}") if value is not None else None


def to_json(report: BenchReport) -> str:
    return json.dumps(asdict(report), indent=2, default=str) + "\n"


def to_markdown(report: BenchReport) -> str:
    """The report's tables, as the README's Benchmarks section shows them."""
    machine = report.machine
    lines = [
        f"Run {report.date} on {machine.cpu_model}, {machine.cores} cores,"
        f" {machine.memory_bytes / 1024**3:.0f} GiB ({machine.system}), load average"
        f" {machine.load_average:g} at the start.",
        "",
        f"Load: autocannon, {report.load.connections} connections over loopback,"
        f" {report.load.warmup:g} s warm-up then {report.load.duration:g} s measured per"
        f" scenario; hub and floor on uvicorn with {report.workers} worker, PostGraphile as"
        " one Node process.",
        "",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in report.versions.items()),
        "",
        "### Dashboard reads",
        "",
        f"Each figure is the mean of {report.load.rounds} rounds; on PostgreSQL the rounds"
        " alternate hub, PostGraphile, hub, PostGraphile… CPU is the server process's own"
        " (user + system) per request sent, and per object of the hub's answer.",
        "",
        "| " + " | ".join(READ_COLUMNS) + " |",
        "|---|---|--:|---|" + "--:|" * (len(READ_COLUMNS) - 4),
    ]
    notes: list[str] = []
    for database in report.databases:
        for read in database.reads:
            lines.append(_read_row(database.backend, read, notes))
    lines += [
        "",
        "### Floor (bare Starlette endpoint, same server, one captured hub answer)",
        "",
        "| database | answer of | bytes | req/s | p50 ms | p99 ms |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for database in report.databases:
        if database.floor is not None:
            floor = database.floor
            figures = _measured(floor.measurement, notes, f"{database.backend} floor")
            lines.append(
                f"| {database.backend} | {floor.query} | {floor.response_bytes} | {figures} |"
            )
    lines += [
        "",
        "### Writes (members co-signing, each with its own OAuth token; counted afterwards)",
        "",
        "| database | scenario | connections | requests | req/s | p50 ms | p99 ms | signed"
        " | retries replayed | refused | rows | audit entries | nothing lost or doubled |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for database in report.databases:
        for written in database.writes:
            lines.append(_write_row(database.backend, written))
    lines += [
        "",
        "### Petition signatures (anonymous, through the widget API; counted afterwards)",
        "",
        "| database | connections | requests | req/s | p50 ms | p99 ms | signers thanked"
        " | sent twice | refused | thanked and written | rows | kept count | cut off in flight"
        " | nothing lost or doubled |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for database in report.databases:
        for signed in database.signing:
            lines.append(_signing_row(database.backend, signed))
    lines += [
        "",
        "### Widget counter (a petition's card) against the floor serving the same bytes",
        "",
        "| database | petition | bytes | hub req/s | hub p50 ms | hub p99 ms | floor req/s"
        " | floor p50 ms | floor p99 ms | hub/floor |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for database in report.databases:
        if database.counter is not None:
            lines.append(_counter_row(database.backend, database.counter, notes))
    lines += [
        "",
        "### Alerts search (the whole archive, one search at a time)",
        "",
        "| database | search | requests | p50 ms | p95 ms | alerts matched |",
        "|---|---|--:|--:|--:|---|",
    ]
    for database in report.databases:
        if database.alert_searches is not None:
            lines += _search_rows(database.backend, database.alert_searches)
    lines += [
        "",
        "### Seeding (`hub seed --scale large`)",
        "",
        "| database | seconds | peak RSS MiB | petition signatures | measured |",
        "|---|--:|--:|--:|---|",
    ]
    for database in report.databases:
        lines.append(_seeding_row(database))
    lines += ["", "Targets: " + "; ".join(_targets(d) for d in report.databases)]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def write(report: BenchReport, out_dir: Path) -> tuple[Path, Path]:
    """Write the report's markdown and JSON files; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report.date.replace(":", "").replace("-", "").split("+")[0]
    written = []
    for suffix, text in ((".md", to_markdown(report)), (".json", to_json(report))):
        path = out_dir / f"bench-{stem}{suffix}"
        partial = path.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written[0], written[1]


READ_COLUMNS = (
    "database",
    "query",
    "objects",
    "SQL counted by",
    "SQL/req hub",
    "SQL/req PostGraphile",
    "hub compiled",
    "hub req/s",
    "hub p50 ms",
    "hub p99 ms",
    "hub CPU ms/req",
    "hub CPU µs/object",
    "PostGraphile req/s",
    "PostGraphile p50 ms",
    "PostGraphile p99 ms",
    "PostGraphile CPU ms/req",
    "PostGraphile CPU µs/object",
    "hub/PostGraphile",
    "hub/floor",
)


def _read_row(backend: str, read: ReadResult, notes: list[str]) -> str:
    label = f"{backend} {read.query}"
    counted_by, _, why = read.sql_counted_by.partition(": ")
    if why:
        notes.append(f"{label}: SQL statements not counted ({why})")
    if read.equivalent is False:
        notes.append(f"{label}: PostGraphile's answer differs from the hub's")
    if read.peer_database is not None:
        notes.append(
            f"{label}: hub/PostGraphile is against PostGraphile on {read.peer_database},"
            " measured in the same run (not alternated)"
        )
    peer = read.peer
    cells = [
        backend,
        read.query,
        _number(read.objects),
        counted_by or "n/a",
        _statements(read.hub.sql_statements),
        _statements(peer.sql_statements) if peer else "n/a",
        _share(read.hub.compiled_share),
        _measured(read.hub.measurement, notes, f"{label} hub"),
        _figure(read.hub.cpu_ms_per_request),
        _figure(read.hub.cpu_us_per_object),
        _measured(peer.measurement, notes, f"{label} PostGraphile") if peer else "n/a | n/a | n/a",
        _figure(peer.cpu_ms_per_request) if peer else "n/a",
        _figure(peer.cpu_us_per_object) if peer else "n/a",
        _number(read.hub_per_peer) + ("†" if read.peer_database else ""),
        _number(read.hub_per_floor),
    ]
    return "| " + " | ".join(cells) + " |"


def _statements(per_request: float | None) -> str:
    """Statements per request: whole when every request sent the same, else two decimals."""
    if per_request is None:
        return "n/a"
    return f"{per_request:.2f}".rstrip("0").rstrip(".")


def _figure(value: float | None) -> str:
    """Three significant digits, never in exponent notation."""
    if value is None:
        return "n/a"
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def _share(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _measured(measurement: Measurement, notes: list[str], label: str) -> str:
    if not measurement.clean:
        notes.append(
            f"{label}: {measurement.errors} errors, {measurement.non_2xx} non-2xx answers"
            f" of {measurement.requests}"
        )
    return (
        f"{measurement.requests_per_second:.0f} | {measurement.p50_ms:g} | {measurement.p99_ms:g}"
    )


def _number(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2g}" if isinstance(value, float) else str(value)


def _write_row(backend: str, written: WriteResult) -> str:
    cells = [
        backend,
        written.scenario,
        written.connections,
        written.requests,
        f"{written.requests_per_second:.0f}",
        f"{written.p50_ms:g}",
        f"{written.p99_ms:g}",
        written.signed,
        written.replayed,
        written.refused,
        written.rows,
        written.audited,
        "yes" if written.exact else "**NO**",
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _signing_row(backend: str, signed: SigningResult) -> str:
    cells = [
        backend,
        signed.connections,
        signed.requests,
        f"{signed.requests_per_second:.0f}",
        f"{signed.p50_ms:g}",
        f"{signed.p99_ms:g}",
        signed.thanked,
        signed.sent_twice,
        signed.refused,
        signed.thanked_found,
        signed.rows,
        signed.counted,
        signed.in_flight,
        "yes" if signed.exact else "**NO**",
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _counter_row(backend: str, counter: CounterResult, notes: list[str]) -> str:
    hub = _measured(counter.hub, notes, f"{backend} widget counter")
    floor = _measured(counter.floor, notes, f"{backend} counter floor")
    cells = [backend, f"`{counter.petition}`", str(counter.response_bytes), hub, floor]
    return "| " + " | ".join([*cells, _number(counter.hub_per_floor)]) + " |"


def _search_rows(backend: str, timings: AlertSearchTimings) -> list[str]:
    rows = []
    for latency in (*timings.kinds, timings.overall):
        matched = timings.matches.get(latency.kind)
        cells = [
            backend,
            f"**{latency.kind}**" if latency.kind == "overall" else latency.kind,
            str(latency.requests),
            f"{latency.p50_ms:g}",
            f"{latency.p95_ms:g}",
            ", ".join(f"{n:,}" for n in matched) if matched else "",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _seeding_row(database: DatabaseResult) -> str:
    seeding = database.seeding
    if seeding is None:
        return f"| {database.backend} | n/a | n/a | n/a | not measured: reused database |"
    signatures = seeding.rows.get("petition_signature", 0)
    return (
        f"| {database.backend} | {seeding.seconds:.1f} | {seeding.peak_rss_bytes / MIB:.0f}"
        f" | {signatures:,} | {seeding.measured_at} (seed {seeding.seed}) |"
    )


def _targets(database: DatabaseResult) -> str:
    targets = database.targets
    return (
        f"{database.backend}: coalition `{targets.coalition}`, country `{targets.country}`,"
        f" campaign `{targets.campaign}`"
    )

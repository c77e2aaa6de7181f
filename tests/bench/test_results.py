"""The results writer: the tables people read and the JSON behind them, from fake figures."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from bench.alerts import AlertSearchTimings, SearchLatency
from bench.load import LoadSettings, Measurement
from bench.machine import Machine
from bench.metrics import OperationCounts
from bench.results import (
    BenchReport,
    CounterResult,
    DatabaseResult,
    FloorResult,
    ReadResult,
    RoundFigures,
    ServerFigures,
    against_peer_elsewhere,
    to_markdown,
    with_ratios,
    write,
)
from bench.seeding import SeedingMeasurement
from bench.signatures import SigningResult
from bench.targets import Targets
from bench.writes import WriteResult

READ_COLUMNS = [
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
]


def measured(requests_per_second: float, non_2xx: int = 0, p50_ms: float = 12.0) -> Measurement:
    return Measurement(
        requests_per_second=requests_per_second,
        p50_ms=p50_ms,
        p99_ms=40.0,
        mean_ms=14.2,
        requests=int(requests_per_second * 10),
        errors=0,
        non_2xx=non_2xx,
        seconds=10.0,
        bytes_per_response=2048.0,
        sent=int(requests_per_second * 10),
    )


def rounds(
    *rates: float, cpu_per_request: float, compiled: bool | None = None
) -> list[RoundFigures]:
    """Runs at ``rates`` req/s (ten seconds each) costing ``cpu_per_request`` seconds each."""
    return [
        RoundFigures(
            measured(rate, p50_ms=10.0 + index * 4),
            cpu_seconds=rate * 10 * cpu_per_request,
            operations=None
            if compiled is None
            else OperationCounts(int(rate * 10), 0)
            if compiled
            else OperationCounts(int(rate * 9), int(rate)),
        )
        for index, rate in enumerate(rates)
    ]


OBJECTS = 500


def fake_report(counted_by: str = "PostgreSQL log") -> BenchReport:
    targets = Targets("a-coalition", "TN", "a-campaign", datetime.date(2026, 11, 2))
    floor = FloorResult("campaign-page", 51_693, measured(2000))
    sqlite_read = ReadResult(
        "campaign-page",
        "Campaign page",
        ServerFigures.of_rounds(1, rounds(100, 100, cpu_per_request=0.002, compiled=True), OBJECTS),
        objects=OBJECTS,
        sql_counted_by="Tortoise log",
    )
    postgres_read = ReadResult(
        "campaign-page",
        "Campaign page",
        ServerFigures.of_rounds(
            3, rounds(140, 160, cpu_per_request=0.004, compiled=False), OBJECTS
        ),
        peer=ServerFigures.of_rounds(
            1.5, [RoundFigures(measured(300, non_2xx=3), 3.0)] * 2, OBJECTS
        ),
        equivalent=True,
        objects=OBJECTS,
        sql_counted_by=counted_by,
    )
    seeding = SeedingMeasurement(
        "postgres", 58.7, 130 * 1024 * 1024, {"petition_signature": 2_000_000}, 1992, "2026-11-02"
    )
    return BenchReport(
        date="2026-11-02T10:00:00+00:00",
        machine=Machine("Some CPU", 2, 24 * 1024**3, "Linux", 0.5),
        versions={"python": "3.11.7", "postgraphile": "5.1.5"},
        load=LoadSettings(connections=16, duration=10, warmup=2, rounds=2),
        workers=1,
        databases=[
            DatabaseResult(
                "sqlite",
                targets,
                None,
                [
                    against_peer_elsewhere(
                        with_ratios(sqlite_read, floor), postgres_read, "postgres"
                    )
                ],
                floor,
            ),
            DatabaseResult(
                "postgres",
                targets,
                seeding,
                [with_ratios(postgres_read, floor)],
                floor,
                [
                    WriteResult(
                        "co-signatures", 16, 8.0, 1100, 137.5, 90.0, 210.0, 1000, 100, 0, 1000, 1000
                    )
                ],
                [
                    SigningResult(
                        "petition signatures",
                        16,
                        8.0,
                        9000,
                        1125.0,
                        13.0,
                        30.0,
                        8090,
                        900,
                        0,
                        8090,
                        8100,
                        8100,
                    )
                ],
                CounterResult.of("a-petition", 900, measured(3000), measured(6000)),
                AlertSearchTimings(
                    kinds=(SearchLatency("text", 160, 4.2, 9.8),),
                    overall=SearchLatency("overall", 160, 4.2, 9.8),
                    matches={"text": [1200, 35]},
                ),
            ),
        ],
    )


def table_after(markdown: str, heading: str) -> list[list[str]]:
    after_heading = markdown.split(heading, 1)[1].split("\n", 1)[1]
    lines = after_heading.strip().splitlines()
    rows: list[list[str]] = []
    for line in lines:
        if not line.startswith("|"):
            if rows:
                break
            continue  # the words between a heading and its table
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_signing_and_counter_tables_say_whether_anything_was_lost() -> None:
    markdown = to_markdown(fake_report())
    header, _rule, row = table_after(markdown, "### Petition signatures")
    signed = dict(zip(header, row, strict=True))
    assert (signed["req/s"], signed["cut off in flight"]) == ("1125", "10")
    assert signed["nothing lost or doubled"] == "yes"
    header, _rule, row = table_after(markdown, "### Widget counter")
    counter = dict(zip(header, row, strict=True))
    assert (counter["hub req/s"], counter["floor req/s"], counter["hub/floor"]) == (
        "3000",
        "6000",
        "0.5",
    )


def test_the_alert_search_table_has_each_kind_and_the_whole_mix() -> None:
    markdown = to_markdown(fake_report())
    header, _rule, *rows = table_after(markdown, "### Alerts search")
    by_kind = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_kind["text"]["p95 ms"] == "9.8"
    assert by_kind["text"]["alerts matched"] == "1,200, 35"
    assert by_kind["**overall**"]["requests"] == "160"


def test_the_reads_table_has_one_row_per_database_and_query_with_ratios() -> None:
    # when
    markdown = to_markdown(fake_report())

    # then
    header, _rule, *rows = table_after(markdown, "### Dashboard reads")
    assert header == READ_COLUMNS
    by_database = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_database["sqlite"]["PostGraphile req/s"] == "n/a"
    assert by_database["sqlite"]["hub/floor"] == "0.05"
    assert by_database["postgres"]["hub/PostGraphile"] == "0.5"
    assert by_database["postgres"]["SQL/req PostGraphile"] == "1.5"
    assert "mean of 2 rounds" in markdown


def test_the_reads_table_says_how_statements_were_counted_and_what_a_request_costs() -> None:
    # when
    markdown = to_markdown(fake_report())

    # then
    header, _rule, *rows = table_after(markdown, "### Dashboard reads")
    by_database = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    postgres, sqlite = by_database["postgres"], by_database["sqlite"]
    assert (postgres["SQL counted by"], sqlite["SQL counted by"]) == (
        "PostgreSQL log",
        "Tortoise log",
    )
    assert (postgres["objects"], postgres["SQL/req hub"]) == ("500", "3")
    # a tenth of each round's operations went through resolvers
    assert (postgres["hub compiled"], sqlite["hub compiled"]) == ("90%", "100%")
    # 4 ms of CPU per request, over 500 objects: 8 µs each
    assert (postgres["hub CPU ms/req"], postgres["hub CPU µs/object"]) == ("4", "8")
    # the peer: 3 s of CPU over 3000 requests sent
    assert (postgres["PostGraphile CPU ms/req"], postgres["PostGraphile CPU µs/object"]) == (
        "1",
        "2",
    )
    # the hub on SQLite against PostGraphile on PostgreSQL, marked and explained
    assert sqlite["hub/PostGraphile"] == "0.33†"
    assert "against PostGraphile on postgres" in markdown


def test_statements_the_log_could_not_count_are_n_a_and_the_reason_is_given() -> None:
    # when
    markdown = to_markdown(fake_report(counted_by="n/a: cannot read /var/log/pg.log"))

    # then
    header, _rule, *rows = table_after(markdown, "### Dashboard reads")
    postgres = {row[0]: dict(zip(header, row, strict=True)) for row in rows}["postgres"]
    assert postgres["SQL counted by"] == "n/a"
    assert "SQL statements not counted (cannot read /var/log/pg.log)" in markdown


def test_a_servers_figures_are_the_mean_of_its_rounds() -> None:
    # when
    figures = ServerFigures.of_rounds(1, rounds(140, 160, cpu_per_request=0.004), OBJECTS)

    # then
    assert figures.measurement.requests_per_second == 150
    assert figures.measurement.p50_ms == 12
    assert figures.measurement.requests == figures.measurement.sent == 3000
    assert figures.cpu_ms_per_request == 4
    assert figures.cpu_us_per_object == 8
    assert figures.compiled_share is None
    assert len(figures.rounds) == 2


def test_the_report_names_machine_versions_seeding_and_failed_requests() -> None:
    # when
    markdown = to_markdown(fake_report())

    # then
    assert "Some CPU, 2 cores, 24 GiB" in markdown
    assert "postgraphile 5.1.5" in markdown
    seeding = {row[0]: row for row in table_after(markdown, "### Seeding")[2:]}
    assert seeding["postgres"][1:4] == ["58.7", "130", "2,000,000"]
    assert "not measured" in seeding["sqlite"][4]
    assert "6 non-2xx answers" in markdown


def test_write_puts_markdown_and_json_side_by_side(tmp_path: Path) -> None:
    # when
    markdown, json_file = write(fake_report(), tmp_path)

    # then
    assert markdown.name == "bench-20261102T100000.md"
    assert json_file.with_suffix(".md") == markdown
    saved = json.loads(json_file.read_text())
    read = saved["databases"][1]["reads"][0]
    assert read["hub_per_peer"] == 0.5
    assert read["peer"]["measurement"]["non_2xx"] == 6
    # every round is kept, with its CPU time and the hub's operations
    assert [r["measurement"]["requests_per_second"] for r in read["hub"]["rounds"]] == [140, 160]
    assert read["hub"]["rounds"][0]["operations"] == {"compiled": 1260, "resolved": 140}
    assert read["hub"]["rounds"][1]["cpu_seconds"] == 6.4
    assert saved["machine"]["cores"] == 2
    assert not list(tmp_path.glob("*.tmp"))


def test_the_writes_table_says_whether_anything_was_lost_or_doubled() -> None:
    # given a run whose count came out right, and one where a row went missing
    report = fake_report()
    (good,) = report.databases[1].writes
    lost = WriteResult(**{**vars(good), "rows": good.signed - 1})

    # when
    markdown = to_markdown(report)
    report.databases[1].writes[0] = lost
    broken = to_markdown(report)

    # then
    header, _rule, row = table_after(markdown, "### Writes")
    cells = dict(zip(header, row, strict=True))
    assert (
        cells["req/s"] == "138" and cells["signed"] == "1000" and cells["retries replayed"] == "100"
    )
    assert cells["nothing lost or doubled"] == "yes"
    assert table_after(broken, "### Writes")[2][-1] == "**NO**"

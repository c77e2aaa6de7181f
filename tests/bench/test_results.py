"""The results writer: the tables people read and the JSON behind them, from fake figures."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from bench.alerts import AlertSearchTimings, SearchLatency
from bench.load import LoadSettings, Measurement
from bench.machine import Machine
from bench.results import (
    BenchReport,
    CounterResult,
    DatabaseResult,
    FloorResult,
    ReadResult,
    ServerFigures,
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
    "SQL/req hub",
    "SQL/req PostGraphile",
    "hub req/s",
    "hub p50 ms",
    "hub p99 ms",
    "PostGraphile req/s",
    "PostGraphile p50 ms",
    "PostGraphile p99 ms",
    "hub/PostGraphile",
    "hub/floor",
]


def measured(requests_per_second: float, non_2xx: int = 0) -> Measurement:
    return Measurement(
        requests_per_second=requests_per_second,
        p50_ms=12.0,
        p99_ms=40.0,
        mean_ms=14.2,
        requests=int(requests_per_second * 10),
        errors=0,
        non_2xx=non_2xx,
        seconds=10.0,
        bytes_per_response=2048.0,
    )


def fake_report() -> BenchReport:
    targets = Targets("a-coalition", "TN", "a-campaign", datetime.date(2026, 11, 2))
    floor = FloorResult("campaign-page", 51_693, measured(2000))
    sqlite_read = ReadResult("campaign-page", "Campaign page", ServerFigures(12, measured(100)))
    postgres_read = ReadResult(
        "campaign-page",
        "Campaign page",
        ServerFigures(12, measured(150)),
        peer=ServerFigures(1, measured(300, non_2xx=3)),
        equivalent=True,
    )
    seeding = SeedingMeasurement(
        "postgres", 58.7, 130 * 1024 * 1024, {"petition_signature": 2_000_000}, 1992, "2026-11-02"
    )
    return BenchReport(
        date="2026-11-02T10:00:00+00:00",
        machine=Machine("Some CPU", 2, 24 * 1024**3, "Linux", 0.5),
        versions={"python": "3.11.7", "postgraphile": "5.1.5"},
        load=LoadSettings(connections=16, duration=10, warmup=2),
        workers=1,
        databases=[
            DatabaseResult("sqlite", targets, None, [with_ratios(sqlite_read, floor)], floor),
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
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
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
    assert by_database["sqlite"]["hub/PostGraphile"] == "n/a"
    assert by_database["sqlite"]["hub/floor"] == "0.05"
    assert by_database["postgres"]["hub/PostGraphile"] == "0.5"
    assert by_database["postgres"]["SQL/req PostGraphile"] == "1"


def test_the_report_names_machine_versions_seeding_and_failed_requests() -> None:
    # when
    markdown = to_markdown(fake_report())

    # then
    assert "Some CPU, 2 cores, 24 GiB" in markdown
    assert "postgraphile 5.1.5" in markdown
    seeding = {row[0]: row for row in table_after(markdown, "### Seeding")[2:]}
    assert seeding["postgres"][1:4] == ["58.7", "130", "2,000,000"]
    assert "not measured" in seeding["sqlite"][4]
    assert "3 non-2xx answers" in markdown


def test_write_puts_markdown_and_json_side_by_side(tmp_path: Path) -> None:
    # when
    markdown, json_file = write(fake_report(), tmp_path)

    # then
    assert markdown.name == "bench-20261102T100000.md"
    assert json_file.with_suffix(".md") == markdown
    saved = json.loads(json_file.read_text())
    read = saved["databases"][1]["reads"][0]
    assert read["hub_per_peer"] == 0.5
    assert read["peer"]["measurement"]["non_2xx"] == 3
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

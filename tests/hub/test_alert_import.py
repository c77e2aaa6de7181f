"""Importing alerts: what a file adds and changes, what it rejects and why, and that
importing it again writes nothing."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path
from typing import Any

from hub import models
from hub.alert_import import ImportReport, import_alerts
from hub.alert_search import AlertQuery, search_alerts
from hub.models.cases import JusticeStatus
from tests import factories
from tests.databases import Databases, fill
from tests.sql_statements import recorded_statements

EXAMPLES = Path(__file__).parents[2] / "examples" / "alerts-import"
WRITES = ("INSERT", "UPDATE", "DELETE")
COLUMNS = [
    "external_id",
    "occurred_on",
    "country",
    "violations",
    "language",
    "title",
    "body",
    "source_organisation",
    "subdivision",
    "follows",
    "victims",
    "perpetrator",
    "justice",
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as opened:
        writer = csv.DictWriter(opened, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({key: row.get(key, "") for key in COLUMNS} for row in rows)
    return path


async def a_network() -> models.Organisation:
    """A network whose convener files for it, and that convener."""
    (convener,) = await factories.organisations(1, member_since=datetime.date(1992, 1, 1))
    await factories.network(convener)
    return convener


def importing(path: Path, reports: list[ImportReport], **options: Any) -> Any:
    async def run() -> None:
        reports.append(await import_alerts(path, **options))

    return run


def test_a_file_is_imported_and_importing_it_again_writes_nothing(
    databases: Databases,
) -> None:
    # given a network and the example file
    url = databases.new()
    fill(url, a_network)
    reports: list[ImportReport] = []

    # when it is imported
    fill(url, importing(EXAMPLES / "alerts.csv", reports))

    # then every row is an alert, filed by the network's convener, its case gathered
    (first,) = reports
    assert (first.rows, first.written.added, first.rejections) == (5, 5, [])
    found: dict[str, Any] = {}

    async def read() -> None:
        found["alerts"] = {a.external_id: a for a in await models.Alert.all()}
        found["cases"] = list(await models.Case.all())
        # indexed in bulk: by their words, their violation types and their days
        found["words"] = await search_alerts(AlertQuery(words=("costa",)), 0, 10)
        found["types"] = await search_alerts(AlertQuery(violations=("legal-action",)), 0, 10)
        found["days"] = await search_alerts(AlertQuery(since=datetime.date(2026, 2, 1)), 0, 10)

    fill(url, read)
    alerts = found["alerts"]
    killing, arrests, verdict = (alerts[f"mx-2026-00{n}"] for n in (1, 2, 3))
    assert killing.subdivision == "MX-GRO"
    assert killing.victims == [{"name": "Ana Reyes", "kind": "journalist", "gender": "woman"}]
    assert killing.title == {"es": "Asesinada la periodista Ana Reyes de Radio Costa"}
    assert (arrests.follows_id, verdict.follows_id) == (killing.id, arrests.id)
    assert killing.case_id == arrests.case_id == verdict.case_id is not None
    assert alerts["gt-2026-002"].follows_id == alerts["gt-2026-001"].id
    assert alerts["gt-2026-001"].violations == ["attacked", "threatened"]
    by_id = {case.id: case for case in found["cases"]}
    assert by_id[killing.case_id].justice == JusticeStatus.PARTIAL
    assert by_id[alerts["gt-2026-001"].case_id].justice is None
    assert len(found["cases"]) == 2
    assert found["words"].ids == [killing.id]
    assert found["types"].ids == [alerts["gt-2026-002"].id]
    assert found["days"].total == 4

    # when it is imported again
    with recorded_statements() as statements:
        fill(url, importing(EXAMPLES / "alerts.csv", reports))

    # then it changes nothing, and sends no write at all
    again = reports[1]
    assert (again.written.added, again.written.changed, again.written.unchanged) == (0, 0, 5)
    assert (again.written.links, again.written.case_rows) == (0, 0)
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []


def test_a_changed_row_changes_its_alert_and_its_index(
    databases: Databases, tmp_path: Path
) -> None:
    # given the example file imported
    url = databases.new()
    fill(url, a_network)
    reports: list[ImportReport] = []
    fill(url, importing(EXAMPLES / "alerts.csv", reports))

    # when one row says something new (a new title, another violation) and is imported
    with (EXAMPLES / "alerts.csv").open(encoding="utf-8") as opened:
        rows = list(csv.DictReader(opened))
    rows[3]["title"] = "Allanada la emisora comunitaria Xocomil"
    rows[3]["violations"] = "ATTACKED;CENSORED"
    changed = write_csv(tmp_path / "changed.csv", rows)
    fill(url, importing(changed, reports))

    # then that alert alone changed, and a search finds it by its new words and type
    assert (reports[1].written.added, reports[1].written.changed) == (0, 1)
    found: dict[str, Any] = {}

    async def read() -> None:
        found["alert"] = await models.Alert.get(external_id="gt-2026-001")
        found["search"] = await search_alerts(
            AlertQuery(words=("xocomil",), violations=("censored",)), 0, 10
        )

    fill(url, read)
    assert found["alert"].title == {"es": "Allanada la emisora comunitaria Xocomil"}
    assert found["alert"].violations == ["attacked", "censored"]
    assert found["alert"].edited_at is not None
    assert found["search"].ids == [found["alert"].id]


def test_each_rejected_row_is_named_by_line_key_and_reason(
    databases: Databases, tmp_path: Path
) -> None:
    # given a file with good rows and bad ones
    url = databases.new()
    fill(url, a_network)
    good = {
        "external_id": "ok-1",
        "occurred_on": "2024-05-01",
        "country": "PY",
        "violations": "THREATENED",
        "language": "es",
        "title": "Amenazado un periodista",
    }
    rows = [
        good,  # line 2
        {**good, "external_id": "bad-country", "country": "XX"},
        {**good, "external_id": "bad-day", "occurred_on": "2024-02-30"},
        {**good, "external_id": "early", "occurred_on": "1990-01-01"},
        {**good, "external_id": "bad-type", "violations": "KILLED;SHOUTED"},
        {**good, "external_id": "no-title", "title": ""},
        {**good, "external_id": "bad-place", "subdivision": "MX-GRO"},
        {**good, "external_id": "orphan", "follows": "nowhere"},
        {**good, "external_id": "ok-1"},  # line 10: again
        {**good, "external_id": "bad-source", "source_organisation": "no-such-member"},
        {**good, "external_id": "bad-victim", "victims": "MEDIA_OUTLET:Radio X:WOMAN"},
        {**good, "external_id": "ok-2", "follows": "ok-1", "victims": "WRITER:Ana"},
        {**good, "external_id": "early-follow", "follows": "late", "occurred_on": "2020-01-01"},
        {**good, "external_id": "late", "occurred_on": "2021-01-01"},
        {**good, "external_id": "orphan-child", "follows": "orphan"},
    ]
    path = write_csv(tmp_path / "mixed.csv", rows)
    reports: list[ImportReport] = []

    # when it is imported
    fill(url, importing(path, reports))

    # then each bad row is rejected with its line, key and reason; the good ones are in
    (report,) = reports
    rejected = {(r.line, r.key): r.reason for r in report.rejections}
    assert set(rejected) == {
        (3, "country"),
        (4, "occurred_on"),
        (5, "occurred_on"),
        (6, "violations"),
        (7, "title"),
        (8, "subdivision"),
        (9, "follows"),
        (10, "external_id"),
        (11, "source_organisation"),
        (12, "victims"),
        (14, "follows"),
        (16, "follows"),
    }
    assert rejected[(3, "country")] == "'XX' is not an ISO 3166-1 alpha-2 country code"
    assert rejected[(4, "occurred_on")] == "'2024-02-30' is not a date (YYYY-MM-DD)"
    assert "'SHOUTED' is not one of KILLED" in rejected[(6, "violations")]
    assert rejected[(8, "subdivision")] == "'MX-GRO' is not in PY"
    assert "no alert of this source has external_id 'nowhere'" in rejected[(9, "follows")]
    assert rejected[(10, "external_id")] == "'ok-1' appears again (first on line 2)"
    assert rejected[(12, "victims")] == "a media outlet has no gender"
    assert "happened on 2021-01-01, after this alert" in rejected[(14, "follows")]
    assert "'orphan'" in rejected[(16, "follows")]
    assert (report.rows, report.written.added) == (15, 3)


def test_a_dry_run_counts_and_writes_nothing(databases: Databases, tmp_path: Path) -> None:
    # given a network and a file
    url = databases.new()
    fill(url, a_network)
    path = shutil.copy(EXAMPLES / "alerts.jsonl", tmp_path / "alerts.jsonl")
    reports: list[ImportReport] = []

    # when it is imported dry
    with recorded_statements() as statements:
        fill(url, importing(Path(path), reports, dry_run=True))

    # then it says what it would add, and writes nothing
    assert (reports[0].written.added, reports[0].rejections) == (3, [])
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []

    # and the same file, imported, adds just that
    fill(url, importing(Path(path), reports))
    assert reports[1].written.added == 3

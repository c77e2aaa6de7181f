"""An import of real size: 100,000 rows on SQLite, written in batches and indexed in bulk,
counted; imported again, not one row written."""

from __future__ import annotations

import csv
import datetime
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hub import models
from hub.alert_import import ImportReport, import_alerts
from hub.alert_search import AlertQuery, search_alerts
from tests.databases import BACKEND, Databases, fill
from tests.hub.test_alert_import import COLUMNS, WRITES, a_network
from tests.sql_statements import recorded_statements

pytestmark = pytest.mark.slow

ROWS = 100_000
COUNTRIES = ("MX", "GT", "PH", "TN", "RU", "BR", "IN", "EG", "PK", "CO")
VIOLATIONS = ("KILLED", "ATTACKED;THREATENED", "ARRESTED", "LEGAL_ACTION;CENSORED", "THREATENED")


def generated_file(path: Path, rows: int) -> Path:
    """Rows over thirty years, one in fifty following the row before it."""
    start = datetime.date(1995, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as opened:
        writer = csv.DictWriter(opened, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(rows):
            day = start + datetime.timedelta(days=n * 11_000 // rows)
            writer.writerow(
                {
                    "external_id": f"row-{n}",
                    "occurred_on": day.isoformat(),
                    "country": COUNTRIES[n % len(COUNTRIES)],
                    "violations": VIOLATIONS[n % len(VIOLATIONS)],
                    "language": "en",
                    "title": f"Reporter {n} threatened over a story on harbour {n % 97}",
                    "body": "A reporter was threatened after a story.",
                    "victims": "JOURNALIST:A. Reporter",
                    "follows": f"row-{n - 1}" if n % 50 == 49 else "",
                }
            )
    return path


@pytest.mark.skipif(BACKEND != "sqlite", reason="the embedded archive's real-size import")
def test_a_hundred_thousand_rows_import_once(
    databases: Databases, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    # given a network and a file of 100,000 alerts
    url = databases.new()
    fill(url, a_network)
    path = generated_file(tmp_path / "alerts.csv", ROWS)
    reports: list[ImportReport] = []

    async def run() -> None:
        reports.append(await import_alerts(path))

    # when it is imported
    started = time.monotonic()
    fill(url, run)
    record_property("first_import_seconds", round(time.monotonic() - started, 1))

    # then every row is an alert, found by the search index
    counted: dict[str, int] = {}

    async def count() -> None:
        counted["alerts"] = await models.Alert.all().count()
        counted["following"] = await models.Alert.filter(follows_id__not_isnull=True).count()
        found = await search_alerts(AlertQuery(words=("harbour", "13")), 0, 5)
        counted["found"] = found.total or 0
        counted["days"] = sum(await models.AlertDay.all().values_list("alerts", flat=True))  # type: ignore[arg-type]

    fill(url, count)
    assert reports[0].written.added == ROWS and reports[0].rejections == []
    assert counted["alerts"] == counted["days"] == ROWS
    assert counted["following"] == ROWS // 50
    assert counted["found"] == len([n for n in range(ROWS) if n % 97 == 13])

    # when it is imported again
    started = time.monotonic()
    with recorded_statements() as statements:
        fill(url, run)
    record_property("second_import_seconds", round(time.monotonic() - started, 1))

    # then it writes nothing
    again = reports[1].written
    assert (again.added, again.changed, again.unchanged, again.links) == (0, 0, ROWS, 0)
    assert again.case_rows == 0
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []

"""Importing alerts into the archive from a file: CSV with a header row, or JSON Lines.

The format is in ``docs/alerts-import.md``. Every row is checked first (``rows``), then
against the other rows and the archive (``plan``); the rows that pass are written in
batches (``writer``), and the report names every rejected row by its line, its key and
why. An alert's key is its source organisation and its ``external_id``: importing the same
file again adds and changes nothing, and a changed row changes its alert.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hub import clock
from hub.alert_import.plan import planned
from hub.alert_import.rows import (
    Archive,
    ImportedAlert,
    Rejected,
    Rejection,
    checked,
    read_rows,
)
from hub.alert_import.writer import Writer, Written
from hub.models import Country, Network, Organisation

__all__ = ["ImportReport", "import_alerts", "read_archive"]


@dataclass
class ImportReport:
    """What an import read, wrote (or, dry, would write), and rejected."""

    rows: int
    written: Written
    rejections: list[Rejection] = field(default_factory=list)
    dry_run: bool = False


async def read_archive(today: datetime.date | None = None) -> Archive:
    """The countries and organisations rows are checked against."""
    countries = frozenset(str(code) for code in await Country.all().values_list("code", flat=True))
    organisations = {
        str(slug): int(key) for slug, key in await Organisation.all().values_list("slug", "id")
    }
    network = await Network.first()
    return Archive(
        countries=countries,
        organisations=organisations,
        network_source=network.convened_by_id if network else None,
        today=today or clock.today(),
    )


async def import_alerts(
    path: Path,
    *,
    dry_run: bool = False,
    started: Callable[[int], None] = lambda _: None,
    advance: Callable[[int], None] = lambda _: None,
) -> ImportReport:
    """Import the file's alerts; ``started`` hears how many rows will be written,
    ``advance`` how many more have been."""
    archive = await read_archive()
    alerts: list[ImportedAlert] = []
    rejections: list[Rejection] = []
    rows = 0
    for line, row in read_rows(path):
        rows += 1
        try:
            alerts.append(checked(line, row, archive))
        except Rejected as rejected:
            rejections.append(Rejection(line, rejected.key, rejected.reason))
    accepted, rejections = await planned(alerts, rejections)
    started(len(accepted))
    written = await Writer(dry_run, advance).write(accepted)
    return ImportReport(rows, written, rejections, dry_run)

"""`hub alerts import` on the command line: the report, the exit status, the progress bar on
a terminal, and `--dry-run`."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from hub import models
from tests.databases import Databases, fill
from tests.hub.test_alert_import import EXAMPLES, a_network, write_csv
from tests.live import HUB


def hub_alerts(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_DATABASE_URL": url}
    return subprocess.run(
        [HUB, "alerts", "import", *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def alert_count(url: str) -> int:
    counted: list[int] = []

    async def count() -> None:
        counted.append(await models.Alert.all().count())

    fill(url, count)
    return counted[0]


def test_a_rejected_row_is_reported_and_the_command_fails(
    databases: Databases, tmp_path: Path
) -> None:
    # given a network and a file whose second row names no country the hub knows
    url = databases.new()
    fill(url, a_network)
    good = {"occurred_on": "2025-02-01", "violations": "THREATENED", "language": "en"}
    path = write_csv(
        tmp_path / "alerts.csv",
        [
            {**good, "external_id": "a", "country": "TN", "title": "Blogger threatened"},
            {**good, "external_id": "b", "country": "ZZ", "title": "Reporter threatened"},
        ],
    )

    # when it is checked dry, then imported
    dry = hub_alerts(url, str(path), "--dry-run")
    count_after_dry_run = alert_count(url)
    done = hub_alerts(url, str(path))

    # then both name the row, its key and why, and fail; only the import wrote, the good row
    for finished in (dry, done):
        assert finished.returncode == 1, finished.stderr
        assert "line 3: country: 'ZZ' is not an ISO 3166-1 alpha-2 country code" in finished.stdout
        assert "Traceback" not in finished.stderr
    assert "would add 1" in dry.stdout and "rejected 1" in dry.stdout
    assert count_after_dry_run == 0
    assert "added 1" in done.stdout
    assert alert_count(url) == 1


def test_a_clean_import_succeeds_and_shows_its_progress_on_a_terminal(
    databases: Databases,
) -> None:
    # given a network
    url = databases.new()
    fill(url, a_network)

    # when the example file is imported on a terminal
    leader, follower = pty.openpty()
    env = {**os.environ, "HUB_DATABASE_URL": url, "TERM": "xterm", "COLUMNS": "100"}
    process = subprocess.Popen(
        [HUB, "alerts", "import", str(EXAMPLES / "alerts.csv")],
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        output += chunk
    status = process.wait(timeout=120)
    os.close(leader)

    # then it drew its progress bar, reported every row imported, and succeeded
    text = output.decode(errors="replace")
    assert status == 0, text
    assert "Importing" in text and "5/5" in text
    assert "5 rows read: added 5, changed 0, left 0 unchanged, rejected 0" in text

"""``hub alerts import FILE``: the archive's import, on the command line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hub import db
from hub.alert_import import ImportReport, import_alerts
from hub.settings import Settings


@click.group()
def alerts() -> None:
    """The violation alerts archive."""


@alerts.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and count; write nothing.")
def import_file(file: Path, dry_run: bool) -> None:
    """Import alerts from FILE: CSV with a header row, or JSON Lines (docs/alerts-import.md).

    Exits with status 1 when any row was rejected (the others are imported).
    """
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    task = progress.add_task("Checking" if dry_run else "Importing", total=None)

    async def run() -> ImportReport:
        settings = Settings()
        await db.migrate(settings.database_url)
        async with db.connected(settings.database_url):
            with progress:
                return await import_alerts(
                    file,
                    dry_run=dry_run,
                    started=lambda total: progress.update(task, total=total),
                    advance=lambda done: progress.advance(task, done),
                )

    report = asyncio.run(run())
    for rejection in report.rejections:
        click.echo(f"line {rejection.line}: {rejection.key}: {rejection.reason}")
    written = report.written
    verb, changed = ("would add", "would change") if dry_run else ("added", "changed")
    click.echo(
        f"{report.rows} rows read: {verb} {written.added}, {changed} {written.changed},"
        f" left {written.unchanged} unchanged, rejected {len(report.rejections)}"
        + ("" if dry_run else f"; {written.links} links set, {written.case_rows} case rows")
    )
    if report.rejections:
        raise SystemExit(1)

"""``hub bench``: the dashboard reads under load, against PostGraphile and the floor.

The scenarios live in the repository's ``bench/`` folder, which is not an installed
package: run the command from the repository's root (``python -m bench`` does the same).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, cast

import click

if TYPE_CHECKING:
    from bench.databases import Backend

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hub_bench"


@click.command()
@click.option(
    "--database",
    "database",
    type=click.Choice(["sqlite", "postgres", "both"]),
    default="both",
    show_default=True,
    help="Which database to run on; PostGraphile runs on PostgreSQL only.",
)
@click.option(
    "--duration",
    type=click.FloatRange(min=1),
    default=10.0,
    show_default=True,
    help="Seconds measured per scenario.",
)
@click.option(
    "--warmup",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds of load before each scenario, not measured.",
)
@click.option(
    "--connections",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Concurrent connections of the load generator.",
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Measured runs of each dashboard read per server, alternating hub and PostGraphile.",
)
@click.option("--reseed", is_flag=True, help="Drop the bench databases and seed (and time) again.")
@click.option("--seed", default=1992, show_default=True, help="Seed of the generated network.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench/results"),
    show_default=True,
    help="Folder the markdown and JSON results are written to.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench/data"),
    show_default=True,
    help="Folder for the SQLite bench database, seeding records and server logs.",
)
@click.option(
    "--postgres-url",
    envvar="HUB_BENCH_POSTGRES_URL",
    default=DEFAULT_POSTGRES_URL,
    show_default=True,
    help="The PostgreSQL bench database (created if missing); also HUB_BENCH_POSTGRES_URL.",
)
@click.option(
    "--postgres-log",
    envvar="HUB_BENCH_POSTGRES_LOG",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PostgreSQL's log file, read to count SQL statements; by default the one the"
    " server names, or Debian's. Also HUB_BENCH_POSTGRES_LOG.",
)
def bench(
    database: str,
    duration: float,
    warmup: float,
    connections: int,
    rounds: int,
    reseed: bool,
    seed: int,
    out: Path,
    data_dir: Path,
    postgres_url: str,
    postgres_log: Path | None,
) -> None:
    """Benchmark the dashboard reads on SQLite and PostgreSQL, against PostGraphile and the floor.

    Run from the repository's root. Needs Node.js and npm (the load generator and
    PostGraphile are installed into bench/node_modules on first use) and, for PostgreSQL, a
    server that lets this user create databases.
    """
    _import_bench_package()
    from bench.load import LoadGeneratorMissing, LoadSettings
    from bench.results import to_markdown, write
    from bench.run import BenchOptions, run_bench
    from bench.seeding import SeedingFailed
    from bench.servers import ServerFailed
    from bench.statements import QueryFailed
    from bench.targets import NoTargets

    backends = cast(
        "tuple[Backend, ...]", ("sqlite", "postgres") if database == "both" else (database,)
    )
    options = BenchOptions(
        backends=backends,
        load=LoadSettings(connections=connections, duration=duration, warmup=warmup, rounds=rounds),
        reseed=reseed,
        seed=seed,
        out_dir=out,
        data_dir=data_dir,
        postgres_url=postgres_url,
        postgres_log=postgres_log,
    )
    # A bench stopped with SIGTERM still stops the servers it started (finally blocks run).
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        report = run_bench(options, click.echo)
    except (LoadGeneratorMissing, SeedingFailed, ServerFailed, QueryFailed, NoTargets) as failure:
        raise click.ClickException(str(failure)) from None
    markdown, json_file = write(report, out)
    click.echo("")
    click.echo(to_markdown(report))
    click.echo(f"Wrote {markdown} and {json_file}")


def _import_bench_package() -> None:
    for root in (Path.cwd(), Path(__file__).resolve().parent.parent):
        if (root / "bench" / "run.py").is_file():
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            return
    raise click.ClickException("run `hub bench` from the repository's root (bench/ not found)")


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)

"""The ``hub`` command: serve, migrate, seed, and export the schema."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click

from hub import db
from hub.settings import Settings

DEFAULT_SCHEMA_FILE = Path("schema.graphql")


@click.group()
def main() -> None:
    """The GraphQL hub of a free-expression network."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Serve the hub; an empty database is migrated and given the demo network first."""
    import uvicorn

    from hub.app import create_app

    settings = Settings()
    click.echo(f"GraphiQL at http://{host}:{port}/graphql  (database: {settings.database_url})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@main.command()
def migrate() -> None:
    """Bring the database up to the latest migration."""
    settings = Settings()
    asyncio.run(db.migrate(settings.database_url))
    click.echo(f"Migrated {settings.database_url}")


@main.command()
@click.option(
    "--scale",
    type=click.Choice(["demo", "large"]),
    default="demo",
    show_default=True,
    help="demo: the real facts and a small network; large: the benchmark-size network.",
)
@click.option("--seed", default=1992, show_default=True, help="Seed of the generated data.")
def seed(scale: str, seed: int) -> None:
    """Load the network into an empty, migrated database."""
    from fixtures import NetworkAlreadyLoaded, load_network

    async def run() -> dict[str, int]:
        settings = Settings()
        await db.migrate(settings.database_url)
        await db.open_database(settings.database_url)
        try:
            return await load_network(scale, seed=seed, progress=True)
        finally:
            await db.close_database()

    try:
        counts = asyncio.run(run())
    except NetworkAlreadyLoaded as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(json.dumps(counts, indent=2))


@main.group()
def schema() -> None:
    """The GraphQL schema."""


@schema.command("export")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_SCHEMA_FILE,
    show_default=True,
    help="File to write the monolith's SDL to.",
)
def export_schema(out: Path) -> None:
    """Write the schema's SDL."""
    from schema.monolith import build_schema

    out.write_text(build_schema(Settings()).as_str() + "\n", encoding="utf-8")
    click.echo(f"Wrote {out}")

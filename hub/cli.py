"""The ``hub`` command: serve, migrate, seed, and export the schema."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

import click
from tortoise.exceptions import ValidationError

from hub import db
from hub.services.access import (
    AccessError,
    RegisteredCredentials,
    create_staff_user,
    organisation_by_slug,
    register_client,
)
from hub.services.errors import WriteRefused
from hub.settings import Settings, SettingsRefused, read_settings

T = TypeVar("T")

DEFAULT_SCHEMA_FILE = Path("schema.graphql")
DEFAULT_ROUTING_URL = "http://127.0.0.1:8000/subgraphs/{name}/graphql"
"""Where ``hub serve`` serves each subgraph by default; ``{name}`` is the subgraph's name."""


@click.group()
def main() -> None:
    """The GraphQL hub of a free-expression network."""
    try:  # every command reads them: a mistake in them is said first, one line each
        read_settings()
    except SettingsRefused as refused:
        raise click.ClickException(f"The hub's settings are wrong:\n{refused}") from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--subgraph",
    help="Serve this subgraph alone at /graphql, for a federation gateway:"
    " network, campaigns, statements or alerts.",
)
def serve(host: str, port: int, subgraph: str | None) -> None:
    """Serve the hub; an empty database is migrated and given the demo network first."""
    import uvicorn

    from hub.app import create_app
    from hub.logs import configure_logging
    from hub.tracing import install_exporter
    from schema.subgraphs import SUBGRAPHS

    if subgraph is not None and subgraph not in SUBGRAPHS:
        raise click.BadParameter(
            f"'{subgraph}' is not a subgraph: choose one of {', '.join(SUBGRAPHS)}",
            param_hint="--subgraph",
        )
    settings = Settings()
    if "issuer" not in settings.model_fields_set:
        # tokens and the metadata name the address served, unless HUB_ISSUER says otherwise
        settings = settings.model_copy(update={"issuer": served_address(host, port)})
    try:
        db.check_database_file(settings.database_url)
    except db.DatabaseFileRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    served = f"the {subgraph} subgraph" if subgraph else "the monolith"
    click.echo(
        f"GraphiQL at http://{host}:{port}/graphql: {served}  (database: {settings.database_url})"
    )
    # the hub writes its own log lines (hub.logs), an access line per request included
    configure_logging(settings)
    if settings.tracing:
        install_exporter()
    with _mail_sink(settings):
        uvicorn.run(
            create_app(settings, subgraph),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            timeout_keep_alive=settings.keep_alive_seconds,
        )


def served_address(host: str, port: int) -> str:
    """The http:// address of ``hub serve --host H --port P``, as a client on this machine
    reaches it (all interfaces: loopback)."""
    if host in {"", "0.0.0.0", "::"}:
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextlib.contextmanager
def _mail_sink(settings: Settings) -> Iterator[None]:
    """The local SMTP sink of the embedded default, while the hub serves."""
    wanted = settings.env == "development" if settings.mail_sink is None else settings.mail_sink
    if not wanted:
        yield
        return
    from hub.mail.sink import MailSink

    sink = MailSink(Path(settings.mail_sink_dir), settings.smtp_host, settings.smtp_port)
    try:
        sink.start()
    except OSError as error:
        raise click.ClickException(
            f"The mail sink cannot listen on {settings.smtp_host}:{settings.smtp_port}"
            f" ({error}): set HUB_SMTP_PORT, or HUB_MAIL_SINK=false to use a real SMTP server"
        ) from None
    click.echo(
        f"Mail goes to a local sink at {settings.smtp_host}:{settings.smtp_port}"
        f", kept in {settings.mail_sink_dir}/"
    )
    try:
        yield
    finally:
        sink.stop()


@main.command()
def migrate() -> None:
    """Bring the database up to the latest migration."""
    settings = Settings()
    try:
        asyncio.run(db.migrate(settings.database_url))
    except db.DatabaseFileRefused as refusal:
        raise click.ClickException(str(refusal)) from None
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

    try:
        counts = run_with_database(lambda _settings: load_network(scale, seed=seed, progress=True))
    except NetworkAlreadyLoaded as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(json.dumps(counts, indent=2))


def run_with_database(work: Callable[[Settings], Awaitable[T]]) -> T:
    """Migrate, connect, run ``work``, disconnect; a refusal becomes a clear CLI error."""

    async def run() -> T:
        settings = Settings()
        await db.migrate(settings.database_url)
        async with db.connected(settings.database_url):
            return await work(settings)

    try:
        return asyncio.run(run())
    except db.DatabaseFileRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    except AccessError as refusal:
        raise click.ClickException(str(refusal)) from None
    except WriteRefused as refusal:
        raise click.ClickException(refusal.message) from None
    except ValidationError as invalid:  # a value longer than its column, say
        raise click.ClickException(_said(invalid)) from None


def _said(invalid: ValidationError) -> str:
    """Tortoise's words for a value a column refuses, without the value (it may be long)."""
    field, _, problem = str(invalid).partition(": ")
    too_long = re.fullmatch(r"Length of '.*' (\d+) > (\d+)", problem, re.DOTALL)
    if too_long:
        return f"The {field} is {too_long[1]} characters long: at most {too_long[2]}."
    return f"The {field} is refused: {problem[:200]}"


@main.group()
def partners() -> None:
    """Partner sites that embed widgets."""


@partners.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The site's name, as people know it.")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    required=True,
    help="e.g. https://news.example; repeatable.",
)
def add_partner(slug: str, name: str, origins: tuple[str, ...]) -> None:
    """Allow a site to embed widgets; its signatures are counted as its own."""
    from hub.services.partners import register_partner

    async def work(_settings: Settings) -> list[str]:
        return list((await register_partner(slug, name, list(origins))).origins)

    click.echo(json.dumps({"partner": slug, "origins": run_with_database(work)}))


@partners.command("list")
def list_partners() -> None:
    """Every partner and the origins it embeds from, as JSON."""
    from hub.models import Partner

    async def work(_settings: Settings) -> list[dict[str, object]]:
        return list(await Partner.all().values("slug", "name", "origins"))

    click.echo(json.dumps(run_with_database(work), indent=2, ensure_ascii=False))


@main.group()
def clients() -> None:
    """OAuth clients of member organisations."""


@clients.command("create")
@click.option("--org", "organisation", required=True, help="Slug of the organisation it acts for.")
@click.option("--scopes", required=True, help='Space-separated, e.g. "statements:sign".')
@click.option("--redirect-uri", "redirect_uris", multiple=True, help="For dashboards; repeatable.")
@click.option("--name", default="API client", show_default=True, help="Shown on the consent page.")
@click.option("--public", is_flag=True, help="A browser client without a secret (PKCE only).")
def create_client(
    organisation: str, scopes: str, redirect_uris: tuple[str, ...], name: str, public: bool
) -> None:
    """Register a client; prints its client_id and client_secret as JSON."""

    async def work(settings: Settings) -> RegisteredCredentials:
        owner = await organisation_by_slug(organisation)
        return await register_client(owner, name, scopes, list(redirect_uris), settings, public)

    made = run_with_database(work)
    click.echo(json.dumps({"client_id": made.client_id, "client_secret": made.client_secret}))


@main.group()
def users() -> None:
    """Staff users who sign in for their organisation."""


@users.command("create")
@click.option("--org", "organisation", required=True, help="Slug of their organisation.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_user(organisation: str, email: str, name: str, password: str) -> None:
    """Add a staff user to a member organisation."""

    async def work(_settings: Settings) -> int:
        owner = await organisation_by_slug(organisation)
        return (await create_staff_user(owner, email, name, password)).id

    click.echo(json.dumps({"user_id": run_with_database(work), "email": email.strip().lower()}))


@main.group()
def keys() -> None:
    """The keys that sign access tokens."""


@keys.command("rotate")
def rotate_keys() -> None:
    """Sign with a new key from now on; the old one verifies its tokens until they expire."""
    from auth.keys import create_signing_key

    async def work(_settings: Settings) -> str:
        return (await create_signing_key()).kid

    click.echo(json.dumps({"kid": run_with_database(work)}))


@main.group()
def operations() -> None:
    """Registered GraphQL operations: in safelist mode, the only ones the hub runs."""


@operations.command("register")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def register_operations(files: tuple[Path, ...]) -> None:
    """Register the operations of GraphQL files (each file one document, as clients send
    it) or of Apollo persisted query manifests (files named *.json); prints each one's
    SHA-256. Every file is checked first, against the hub's schema too: if one holds no
    operation, or one the schema refuses, none is registered."""
    from hub.services.operations import read_files, register
    from schema.monolith import graphql_schema

    async def work(settings: Settings) -> list[dict[str, str | None]]:
        made = await register(read_files(files), graphql_schema(settings))
        return [{"sha256": r.sha256, "name": r.name} for r in made]

    click.echo(json.dumps(run_with_database(work), indent=2))


@main.group()
def schema() -> None:
    """The GraphQL schema."""


@schema.command("export")
@click.option(
    "--out",
    type=click.Path(),
    default=DEFAULT_SCHEMA_FILE,
    show_default=True,
    help="A .graphql file: the monolith's SDL. A folder: every subgraph's SDL, the"
    " monolith's, supergraph configurations for rover and mesh-compose, and Hive"
    " Gateway's gateway.config.ts with the hub's limits.",
)
@click.option(
    "--routing-url",
    default=DEFAULT_ROUTING_URL,
    show_default=True,
    help="Where the gateway reaches each subgraph; {name} is the subgraph's name.",
)
def export_schema(out: str, routing_url: str) -> None:
    """Write the schema's SDL: the monolith's, or every subgraph's for federation."""
    from schema.export import export, monolith_sdl

    if not out.strip():
        raise click.BadParameter("is empty: give a .graphql file or a folder", param_hint="--out")
    target = Path(out)
    try:
        if target.suffix.lower() in {".graphql", ".gql"}:
            target.write_text(monolith_sdl(Settings()), encoding="utf-8")
            click.echo(f"Wrote {target}")
            return
        if "{name}" not in routing_url:  # a gateway reaches each subgraph at its own address
            raise click.BadParameter("must contain {name}", param_hint="--routing-url")
        for path in export(target, routing_url, Settings()):
            click.echo(f"Wrote {path}")
    except OSError as error:
        raise click.ClickException(
            f"Cannot write {error.filename or out}: {error.strerror}"
        ) from None


@main.group(invoke_without_command=True)
@click.option("--waiting", is_flag=True, help="Only what waits to be sent or failed.")
@click.pass_context
def outbox(context: click.Context, waiting: bool) -> None:
    """The mail the hub sent and the mail that waits, as JSON (no addresses: the outbox
    holds none in the clear)."""
    if context.invoked_subcommand is not None:
        return
    from hub.mail.listing import outbox_listing

    rows = run_with_database(lambda _settings: outbox_listing(waiting))
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False))


@outbox.command("send")
def send_outbox() -> None:
    """Send what is due now, once (a running hub sends it by itself)."""
    from hub.mail.sender import send_due

    done = run_with_database(send_due)
    click.echo(json.dumps({"sent": done.sent, "retried": done.retried, "failed": done.failed}))


@main.group()
def organisations() -> None:
    """Member organisations' keys: the signers of their petitions are sealed to them."""


@organisations.command("keygen")
@click.argument("slug")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the private key (default: SLUG.key). Never overwritten.",
)
def keygen(slug: str, out: Path | None) -> None:
    """Make a key pair: the hub keeps the public key, and seals new signers of the
    organisation's petitions to it; the private key is written to a file for the
    organisation to keep (the hub keeps no copy: lost, it opens nothing again)."""
    from hub.services.sealing import register_key

    path = out or Path(f"{slug}.key")

    async def work(_settings: Settings) -> tuple[str, str]:
        key, private = await register_key(slug)
        return key.public_key, private

    # the file is made first: a key is registered only where its private half can be kept
    with _new_file(path) as file:
        public, private = run_with_database(work)
        file.write(private + "\n")
    click.echo(json.dumps({"organisation": slug, "public_key": public, "private_key": str(path)}))


@main.group()
def petitions() -> None:
    """Petitions' signers: export them, clean up the unconfirmed."""


@petitions.command("export")
@click.argument("slug")
@click.option(
    "--key",
    "key_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The organisation's private key, as hub organisations keygen wrote it.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="A CSV file (default: stdout)."
)
def export_petition(slug: str, key_file: Path, out: Path | None) -> None:
    """The confirmed signers who agree to be contacted, as CSV, opened with the key
    (audited)."""
    from hub.services.signer_export import export_signers

    key = key_file.read_text(encoding="ascii", errors="replace")
    if out is None:
        made = run_with_database(lambda _settings: export_signers(slug, key))
        click.echo(made.csv(), nl=False)
    else:
        # written beside its place first: an export is audited only once it can be kept,
        # and a file already there stays as it was until the export is whole
        with _replacing(out) as file:
            made = run_with_database(lambda _settings: export_signers(slug, key))
            file.write(made.csv())
    click.echo(f"{len(made.rows)} signers exported", err=True)
    if made.sealed_to_other_keys:
        click.echo(
            f"{made.sealed_to_other_keys} more are sealed to another of the organisation's"
            " keys: export with that one too",
            err=True,
        )


@contextlib.contextmanager
def _new_file(path: Path) -> Iterator[IO[str]]:
    """A new file at ``path``, the owner's alone (never one already there), removed again if
    the block fails; a clear error at once if it cannot be made."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise click.ClickException(f"{path} exists: choose another --out") from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}") from None
    try:
        with open(descriptor, "w", encoding="utf-8") as file:
            yield file
    except BaseException:
        path.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[IO[str]]:
    """A file that takes ``path``'s place once the block ends without an error; a clear
    error at once if it cannot be written there."""
    if path.is_dir():
        raise click.ClickException(f"{path} is a folder: name a file with --out")
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}") from None
    try:
        with open(descriptor, "w", encoding="utf-8") as file:
            yield file
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


@petitions.command("cleanup")
def cleanup_petitions() -> None:
    """Remove the signatures never confirmed in time (HUB_PENDING_SIGNATURE_HOURS)."""
    from hub.services.signer_links import delete_expired_pending

    def work(settings: Settings) -> Awaitable[int]:
        return delete_expired_pending(datetime.timedelta(hours=settings.pending_signature_hours))

    click.echo(json.dumps({"removed": run_with_database(work)}))


@main.group()
def newsletters() -> None:
    """The newsletters' digests."""


@newsletters.command("send")
def send_newsletters() -> None:
    """Build every confirmed subscription's digest of what came since its last one, hand
    them to the outbox, and send the outbox (a running hub does both on its schedule)."""
    from hub.mail.sender import send_due
    from hub.newsletters.digests import send_digests

    async def work(settings: Settings) -> dict[str, int]:
        run = await send_digests(settings)
        done = await send_due(settings)
        return {"digests": run.digests, "items": run.items, "sent": done.sent}

    click.echo(json.dumps(run_with_database(work)))


# The authorization server's housekeeping: expired rows, and disabling a client.


@main.command()
def cleanup() -> None:
    """Delete expired authorization codes, refresh tokens, revocations and Idempotency-Key
    answers (a running hub also does it every HUB_CLEANUP_INTERVAL_SECONDS); prints counts."""
    from hub.services.cleanup import delete_expired

    async def work(settings: Settings) -> dict[str, int]:
        return (await delete_expired(settings)).as_dict()

    click.echo(json.dumps(run_with_database(work)))


@clients.command("disable")
@click.argument("client_id")
def disable_client(client_id: str) -> None:
    """Disable a client: it gets no more tokens and every token it holds is revoked."""
    from hub.services.access import disable_client as disable

    async def work(settings: Settings) -> dict[str, object]:
        done = await disable(client_id, settings)
        return {
            "client_id": done.client_id,
            "refresh_tokens_revoked": done.refresh_tokens_revoked,
            "access_tokens_revoked": done.access_tokens_revoked,
            "already_disabled": done.already_disabled,
        }

    click.echo(json.dumps(run_with_database(work)))


# GraphiQL, served by the hub from npm packages installed here (hub.graphiql)
@main.group()
def graphiql() -> None:
    """GraphiQL, the in-browser editor at /graphql."""


@graphiql.command("install")
def install_graphiql() -> None:
    """Install GraphiQL's npm packages (npm ci), so that the hub serves it offline."""
    from hub import graphiql as assets

    try:
        assets.install()
    except (RuntimeError, subprocess.CalledProcessError) as failed:
        raise click.ClickException(str(failed)) from None
    click.echo(f"GraphiQL is installed in {assets.NODE_MODULES}")


from hub.bench import bench  # noqa: E402  (the benchmark command lives in its own module)

main.add_command(bench)

from hub.ledger.cli import ledger, verify  # noqa: E402  (the ledgers' commands, their own module)

main.add_command(verify)
main.add_command(ledger)
from hub.alert_import.cli import alerts  # noqa: E402  (the archive's import, in its own module)

main.add_command(alerts)

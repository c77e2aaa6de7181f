"""``hub verify`` and ``hub ledger``: checking lists, and chaining what came before them."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from hub import db
from hub.ledger.chain import PETITION, STATEMENT
from hub.ledger.history import chain_existing
from hub.ledger.keys import use_key
from hub.ledger.published import Unreadable, verify_published
from hub.ledger.reading import verify_in_database
from hub.ledger.verify import Verdict
from hub.settings import Settings

T = TypeVar("T")


def _with_database(work: Callable[[Settings], Awaitable[T]]) -> T:
    """Migrate, connect, sign with the settings' key, run ``work``, disconnect."""

    async def run() -> T:
        settings = Settings()
        use_key(settings)
        await db.migrate(settings.database_url)
        async with db.connected(settings.database_url):
            return await work(settings)

    return asyncio.run(run())


@click.group()
def verify() -> None:
    """Check that no signature was removed from a list, or inserted, after the fact."""


def _earlier(text: str | None) -> tuple[int, str] | None:
    if text is None:
        return None
    count, _, head = text.partition(":")
    if not count.isdigit() or len(head) != 64:
        raise click.BadParameter("COUNT:HASH, as a head published earlier", param_hint="--earlier")
    return int(count), head.lower()


def _check(
    list_kind: str, slug: str, source: str | None, key: str | None, earlier: str | None
) -> None:
    if source is not None:
        url = source
        if "/ledger/" not in url:
            url = f"{source.rstrip('/')}/ledger/{list_kind}s/{slug}"
        try:
            verdict = verify_published(url, key, _earlier(earlier))
        except Unreadable as problem:
            raise click.ClickException(str(problem)) from None
    else:
        verdict = _from_database(list_kind, slug)
    click.echo(json.dumps(verdict.report(), indent=2, ensure_ascii=False))
    if not verdict.holds:
        sys.exit(1)


def _from_database(list_kind: str, slug: str) -> Verdict:
    async def work(settings: Settings) -> Verdict | None:
        return await verify_in_database(list_kind, slug, use_key(settings).public)

    verdict = _with_database(work)
    if verdict is None:
        raise click.ClickException(f"No {list_kind} is called '{slug}'.")
    return verdict


_FROM = click.option(
    "--from",
    "source",
    metavar="URL",
    help="Check the published entries at this URL (the hub's address, or the list's own)"
    " instead of the database.",
)
_KEY = click.option(
    "--public-key",
    "key",
    metavar="BASE64",
    help="The hub's Ed25519 public key; by default the one the list links to.",
)
_EARLIER = click.option(
    "--earlier",
    metavar="COUNT:HASH",
    help="A head published earlier: the list must still begin with the entries it covered.",
)


@verify.command("petition")
@click.argument("slug")
@_FROM
@_KEY
@_EARLIER
def verify_petition(slug: str, source: str | None, key: str | None, earlier: str | None) -> None:
    """Check a petition's list of counted signatures."""
    _check(PETITION, slug, source, key, earlier)


@verify.command("statement")
@click.argument("slug")
@_FROM
@_KEY
@_EARLIER
def verify_statement(slug: str, source: str | None, key: str | None, earlier: str | None) -> None:
    """Check a joint statement's list of co-signatures and withdrawals."""
    _check(STATEMENT, slug, source, key, earlier)


@click.group()
def ledger() -> None:
    """The signature lists' ledgers."""


@ledger.command("chain-existing")
def chain_existing_lists() -> None:
    """Chain the signatures of every list that has no entries yet (once, after upgrading)."""

    async def work(_settings: Settings) -> dict[str, int]:
        async with db.transaction() as connection:
            return await chain_existing(connection)

    click.echo(json.dumps({"chained": _with_database(work)}))

"""What expired is deleted, at its own moment: each kind of row just past its time goes, one
exactly at it or short of it stays; and the running hub's cleanup goes on through failures."""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import AsyncIterator

import pytest

from auth.tokens import CLOCK_SKEW_SECONDS
from hub import clock, db
from hub.db import DatabaseUnavailable
from hub.services import cleanup
from hub.settings import Settings
from tests.auth.network import AuthNetwork, build_auth_network
from tests.hub.expiring import EXPIRING, expiring_row

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
KEPT_FOR = datetime.timedelta(seconds=600)
"""How long the settings below keep an Idempotency-Key's answer."""


@pytest.fixture
async def network(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AuthNetwork]:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    async with db.connected(database_url):
        built = AuthNetwork()
        await build_auth_network(built)
        yield built


async def rows_around(network: AuthNetwork, kind: str, moment: datetime.datetime) -> None:
    """Three rows of ``kind`` whose time is a second before ``moment``, at it, and after."""
    for n, at in enumerate((moment - SECOND, moment, moment + SECOND)):
        await expiring_row(network, kind, n, at)


async def remaining(kind: str) -> list[datetime.datetime]:
    """The times of the rows of ``kind`` left, in order."""
    model, moment = EXPIRING[kind]
    return [getattr(row, moment) for row in await model.all().order_by(moment)]


@pytest.mark.parametrize(
    ("kind", "moment"),
    [
        # a used code outlives its expiry by a day, so that a replay still revokes
        ("authorization_codes", NOW - cleanup.CODES_KEPT_AFTER_EXPIRY),
        ("refresh_tokens", NOW),
        # a revocation outlives its token by the clock skew the token is still accepted within
        ("revoked_access_tokens", NOW - datetime.timedelta(seconds=CLOCK_SKEW_SECONDS)),
        ("idempotency_records", NOW - KEPT_FOR),
    ],
)
async def test_what_is_past_its_time_is_deleted_and_counted(
    network: AuthNetwork, kind: str, moment: datetime.datetime
) -> None:
    # given rows of one kind a second before the moment it expires, at it, and after it
    await rows_around(network, kind, moment)
    settings = Settings(idempotency_key_seconds=int(KEPT_FOR.total_seconds()))

    # when what expired is deleted
    deleted = await cleanup.delete_expired(settings)

    # then the first goes, alone, counted under its kind
    assert deleted.as_dict() == {other: int(other == kind) for other in deleted.as_dict()}
    assert await remaining(kind) == [moment, moment + SECOND]


async def test_the_running_hub_cleans_up_again_after_a_failure(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # given a cleanup that finds the database gone, then fails, then deletes
    outcomes: list[BaseException | cleanup.Deleted] = [
        DatabaseUnavailable("the database went away"),
        RuntimeError("a bug"),
        cleanup.Deleted(1, 2, 3, 4),
    ]
    slept: list[float] = []
    given: list[Settings] = []
    pause = asyncio.sleep
    done = asyncio.Event()

    async def delete_expired(settings: Settings) -> cleanup.Deleted:
        given.append(settings)
        if not outcomes:
            done.set()
            await asyncio.Event().wait()  # the fourth round waits until the hub stops
        outcome = outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await pause(0)

    monkeypatch.setattr(cleanup, "delete_expired", delete_expired)
    monkeypatch.setattr(cleanup.asyncio, "sleep", sleep)

    # when the running hub's cleanup goes round three times
    settings = Settings(cleanup_interval_seconds=90.0)
    with caplog.at_level(logging.INFO, logger=cleanup.__name__):
        running = asyncio.create_task(cleanup.clean_periodically(settings))
        await asyncio.wait_for(done.wait(), timeout=30)
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running

    # then it waited its interval before each round, deleted by the hub's settings, and
    # said what each round did
    assert slept == [90.0] * 4
    assert given == [settings] * 4
    said = [(r.levelno, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert said == [
        (
            logging.WARNING,
            "Cleanup skipped: the database is unavailable; it runs again later",
            False,
        ),
        (logging.ERROR, "Cleanup failed; it runs again later", True),
        (
            logging.INFO,
            "Cleanup deleted expired rows: {'authorization_codes': 1, 'refresh_tokens': 2,"
            " 'revoked_access_tokens': 3, 'idempotency_records': 4}",
            False,
        ),
    ]

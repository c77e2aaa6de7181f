"""Partners and their origins: what a site embedding widgets must give, and what is kept."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from hub import db
from hub.models import Partner
from hub.services.errors import Refusal, WriteRefused
from hub.services.partners import check_origin, register_partner
from tests.databases import BACKEND

NAME_REFUSED = "A partner's name has 1 to 128 printable characters."


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[None]:
    async with db.connected(database_url):
        yield


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://news.example", "https://news.example"),
        ("https://News.Example/", "https://news.example"),
        ("  http://localhost:8080 ", "http://localhost:8080"),
        ("https://the-wire.example:8443", "https://the-wire.example:8443"),
        ("https://ünï.example", "https://xn--n-nga1b.example"),
        ("https://Журнал.example:8080", "https://xn--80alqgor.example:8080"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_an_origin_is_kept_as_browsers_send_it(given: str, kept: str) -> None:
    assert check_origin(given) == kept


@pytest.mark.parametrize(
    "given",
    [
        "news.example",  # no scheme
        "ftp://news.example",
        "https://",
        "https://news.example/page",
        "https://news.example?from=widget",
        "https://news.example#top",
        "https://editor@news.example",
        "https://news.example:99999",
        "https://[broken",
        f"https://{'a' * 64}.example",  # a label longer than DNS allows
    ],
)
def test_what_is_not_an_origin_is_refused_in_words(given: str) -> None:
    with pytest.raises(WriteRefused) as refused:
        check_origin(given)
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "origins")
    assert refused.value.message == (
        f"'{given}' is not a web origin: give scheme and host (and port), like https://news.example"
    )


async def test_a_partner_keeps_each_origin_once_in_the_order_given(database: None) -> None:
    partner = await register_partner(
        "the-wire",
        "  The Wire ",
        ["https://The-Wire.example/", "https://the-wire.example:8443", "https://the-wire.example"],
    )
    stored = await Partner.get(slug="the-wire")
    assert (stored.id, stored.name, stored.origins) == (
        partner.id,
        "The Wire",
        ["https://the-wire.example", "https://the-wire.example:8443"],
    )


@pytest.mark.parametrize(
    ("slug", "name", "origins", "field", "says"),
    [
        ("Not A Slug", "N", ["https://n.example"], "slug", "'Not A Slug' is not a slug"),
        ("news", "  ", ["https://n.example"], "name", NAME_REFUSED),
        ("news", "The\x1b[31mWire", ["https://n.example"], "name", NAME_REFUSED),
        ("news", "W" * 129, ["https://n.example"], "name", NAME_REFUSED),
        ("news", "N", [], "origins", "A partner embeds from at least one origin."),
        ("news", "N", ["https://n.example", "n.example"], "origins", "'n.example' is not"),
    ],
    ids=["slug", "blank-name", "control-name", "long-name", "no-origin", "one-bad-origin"],
)
async def test_a_bad_partner_is_refused_and_nothing_is_kept(
    database: None, slug: str, name: str, origins: list[str], field: str, says: str
) -> None:
    with pytest.raises(WriteRefused) as refused:
        await register_partner(slug, name, origins)
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, field)
    assert refused.value.message.startswith(says)
    assert await Partner.all().count() == 0


async def test_a_taken_slug_is_a_conflict(database: None) -> None:
    await register_partner("news", "News", ["https://news.example"])
    with pytest.raises(WriteRefused) as refused:
        await register_partner("news", "Other News", ["https://other.example"])
    assert (refused.value.code, refused.value.field, refused.value.message) == (
        Refusal.CONFLICT,
        "slug",
        "The slug 'news' is taken.",
    )
    assert [p.name for p in await Partner.all()] == ["News"]


async def test_a_slug_is_at_most_64_characters(database: None) -> None:
    longest = "p" * 64
    assert (await register_partner(longest, "P", ["https://p.example"])).slug == longest
    with pytest.raises(WriteRefused) as refused:
        await register_partner(longest + "p", "P", ["https://p.example"])
    assert refused.value.field == "slug"
    assert "up to 64 lower-case letters" in refused.value.message


async def test_an_origin_belongs_to_one_partner(database: None) -> None:
    # given a partner embedding from two origins
    await register_partner("news", "News", ["https://news.example", "https://news.example:8443"])

    # when another partner claims one of them, as written or as browsers send it
    for claimed in ("https://news.example:8443", "https://NEWS.example/"):
        with pytest.raises(WriteRefused) as refused:
            await register_partner("other", "Other", ["https://other.example", claimed])

        # then it is refused, naming the origin and its partner, and nothing is kept
        assert (refused.value.code, refused.value.field) == (Refusal.CONFLICT, "origins")
        assert refused.value.message == (
            f"'{check_origin(claimed)}' is already an origin of the partner 'news'."
        )
    assert [p.slug for p in await Partner.all()] == ["news"]
    assert (await register_partner("other", "Other", ["https://other.example"])).slug == "other"


@pytest.mark.skipif(BACKEND != "postgres", reason="SQLite writes one transaction at a time")
async def test_an_origin_claimed_while_another_partner_takes_it_is_refused(
    database: None, database_url: str
) -> None:
    # given another process registering a partner with an origin, not yet committed
    other = await asyncpg.connect(database_url)
    try:
        async with other.transaction():
            await other.execute(
                "INSERT INTO partner (slug, name, origins, created_at)"
                """ VALUES ('first', 'First', '["https://news.example"]', now())"""
            )
            # when a second partner claims the same origin meanwhile
            claiming = asyncio.create_task(
                register_partner("second", "Second", ["https://news.example"])
            )
            await asyncio.sleep(0.5)  # it waits for the first to commit (if it came in time)
        with pytest.raises(WriteRefused) as refused:
            await claiming
    finally:
        await other.close()

    # then it saw the first once committed, and was refused: one partner holds the origin
    assert refused.value.message == (
        "'https://news.example' is already an origin of the partner 'first'."
    )
    assert [p.slug for p in await Partner.all()] == ["first"]

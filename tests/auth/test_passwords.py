"""Staff passwords and client secrets, in-process: hashed with argon2id, verified (a malformed
hash matches nothing), in a pool of the size the settings give, whose threads say what they are
(tests/auth/test_hashing.py floods a hub with wrong secrets)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from auth import passwords


@pytest.fixture(autouse=True)
def as_the_hub_hashes(hub_argon2: None) -> None:
    """The hub's own argon2 parameters (the other tests hash at the cheapest)."""


@pytest.fixture
def pool_restored() -> Iterator[None]:
    size = passwords._pool_size
    yield
    passwords.limit_hashing(size)


async def test_a_secret_is_hashed_with_argon2id_and_verified() -> None:
    secret_hash = await passwords.hash_secret("correct horse")

    # argon2id, 64 MiB, three passes, four lanes; a 16-byte salt and a 32-byte hash
    assert secret_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    salt, digest = secret_hash.split("$")[-2:]
    assert (len(salt), len(digest)) == (22, 43)  # their base64, unpadded
    assert await passwords.hash_secret("correct horse") != secret_hash  # salted
    assert await passwords.verify_secret(secret_hash, "correct horse") is True
    assert await passwords.verify_secret(secret_hash, "correct hors") is False
    assert await passwords.verify_secret(secret_hash, "") is False


async def test_a_malformed_hash_matches_nothing_and_raises_nothing() -> None:
    for malformed in ("", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$broken"):
        assert await passwords.verify_secret(malformed, "anything") is False
        assert await asyncio.to_thread(passwords.verify_secret_in_thread, malformed, "x") is False


async def test_a_worker_thread_verifies_through_the_pool_and_waits_for_its_answer() -> None:
    secret_hash = await passwords.hash_secret("s3cret")

    def in_a_worker(secret: str) -> bool:
        return passwords.verify_secret_in_thread(secret_hash, secret)

    assert await asyncio.to_thread(in_a_worker, "s3cret") is True
    assert await asyncio.to_thread(in_a_worker, "S3cret") is False


async def test_hashes_run_in_the_pools_named_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: set[str] = set()
    hash_ = PasswordHasher.hash
    verify = PasswordHasher.verify

    def hash_noting(self: PasswordHasher, secret: str | bytes) -> str:
        threads.add(threading.current_thread().name)
        return hash_(self, secret)

    def verify_noting(self: PasswordHasher, secret_hash: str, secret: str) -> bool:
        threads.add(threading.current_thread().name)
        return verify(self, secret_hash, secret)

    monkeypatch.setattr(PasswordHasher, "hash", hash_noting)
    monkeypatch.setattr(PasswordHasher, "verify", verify_noting)

    secret_hash = await passwords.hash_secret("x")
    await passwords.verify_secret(secret_hash, "x")
    await asyncio.to_thread(passwords.verify_secret_in_thread, secret_hash, "y")

    assert threads and all(name.startswith("argon2_") for name in threads), threads


def test_the_pool_has_the_size_asked_for(pool_restored: None) -> None:
    passwords.limit_hashing(1)
    assert passwords._pool._max_workers == passwords._pool_size == 1

    passwords.limit_hashing(3)
    assert passwords._pool._max_workers == passwords._pool_size == 3
    three = passwords._pool

    # asked again for the same size, the pool is kept
    passwords.limit_hashing(3)
    assert passwords._pool is three


async def test_hashes_queued_before_a_resize_finish(pool_restored: None) -> None:
    # given hashes queued on a pool of one
    passwords.limit_hashing(1)
    queued = [asyncio.ensure_future(passwords.hash_secret(f"s{n}")) for n in range(3)]
    await asyncio.sleep(0)

    # when the pool is resized under them
    passwords.limit_hashing(2)

    # then each still finishes, and verifies
    for n, secret_hash in enumerate(await asyncio.gather(*queued)):
        assert await passwords.verify_secret(secret_hash, f"s{n}")


@pytest.mark.parametrize("size", [0, -1])
def test_a_pool_of_no_threads_is_refused(size: int, pool_restored: None) -> None:
    before = passwords._pool

    with pytest.raises(ValueError) as refused:
        passwords.limit_hashing(size)

    assert str(refused.value) == "at least one hash must be computed at a time"
    assert passwords._pool is before


async def test_nobodys_hash_is_a_real_hash_that_no_secret_given_matches() -> None:
    assert passwords.NOBODYS_HASH.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert await passwords.verify_secret(passwords.NOBODYS_HASH, "") is False
    assert await passwords.verify_secret(passwords.NOBODYS_HASH, "x") is False

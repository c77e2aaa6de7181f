"""Staff passwords and client secrets, hashed with argon2id, off the event loop.

An argon2 hash costs tens of milliseconds of CPU and 64 MiB of memory. Computed on the
event loop, 50 wrong client secrets sent at once would stall every other request; computed
in as many threads, they would take 3 GiB. So every hash and verification runs in one
small pool per process (``HUB_MAX_CONCURRENT_HASHES`` threads; argon2-cffi releases the GIL
while it works), and the requests beyond it wait their turn, holding no memory.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

PARAMETERS = profiles.RFC_9106_LOW_MEMORY
"""argon2id as RFC 9106 recommends where memory is scarce: 64 MiB, three passes, four lanes."""

_hasher = PasswordHasher.from_parameters(PARAMETERS)
_pool_lock = threading.Lock()
_pool_size = 2
_pool = ThreadPoolExecutor(max_workers=_pool_size, thread_name_prefix="argon2")


def limit_hashing(max_concurrent: int) -> None:
    """At most ``max_concurrent`` hashes at once in this process from now on."""
    global _pool, _pool_size
    if max_concurrent < 1:
        raise ValueError("at least one hash must be computed at a time")
    with _pool_lock:
        if _pool_size != max_concurrent:
            # hashes already queued on the old pool finish there
            _pool.shutdown(wait=False)
            _pool = ThreadPoolExecutor(max_workers=max_concurrent, thread_name_prefix="argon2")
            _pool_size = max_concurrent


def _hash(secret: str) -> str:
    return _hasher.hash(secret)


def _verify(secret_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


async def hash_secret(secret: str) -> str:
    """The argon2id hash of ``secret``, computed in the pool."""
    return await asyncio.wrap_future(_pool.submit(_hash, secret))


async def verify_secret(secret_hash: str, secret: str) -> bool:
    """Whether ``secret`` matches; a malformed hash matches nothing. Computed in the pool."""
    return await asyncio.wrap_future(_pool.submit(_verify, secret_hash, secret))


def verify_secret_in_thread(secret_hash: str, secret: str) -> bool:
    """``verify_secret`` for a worker thread (Authlib's): it waits for the pool's answer."""
    return _pool.submit(_verify, secret_hash, secret).result()


NOBODYS_HASH = _hasher.hash("a secret nobody has")
"""Verified against when there is no one to check (an unknown client, an unknown e-mail
address, a public client offering a secret), so that every refusal costs one verification
and takes as long as any other."""

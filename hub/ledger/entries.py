"""Entries and heads as they are hashed and signed: the rules a verifier needs, and no more.

An entry is hashed as the SHA-256 of the previous entry's hash (32 bytes; 32 zero bytes
before the first) followed by the entry's canonical JSON: its fields ``list``, ``seq``,
``entry``, ``kind``, ``at``, ``country`` and ``partner``, keys sorted, no spaces, UTF-8 (for
these values, the same bytes as RFC 8785's canonical form). A head is signed as the text
``hub-ledger/v1``, the list, the count, the last hash and the signing time, one per line,
each line ending in a newline.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from strawberry.relay import GlobalID

GENESIS = "0" * 64
"""The hash before a list's first entry, and the head of an empty list."""
CHECKPOINT = "hub-ledger/v1"


class Kind:
    """What an entry records."""

    SIGNATURE = "signature"
    """A person's signature on a petition, now counted."""
    CO_SIGNATURE = "co-signature"
    """An organisation's signature on a joint statement."""
    WITHDRAWAL = "withdrawal"
    """An organisation withdrawing its co-signature (the entry id of the co-signature)."""
    ERASURE = "erasure"
    """A person removing their counted signature from a petition (the entry id of the
    signature it removes)."""


def list_name(list_kind: str, list_id: int) -> str:
    """The list as entries and heads name it: the global ID of its petition or statement."""
    return str(GlobalID(list_kind.capitalize(), str(list_id)))


def moment(value: datetime.datetime) -> str:
    """A time as entries hold it: UTC, to the second."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_entry_id() -> str:
    """A signature's entry id: random, so that it tells nothing of the signer."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Entry:
    """One entry, as published."""

    seq: int
    entry: str
    kind: str
    at: str
    country: str | None
    partner: str | None
    hash: str

    def public(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "entry": self.entry,
            "kind": self.kind,
            "at": self.at,
            "country": self.country,
            "partner": self.partner,
            "hash": self.hash,
        }

    @classmethod
    def from_public(cls, data: dict[str, Any]) -> Entry:
        return cls(
            seq=int(data["seq"]),
            entry=str(data["entry"]),
            kind=str(data["kind"]),
            at=str(data["at"]),
            country=data.get("country"),
            partner=data.get("partner"),
            hash=str(data["hash"]),
        )


def entry_bytes(
    name: str,
    seq: int,
    entry: str,
    kind: str,
    at: str,
    country: str | None,
    partner: str | None,
) -> bytes:
    """The entry's canonical JSON."""
    fields = {
        "list": name,
        "seq": seq,
        "entry": entry,
        "kind": kind,
        "at": at,
        "country": country,
        "partner": partner,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chained(previous: str, name: str, entry: Entry) -> str:
    """The entry's hash, given the previous one (hex)."""
    data = entry_bytes(
        name, entry.seq, entry.entry, entry.kind, entry.at, entry.country, entry.partner
    )
    return hashlib.sha256(bytes.fromhex(previous) + data).hexdigest()


def checkpoint(name: str, count: int, head: str, signed_at: str) -> bytes:
    """The text a head's signature is over."""
    return f"{CHECKPOINT}\n{name}\n{count}\n{head}\n{signed_at}\n".encode()

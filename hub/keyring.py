"""The hub's own keys for signers' data: address hashes, the outbox's seal, links in mails.

Each key (``HUB_SIGNER_KEYS``: id → 32 random bytes in hex) gives three subkeys, one per
use, so that a hash never doubles as a seal or a link. The key named by
``HUB_SIGNER_KEY`` makes everything new; every listed key still finds what it hashed and
opens what it sealed, which is how a key is rotated. Without keys in the settings (the
embedded default) the hub makes one, ``db``, in its own database: good enough on a
developer's machine, where the database and its key sit on the same disk anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from tortoise.exceptions import IntegrityError

from hub.models import HubSecret
from hub.settings import Settings

DATABASE_KEY_ID = "db"
_DATABASE_KEY_NAME = "signer-key"


class UnknownKey(Exception):
    """Something was made with a key the hub no longer has."""


@dataclass(frozen=True)
class Keyring:
    """The signer keys one hub process holds; ``current`` makes everything new."""

    keys: dict[str, bytes]
    current: str

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError(f"HUB_SIGNER_KEY names '{self.current}', which is not a key")

    @classmethod
    def from_secrets(cls, secrets_by_id: dict[str, str], current: str | None) -> Keyring:
        keys = {}
        for key_id, secret in secrets_by_id.items():
            try:
                key = bytes.fromhex(secret)
            except ValueError:
                raise ValueError(f"The signer key '{key_id}' is not hex") from None
            if len(key) != 32:
                raise ValueError(f"The signer key '{key_id}' is not 32 bytes (64 hex digits)")
            keys[key_id] = key
        if current is None:
            if len(keys) != 1:
                raise ValueError("HUB_SIGNER_KEY must name the current one of several keys")
            current = next(iter(keys))
        return cls(keys, current)

    def _subkey(self, key_id: str, use: str) -> bytes:
        key = self.keys.get(key_id)
        if key is None:
            raise UnknownKey(f"The signer key '{key_id}' is not in HUB_SIGNER_KEYS")
        return hmac.new(key, use.encode(), hashlib.sha256).digest()

    # keyed hashes: found again without being kept

    def hash(self, text: str, key_id: str | None = None) -> str:
        """HMAC-SHA256 of ``text`` under a key (the current one by default), in hex."""
        subkey = self._subkey(key_id or self.current, "address-hash")
        return hmac.new(subkey, text.encode(), hashlib.sha256).hexdigest()

    def hashes(self, text: str) -> dict[str, str]:
        """``text``'s hash under every key, by key id: how an old signature is found."""
        return {key_id: self.hash(text, key_id) for key_id in self.keys}

    # the outbox's seal: the hub opens it to send, nobody reading the database can

    def seal(self, data: bytes) -> tuple[str, bytes]:
        """``data`` sealed with the current key, and that key's id."""
        return self.current, SecretBox(self._subkey(self.current, "outbox")).encrypt(data)

    def open(self, key_id: str, sealed: bytes) -> bytes:
        try:
            return SecretBox(self._subkey(key_id, "outbox")).decrypt(sealed)
        except CryptoError:
            raise UnknownKey(f"The signer key '{key_id}' does not open this") from None

    # links in mails: the hub recognises its own without keeping them

    def link_token(self, action: str, subject: int) -> str:
        """A token for one action on one subject (a signature's id), for a link."""
        return f"{self.current}.{subject}.{self._mac(self.current, action, subject)}"

    def subject_of(self, action: str, token: str) -> int | None:
        """The subject a token made by :meth:`link_token` for ``action`` names, or None."""
        key_id, _, rest = token.partition(".")
        subject, _, mac = rest.partition(".")
        if not subject.isdigit() or len(subject) > 19 or key_id not in self.keys:
            return None
        expected = self._mac(key_id, action, int(subject))
        return int(subject) if hmac.compare_digest(mac, expected) else None

    def _mac(self, key_id: str, action: str, subject: int) -> str:
        subkey = self._subkey(key_id, "links")
        return hmac.new(subkey, f"{action}:{subject}".encode(), hashlib.sha256).hexdigest()[:32]


_made: dict[tuple[tuple[tuple[str, str], ...], str | None], Keyring] = {}


async def keyring(settings: Settings) -> Keyring:
    """The keyring of these settings (read once per process)."""
    if settings.signer_keys:
        named = (tuple(sorted(settings.signer_keys.items())), settings.signer_key)
        if named not in _made:
            _made[named] = Keyring.from_secrets(settings.signer_keys, settings.signer_key)
        return _made[named]
    return Keyring({DATABASE_KEY_ID: await _database_key()}, DATABASE_KEY_ID)


async def _database_key() -> bytes:
    # not cached: tests run several databases in one process, each with its own key
    row = await HubSecret.get_or_none(name=_DATABASE_KEY_NAME)
    if row is None:
        try:
            row = await HubSecret.create(name=_DATABASE_KEY_NAME, value=secrets.token_hex(32))
        except IntegrityError:  # another process made it first: theirs is the key
            row = await HubSecret.get(name=_DATABASE_KEY_NAME)
    return bytes.fromhex(row.value)

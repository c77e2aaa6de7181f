"""The hub's own Ed25519 key, which signs every list's head.

It comes from ``HUB_LEDGER_SIGNING_KEY`` (the 32-byte private seed, base64) or, when that
is not set, from the file ``ledger-signing-key`` in ``HUB_DATA_DIR``, made on first start.
Replicas of one deployment share one key: set it in their settings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hub.settings import Settings

KEY_FILE = "ledger-signing-key"
ALGORITHM = "Ed25519"


class KeyProblem(ValueError):
    """The configured key cannot be used: the message says why."""


@dataclass(frozen=True)
class LedgerKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        """The public key's 32 raw bytes."""
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode()

    def published(self) -> dict[str, object]:
        """The public key, as ``/.well-known/hub-ledger-key`` serves it (also as a JWK)."""
        return {
            "algorithm": ALGORITHM,
            "keyId": self.key_id,
            "publicKey": base64.b64encode(self.public).decode(),
            "jwk": {
                "kty": "OKP",
                "crv": "Ed25519",
                "kid": self.key_id,
                "x": base64.urlsafe_b64encode(self.public).rstrip(b"=").decode(),
            },
        }


def key_id(public: bytes) -> str:
    """The first 8 bytes of the SHA-256 of the raw public key, in hex."""
    return hashlib.sha256(public).hexdigest()[:16]


def signed_by(public: bytes, message: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the key's over ``message``."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def _from_seed(text: str, where: str) -> LedgerKey:
    try:
        seed = base64.b64decode(text.strip(), validate=True)
    except binascii.Error:
        raise KeyProblem(f"{where} is not base64") from None
    if len(seed) != 32:
        raise KeyProblem(f"{where} holds {len(seed)} bytes: an Ed25519 seed is 32")
    return LedgerKey(Ed25519PrivateKey.from_private_bytes(seed))


def load_key(settings: Settings) -> LedgerKey:
    """The key the settings name, or the data directory's, made there if it has none."""
    if settings.ledger_signing_key:
        return _from_seed(settings.ledger_signing_key, "HUB_LEDGER_SIGNING_KEY")
    path = Path(settings.data_dir) / KEY_FILE
    if not path.exists():
        seed = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # readable by the hub's user only; another process making it first wins
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as written:
                written.write(base64.b64encode(seed).decode() + "\n")
    return _from_seed(path.read_text(), str(path))


_current: list[LedgerKey] = []


def use_key(settings: Settings) -> LedgerKey:
    """Sign with the key of these settings from now on, in this process."""
    key = load_key(settings)
    _current[:] = [key]
    return key


def current_key() -> LedgerKey:
    """The key heads are signed with: the one last used, else the environment's."""
    return _current[0] if _current else use_key(Settings())

"""The hub's signer keys: hashes found again under old keys, seals and links of its own."""

from __future__ import annotations

import pytest

from hub.keyring import Keyring, UnknownKey

OLD, NEW = "a" * 64, "b" * 64


def test_a_rotated_keyring_hashes_anew_and_still_finds_the_old_hashes() -> None:
    before = Keyring.from_secrets({"k1": OLD}, None)
    after = Keyring.from_secrets({"k1": OLD, "k2": NEW}, "k2")

    hashed = before.hash("ana@example.org")

    assert after.hash("ana@example.org") != hashed
    assert after.hashes("ana@example.org") == {"k1": hashed, "k2": after.hash("ana@example.org")}
    assert len(hashed) == 64 and "ana" not in hashed


def test_the_outbox_seal_opens_with_its_key_only() -> None:
    keys = Keyring.from_secrets({"k1": OLD, "k2": NEW}, "k2")
    key_id, sealed = keys.seal(b"To: ana@example.org")

    assert key_id == "k2" and b"ana@example.org" not in sealed
    assert keys.open(key_id, sealed) == b"To: ana@example.org"
    with pytest.raises(UnknownKey):
        keys.open("k1", sealed)
    with pytest.raises(UnknownKey):
        Keyring.from_secrets({"k1": OLD}, None).open("k2", sealed)


def test_a_link_token_names_one_action_on_one_subject() -> None:
    keys = Keyring.from_secrets({"k1": OLD}, None)
    token = keys.link_token("confirm", 42)

    assert keys.subject_of("confirm", token) == 42
    assert keys.subject_of("erase", token) is None
    assert keys.subject_of("confirm", token.replace(".42.", ".43.")) is None
    assert keys.subject_of("confirm", token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert keys.subject_of("confirm", "nonsense") is None
    # a token of a rotated-out key is no longer honoured
    assert Keyring.from_secrets({"k2": NEW}, None).subject_of("confirm", token) is None


@pytest.mark.parametrize(
    ("secrets", "current", "message"),
    [
        ({"k1": "zz"}, None, "not hex"),
        ({"k1": "ab"}, None, "not 32 bytes"),
        ({"k1": OLD, "k2": NEW}, None, "must name the current one"),
        ({"k1": OLD}, "k9", "names 'k9', which is not a key"),
    ],
)
def test_bad_keys_are_refused_by_name(
    secrets: dict[str, str], current: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Keyring.from_secrets(secrets, current)

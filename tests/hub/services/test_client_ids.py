"""A client's id is typed by operators into `hub clients …`: never read as an option."""

from __future__ import annotations

import string

from hub.services.access import new_client_id


def test_a_client_id_is_hex_and_never_starts_like_an_option() -> None:
    ids = {new_client_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 32 and set(i) <= set(string.hexdigits.lower()) for i in ids)

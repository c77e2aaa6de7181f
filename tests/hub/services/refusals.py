"""What a service's write was refused with, as the in-process tests compare it."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from hub.services.errors import Refusal, WriteRefused

Said = tuple[Refusal, str, str | None]
"""A refusal's code, its message and the field it names."""


async def said(write: Awaitable[object]) -> Said:
    """What the write was refused with (it must be refused)."""
    with pytest.raises(WriteRefused) as refused:
        await write
    return refused.value.code, refused.value.message, refused.value.field

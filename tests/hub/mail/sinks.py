"""A local SMTP sink for a test, on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hub.mail.sink import MailSink
from tests.live import free_port


@contextmanager
def mail_sink(directory: Path) -> Iterator[MailSink]:
    with MailSink(directory, "127.0.0.1", free_port()) as sink:
        yield sink

"""A local SMTP server that keeps every mail it receives in a Maildir: the embedded
default's mail server, and the tests'. It sends nothing on."""

from __future__ import annotations

import mailbox
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


class MailSink:
    """``aiosmtpd`` on ``host:port`` in a thread of its own, keeping mail in ``directory``."""

    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 8025) -> None:
        self.directory = directory
        for folder in ("tmp", "new", "cur"):  # a Maildir, whether or not the folder was there
            (directory / folder).mkdir(parents=True, exist_ok=True)
        self._controller = Controller(Mailbox(directory), hostname=host, port=port)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def start(self) -> MailSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def count(self) -> int:
        """How many mails it has received, without reading them."""
        return sum(1 for _ in (self.directory / "new").iterdir())

    def received(self) -> list[mailbox.MaildirMessage]:
        """Every mail received so far, oldest first."""
        box = mailbox.Maildir(self.directory, create=False)
        messages = [box.get_message(key) for key in box.iterkeys()]
        return sorted(messages, key=lambda message: message.get_date())

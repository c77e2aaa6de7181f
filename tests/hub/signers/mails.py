"""Reading signers' mails as a test receives them in the SMTP sink."""

from __future__ import annotations

import re
import time
from email.header import decode_header, make_header
from email.message import Message
from urllib.parse import urlsplit

from hub.mail.sink import MailSink

LINK = re.compile(r"https?://[^\s\"<>]+/widgets/signatures/(confirm|erase|consent)/[^\s\"<>]+")


def wait_for_mail(sink: MailSink, count: int, seconds: float = 60.0) -> list[Message]:
    """The sink's mail once it holds ``count`` messages (or fails after ``seconds``)."""
    ends = time.monotonic() + seconds
    while True:
        received = sink.received()
        if len(received) >= count or time.monotonic() > ends:
            assert len(received) == count, f"{len(received)} mails, expected {count}"
            return received
        time.sleep(0.05)


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no plain text part")


def html_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no HTML part")


def links_in(message: Message) -> dict[str, str]:
    """The message's signer links by action, as paths with their query (for a test client)."""
    found = {}
    for match in LINK.finditer(text_of(message)):
        url = urlsplit(match.group(0))
        found[match.group(1)] = f"{url.path}?{url.query}" if url.query else url.path
    return found


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(str(message["Subject"]))))

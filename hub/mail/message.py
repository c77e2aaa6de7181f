"""A rendered mail as an e-mail message: plain text with an HTML alternative."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from hub import clock
from hub.mail.templates import Rendered

POLICY = SMTP.clone(max_line_length=998)
"""SMTP's line ends, and lines as long as RFC 5322 allows: a header holding a long link
(List-Unsubscribe) is folded at spaces, never turned into encoded words mail clients
would not read as a link."""


def compose(
    rendered: Rendered,
    to: str,
    sender: str,
    unsubscribe_url: str | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """The message to ``to``. With ``unsubscribe_url`` (a page that takes a POST), the
    ``List-Unsubscribe`` headers of RFC 2369 and RFC 8058's one-click unsubscribe."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = message_id or make_msgid(domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def _domain(sender: str) -> str:
    return sender.rsplit("@", 1)[-1].strip(" >") or "hub.invalid"

"""Mails from templates: each kind has ``KIND.txt`` and ``KIND.html`` under ``templates/``,
both extending the base, in the reader's language and its direction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hub.languages import LANGUAGES, RIGHT_TO_LEFT

_templates = Environment(
    loader=PackageLoader("hub.mail", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Rendered:
    """One mail's words: its subject, plain text and HTML."""

    subject: str
    text: str
    html: str


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def render(kind: str, language: str, subject: str, **context: Any) -> Rendered:
    """The mail ``kind`` in ``language`` (one of the widgets' languages)."""
    if language not in LANGUAGES:
        raise ValueError(f"Mails are written in {', '.join(LANGUAGES)}, not '{language}'")
    values = {"language": language, "dir": direction(language), "subject": subject, **context}
    return Rendered(
        subject=subject,
        text=_templates.get_template(f"{kind}.txt").render(values),
        html=_templates.get_template(f"{kind}.html").render(values),
    )

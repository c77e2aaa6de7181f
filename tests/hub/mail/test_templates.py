"""Mails in every widget language, plain text and HTML, right to left where it is read so."""

from __future__ import annotations

import pytest

from hub.mail.message import compose
from hub.mail.templates import render
from hub.widgets.texts import LANGUAGES, RIGHT_TO_LEFT


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mail_is_written_in_each_language_and_its_direction(language: str) -> None:
    # when a mail is rendered in the language
    rendered = render(
        "message",
        language,
        "Subject",
        paragraphs=["<b>Hello</b>"],
        action=("Confirm", "https://h/c"),
        footer_links=[("Stop", "https://h/x")],
    )

    # then the HTML says its language and direction, and escapes what it is given
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in rendered.html
    assert "&lt;b&gt;Hello&lt;/b&gt;" in rendered.html
    # and the plain text says the same, unescaped, with the footer's links
    assert "<b>Hello</b>" in rendered.text
    assert "Stop: https://h/x" in rendered.text
    assert 'href="https://h/c"' in rendered.html
    assert "Confirm:\nhttps://h/c" in rendered.text


def test_a_language_the_widgets_do_not_speak_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="not 'de'"):
        render("message", "de", "Subject", paragraphs=["Hallo"], action=None, footer_links=[])


def test_a_message_has_both_parts_and_one_click_unsubscribe() -> None:
    rendered = render("message", "ar", "موضوع", paragraphs=["مرحبا"], action=None, footer_links=[])

    message = compose(rendered, "reader@example.org", "Hub <hub@example.org>", "https://h/u/1")

    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert message["List-Unsubscribe"] == "<https://h/u/1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@example.org>")

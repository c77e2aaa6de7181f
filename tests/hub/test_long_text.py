"""Long text cut where an answer or the log repeats it, saying how long it was."""

from __future__ import annotations

from hub.long_text import cut


def test_text_up_to_the_limit_is_kept_whole() -> None:
    assert cut("a" * 10, 10) == "a" * 10
    assert cut("", 10) == ""


def test_longer_text_keeps_its_beginning_and_says_how_long_it_was() -> None:
    assert cut("a" * 10 + "b", 10) == "a" * 10 + "… (11 characters)"
    assert cut("é" * 300, 3) == "ééé… (300 characters)"

"""The words of signers' mails and link pages: every language the hub speaks has every
text, with the same blanks to fill as English's, and a language it does not speak gets
English."""

from __future__ import annotations

import string

import pytest

from hub.languages import LANGUAGES
from hub.services.signer_words import WORDS, words_in


def blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_hub_says_it_in_each_language_it_speaks() -> None:
    assert sorted(WORDS) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_every_text_with_englishs_blanks(language: str) -> None:
    words = words_in(language)
    assert words is WORDS[language]
    assert sorted(words) == sorted(WORDS["en"])
    for key, english in WORDS["en"].items():
        assert blanks(words[key]) == blanks(english), (language, key)
        assert words[key].strip(), (language, key)


@pytest.mark.parametrize("language", ["de", "", "EN", "en-GB"])
def test_a_language_the_hub_does_not_speak_gets_english(language: str) -> None:
    assert words_in(language) is WORDS["en"]

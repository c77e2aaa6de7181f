"""The mails a signer receives (``hub.services.signer_mail``): in the signer's language (or
English), titled by the petition in that language (or its own, or its slug), each with a
link to remove the signature, and the link and headers to stop mails only for a signer who
agreed to be contacted."""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest

from hub.keyring import Keyring
from hub.services.signer_mail import CONFIRM, CONSENT, ERASE, PetitionNamed, SignerMail
from hub.services.signer_words import words_in
from hub.settings import Settings
from tests.hub.signers.mails import LINK, subject_of, text_of

KEYS = Keyring({"2026": bytes(range(32))}, "2026")
MAIL = SignerMail("https://hub.example.org", "Petitions <petitions@hub.example.org>", 72)
PETITION = PetitionNamed(
    "free-the-press", {"fr": "Libérez la presse", "es": "Liberen la prensa"}, "es"
)
SIGNATURE = 41


def links(message: EmailMessage) -> dict[str, str]:
    """Each signer link of the mail's text, by action, whole."""
    return {match.group(1): match.group(0) for match in LINK.finditer(text_of(message))}


def opens(url: str, action: str) -> int | None:
    """The signature a link's token names, read as the hub reads it."""
    parts = urlsplit(url)
    assert parts.path.startswith(f"/widgets/signatures/{action}/")
    return KEYS.subject_of(action, parts.path.rsplit("/", 1)[1])


def test_a_confirmation_asks_in_the_signers_language_with_its_links() -> None:
    mail = MAIL.confirmation(KEYS, "ana@example.org", "fr", PETITION, SIGNATURE, consented=True)
    message = mail.message

    assert (mail.kind, mail.language, mail.about) == (
        "signature-confirmation",
        "fr",
        "petition:free-the-press",
    )
    assert message["To"] == "ana@example.org"
    assert message["From"] == "Petitions <petitions@hub.example.org>"
    assert subject_of(message) == "Confirmez votre signature : Libérez la presse"
    text = text_of(message)
    assert "Merci d'avoir signé « Libérez la presse »." in text
    assert "la signature sera supprimée dans 72 heures" in text
    assert "Confirmer ma signature" in text
    found = links(message)
    assert sorted(found) == [CONFIRM, CONSENT, ERASE]
    for action, url in found.items():
        assert url.startswith(f"https://hub.example.org/widgets/signatures/{action}/")
        assert url.endswith("?lang=fr")
        assert opens(url, action) == SIGNATURE
    assert message["List-Unsubscribe"] == f"<{found[CONSENT]}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_signer_who_did_not_agree_to_be_contacted_gets_no_way_to_stop_mails() -> None:
    mail = MAIL.confirmation(KEYS, "ana@example.org", "fr", PETITION, SIGNATURE, consented=False)
    assert sorted(links(mail.message)) == [CONFIRM, ERASE]
    assert "Ne plus recevoir de messages" not in text_of(mail.message)
    assert mail.message["List-Unsubscribe"] is None
    assert mail.message["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize(
    ("language", "spoken", "title"),
    [
        ("es", "es", "Liberen la prensa"),
        ("ar", "ar", "Liberen la prensa"),  # no Arabic title: the petition's own language
        ("de", "en", "Liberen la prensa"),  # a language the hub does not speak: English
    ],
)
def test_the_mail_speaks_a_language_the_hub_speaks_and_titles_the_petition(
    language: str, spoken: str, title: str
) -> None:
    mail = MAIL.confirmation(KEYS, "ana@example.org", language, PETITION, SIGNATURE, False)
    assert mail.language == spoken
    assert title in subject_of(mail.message)
    assert all(url.endswith(f"?lang={spoken}") for url in links(mail.message).values())


def test_a_petition_without_a_title_in_its_own_language_is_named_by_its_slug() -> None:
    untitled = PetitionNamed("free-the-press", {"fr": "Libérez la presse"}, "es")
    assert untitled.title("fr") == "Libérez la presse"
    assert untitled.title("en") == "free-the-press"
    assert PetitionNamed("p", {"en": ""}, "en").title("en") == "p"


@pytest.mark.parametrize(
    ("confirmed", "said"),
    [
        (False, "Your first signature waits for you to confirm it from the first mail"),
        (True, "Your signature was already counted, once; nothing more was counted."),
    ],
)
def test_a_notice_tells_an_address_that_signed_again_what_was_counted(
    confirmed: bool, said: str
) -> None:
    mail = MAIL.notice(
        KEYS, "ana@example.org", "en", PETITION, SIGNATURE, confirmed=confirmed, consented=True
    )
    assert (mail.kind, mail.language) == ("signature-notice", "en")
    assert subject_of(mail.message) == "You have already signed: Liberen la prensa"
    text = text_of(mail.message)
    assert said in text
    assert "Confirm my signature" not in text
    # no confirming from a notice: only removing, and stopping mails
    assert sorted(links(mail.message)) == [CONSENT, ERASE]


def test_a_notice_speaks_the_signers_language_and_links_its_signature() -> None:
    mail = MAIL.notice(
        KEYS, "ana@example.org", "fr", PETITION, SIGNATURE, confirmed=True, consented=True
    )

    assert mail.language == "fr"
    assert subject_of(mail.message) == "Vous avez déjà signé : Libérez la presse"
    text = " ".join(text_of(mail.message).split())
    assert "a signé « Libérez la presse » de nouveau" in text
    assert words_in("fr")["erase_link"] in text and words_in("en")["erase_link"] not in text
    found = links(mail.message)
    assert {action: opens(url, action) for action, url in found.items()} == {
        CONSENT: SIGNATURE,
        ERASE: SIGNATURE,
    }
    assert all(url.endswith("?lang=fr") for url in found.values())


def test_a_hub_served_under_a_path_keeps_it_whole() -> None:
    settings = Settings(issuer="https://hub.example.org/IFEX/")
    assert SignerMail.for_settings(settings).base_url == "https://hub.example.org/IFEX"


def test_the_links_lead_to_the_public_address_without_a_doubled_slash() -> None:
    settings = Settings(
        issuer="https://hub.example.org/",
        mail_from="petitions@hub.example.org",
        pending_signature_hours=48,
    )
    mail = SignerMail.for_settings(settings)
    assert mail == SignerMail("https://hub.example.org", "petitions@hub.example.org", 48)
    assert MAIL.link(KEYS, ERASE, 7, "pt").startswith(
        "https://hub.example.org/widgets/signatures/erase/"
    )
    assert MAIL.link(KEYS, ERASE, 7, "pt").endswith("?lang=pt")

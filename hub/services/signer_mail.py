"""The mails a signer receives: the confirmation of a new signature, and the notice sent
instead when an address signs again. Every one carries links to remove the signature and,
where the signer agreed to be contacted, to take that back (RFC 8058 one-click as well)."""

from __future__ import annotations

from dataclasses import dataclass

from hub.keyring import Keyring
from hub.languages import spoken
from hub.mail.message import compose
from hub.mail.outbox import Outgoing
from hub.mail.templates import render
from hub.services.signer_words import words_in
from hub.settings import Settings

CONFIRM = "confirm"
ERASE = "erase"
CONSENT = "consent"
"""The actions a signer's links take, each with a token of its own."""


@dataclass(frozen=True)
class PetitionNamed:
    """What a mail says of the petition."""

    slug: str
    titles: dict[str, str]
    original_language: str

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(self.original_language) or self.slug


@dataclass(frozen=True)
class SignerMail:
    """Builds signers' mails for one hub: its public address and its sender."""

    base_url: str
    sender: str
    pending_hours: int

    @classmethod
    def for_settings(cls, settings: Settings) -> SignerMail:
        return cls(
            settings.issuer.rstrip("/"), settings.mail_from, settings.pending_signature_hours
        )

    def link(self, keys: Keyring, action: str, signature_id: int, language: str) -> str:
        token = keys.link_token(action, signature_id)
        return f"{self.base_url}/widgets/signatures/{action}/{token}?lang={language}"

    def confirmation(
        self,
        keys: Keyring,
        to: str,
        language: str,
        petition: PetitionNamed,
        signature_id: int,
        consented: bool,
    ) -> Outgoing:
        language = spoken(language)
        words = words_in(language)
        title = petition.title(language)
        return self._outgoing(
            keys,
            "signature-confirmation",
            to,
            language,
            petition,
            signature_id,
            consented,
            subject=words["confirm_subject"].format(title=title),
            paragraphs=[
                words["thanks"].format(title=title),
                words["confirm_ask"].format(hours=self.pending_hours),
            ],
            action=(words["confirm_button"], self.link(keys, CONFIRM, signature_id, language)),
        )

    def notice(
        self,
        keys: Keyring,
        to: str,
        language: str,
        petition: PetitionNamed,
        signature_id: int,
        confirmed: bool,
        consented: bool,
    ) -> Outgoing:
        language = spoken(language)
        words = words_in(language)
        title = petition.title(language)
        said = words["notice_confirmed" if confirmed else "notice_pending"]
        return self._outgoing(
            keys,
            "signature-notice",
            to,
            language,
            petition,
            signature_id,
            consented,
            subject=words["notice_subject"].format(title=title),
            paragraphs=[said.format(title=title)],
            action=None,
        )

    def _outgoing(
        self,
        keys: Keyring,
        kind: str,
        to: str,
        language: str,
        petition: PetitionNamed,
        signature_id: int,
        consented: bool,
        subject: str,
        paragraphs: list[str],
        action: tuple[str, str] | None,
    ) -> Outgoing:
        words = words_in(language)
        links = [(words["erase_link"], self.link(keys, ERASE, signature_id, language))]
        stop = self.link(keys, CONSENT, signature_id, language) if consented else None
        if stop is not None:
            links.append((words["stop_link"], stop))
        rendered = render(
            "message",
            language,
            subject,
            paragraphs=paragraphs,
            action=action,
            footer_links=links,
        )
        message = compose(rendered, to, self.sender, unsubscribe_url=stop)
        return Outgoing(message, kind=kind, language=language, about=f"petition:{petition.slug}")

"""What the widgets of one hub process share: settings, cards, partners, the writer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from hub.geography import all_countries
from hub.mail.sender import OutboxSender
from hub.services.petition_signing import Limits
from hub.services.signature_batch import Signers
from hub.services.signature_writer import SignatureWriter
from hub.settings import Settings
from hub.widgets.cards import PetitionCards
from hub.widgets.partner_tokens import PartnerTokens
from hub.widgets.partners import Partners


@dataclass
class Widgets:
    settings: Settings
    cards: PetitionCards
    mail: OutboxSender
    partners: Partners = field(default_factory=Partners)
    countries: frozenset[str] = field(
        default_factory=lambda: frozenset(code for code, *_ in all_countries())
    )
    writer: SignatureWriter = field(init=False)
    tokens: PartnerTokens = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = PartnerTokens(self.settings.partner_token_seconds)
        limits = Limits(
            per_address=self.settings.signatures_per_address,
            window=datetime.timedelta(seconds=self.settings.signature_window_seconds),
        )
        self.writer = SignatureWriter(
            limits,
            counted=self.cards.counted,
            signers=Signers(self.settings, sent=self.mail.wake),
            pending_for=datetime.timedelta(hours=self.settings.pending_signature_hours),
        )

    @classmethod
    def for_settings(cls, settings: Settings, mail: OutboxSender) -> Widgets:
        return cls(settings, PetitionCards(settings.widget_refresh_seconds), mail)

"""What a subscription follows, checked, and named for people."""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from hub.geography import country_name
from hub.models import Campaign, Subscription
from hub.models.alerts import ViolationType
from hub.models.newsletters import Topic
from hub.services.errors import Refusal, WriteRefused
from hub.texts_served import served_text
from hub.widgets.texts import LANGUAGES


@dataclass(frozen=True)
class Followed:
    topic: Topic
    subject: str
    """A country code, a violation type's value, or a campaign's slug."""


async def followed(country: str | None, violation: str | None, campaign: str | None) -> Followed:
    """Exactly one of a country, a violation type or a campaign, known to the hub."""
    given = {
        name: value.strip()
        for name, value in (("country", country), ("violation", violation), ("campaign", campaign))
        if value and value.strip()
    }
    if len(given) != 1:
        raise WriteRefused(
            Refusal.INVALID,
            "Follow one of a country, a violation type or a campaign.",
            next(iter(given)) if len(given) > 1 else "country",
        )
    ((name, value),) = given.items()
    if name == "country":
        code = value.upper()
        if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            raise WriteRefused(
                Refusal.INVALID, f"'{value}' is not an ISO 3166-1 alpha-2 code.", "country"
            )
        return Followed(Topic.COUNTRY, code)
    if name == "violation":
        key = value.upper().replace("-", "_")
        if key not in ViolationType.__members__:
            known = ", ".join(ViolationType.__members__)
            raise WriteRefused(
                Refusal.INVALID, f"'{value}' is not a violation type: one of {known}.", "violation"
            )
        return Followed(Topic.VIOLATION, ViolationType[key].value)
    if not await Campaign.exists(slug=value):
        raise WriteRefused(Refusal.NOT_FOUND, f"No campaign is called '{value}'.", "campaign")
    return Followed(Topic.CAMPAIGN, value)


def mail_language(value: str | None) -> str:
    """One of the languages the hub writes mail in."""
    language = (value or "en").strip().lower()
    if language not in LANGUAGES:
        raise WriteRefused(
            Refusal.INVALID,
            f"Digests are written in {', '.join(LANGUAGES)}, not '{value}'.",
            "language",
        )
    return language


async def topic_name(follows: Followed | Subscription, language: str) -> str:
    """What a subscription follows, as its reader calls it."""
    if follows.topic == Topic.COUNTRY:
        return country_name(follows.subject, language)
    if follows.topic == Topic.VIOLATION:
        return ViolationType(follows.subject).name.replace("_", " ").capitalize()
    campaign = await Campaign.get_or_none(slug=follows.subject)
    if campaign is None:
        return follows.subject
    return served_text(campaign.title, campaign.original_language, language).text

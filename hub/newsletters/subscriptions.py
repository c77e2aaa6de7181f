"""Subscribing by e-mail, with double opt-in, and unsubscribing with one click.

An address asks for a digest of a topic in a language: the subscription waits, and a
confirmation mail goes through the outbox in the same transaction. Only the link in that
mail (a page that confirms with a POST, so that a mail scanner following links confirms
nothing) starts the digests. Asking again answers the same whether or not the address was
known, so that nobody learns who subscribes: a confirmed subscription is left as it is,
one still waiting gets its mail again. Unsubscribing forgets the sealed address.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter

from email_validator import EmailNotValidError, validate_email
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from hub import clock
from hub.db import transaction
from hub.keyring import Keyring, keyring
from hub.mail import outbox
from hub.mail.message import compose
from hub.mail.outbox import Outgoing
from hub.mail.templates import render
from hub.models import Subscription
from hub.models.newsletters import SubscriptionStatus
from hub.newsletters.topics import Followed, followed, mail_language, topic_name
from hub.newsletters.words import WORDS
from hub.services import address_limit
from hub.services.errors import Refusal, WriteRefused
from hub.settings import Settings

CONFIRM = "newsletter-confirm"
UNSUBSCRIBE = "newsletter-unsubscribe"
ADDRESS_MAX_LENGTH = 254


def checked_address(address: str) -> str:
    """The address, normalised and lower-cased, or a refusal naming ``email``."""
    if len(address) > ADDRESS_MAX_LENGTH:
        raise WriteRefused(
            Refusal.INVALID, "An e-mail address has at most 254 characters.", "email"
        )
    try:
        valid = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as problem:
        raise WriteRefused(Refusal.INVALID, str(problem), "email") from None
    return valid.normalized.lower()


def link(settings: Settings, keys: Keyring, action: str, subscription_id: int) -> str:
    """The page a mail's link opens, for one action on one subscription."""
    kind = "confirm" if action == CONFIRM else "unsubscribe"
    token = keys.link_token(action, subscription_id)
    return f"{settings.issuer.rstrip('/')}/newsletters/{kind}/{token}"


async def subscribe(
    settings: Settings,
    address: str,
    language: str | None,
    country: str | None = None,
    violation: str | None = None,
    campaign: str | None = None,
    network_address: str | None = None,
) -> None:
    """Ask for a digest; the address gets a confirmation mail unless already subscribed.

    A network address asks at most ``HUB_SIGNATURES_PER_ADDRESS`` times per window of
    ``HUB_SIGNATURE_WINDOW_SECONDS``, counted apart from its petition signatures: nobody
    fills a stranger's inbox with confirmation mails."""
    email = checked_address(address)
    follows = await followed(country, violation, campaign)
    language = mail_language(language)
    keys = await keyring(settings)
    asker = keys.hash(f"newsletters:{network_address}") if network_address else None
    topic = await topic_name(follows, language)
    # the same request racing this one wrote it and sent the mail: nothing more to do
    with contextlib.suppress(IntegrityError):
        await _subscribe(settings, keys, email, follows, language, topic, asker)


async def _count_asking(settings: Settings, connection: BaseDBAsyncClient, asker: str) -> None:
    """Count one more request from the network address, or refuse it past the limit."""
    window = address_limit.window_of(
        clock.now(), datetime.timedelta(seconds=settings.signature_window_seconds)
    )
    made = await address_limit.signatures_made(connection, [asker], window)
    if made[asker] >= settings.signatures_per_address:
        raise WriteRefused(
            Refusal.TOO_MANY, "Too many subscriptions from this network address: try later."
        )
    await address_limit.add_signatures(connection, Counter({asker: 1}), window)


async def _subscribe(
    settings: Settings,
    keys: Keyring,
    email: str,
    follows: Followed,
    language: str,
    topic: str,
    asker: str | None,
) -> None:
    # nothing here reads outside the transaction: SQLite's one connection is its own
    async with transaction() as connection:
        if asker is not None:
            await _count_asking(settings, connection, asker)
        known = (
            await Subscription.filter(
                address_hash__in=list(keys.hashes(email).values()),
                topic=follows.topic,
                subject=follows.subject,
                language=language,
            )
            .using_db(connection)
            .first()
        )
        if known is not None and known.status == SubscriptionStatus.CONFIRMED:
            return
        key_id, sealed = keys.seal(email.encode())
        sealing = {"address_hash": keys.hash(email), "key_id": key_id, "sealed_address": sealed}
        if known is None:
            known = await Subscription.create(
                topic=follows.topic,
                subject=follows.subject,
                language=language,
                created_at=clock.now(),
                using_db=connection,
                **sealing,
            )
        else:
            await (
                Subscription.filter(id=known.id)
                .using_db(connection)
                .update(status=SubscriptionStatus.PENDING, unsubscribed_at=None, **sealing)
            )
        words = WORDS[language]
        rendered = render(
            "message",
            language,
            words["confirm_subject"].format(topic=topic),
            paragraphs=[words["confirm_intro"].format(topic=topic), words["ignore"]],
            action=(words["confirm_action"], link(settings, keys, CONFIRM, known.id)),
            footer_links=[],
        )
        message = compose(rendered, email, settings.mail_from)
        about = f"newsletter:{follows.topic.value}:{follows.subject}"
        mail = Outgoing(message, kind="newsletter-confirmation", language=language, about=about)
        await outbox.enqueue(connection, keys, [mail])


async def subscription_of(settings: Settings, action: str, token: str) -> Subscription | None:
    """The subscription a mail's link names, if the hub made that link."""
    subject = (await keyring(settings)).subject_of(action, token)
    return None if subject is None else await Subscription.get_or_none(id=subject)


async def confirm(settings: Settings, token: str) -> Subscription | None:
    """Start the digests of a waiting subscription (again: nothing more)."""
    subscription = await subscription_of(settings, CONFIRM, token)
    if subscription is None:
        return None
    await Subscription.filter(id=subscription.id, status=SubscriptionStatus.PENDING).update(
        status=SubscriptionStatus.CONFIRMED, confirmed_at=clock.now()
    )
    return await Subscription.get(id=subscription.id)


async def unsubscribe(settings: Settings, token: str) -> Subscription | None:
    """Stop the digests at once, and forget the address (again: nothing more)."""
    subscription = await subscription_of(settings, UNSUBSCRIBE, token)
    if subscription is None:
        return None
    await (
        Subscription.filter(id=subscription.id)
        .exclude(status=SubscriptionStatus.UNSUBSCRIBED)
        .update(
            status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=clock.now(), sealed_address=None
        )
    )
    return await Subscription.get(id=subscription.id)

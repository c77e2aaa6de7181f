"""Digests: each confirmed subscription's new items, in one mail, through the outbox.

A digest and the items it carried are written in the transaction that hands its mail to
the outbox, so that a mail is queued exactly when its items are recorded as carried. An
item is recorded once per subscription (the database's uniqueness decides): two hub
processes building the same digest at once queue one mail, the other's transaction
failing whole. An unsubscribe racing a digest is waited for (the subscription's row is
locked on PostgreSQL; SQLite writes one transaction at a time).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from hub import clock
from hub.db import transaction
from hub.keyring import Keyring, keyring
from hub.mail import outbox
from hub.mail.message import compose
from hub.mail.outbox import Outgoing
from hub.mail.templates import render
from hub.models import Digest, DigestItem, Subscription
from hub.models.newsletters import DigestItemKind, SubscriptionStatus
from hub.newsletters.items import Item, due_items
from hub.newsletters.subscriptions import UNSUBSCRIBE, link
from hub.newsletters.topics import topic_name
from hub.newsletters.words import WORDS
from hub.settings import Settings

SECTIONS = (
    (DigestItemKind.ALERT, "alerts"),
    (DigestItemKind.STATEMENT, "statements"),
    (DigestItemKind.MILESTONE, "news"),
    (DigestItemKind.REPORT, "reports"),
)


@dataclass
class DigestRun:
    """What one run did: digests queued, the items they carry."""

    digests: int = 0
    items: int = 0


async def send_digests(settings: Settings, every: datetime.timedelta | None = None) -> DigestRun:
    """Queue a digest for every confirmed subscription with new items; with ``every``,
    only for those whose last digest is at least that old (the schedule's way)."""
    keys = await keyring(settings)
    run = DigestRun()
    subscriptions = await Subscription.filter(status=SubscriptionStatus.CONFIRMED).order_by("id")
    for subscription in subscriptions:
        if every is not None and await _sent_within(subscription, every):
            continue
        items = await due_items(subscription)
        if items and await _queue(settings, keys, subscription, items):
            run.digests += 1
            run.items += len(items)
    return run


async def _sent_within(subscription: Subscription, every: datetime.timedelta) -> bool:
    return await Digest.exists(subscription_id=subscription.id, sent_at__gt=clock.now() - every)


async def _queue(
    settings: Settings, keys: Keyring, subscription: Subscription, items: list[Item]
) -> bool:
    """Write the digest, its items and its mail together; False if it was not written."""
    # made before the transaction, which reads nothing outside its own connection
    mail = await digest_mail(settings, keys, subscription, items)
    try:
        async with transaction() as connection:
            current = (
                await Subscription.filter(id=subscription.id, status=SubscriptionStatus.CONFIRMED)
                .select_for_update()
                .using_db(connection)
                .first()
            )
            if current is None:
                return False  # unsubscribed meanwhile
            digest = await Digest.create(
                subscription_id=current.id,
                sent_at=clock.now(),
                items=len(items),
                using_db=connection,
            )
            await DigestItem.bulk_create(
                [
                    DigestItem(
                        subscription_id=current.id,
                        digest_id=digest.id,
                        kind=item.kind,
                        item_id=item.id,
                    )
                    for item in items
                ],
                using_db=connection,
            )
            await outbox.enqueue(connection, keys, [mail])
    except IntegrityError:
        return False  # another process carried some of these items meanwhile
    return True


async def digest_mail(
    settings: Settings, keys: Keyring, subscription: Subscription, items: list[Item]
) -> Outgoing:
    """The digest as a mail to the subscriber, with RFC 8058's one-click unsubscribe."""
    language = subscription.language
    words = WORDS[language]
    topic = await topic_name(subscription, language)
    base = settings.issuer.rstrip("/")
    sections = [
        (
            words[heading],
            [
                {
                    "title": item.title,
                    "text": item.text,
                    "day": item.day.isoformat(),
                    "link": f"{base}/reports/{item.slug}?lang={language}" if item.slug else None,
                }
                for item in items
                if item.kind == kind
            ],
        )
        for kind, heading in SECTIONS
    ]
    leave = link(settings, keys, UNSUBSCRIBE, subscription.id)
    rendered = render(
        "newsletter-digest",
        language,
        words["digest_subject"].format(topic=topic, count=len(items)),
        topic=topic,
        sections=[(heading, listed) for heading, listed in sections if listed],
        footer_links=[(words["unsubscribe"], leave)],
    )
    assert subscription.sealed_address is not None
    address = keys.open(subscription.key_id, subscription.sealed_address).decode()
    message = compose(rendered, address, settings.mail_from, unsubscribe_url=leave)
    about = f"newsletter:{subscription.topic.value}:{subscription.subject}"
    return Outgoing(message, kind="newsletter-digest", language=language, about=about)

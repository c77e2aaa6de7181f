"""Newsletter subscriptions by e-mail, and what each digest sent covered.

An address is never kept in plain text: ``address_hash`` (a keyed hash, ``hub.keyring``)
finds a subscriber's rows, ``sealed_address`` (sealed with the hub's signer key, which
only the hub holds) is what a digest is sent to, and is forgotten on unsubscribing. The
links in the mails are the keyring's link tokens: the hub recognises them, keeping none.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Topic(StrEnum):
    """What a digest follows."""

    COUNTRY = "country"
    VIOLATION = "violation"
    CAMPAIGN = "campaign"


class SubscriptionStatus(StrEnum):
    PENDING = "pending"
    """Asked for; the confirmation link not yet followed."""
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"


class DigestItemKind(StrEnum):
    ALERT = "alert"
    STATEMENT = "statement"
    MILESTONE = "milestone"
    REPORT = "report"


class Subscription(Model):
    """One address's digest of one topic in one language."""

    id = fields.IntField(primary_key=True)
    address_hash = fields.CharField(max_length=64, description="Keyed hash of the address")
    sealed_address = fields.BinaryField(
        null=True, description="The address, sealed, None once unsubscribed"
    )
    key_id = fields.CharField(max_length=32, description="The signer key that hashed and sealed")
    topic = fields.CharEnumField(Topic, max_length=16)
    subject = fields.CharField(
        max_length=120, description="The country code, violation type or campaign slug"
    )
    language = fields.CharField(max_length=16)
    status = fields.CharEnumField(
        SubscriptionStatus, max_length=16, default=SubscriptionStatus.PENDING
    )
    created_at = fields.DatetimeField()
    confirmed_at = fields.DatetimeField(null=True)
    unsubscribed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "newsletter_subscription"
        unique_together = (("address_hash", "topic", "subject", "language"),)
        indexes = (("status",),)


class Digest(Model):
    """One digest handed to the mail path for one subscription."""

    id = fields.IntField(primary_key=True)
    subscription: fields.ForeignKeyRelation[Subscription] = fields.ForeignKeyField(
        "hub.Subscription", related_name="digests", on_delete=fields.CASCADE
    )
    sent_at = fields.DatetimeField()
    items = fields.IntField(description="How many items it carried")

    subscription_id: int

    class Meta:
        table = "newsletter_digest"
        indexes = (("subscription_id", "sent_at"),)


class DigestItem(Model):
    """An item a digest carried: each goes to a subscription once, whatever happens."""

    id = fields.IntField(primary_key=True)
    subscription: fields.ForeignKeyRelation[Subscription] = fields.ForeignKeyField(
        "hub.Subscription", related_name=False, on_delete=fields.CASCADE
    )
    digest: fields.ForeignKeyRelation[Digest] = fields.ForeignKeyField(
        "hub.Digest", related_name="covered", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(DigestItemKind, max_length=16)
    item_id = fields.IntField()

    subscription_id: int
    digest_id: int

    class Meta:
        table = "newsletter_digest_item"
        unique_together = (("subscription", "kind", "item_id"),)

"""Petitions, the people who sign them and the organisations that endorse them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.campaigns import Campaign
    from hub.models.geography import Country
    from hub.models.organisations import Organisation


SLUG_MAX_LENGTH = 120
"""A petition's slug, at most."""


class PetitionStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Petition(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=SLUG_MAX_LENGTH, unique=True)
    title = translated_text("The petition's title, per language")
    body = translated_text("What the signers ask for, per language")
    target = translated_text("Whom the petition is addressed to, per language")
    original_language = original_language()
    goal = fields.IntField(description="Signatures aimed for")
    signature_count = fields.IntField(
        default=0, description="Its signatures, counted in the transaction that writes them"
    )
    status = fields.CharEnumField(PetitionStatus, max_length=10, default=PetitionStatus.DRAFT)
    campaign: fields.ForeignKeyNullableRelation[Campaign] = fields.ForeignKeyField(
        "hub.Campaign", related_name="petitions", null=True, on_delete=fields.SET_NULL
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="petitions", on_delete=fields.RESTRICT
    )
    opened_at = fields.DatetimeField(null=True)
    closes_at = fields.DatetimeField(null=True)

    campaign_id: int | None
    organisation_id: int

    class Meta:
        table = "petition"
        ordering = ["slug"]
        indexes = (("campaign_id",), ("organisation_id",))


class SignatureStatus(StrEnum):
    PENDING = "pending"
    """Waiting for its signer to confirm it from the link mailed to them: not counted."""
    CONFIRMED = "confirmed"


class PetitionSignature(Model):
    """One person's signature. One per e-mail address per petition, in any language.

    Neither the address nor the name rests here in the clear: the address is found again by
    its keyed hash (under the hub's signer key ``hash_key``), and both are sealed to the
    public key of the organisation that started the petition (``sealed_to``), which alone
    opens them. The address is sealed only while its signer agrees to be contacted."""

    id = fields.BigIntField(primary_key=True)
    petition: fields.ForeignKeyRelation[Petition] = fields.ForeignKeyField(
        "hub.Petition", related_name="signatures", on_delete=fields.CASCADE
    )
    email_hash = fields.CharField(
        max_length=64, description="HMAC-SHA256 of the lower-cased address, in hex"
    )
    hash_key = fields.CharField(max_length=32, description="The signer key of the hash")
    sealed_name = fields.TextField(
        null=True, description="The name, sealed to the organisation's key (base64)"
    )
    sealed_email = fields.TextField(
        null=True, description="The address, sealed likewise, while consent to contact holds"
    )
    sealed_to = fields.CharField(
        max_length=64, null=True, description="The organisation's public key it is sealed to"
    )
    country: fields.ForeignKeyNullableRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    language = fields.CharField(max_length=8, description="Language version signed")
    source = fields.CharField(max_length=64, default="hub", description="Page or partner widget")
    signed_at = fields.DatetimeField()
    status = fields.CharEnumField(SignatureStatus, max_length=10, default=SignatureStatus.PENDING)
    confirmed_at = fields.DatetimeField(null=True)
    address_hash = fields.CharField(
        max_length=64,
        null=True,
        description="Keyed hash of the network address it came from, for the abuse limits",
    )

    petition_id: int
    country_id: str | None

    class Meta:
        table = "petition_signature"
        unique_together = (("petition", "email_hash"),)
        indexes = (("petition_id", "signed_at", "id"), ("status", "signed_at"))


class AddressSigningWindow(Model):
    """Petition signatures made from one network address in one window of the signing limit.

    The limit per address reads this one row, not the address's signatures: its cost does
    not grow with them. Rows of windows that have ended are deleted.
    """

    id = fields.BigIntField(primary_key=True)
    address_hash = fields.CharField(max_length=64, description="Keyed hash of the address")
    window_start = fields.DatetimeField(description="When the window began")
    signatures = fields.IntField(
        default=0, description="Signatures written from the address in the window"
    )

    class Meta:
        table = "address_signing_window"
        unique_together = (("address_hash", "window_start"),)
        indexes = (("window_start",),)


class PetitionEndorsement(Model):
    """An organisation standing behind a petition."""

    id = fields.IntField(primary_key=True)
    petition: fields.ForeignKeyRelation[Petition] = fields.ForeignKeyField(
        "hub.Petition", related_name="endorsements", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="petition_endorsements", on_delete=fields.CASCADE
    )
    endorsed_at = fields.DatetimeField()

    petition_id: int
    organisation_id: int

    class Meta:
        table = "petition_endorsement"
        ordering = ["endorsed_at", "id"]
        unique_together = (("petition", "organisation"),)
        indexes = (("organisation_id", "endorsed_at"),)

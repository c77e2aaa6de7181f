"""What the hub keeps about signers besides their signatures: the organisations' public keys
their data is sealed to, and their consent to be contacted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from hub.models.organisations import Organisation
    from hub.models.petitions import PetitionSignature


class OrganisationKey(Model):
    """A public key of an organisation, to which its petitions' signers are sealed.

    New signers are sealed to the organisation's newest key. The private key is the
    organisation's own, never seen by the hub."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="public_keys", on_delete=fields.CASCADE
    )
    public_key = fields.CharField(max_length=64, unique=True, description="Curve25519, base64")
    created_at = fields.DatetimeField()

    organisation_id: int

    class Meta:
        table = "organisation_key"
        ordering = ["-created_at", "-id"]
        indexes = (("organisation_id", "created_at"),)


class SignerConsent(Model):
    """A signer's consent to be contacted, for what, given and taken back when and how."""

    id = fields.BigIntField(primary_key=True)
    signature: fields.ForeignKeyRelation[PetitionSignature] = fields.ForeignKeyField(
        "hub.PetitionSignature", related_name="consents", on_delete=fields.CASCADE
    )
    purpose = fields.CharField(max_length=64, description="e.g. campaign-updates")
    wording = fields.CharField(max_length=255, description="The words the signer agreed to")
    given_at = fields.DatetimeField()
    given_how = fields.CharField(max_length=128, description="e.g. widget form, in fr")
    revoked_at = fields.DatetimeField(null=True)
    revoked_how = fields.CharField(max_length=128, null=True)

    signature_id: int

    class Meta:
        table = "signer_consent"
        unique_together = (("signature", "purpose"),)

"""Signature ledgers: each signature list's entries, chained by hash, and its signed head.

A petition's counted signatures and a joint statement's co-signatures and withdrawals are
each an append-only list of entries, chained by SHA-256 (``hub.ledger``). An entry holds no
personal data: a random id per signature, the time, a country, a partner, what happened.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class LedgerEntry(Model):
    """One entry of a list: the hash chains it to every entry before it."""

    id = fields.BigIntField(primary_key=True)
    list_kind = fields.CharField(max_length=16, description="petition or statement")
    list_id = fields.IntField(description="The petition's or statement's id")
    seq = fields.IntField(description="Its place in the list, from 1")
    entry = fields.CharField(max_length=32, description="Random id of the signature it is of")
    kind = fields.CharField(max_length=16, description="signature, co-signature or withdrawal")
    at = fields.CharField(max_length=20, description="When, as hashed: ISO 8601 UTC, seconds")
    country = fields.CharField(max_length=2, null=True, description="ISO 3166-1 alpha-2")
    partner = fields.CharField(max_length=64, null=True, description="The partner credited")
    hash = fields.CharField(max_length=64, description="SHA-256 of the previous hash and entry")
    signature_id = fields.BigIntField(
        description="The signature row it records: never published, checked by hub verify"
    )

    class Meta:
        table = "ledger_entry"
        unique_together = (("list_kind", "list_id", "seq"),)
        indexes = (("list_kind", "list_id", "signature_id"),)


class LedgerHead(Model):
    """A list's newest head: its count and last hash, signed with the hub's Ed25519 key."""

    id = fields.IntField(primary_key=True)
    list_kind = fields.CharField(max_length=16, description="petition or statement")
    list_id = fields.IntField(description="The petition's or statement's id")
    count = fields.IntField(description="Entries in the list")
    hash = fields.CharField(max_length=64, description="The last entry's hash")
    signed_at = fields.CharField(max_length=20, description="When it was signed, as signed")
    key_id = fields.CharField(max_length=16, description="The signing key's id")
    signature = fields.CharField(max_length=100, description="Ed25519 signature, base64")

    class Meta:
        table = "ledger_head"
        unique_together = (("list_kind", "list_id"),)

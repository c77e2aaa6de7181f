from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0012_alert_cases")]

    initial = False

    operations = [
        ops.CreateModel(
            name="LedgerEntry",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "list_kind",
                    fields.CharField(description="petition or statement", max_length=16),
                ),
                ("list_id", fields.IntField(description="The petition's or statement's id")),
                ("seq", fields.IntField(description="Its place in the list, from 1")),
                (
                    "entry",
                    fields.CharField(
                        description="Random id of the signature it is of", max_length=32
                    ),
                ),
                (
                    "kind",
                    fields.CharField(
                        description="signature, co-signature or withdrawal", max_length=16
                    ),
                ),
                (
                    "at",
                    fields.CharField(
                        description="When, as hashed: ISO 8601 UTC, seconds", max_length=20
                    ),
                ),
                (
                    "country",
                    fields.CharField(null=True, description="ISO 3166-1 alpha-2", max_length=2),
                ),
                (
                    "partner",
                    fields.CharField(null=True, description="The partner credited", max_length=64),
                ),
                (
                    "hash",
                    fields.CharField(
                        description="SHA-256 of the previous hash and entry", max_length=64
                    ),
                ),
                (
                    "signature_id",
                    fields.BigIntField(
                        description="The signature row it records: never published, checked by hub verify"
                    ),
                ),
            ],
            options={
                "table": "ledger_entry",
                "app": "hub",
                "unique_together": (("list_kind", "list_id", "seq"),),
                "indexes": [Index(fields=["list_kind", "list_id", "signature_id"])],
                "pk_attr": "id",
                "table_description": "One entry of a list: the hash chains it to every entry before it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LedgerHead",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "list_kind",
                    fields.CharField(description="petition or statement", max_length=16),
                ),
                ("list_id", fields.IntField(description="The petition's or statement's id")),
                ("count", fields.IntField(description="Entries in the list")),
                ("hash", fields.CharField(description="The last entry's hash", max_length=64)),
                (
                    "signed_at",
                    fields.CharField(description="When it was signed, as signed", max_length=20),
                ),
                ("key_id", fields.CharField(description="The signing key's id", max_length=16)),
                (
                    "signature",
                    fields.CharField(description="Ed25519 signature, base64", max_length=100),
                ),
            ],
            options={
                "table": "ledger_head",
                "app": "hub",
                "unique_together": (("list_kind", "list_id"),),
                "pk_attr": "id",
                "table_description": "A list's newest head: its count and last hash, signed with the hub's Ed25519 key.",
            },
            bases=["Model"],
        ),
    ]

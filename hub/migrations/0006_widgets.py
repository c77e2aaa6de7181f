from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0005_signature_index")]

    initial = False

    operations = [
        ops.CreateModel(
            name="HubSecret",
            fields=[
                (
                    "name",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32),
                ),
                ("value", fields.CharField(max_length=128)),
            ],
            options={
                "table": "hub_secret",
                "app": "hub",
                "pk_attr": "name",
                "table_description": "A random key the hub makes for itself once, shared by every process on the database.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Partner",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=64)),
                ("name", fields.CharField(max_length=128)),
                (
                    "origins",
                    fields.JSONField(
                        default=list,
                        description="The web origins (scheme://host[:port]) that may embed it",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "partner",
                "app": "hub",
                "pk_attr": "id",
                "table_description": "A site that embeds the hub's widgets, whose signatures are counted as its own.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Petition",
            name="signature_count",
            field=fields.IntField(
                default=0, description="Its signatures, counted in the transaction that writes them"
            ),
        ),
        ops.AddField(
            model_name="PetitionSignature",
            name="address_hash",
            field=fields.CharField(
                null=True,
                description="Keyed hash of the network address it came from, for the abuse limits",
                max_length=64,
            ),
        ),
        ops.AddIndex(
            model_name="PetitionSignature",
            index=Index(fields=["address_hash", "signed_at"]),
        ),
        ops.AddIndex(
            model_name="PetitionSignature",
            index=Index(fields=["petition_id", "signed_at", "id"]),
        ),
        # Petitions signed before the count was kept: count them once.
        ops.RunSQL(
            'UPDATE "petition" SET "signature_count" = (SELECT COUNT(*) FROM "petition_signature"'
            ' WHERE "petition_signature"."petition_id" = "petition"."id")'
        ),
    ]

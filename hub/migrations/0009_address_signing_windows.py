from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0008_country_names")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AddressSigningWindow",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "address_hash",
                    fields.CharField(description="Keyed hash of the address", max_length=64),
                ),
                (
                    "window_start",
                    fields.DatetimeField(
                        description="When the window began", auto_now=False, auto_now_add=False
                    ),
                ),
                (
                    "signatures",
                    fields.IntField(
                        default=0, description="Signatures written from the address in the window"
                    ),
                ),
            ],
            options={
                "table": "address_signing_window",
                "app": "hub",
                "unique_together": (("address_hash", "window_start"),),
                "indexes": [Index(fields=["window_start"])],
                "pk_attr": "id",
                "table_description": "Petition signatures made from one network address in one window of the signing limit.",
            },
            bases=["Model"],
        ),
        # the limit per address reads the windows now, not the signatures
        ops.RemoveIndex(
            model_name="PetitionSignature",
            name=None,
            fields=["address_hash", "signed_at"],
        ),
    ]

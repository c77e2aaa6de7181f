from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("hub", "0009_address_signing_windows")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PersistedOperation",
            fields=[
                (
                    "sha256",
                    fields.CharField(
                        primary_key=True,
                        unique=True,
                        db_index=True,
                        description="Hex SHA-256",
                        max_length=64,
                    ),
                ),
                ("document", fields.TextField(unique=False)),
                (
                    "name",
                    fields.CharField(null=True, description="The operation's name", max_length=128),
                ),
                ("registered", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "persisted_operation",
                "app": "hub",
                "pk_attr": "sha256",
                "table_description": "A GraphQL document kept under its SHA-256, as Apollo's persisted queries send it.",
            },
            bases=["Model"],
        ),
    ]

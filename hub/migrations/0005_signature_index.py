from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("hub", "0004_relation_indexes")]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name="StatementSignature",
            name=None,
            fields=["organisation_id", "signed_at"],
        ),
        ops.AddIndex(
            model_name="StatementSignature",
            index=Index(fields=["organisation_id", "signed_at", "id", "withdrawn_at"]),
        ),
    ]

"""Countries' names in every language iso-codes has them in, for compiled reads."""

from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from hub.geography import all_countries, country_names


async def load_names(_apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    values = ", ".join(f"${i}" if postgres else "?" for i in range(1, 4))
    codes = [code for code, *_ in all_countries()]
    await client.execute_many(
        f'INSERT INTO "country_name" ("country_id", "language", "name") VALUES ({values})',
        [list(row) for row in country_names(codes)],
    )


async def unload_names(_apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script('DELETE FROM "country_name"')


class Migration(migrations.Migration):
    dependencies = [("hub", "0007_alerts")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CountryName",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "country",
                    fields.ForeignKeyField(
                        "hub.Country",
                        source_field="country_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="names",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("language", fields.CharField(description="ISO 639-1 code", max_length=8)),
                ("name", fields.CharField(max_length=128)),
            ],
            options={
                "table": "country_name",
                "app": "hub",
                "unique_together": (("country", "language"),),
                "pk_attr": "id",
                "table_description": "A country's name in one language, from iso-codes (through pycountry).",
            },
            bases=["Model"],
        ),
        ops.RunPython(load_names, unload_names),
    ]

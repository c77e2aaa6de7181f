"""Every ISO 3166-1 country, so that organisations, groups and campaigns can point at one."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from hub.geography import all_countries


async def load_countries(_apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    values = ", ".join(f"${i}" if postgres else "?" for i in range(1, 5))
    await client.execute_many(
        f'INSERT INTO "country" ("code", "alpha3", "numeric", "name") VALUES ({values})',
        [list(row) for row in all_countries()],
    )


async def unload_countries(_apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script('DELETE FROM "country"')


class Migration(migrations.Migration):
    dependencies = [("hub", "0001_initial")]

    operations = [ops.RunPython(load_countries, unload_countries)]

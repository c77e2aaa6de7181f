"""The committed migrations describe the models exactly."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from hub.db import tortoise_config


async def test_models_need_no_new_migration() -> None:
    # given the models and the committed migrations
    config = tortoise_config("sqlite://:memory:")
    context = await Tortoise.init(config=config, init_connections=False)
    try:
        # when Tortoise compares them, as `tortoise makemigrations` would
        changes = await MigrationAutodetector(context.apps, config["apps"]).changes()
    finally:
        await Tortoise.close_connections()

    # then there is nothing to write
    assert [writer.name for writer in changes] == []

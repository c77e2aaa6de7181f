"""Settings read from the environment (prefix ``HUB_``) or a ``.env`` file."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """How one hub process is configured."""

    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    database_url: str = "sqlite://hub.sqlite3"
    """Tortoise database URL: ``sqlite://PATH`` (embedded default) or ``postgres://…``."""

    load_demo_network: bool = True
    """Migrate and load the demo network when ``hub serve`` finds an empty database."""

    default_page_size: int = 20
    max_page_size: int = 100
    max_query_depth: int = 15
    max_query_tokens: int = 4000
    max_aliases: int = 30

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

    issuer: str = "http://127.0.0.1:8000"
    """The authorization server's identifier: the ``iss`` of every token, its metadata's base."""

    audience: str = "hub"
    """The resource the access tokens are for: their ``aud``."""

    access_token_seconds: int = 900
    refresh_token_seconds: int = 30 * 24 * 3600
    authorization_code_seconds: int = 60

    admin_organisations: list[str] = []
    """Slugs of the organisations whose clients may hold ``hub:admin`` (the secretariat)."""

    signatures_per_address: int = 50
    """Petition signatures one network address may make per window, across petitions."""

    signature_window_seconds: int = 3600
    """The window of that limit: fixed spans of this many seconds, counted from 1970."""

    widget_refresh_seconds: float = 1.0
    """How long a widget's counter may lag signatures another hub process wrote."""

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
    max_fragment_fields: int = 2000
    """Fields a document may select once its fragments are expanded (checked before
    validation, whose work grows with them)."""
    max_query_cost: int = 250_000
    """What one operation may cost (the IBM GraphQL cost specification: objects 1, each
    list times its page size): a 100-item page of items with three 20-item lists nested
    in each stays below it."""
    query_budget_per_minute: int = 10_000_000
    """Cost one OAuth client may spend per minute, across requests (0: no budget)."""
    anonymous_budget_per_minute: int = 2_000_000
    """Cost one network address may spend per minute without a token (0: no budget)."""
    budget_storage: str = "memory://"
    """Where budgets are kept: ``memory://`` in one process, ``redis://HOST:PORT`` across
    replicas."""

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

    widget_refresh_seconds: float = 1.0
    """How long a widget's counter may lag signatures another hub process wrote."""

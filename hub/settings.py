"""Settings read from the environment (prefix ``HUB_``) or a ``.env`` file."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

POSTGRES_ALIASES = ("postgresql", "postgresql+asyncpg", "asyncpg")
"""Other tools' spellings of ``postgres://``, which the hub reads as it."""
DATABASE_SCHEMES = ("sqlite", "postgres", *POSTGRES_ALIASES)

_TEN_YEARS = 10 * 365 * 24 * 3600
Count = Annotated[int, Field(ge=1)]
"""A size or a limit: at least one."""
CountOrOff = Annotated[int, Field(ge=0)]
"""A limit that 0 turns off."""
Seconds = Annotated[float, Field(gt=0, le=_TEN_YEARS, allow_inf_nan=False)]
"""A span of time: more than none, at most ten years."""
SecondsOrOff = Annotated[float, Field(ge=0, le=_TEN_YEARS, allow_inf_nan=False)]
"""A span of time, or how often something runs, that 0 turns off."""
WholeSeconds = Annotated[int, Field(ge=1, le=_TEN_YEARS)]
"""A span of time in whole seconds: at least one, at most ten years."""


class Settings(BaseSettings):
    """How one hub process is configured."""

    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"
    """``production`` turns off what helps a developer and helps an attacker as much:
    introspection, field suggestions and GraphiQL (each may be turned on again below),
    and asks for the issuer to be set."""
    introspection: bool | None = None
    """Whether the schema may be introspected; by default in development only."""
    field_suggestions: bool | None = None
    """Whether errors suggest fields ("Did you mean…?"); by default in development only."""
    graphiql: bool | None = None
    """Whether GET /graphql serves GraphiQL to a browser; by default in development only."""

    max_body_bytes: Count = 1_048_576
    """The largest request body any route reads."""
    max_json_depth: Count = 32
    """How deep a request's JSON (its variables, say) may nest."""
    max_execution_seconds: Seconds = 15.0
    """How long one GraphQL request may run before it is answered with a timeout."""
    persisted_queries: Literal["off", "automatic", "safelist"] = "automatic"
    """Apollo's automatic persisted queries (``automatic``), or only the operations
    registered with ``hub operations register`` (``safelist``)."""
    csrf_prevention: bool = True
    """Refuse GraphQL operations a browser could send cross-site without a preflight (as
    Apollo Router does): a GET needs an ``Apollo-Require-Preflight`` or
    ``X-Apollo-Operation-Name`` header, a POST a non-form content type."""

    database_url: str = "sqlite://hub.sqlite3"
    """Tortoise database URL: ``sqlite://PATH`` (embedded default) or ``postgres://…``."""

    @field_validator("database_url")
    @classmethod
    def _a_database_the_hub_serves(cls, url: str) -> str:
        scheme, _, rest = url.partition("://")
        if scheme not in DATABASE_SCHEMES or not rest.split("?")[0].strip("/"):
            raise ValueError(
                f"'{url}' is not a database the hub serves: give sqlite://PATH (a file) or"
                " postgres://USER@HOST:PORT/DATABASE"
            )
        return url

    load_demo_network: bool = True
    """Migrate and load the demo network when ``hub serve`` finds an empty database."""

    default_page_size: Count = 20
    max_page_size: Count = 100
    max_query_depth: Count = 15
    max_query_tokens: Count = 4000
    max_aliases: Count = 30
    max_fragment_fields: Count = 2000
    """Fields a document may select once its fragments are expanded (checked before
    validation, whose work grows with them)."""
    max_query_cost: Count = 250_000
    """What one operation may cost (the IBM GraphQL cost specification: objects 1, each
    list times its page size): a 100-item page of items with three 20-item lists nested
    in each stays below it."""
    query_budget_per_minute: CountOrOff = 10_000_000
    """Cost one OAuth client may spend per minute, across requests (0: no budget)."""
    anonymous_budget_per_minute: CountOrOff = 2_000_000
    """Cost one network address may spend per minute without a token (0: no budget)."""
    budget_storage: str = "memory://"
    """Where budgets are kept: ``memory://`` in one process, ``redis://HOST:PORT`` across
    replicas."""

    issuer: str = "http://127.0.0.1:8000"
    """The authorization server's identifier: the ``iss`` of every token, its metadata's base.
    It must be set in production: tokens name it, and clients check it."""

    audience: str = "hub"
    """The resource the access tokens are for: their ``aud``."""

    access_token_seconds: WholeSeconds = 900
    refresh_token_seconds: WholeSeconds = 30 * 24 * 3600
    authorization_code_seconds: WholeSeconds = 60

    admin_organisations: list[str] = []
    """Slugs of the organisations whose clients may hold ``hub:admin`` (the secretariat)."""

    signatures_per_address: Count = 50
    """Petition signatures one network address may make per window, across petitions."""

    signature_window_seconds: WholeSeconds = 3600
    """The window of that limit: fixed spans of this many seconds, counted from 1970."""

    widget_refresh_seconds: SecondsOrOff = 1.0
    """How long a widget's counter may lag signatures another hub process wrote."""

    # Mail (hub/mail) and the keys that seal signers' data (hub/keyring.py) ------------
    smtp_host: str = "127.0.0.1"
    """The SMTP server the outbox hands mail to."""
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 8025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    """``tls`` from the first byte (port 465), ``starttls`` after greeting (587), or none
    (the local sink)."""
    smtp_timeout_seconds: Seconds = 30.0
    mail_from: str = "The hub <hub@localhost>"
    """The From of every mail the hub sends."""
    mail_sink: bool | None = None
    """``hub serve`` starts a local SMTP sink at ``smtp_host:smtp_port`` keeping what it
    receives in ``mail_sink_dir`` (a Maildir), sending nothing on: by default in development
    only. Off when a real SMTP server is named."""
    mail_sink_dir: str = "mail-sink"
    outbox_sender: bool = True
    """Whether this process sends the outbox's mail (every replica may: each message is
    claimed by one)."""
    outbox_poll_seconds: Seconds = 5.0
    """How often the outbox is read for mail written by other processes or due again."""
    outbox_retry_seconds: Seconds = 30.0
    """The wait before a failed message is tried again; it doubles with each attempt."""
    outbox_max_attempts: Count = 8
    """Attempts before a message is given up (``failed`` in ``hub outbox``)."""
    outbox_lease_seconds: Seconds = 300.0
    """How long a claimed message is left to its sender before another may take it (the
    sender died mid-send)."""
    signer_keys: dict[str, str] = {}
    """Key id → secret (64 hex digits): the keys of the signers' address hashes, of the
    outbox's seal and of the links in mails. Rotate by adding a key and naming it in
    ``signer_key``; keep the old ones, which still find and open what they made. Empty in
    development: one key, ``db``, is made in the database."""
    signer_key: str | None = None
    """The id of the key that hashes and seals from now on (the only one, if unset)."""
    pending_signature_hours: int = Field(default=72, ge=1, le=24 * 365)
    """How long a signature waits for its signer's confirmation before it is removed."""

    # Feeds, special reports and newsletters (hub/feeds, hub/reports, hub/newsletters)
    feed_tag_authority: str = "hub.example.org,2026-12-01"
    """The tagging entity of every feed and entry ID (RFC 4151 tag URIs): a domain the
    network holds and a day it held it. Set it once; changing it renames every entry."""
    feed_entries: Count = 50
    """Entries in one feed: the newest."""
    newsletter_interval_seconds: SecondsOrOff = 86_400.0
    """How often a subscriber gets a digest from the running hub (0: only from ``hub
    newsletters send``)."""
    # The authorization server on the open internet: hashing, rate limits, lockout, cleanup.
    max_concurrent_hashes: Count = 2
    """argon2 hashes (client secrets, staff passwords) computed at once by one process, off
    the event loop; the rest wait their turn. Each takes 64 MiB while it runs."""
    token_requests_per_minute_per_client: CountOrOff = 120
    """Requests to ``/oauth/token``, ``/oauth/revoke`` and ``/oauth/introspect`` per minute
    naming one client ID (0: no limit)."""
    token_requests_per_minute_per_address: CountOrOff = 600
    """Requests to those endpoints per minute from one network address (0: no limit)."""
    sign_ins_per_minute_per_address: CountOrOff = 30
    """Staff sign-ins on the consent page per minute from one network address (0: no limit)."""
    sign_in_failures_allowed: CountOrOff = 5
    """Wrong passwords for one e-mail address before its sign-in locks (0: never locks)."""
    sign_in_lockout_seconds: WholeSeconds = 900
    """How long those failures count, and so how long a locked sign-in stays locked."""
    oauth_limit_storage: str | None = None
    """Where those limits are counted: ``memory://`` or ``redis://HOST:PORT``; by default
    where ``budget_storage`` says."""
    cleanup_interval_seconds: SecondsOrOff = 3600.0
    """How often a running hub deletes expired codes, tokens, revocations and idempotency
    records (0: never; ``hub cleanup`` does it once)."""
    idempotency_key_seconds: WholeSeconds = 24 * 3600
    """How long an ``Idempotency-Key``'s answer is kept for retries."""

    # Signers: ledgers, partner attribution, proxies (hub/ledger/, hub/widgets/)
    data_dir: str = "."
    """Where the hub keeps files of its own: the ledger's signing key when not set below."""
    ledger_signing_key: str | None = None
    """The Ed25519 seed (32 bytes, base64) that signs every signature list's head; by
    default made once in ``data_dir``. Replicas share one: set it in each."""
    partner_token_seconds: WholeSeconds = 6 * 3600
    """How long the partner token of a widget frame credits its signatures."""
    trusted_proxies: list[str] = []
    """Addresses or CIDR ranges of the proxies in front of the hub: only from these is
    ``X-Forwarded-For`` believed, for the limits per network address."""

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy.strip(), strict=False)
            except ValueError:
                raise ValueError(
                    f"HUB_TRUSTED_PROXIES: '{proxy}' is not an IP address or CIDR range"
                ) from None
        return proxies

    # Operations: logs, metrics, tracing and readiness (docs/deploying.md, "Watching the hub")
    log_format: Literal["json", "text"] | None = None
    """``json``: one JSON object per line (time, level, message, request id, route, status,
    duration); ``text``: lines for people. By default JSON in production, text otherwise."""
    log_level: str = "INFO"
    metrics_operation_names: CountOrOff = 100
    """Distinct GraphQL operation names the metrics label; later names are counted as
    ``other``, so that clients cannot grow the metrics without bound."""
    tracing: bool = False
    """OpenTelemetry spans per request, per GraphQL operation and per PostgreSQL statement,
    sent over OTLP/HTTP where ``OTEL_EXPORTER_OTLP_ENDPOINT`` says (needs ``hub[otel]``)."""
    ready_timeout_seconds: Seconds = 2.0
    """How long ``GET /ready`` waits for the database before answering 503."""
    keep_alive_seconds: WholeSeconds = 5
    """How long ``hub serve`` keeps an idle HTTP connection open for the client's next
    request. Behind a load balancer or proxy that reuses its connections, set it longer than
    the proxy's own idle timeout: a request the proxy sends on a connection the hub has just
    closed fails without reaching the hub."""

    @model_validator(mode="after")
    def _default_page_within_the_largest(self) -> Self:
        if self.default_page_size > self.max_page_size:
            raise ValueError(
                f"HUB_DEFAULT_PAGE_SIZE ({self.default_page_size}) is larger than"
                f" HUB_MAX_PAGE_SIZE ({self.max_page_size})"
            )
        return self

    @model_validator(mode="after")
    def _production_names_its_issuer(self) -> Self:
        if self.env == "production" and "issuer" not in self.model_fields_set:
            raise ValueError(
                "HUB_ISSUER must be set in production: the https:// address clients use"
            )
        return self

    def logs_as_json(self) -> bool:
        return self.log_format == "json" or (self.log_format is None and self.env == "production")

    def allows(self, feature: Literal["introspection", "field_suggestions", "graphiql"]) -> bool:
        """Whether a developer's convenience is on: as set, else in development only."""
        chosen: bool | None = getattr(self, feature)
        return self.env == "development" if chosen is None else chosen


class SettingsRefused(Exception):
    """The environment sets the hub up in a way it cannot run: each problem, in words."""


def read_settings() -> Settings:
    """The settings of this process; :class:`SettingsRefused` says what is wrong with them,
    one line per ``HUB_`` variable."""
    try:
        return Settings()
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            said = problem["msg"].removeprefix("Value error, ")
            variable = f"HUB_{str(problem['loc'][0]).upper()}" if problem["loc"] else ""
            lines.append(
                f"{variable}: {said}" if variable and not said.startswith(variable) else said
            )
        raise SettingsRefused("\n".join(lines)) from None
    except SettingsError as error:
        # a variable that holds a list or a table is read as JSON
        field = str(error).split('"')[1] if '"' in str(error) else "?"
        raise SettingsRefused(f"HUB_{field.upper()}: not valid JSON ({error.__cause__})") from None

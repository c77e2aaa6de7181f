"""What every resolver of one request can reach: the request, its reader, its languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from auth.bearer import TokenHolder
from auth.principal import Principal
from hub.network_address import client_address
from hub.settings import Settings
from schema.languages import accepted_languages
from schema.limits.budgets import Budgets


@dataclass
class Context:
    request: Request | None
    settings: Settings
    languages: list[str]
    """The reader's languages, most preferred first, from the Accept-Language header."""
    principal: Principal | None = None
    """Who the request's access token acts for; None for an anonymous reader."""
    budgets: Budgets | None = None
    """The hub's clients' budgets per minute; None where nothing is spent (a script's call)."""
    compiled_root_fields: int = 0
    """Root fields answered by one compiled statement each (``schema.reads``)."""
    cost: int | None = None
    """What the operation was found to cost, once its limits were checked (for metrics)."""
    websocket: WebSocket | None = None
    """The connection of a subscription (``graphql-transport-ws``); None over HTTP."""

    def budget_holder(self) -> str:
        """Whose budget a request spends: its OAuth client's, else its network address's."""
        if self.principal is not None:
            return f"client:{self.principal.client_id}"
        connection = self.request if self.request is not None else self.websocket
        address = (
            client_address(connection, self.settings.trusted_proxies)
            if connection is not None
            else None
        )
        return f"address:{address or 'unknown'}"

    @classmethod
    def for_request(
        cls, request: Request | None, settings: Settings, budgets: Budgets | None = None
    ) -> Context:
        if request is None:
            return cls(request=None, settings=settings, languages=[], budgets=budgets)
        holder = request.user if "user" in request.scope else None
        return cls(
            request=request,
            settings=settings,
            languages=accepted_languages(request.headers.get("accept-language", "")),
            principal=holder.principal if isinstance(holder, TokenHolder) else None,
            budgets=budgets,
        )

    @classmethod
    def for_websocket(cls, websocket: WebSocket, settings: Settings, budgets: Budgets) -> Context:
        """A subscription's context: its reader and languages as its connection told them."""
        holder = websocket.user if "user" in websocket.scope else None
        return cls(
            request=None,
            settings=settings,
            languages=accepted_languages(websocket.headers.get("accept-language", "")),
            principal=holder.principal if isinstance(holder, TokenHolder) else None,
            budgets=budgets,
            websocket=websocket,
        )


Info: TypeAlias = StrawberryInfo[Context, Any]

"""Permission classes for GraphQL fields: a token is needed, and these scopes in it.

A refusal raises its own error (rather than setting ``message`` on the shared permission
instance), so that concurrent requests never read each other's reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError
from strawberry.extensions.field_extension import FieldExtension
from strawberry.federation.schema_directives import RequiresScopes as FederationRequiresScopes
from strawberry.permission import BasePermission, PermissionExtension

from auth.principal import Principal
from auth.scopes import Scope


def unauthenticated() -> GraphQLError:
    return GraphQLError(
        "This needs an access token (Authorization: Bearer …).",
        extensions={"code": "UNAUTHENTICATED"},
    )


def signed_in(info: Any) -> Principal:
    principal: Principal | None = info.context.principal
    if principal is None:
        raise unauthenticated()
    return principal


def require(principal: Principal | None, scopes: frozenset[Scope]) -> Principal:
    """The principal, when its token holds every one of ``scopes``; else the error a
    client reads: no token, or which scopes it lacks."""
    if principal is None:
        raise unauthenticated()
    missing = scopes - principal.scopes
    if missing:
        names = ", ".join(sorted(missing))
        raise GraphQLError(
            f"The access token lacks the scope {names}.",
            extensions={"code": "FORBIDDEN", "missingScopes": sorted(missing)},
        )
    return principal


class RequiresScopes(BasePermission):
    """The request's token holds every one of these scopes; the error names those missing."""

    def __init__(self, *scopes: Scope) -> None:
        self.scopes = frozenset(scopes)
        self._directive = scopes_directive(*scopes)

    @property
    def schema_directive(self) -> object:
        """Shown in the SDL as Apollo Federation's @requiresScopes: gateways enforce it too."""
        return self._directive

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        require(info.context.principal, self.scopes)
        return True


def scopes_directive(*scopes: Scope) -> FederationRequiresScopes:
    """``@requiresScopes`` for a type: tokens read it by ID only with all these scopes."""
    return FederationRequiresScopes(scopes=[sorted(scopes)])


def check_type_scopes(type_directives: Sequence[object], principal: Principal | None) -> None:
    """Refuse, as a field would, when a type's ``@requiresScopes`` names scopes the token lacks."""
    for directive in type_directives:
        if isinstance(directive, FederationRequiresScopes):
            (scopes,) = directive.scopes  # the hub writes one set of scopes per type
            require(principal, frozenset(Scope(scope) for scope in scopes))


def requires(*scopes: Scope) -> list[FieldExtension]:
    """Field extensions for ``strawberry.field(extensions=…)``: a token with these scopes."""
    return [PermissionExtension(permissions=[RequiresScopes(*scopes)], fail_silently=False)]

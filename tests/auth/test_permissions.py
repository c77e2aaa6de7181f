"""The permission checks of GraphQL fields and types, in-process: no token is one refusal, a
token lacking scopes another, naming them; a type's @requiresScopes is read as a field's
(tests/auth/test_permission_matrix.py asks a hub every field)."""

from __future__ import annotations

import dataclasses
import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from graphql import GraphQLError
from strawberry.federation.schema_directives import RequiresScopes as FederationRequiresScopes
from strawberry.permission import PermissionExtension

from auth.permissions import (
    RequiresScopes,
    check_type_scopes,
    require,
    requires,
    scopes_directive,
    signed_in,
)
from auth.principal import Principal
from auth.scopes import Scope

NO_TOKEN = "This needs an access token (Authorization: Bearer …)."


def principal(*scopes: Scope) -> Principal:
    return Principal(
        organisation_id=3,
        client_id="member-client",
        user_id=None,
        scopes=frozenset(scopes),
        jti="jti-1",
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )


def info(holder: Principal | None) -> Any:
    return SimpleNamespace(context=SimpleNamespace(principal=holder))


def refusal(error: pytest.ExceptionInfo[GraphQLError]) -> tuple[str, dict[str, Any] | None]:
    return error.value.message, error.value.extensions


def test_no_token_is_refused_as_unauthenticated() -> None:
    for check in (
        lambda: require(None, frozenset({Scope.ALERTS_WRITE})),
        lambda: require(None, frozenset()),
        lambda: signed_in(info(None)),
        lambda: RequiresScopes(Scope.ALERTS_WRITE).has_permission(None, info(None)),
        lambda: check_type_scopes([scopes_directive(Scope.ALERTS_WRITE)], None),
    ):
        with pytest.raises(GraphQLError) as refused:
            check()
        assert refusal(refused) == (NO_TOKEN, {"code": "UNAUTHENTICATED"})


def test_a_token_lacking_scopes_is_refused_with_their_names_in_order() -> None:
    holder = principal(Scope.STATEMENTS_SIGN)

    with pytest.raises(GraphQLError) as refused:
        require(holder, frozenset({Scope.REPORTS_WRITE, Scope.ALERTS_WRITE, Scope.STATEMENTS_SIGN}))

    assert refusal(refused) == (
        "The access token lacks the scope alerts:write, reports:write.",
        {"code": "FORBIDDEN", "missingScopes": ["alerts:write", "reports:write"]},
    )


def test_a_token_holding_every_scope_passes_as_itself() -> None:
    holder = principal(Scope.ALERTS_WRITE, Scope.REPORTS_WRITE, Scope.STATEMENTS_SIGN)

    assert require(holder, frozenset({Scope.ALERTS_WRITE, Scope.REPORTS_WRITE})) is holder
    assert require(holder, frozenset()) is holder
    assert signed_in(info(holder)) is holder
    assert RequiresScopes(Scope.ALERTS_WRITE).has_permission(None, info(holder)) is True


def test_a_field_permission_refuses_with_the_scopes_it_was_given() -> None:
    permission = RequiresScopes(Scope.PETITIONS_WRITE, Scope.PETITIONS_EXPORT)
    assert permission.scopes == {Scope.PETITIONS_WRITE, Scope.PETITIONS_EXPORT}

    with pytest.raises(GraphQLError) as refused:
        permission.has_permission(None, info(principal(Scope.PETITIONS_WRITE)))

    assert refusal(refused)[1] == {"code": "FORBIDDEN", "missingScopes": ["petitions:export"]}


def test_the_sdl_shows_a_fields_scopes_as_one_sorted_set() -> None:
    directive = RequiresScopes(Scope.REPORTS_WRITE, Scope.ALERTS_WRITE).schema_directive

    assert isinstance(directive, FederationRequiresScopes)
    assert directive.scopes == [["alerts:write", "reports:write"]]
    assert scopes_directive(Scope.HUB_ADMIN).scopes == [["hub:admin"]]


def test_requires_makes_one_extension_that_raises_its_refusal() -> None:
    (extension,) = requires(Scope.CAMPAIGNS_WRITE)

    assert isinstance(extension, PermissionExtension)
    assert extension.fail_silently is False
    (permission,) = extension.permissions
    assert isinstance(permission, RequiresScopes)
    assert permission.scopes == {Scope.CAMPAIGNS_WRITE}


def test_a_types_scopes_are_checked_as_a_fields() -> None:
    directives: list[object] = ["another directive", scopes_directive(Scope.REPORTS_REVIEW)]

    check_type_scopes(directives, principal(Scope.REPORTS_REVIEW))
    check_type_scopes(["another directive"], None)  # a type with no scopes needs no token
    with pytest.raises(GraphQLError) as refused:
        check_type_scopes(directives, principal(Scope.REPORTS_WRITE))

    assert refusal(refused) == (
        "The access token lacks the scope reports:review.",
        {"code": "FORBIDDEN", "missingScopes": ["reports:review"]},
    )


def test_a_principal_holds_its_scopes_and_cannot_be_changed() -> None:
    holder = principal(Scope.ALERTS_WRITE)

    assert holder.has(Scope.ALERTS_WRITE) is True
    assert holder.has(Scope.HUB_ADMIN) is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        holder.organisation_id = 4  # type: ignore[misc]

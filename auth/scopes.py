"""The scopes catalogue: the same ``domain:action`` strings in tokens, the SDL and permissions."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    """What a token lets its organisation do."""

    STATEMENTS_SIGN = "statements:sign"
    STATEMENTS_WRITE = "statements:write"
    CAMPAIGNS_WRITE = "campaigns:write"
    PETITIONS_WRITE = "petitions:write"
    PETITIONS_EXPORT = "petitions:export"
    ORGANISATION_WRITE = "organisation:write"
    ALERTS_WRITE = "alerts:write"
    REPORTS_WRITE = "reports:write"
    REPORTS_REVIEW = "reports:review"
    HUB_ADMIN = "hub:admin"


DESCRIPTIONS: dict[Scope, str] = {
    Scope.STATEMENTS_SIGN: "Co-sign joint statements, and withdraw a signature",
    Scope.STATEMENTS_WRITE: "Draft, edit, open and publish joint statements",
    Scope.CAMPAIGNS_WRITE: "Create and edit campaigns",
    Scope.PETITIONS_WRITE: "Create and edit petitions, endorse petitions",
    Scope.PETITIONS_EXPORT: "Export the signatures of the organisation's petitions",
    Scope.ORGANISATION_WRITE: "Keep the organisation's profile current",
    Scope.ALERTS_WRITE: "File free-expression violation alerts",
    Scope.REPORTS_WRITE: "Write special reports and send them to review",
    Scope.REPORTS_REVIEW: "Review other members' special reports: publish or return them",
    Scope.HUB_ADMIN: "Administer the network: members, departures, clients, audit log",
}

MEMBER_SCOPES = frozenset(Scope) - {Scope.HUB_ADMIN}
"""What a current network member's clients may be granted."""


def parse_scopes(text: str) -> frozenset[Scope]:
    """The scopes of a space-separated string, or ``ValueError`` naming the unknown ones."""
    words = text.split()
    unknown = sorted(word for word in words if word not in Scope._value2member_map_)
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(unknown)} (known: {', '.join(Scope)})")
    return frozenset(Scope(word) for word in words)


def scope_text(scopes: frozenset[Scope] | set[Scope]) -> str:
    return " ".join(sorted(scopes))

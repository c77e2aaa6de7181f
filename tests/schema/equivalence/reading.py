"""What every reference resolver reaches: the rows, the reader's languages, today.

Resolvers are plain functions registered by (GraphQL type, field) with :func:`resolves`;
the reference's executor dispatches on that pair, so each field of the public read graph
is answered by exactly one small function written from the SDL's description.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLResolveInfo

from hub.models.alerts import Gender, PerpetratorType, VictimKind, ViolationType
from hub.models.campaigns import CampaignKind, MilestoneKind
from hub.models.cases import JusticeStatus
from hub.models.groups import GroupKind, GroupRole
from hub.models.organisations import FocusArea, OrganisationScope
from hub.models.petitions import PetitionStatus
from hub.models.reports import ReportStatus
from hub.models.statements import StatementStatus
from tests.schema.equivalence.arguments import words_of
from tests.schema.equivalence.snapshot import Row, Snapshot
from tests.schema.equivalence.texts import normalised_language

ENUMS: dict[str, Any] = {
    "FocusArea": FocusArea,
    "OrganisationScope": OrganisationScope,
    "GroupKind": GroupKind,
    "GroupRole": GroupRole,
    "CampaignKind": CampaignKind,
    "MilestoneKind": MilestoneKind,
    "StatementStatus": StatementStatus,
    "PetitionStatus": PetitionStatus,
    "PerpetratorType": PerpetratorType,
    "ViolationType": ViolationType,
    "VictimKind": VictimKind,
    "Gender": Gender,
    "ReportStatus": ReportStatus,
    "JusticeStatus": JusticeStatus,
}
"""The stored vocabularies behind the GraphQL enums, whose names are their members' names."""


def enum_name(enum: str, value: str) -> str:
    """The GraphQL name of a stored vocabulary value: ``legal-action`` is ``LEGAL_ACTION``."""
    return str(ENUMS[enum](value).name)


def enum_value(enum: str, name: str) -> str:
    """The stored value of a GraphQL enum name."""
    return str(ENUMS[enum][name].value)


def global_id(type_name: str, key: Hashable) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def date_text(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def date_time_text(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


@dataclass
class Archive:
    """The alerts' words, for searches: every word of every language of title and body."""

    words: dict[int, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Archive:
        return cls(
            {
                alert.pk: frozenset(
                    word.lower()
                    for texts in (alert.title, alert.body)
                    for text in (texts or {}).values()
                    if isinstance(text, str)
                    for word in words_of(text)
                )
                for alert in snapshot.alerts
            }
        )


@dataclass
class Reading:
    """One request's reading of the snapshot."""

    rows: Snapshot
    archive: Archive
    languages: list[str]
    """The Accept-Language header's languages, most preferred first."""
    today: datetime.date

    def wanted(self, arguments: Mapping[str, Any]) -> list[str]:
        """The languages a text is asked in: its ``lang``, else the request's."""
        lang = arguments.get("lang")
        if lang is None:
            return self.languages
        return [normalised_language(lang) or lang]

    def slug_key(self, type_name: str, slug: str) -> Hashable | None:
        row = self.rows.by_slug(type_name, slug)
        return row.pk if row is not None else None


Resolver = Callable[[Any, GraphQLResolveInfo[Any], dict[str, Any]], Any]
RESOLVERS: dict[tuple[str, str], Resolver] = {}


def resolves(type_name: str, *field_names: str) -> Callable[[Resolver], Resolver]:
    """Register a resolver for these fields of ``type_name``."""

    def register(resolver: Resolver) -> Resolver:
        for field_name in field_names:
            RESOLVERS[(type_name, field_name)] = resolver
        return resolver

    return register


def reading_of(info: GraphQLResolveInfo[Any]) -> Reading:
    context: Reading = info.context
    return context


__all__ = ["RESOLVERS", "Reading", "Resolver", "Row", "reading_of", "resolves"]

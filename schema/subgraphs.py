"""The subgraphs: the monolith split along its domains, for a federation gateway.

A subgraph serves the root fields written in its domains' packages and, on every entity,
the fields written there: its own entities whole; of another subgraph's entity, the key
(the global ID) and what its domains add to it in their ``extends.py``. Code outside the
domain packages (pagination, translated texts, errors) is shared by every subgraph.

The monolith at ``/graphql`` is their union: the same classes and resolvers, unfiltered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from hub.settings import Settings
from schema.monolith import NODE_TYPES, HubSchema, Mutation, Query, Subscription, options


@dataclass(frozen=True)
class Subgraph:
    name: str
    description: str
    packages: tuple[str, ...]
    """The modules whose fields it serves: ``schema.campaigns`` covers ``schema.campaigns.*``."""

    def owns(self, module: str) -> bool:
        return any(
            module == package or module.startswith(f"{package}.") for package in self.packages
        )


SUBGRAPHS: dict[str, Subgraph] = {
    subgraph.name: subgraph
    for subgraph in (
        Subgraph(
            "network",
            "Organisations, countries, membership, groups, access and audit; `node(id:)`.",
            (
                "schema.nodes",
                "schema.network",
                "schema.groups",
                "schema.access",
                "schema.audit",
                "schema.admin",
            ),
        ),
        Subgraph(
            "campaigns",
            "Campaigns, their timelines, petitions and endorsements, and special reports.",
            ("schema.campaigns", "schema.petitions", "schema.reports"),
        ),
        Subgraph(
            "statements",
            "Joint statements and their co-signatures.",
            ("schema.statements",),
        ),
        Subgraph(
            "alerts",
            "The archive of free-expression violation alerts, searched and filed.",
            ("schema.alerts",),
        ),
    )
}


def owner_of(module: str) -> Subgraph | None:
    """The subgraph that serves the fields written in ``module``; None when all share it."""
    return next((subgraph for subgraph in SUBGRAPHS.values() if subgraph.owns(module)), None)


class SubgraphSchema(HubSchema):
    """The monolith's types, each showing only the fields this subgraph serves."""

    def __init__(self, subgraph: Subgraph, **kwargs: Any) -> None:
        self.subgraph = subgraph
        super().__init__(**kwargs)

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        return [field for field in type_definition.fields if self.serves(field)]

    def serves(self, field: StrawberryField) -> bool:
        owner = owner_of(getattr(field.origin, "__module__", ""))
        return owner is None or owner is self.subgraph


def build_subgraph(name: str, settings: Settings) -> SubgraphSchema:
    """The subgraph called ``name``, with the monolith's limits and extensions.

    Every subgraph knows every entity by its key, so a reference can cross any boundary
    and ``node(id:)`` can answer with a type another subgraph fills in.
    """
    subgraph = SUBGRAPHS[name]
    return SubgraphSchema(
        subgraph,
        query=root_type(Query, subgraph),
        mutation=root_type(Mutation, subgraph),
        subscription=root_type(Subscription, subgraph),
        types=NODE_TYPES,
        **options(settings),
    )


def root_type(monolith_root: type, subgraph: Subgraph) -> Any:
    """The subgraph's part of a monolith root type: the domain classes it is made of."""
    parts = tuple(base for base in monolith_root.__bases__ if subgraph.owns(base.__module__))
    if not parts:
        return None
    definition = monolith_root.__strawberry_definition__  # type: ignore[attr-defined]
    return strawberry.type(type(definition.name, parts, {}), description=definition.description)

"""The monolith schema served at ``/graphql``: every domain's root fields in one graph."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry.federation
from graphql import GraphQLError, GraphQLSchema
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from hub.settings import Settings
from schema.access.queries import AccessQueries
from schema.admin.mutations import AdminMutations
from schema.alerts.live import AlertSubscriptions
from schema.alerts.mutations import AlertMutations
from schema.alerts.queries import AlertQueries
from schema.alerts.types import Alert, Case
from schema.audit.queries import AuditQueries
from schema.audit.types import AuditEntry
from schema.campaigns.mutations import CampaignMutations
from schema.campaigns.queries import CampaignQueries
from schema.campaigns.types import Campaign, Milestone
from schema.groups.queries import GroupQueries
from schema.groups.types import Group, GroupMembership
from schema.languages import LANGUAGE_SCALAR, Language
from schema.limits.guard import Limits, ValidationAfterLimits
from schema.live.guard import SubscriptionsOnly
from schema.network.mutations import OrganisationMutations
from schema.network.queries import NetworkQueries
from schema.network.types import Country, NetworkMembership, Organisation
from schema.nodes import NodeQueries, Representations, register_node_types
from schema.observation import ObservedOperations
from schema.petitions.live import PetitionSubscriptions
from schema.petitions.mutations import PetitionMutations
from schema.petitions.queries import PetitionQueries
from schema.petitions.types import Petition, PetitionEndorsement
from schema.reads.counting import CountCompiled
from schema.reads.executor import CompiledAnswers
from schema.reads.roots import install
from schema.reports.mutations import ReportMutations
from schema.reports.queries import ReportQueries
from schema.reports.types import Report
from schema.statements.live import StatementSubscriptions
from schema.statements.mutations import StatementMutations
from schema.statements.queries import StatementQueries
from schema.statements.types import Statement, StatementSignature
from schema.text_input import TextWithoutNul
from schema.unavailable import DatabaseUnavailableErrors
from schema.validation import HideSuggestions, MaskFaults, NamedArgumentErrors

NODE_TYPES = (
    Alert,
    AuditEntry,
    Campaign,
    Case,
    Country,
    Group,
    GroupMembership,
    Milestone,
    NetworkMembership,
    Organisation,
    Petition,
    PetitionEndorsement,
    Report,
    Statement,
    StatementSignature,
)
register_node_types(*NODE_TYPES)


@strawberry.type(description="The network's graph: start from a list, a slug or a global ID.")
class Query(
    NodeQueries,
    AccessQueries,
    AuditQueries,
    NetworkQueries,
    GroupQueries,
    CampaignQueries,
    StatementQueries,
    PetitionQueries,
    AlertQueries,
    ReportQueries,
):
    pass


@strawberry.type(description="Writes, each for the one organisation the access token acts for.")
class Mutation(
    StatementMutations,
    CampaignMutations,
    PetitionMutations,
    OrganisationMutations,
    AlertMutations,
    ReportMutations,
    AdminMutations,
):
    pass


@strawberry.type(description="Live updates, over the graphql-transport-ws protocol at /graphql.")
class Subscription(PetitionSubscriptions, StatementSubscriptions, AlertSubscriptions):
    pass


class HubSchema(strawberry.federation.Schema):
    """A schema whose reads are compiled: the fields that resolve themselves with one
    statement get their resolvers once the schema is built."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        install(self._schema)
        self._references = Representations()

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """A gateway's references, each entity read by one statement for all of them."""
        return await self._references.entities(info._raw_info, representations)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Nothing: faults are logged with the reference their clients see (``MaskFaults``),
        a database that went away in one line (``DatabaseUnavailableErrors``), and a
        client's mistakes are not news."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """The monolith schema, with the limits that keep hostile queries cheap."""
    return HubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        **options(settings),
    )


def graphql_schema(settings: Settings) -> GraphQLSchema:
    """The monolith as graphql-core holds it, to validate documents against."""
    return build_schema(settings)._schema


def options(settings: Settings) -> dict[str, Any]:
    """What the monolith and every subgraph share: scalars, federation version and limits."""
    # the limits' rules are made once: the validation cache is keyed by the rule classes,
    # so rules made afresh for every request would never hit it
    limits = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    if not settings.allows("introspection"):
        limits.append(NoSchemaIntrospectionCustomRule)
    return {
        "config": StrawberryConfig(scalar_map={Language: LANGUAGE_SCALAR}),
        "federation_version": "2.9",
        "execution_context_class": CompiledAnswers,
        "extensions": [
            # first: it sees the errors as clients do, after every other extension's work
            lambda: ObservedOperations(settings),
            # parsing and validating the same dashboard query again is wasted work
            lambda: ParserCache(maxsize=256),
            # a document too big once its fragments are expanded is refused before
            # validation, whose work grows with them; cost and budget before execution
            lambda: Limits(settings),
            lambda: ValidationAfterLimits(maxsize=256),
            lambda: AddValidationRules(limits),
            lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            NamedArgumentErrors,
            # PostgreSQL's text holds no NUL: refused alike on both databases
            TextWithoutNul,
            SubscriptionsOnly,
            CountCompiled,
            DatabaseUnavailableErrors,
            MaskFaults,
            *([] if settings.allows("field_suggestions") else [HideSuggestions]),
        ],
    }

"""The monolith schema served at ``/graphql``: every domain's root fields in one graph."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from hub.settings import Settings
from schema.campaigns.queries import CampaignQueries
from schema.campaigns.types import Campaign, Milestone
from schema.groups.queries import GroupQueries
from schema.groups.types import Group, GroupMembership
from schema.network.queries import NetworkQueries
from schema.network.types import Country, NetworkMembership, Organisation
from schema.nodes import NodeQueries, register_node_types
from schema.petitions.queries import PetitionQueries
from schema.petitions.types import Petition, PetitionEndorsement
from schema.statements.queries import StatementQueries
from schema.statements.types import Statement, StatementSignature
from schema.validation import is_client_error

NODE_TYPES = (
    Campaign,
    Country,
    Group,
    GroupMembership,
    Milestone,
    NetworkMembership,
    Organisation,
    Petition,
    PetitionEndorsement,
    Statement,
    StatementSignature,
)
register_node_types(*NODE_TYPES)

Query = merge_types(
    "Query",
    (
        NodeQueries,
        NetworkQueries,
        GroupQueries,
        CampaignQueries,
        StatementQueries,
        PetitionQueries,
    ),
)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The monolith schema, with the limits that keep hostile queries cheap."""
    return strawberry.Schema(
        query=Query,
        types=NODE_TYPES,
        extensions=[
            QueryDepthLimiter(max_depth=settings.max_query_depth),
            MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            MaskErrors(should_mask_error=lambda error: not is_client_error(error)),
        ],
    )

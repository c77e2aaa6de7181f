"""The statements subgraph's fields on other subgraphs' entities: who signed and issued what.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the statements subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.pagination import Connection
from schema.reads.fields import many
from schema.statements import relations

if TYPE_CHECKING:
    from schema.statements.types import Statement, StatementSignature


@strawberry.type
class OrganisationStatements:
    co_signed_statements: Connection[
        Annotated[StatementSignature, strawberry.lazy("schema.statements.types")]
    ] = many(
        relations.SIGNATURES_OF_ORGANISATION,
        arguments=[relations.include_withdrawn("Also list signatures it withdrew.")],
        description="The joint statements it co-signed, newest signature first.",
    )


@strawberry.type
class GroupStatements:
    statements: Connection[Annotated[Statement, strawberry.lazy("schema.statements.types")]] = many(
        relations.STATEMENTS_OF_GROUP,
        description="The joint statements the group issued, newest first.",
    )


@strawberry.type
class CampaignStatements:
    statements: Connection[Annotated[Statement, strawberry.lazy("schema.statements.types")]] = many(
        relations.STATEMENTS_OF_CAMPAIGN, description="Its joint statements, newest first."
    )

"""The statements subgraph's fields on other subgraphs' entities: who signed and issued what.

Each class here is a set of fields mixed into an entity defined elsewhere; the monolith
serves them on the whole type, the statements subgraph on its stub of that entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.context import Info
from schema.pagination import After, Connection, First
from schema.statements import relations

if TYPE_CHECKING:
    from schema.statements.types import Statement, StatementSignature


@strawberry.type
class OrganisationStatements:
    id: strawberry.Private[int]

    @strawberry.field(description="The joint statements it co-signed, newest signature first.")
    async def co_signed_statements(
        self,
        info: Info,
        include_withdrawn: Annotated[
            bool, strawberry.argument(description="Also list signatures it withdrew.")
        ] = False,
        first: First = None,
        after: After = None,
    ) -> Connection[Annotated[StatementSignature, strawberry.lazy("schema.statements.types")]]:
        from schema.statements.types import StatementSignature

        filters = () if include_withdrawn else (relations.NOT_WITHDRAWN,)
        return await StatementSignature.connection_of(
            info, relations.SIGNATURES_OF_ORGANISATION, self.id, first, after, filters
        )


@strawberry.type
class GroupStatements:
    id: strawberry.Private[int]

    @strawberry.field(description="The joint statements the group issued, newest first.")
    async def statements(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Statement, strawberry.lazy("schema.statements.types")]]:
        from schema.statements.types import Statement

        return await Statement.connection_of(
            info, relations.STATEMENTS_OF_GROUP, self.id, first, after
        )


@strawberry.type
class CampaignStatements:
    id: strawberry.Private[int]

    @strawberry.field(description="Its joint statements, newest first.")
    async def statements(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Annotated[Statement, strawberry.lazy("schema.statements.types")]]:
        from schema.statements.types import Statement

        return await Statement.connection_of(
            info, relations.STATEMENTS_OF_CAMPAIGN, self.id, first, after
        )

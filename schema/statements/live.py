"""A statement's new co-signatures, live (``Subscription.statementCoSignatures``)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from hub import models
from schema.live.following import existing_key, follow
from schema.reads.roots import entity
from schema.statements.types import Statement, StatementSignature


@strawberry.type(description="An organisation co-signed a statement.")
class StatementCoSigned:
    signature_id: strawberry.Private[int]
    signature: StatementSignature | None = entity(
        "signature_id", description="The new co-signature: who signed, when, for which statement."
    )


@strawberry.type
class StatementSubscriptions:
    @strawberry.subscription(description="Each new co-signature of a statement, as it is made.")
    async def statement_co_signatures(
        self,
        statement_id: Annotated[
            strawberry.ID, strawberry.argument(description="The statement's global ID.")
        ],
    ) -> AsyncGenerator[StatementCoSigned, None]:
        key = await existing_key(Statement, models.Statement, statement_id, "statementId")
        co_signed = follow(
            "statement.co_signed",
            [str(key)],
            lambda event: StatementCoSigned(signature_id=event.subject),
        )
        async for event in co_signed:
            yield event

"""``Subscription``: a petition's count, a statement's new co-signatures, new alerts.

Public data: no scope is needed, and the same limits as a query's apply (depth, aliases,
cost). Each subscription follows its keys on this process's events (``hub.events``),
which on PostgreSQL carry the writes of every replica.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError
from tortoise.models import Model

from hub import models
from hub.events import EVENTS
from hub.events.bus import FellBehind
from hub.geography import all_countries
from schema.errors import BadArgument
from schema.filters import country_code
from schema.live.types import AlertFiled, PetitionCountMoved, StatementCoSigned
from schema.nodes import RowNode, parse_global_id
from schema.petitions.types import Petition
from schema.statements.types import Statement

COUNTRIES = frozenset(code for code, *_ in all_countries())


async def _key(node_type: type[RowNode], model: type[Model], global_id: str, argument: str) -> int:
    """The key of the row a global ID names; an error naming the argument otherwise."""
    found_type, key = parse_global_id(global_id, argument)
    if found_type is not node_type:
        raise BadArgument(argument, f"'{global_id}' is not a {node_type.__name__} ID")
    if not await model.exists(id=key):
        raise GraphQLError(
            f"Argument '{argument}': no {node_type.__name__} has the ID '{global_id}'",
            extensions={"code": "NOT_FOUND", "argument": argument},
        )
    return int(str(key))


def _countries(codes: list[str]) -> list[str]:
    if not codes:
        raise BadArgument("countryCodes", "name at least one country")
    checked = [country_code(code, "countryCodes") for code in codes]
    unknown = sorted(set(checked) - COUNTRIES)
    if unknown:
        raise BadArgument("countryCodes", f"{', '.join(unknown)} is no ISO 3166-1 country")
    return checked


def _fell_behind() -> GraphQLError:
    return GraphQLError(
        "This subscription fell too far behind its events and was ended: subscribe again.",
        extensions={"code": "FELL_BEHIND"},
    )


@strawberry.type(description="Live updates, over the graphql-transport-ws protocol at /graphql.")
class Subscription:
    @strawberry.subscription(
        description="A petition's signature count: once at once, then each time it moves."
    )
    async def petition_count(
        self,
        petition_id: Annotated[
            strawberry.ID, strawberry.argument(description="The petition's global ID.")
        ],
    ) -> AsyncGenerator[PetitionCountMoved, None]:
        key = await _key(Petition, models.Petition, petition_id, "petitionId")
        async with EVENTS.subscription("petition.counted", [str(key)]) as events:
            yield PetitionCountMoved(petition_id=key)
            try:
                async for _event in events:
                    yield PetitionCountMoved(petition_id=key)
            except FellBehind:
                raise _fell_behind() from None

    @strawberry.subscription(description="Each new co-signature of a statement, as it is made.")
    async def statement_co_signatures(
        self,
        statement_id: Annotated[
            strawberry.ID, strawberry.argument(description="The statement's global ID.")
        ],
    ) -> AsyncGenerator[StatementCoSigned, None]:
        key = await _key(Statement, models.Statement, statement_id, "statementId")
        async with EVENTS.subscription("statement.co_signed", [str(key)]) as events:
            try:
                async for event in events:
                    yield StatementCoSigned(signature_id=event.subject)
            except FellBehind:
                raise _fell_behind() from None

    @strawberry.subscription(description="Each alert filed in any of these countries, as it is.")
    async def alerts_filed(
        self,
        country_codes: Annotated[
            list[str],
            strawberry.argument(
                description="ISO 3166-1 alpha-2 codes of the countries followed, such as 'TN'."
            ),
        ],
    ) -> AsyncGenerator[AlertFiled, None]:
        codes = _countries(country_codes)
        async with EVENTS.subscription("alert.filed", codes) as events:
            try:
                async for event in events:
                    yield AlertFiled(alert_id=event.subject)
            except FellBehind:
                raise _fell_behind() from None

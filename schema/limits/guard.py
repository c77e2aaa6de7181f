"""The limits every GraphQL route enforces, as a Strawberry extension: fragment expansion
before validation, then cost and the client's budget before execution. The cost and
what is left of the budget are reported in the answer's ``extensions.cost``, as Shopify
reports them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension, ValidationCache

from hub.settings import Settings
from schema.context import Context
from schema.limits.budgets import Spent
from schema.limits.cost import Costing
from schema.limits.fragments import check_fragments


class Throttled(GraphQLError):
    """A client that spent its budget for the minute."""

    def __init__(self, spent: Spent, cost: int) -> None:
        super().__init__(
            f"This query costs {cost}, and {spent.available} of this client's"
            f" {spent.budget} per minute is left: retry in {spent.retry_after} s.",
            extensions={"code": "THROTTLED", "cost": cost, "retryAfter": spent.retry_after},
        )
        self.retry_after = spent.retry_after


def cost_of(
    settings: Settings,
    schema: Any,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> int:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return Costing(schema, fragments, variables, settings.max_page_size).operation(operation)


def admit(settings: Settings, context: Context, cost: int) -> dict[str, Any]:
    """Refuse an operation over the cost limit, or over its client's budget; else what it
    spent, for ``extensions.cost``."""
    context.cost = cost
    if cost > settings.max_query_cost:
        raise GraphQLError(
            f"This query costs {cost}, more than the {settings.max_query_cost} one query"
            " may cost: ask for fewer items per page, or fewer lists.",
            extensions={
                "code": "COST_LIMIT_EXCEEDED",
                "cost": cost,
                "limit": settings.max_query_cost,
            },
        )
    budget = (
        settings.query_budget_per_minute
        if context.principal
        else settings.anonymous_budget_per_minute
    )
    if budget <= 0 or context.budgets is None:
        return {"requestedQueryCost": cost}
    # a request that a known operation's answer spent for, then sent the ordinary way
    # (``schema.reads.operations``), is not charged twice
    state = context.request.state if context.request is not None else None
    admitted: tuple[int, dict[str, Any]] | None = getattr(state, "admitted", None)
    if admitted is not None and admitted[0] == cost:
        return admitted[1]
    spent = context.budgets.spend(context.budget_holder(), budget, cost)
    if not spent.allowed:
        raise Throttled(spent, cost)
    report = {
        "requestedQueryCost": cost,
        "throttleStatus": {
            "maximumAvailable": spent.budget,
            "currentlyAvailable": spent.available,
            "restoreRate": round(spent.budget / 60, 2),
        },
    }
    if state is not None:
        state.admitted = (cost, report)
    return report


class Limits(SchemaExtension):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.cost: dict[str, Any] | None = None

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            refused = check_fragments(context.graphql_document, self.settings.max_fragment_fields)
            if refused is not None:
                context.pre_execution_errors = [refused]
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = _operation(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            cost = cost_of(
                self.settings, context.schema._schema, document, operation, context.variables or {}
            )
            self.cost = admit(self.settings, context.context, cost)
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost is not None else {}


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if name is None or (operation.name and operation.name.value == name):
            return operation
    return None


class ValidationAfterLimits(ValidationCache):
    """Strawberry's validation cache, which validates nothing a limit already refused."""

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors:
            yield
            return
        yield from super().on_validate()

"""What subscriptions send is read the compiled way, and out of the generated queries' reach.

The generated-query equivalence (``tests/schema/test_equivalence.py``) walks the graph from
``Query``; the event types are reached from ``Subscription`` only, so it never draws them.
Each of their fields is a compiled read of one row (``entity``) of a type it does check.
"""

from __future__ import annotations

from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type

from hub.settings import Settings
from schema.monolith import build_schema
from schema.reads.roots import Entity
from schema.reads.selections import reading_of

EVENT_TYPES = {"PetitionCountMoved", "StatementCoSigned", "AlertFiled"}


def reached_from(root: GraphQLObjectType) -> set[str]:
    seen: set[str] = set()
    waiting: list[GraphQLNamedType] = [root]
    while waiting:
        named = waiting.pop()
        if named.name in seen:
            continue
        seen.add(named.name)
        for field in getattr(named, "fields", {}).values():
            waiting.append(get_named_type(field.type))
        waiting.extend(getattr(named, "types", ()))  # an interface's or union's kinds
    return seen


def test_the_event_types_are_reached_from_subscription_only() -> None:
    schema = build_schema(Settings())._schema
    assert schema.subscription_type is not None
    from_query = reached_from(schema.query_type)
    from_subscription = reached_from(schema.subscription_type)
    assert from_subscription >= EVENT_TYPES
    assert not EVENT_TYPES & from_query


def test_every_field_of_an_event_is_a_compiled_read_of_a_type_queries_reach() -> None:
    schema = build_schema(Settings())._schema
    from_query = reached_from(schema.query_type)
    for name in EVENT_TYPES:
        event = schema.type_map[name]
        assert isinstance(event, GraphQLObjectType)
        for field in event.fields.values():
            assert isinstance(reading_of(field), Entity), (name, field)
            assert get_named_type(field.type).name in from_query

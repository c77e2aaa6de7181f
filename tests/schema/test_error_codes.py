"""The schema's ErrorCode is the services' Refusal: every refusal has its code."""

from __future__ import annotations

from graphql import GraphQLEnumType

from hub.services.errors import Refusal
from hub.settings import Settings
from schema.monolith import build_schema


def test_every_refusal_is_an_error_code() -> None:
    # given the schema as served
    schema = build_schema(Settings())._schema

    # when its ErrorCode is read
    error_code = schema.type_map["ErrorCode"]

    # then it names each refusal, and nothing else
    assert isinstance(error_code, GraphQLEnumType)
    assert set(error_code.values) == {refusal.name for refusal in Refusal}
    assert {value.value for value in error_code.values.values()} == set(Refusal)

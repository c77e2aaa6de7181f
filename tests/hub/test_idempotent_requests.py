"""What makes two requests under one Idempotency-Key the same write: the mutation's root fields
and their arguments' values, however a gateway printed the document; and the first answer,
read again through a retry's own selection."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from hub.idempotent_requests import Request

MAX_TOKENS = 4000
ID = "U3RhdGVtZW50OjE="


def request(query: str, variables: dict[str, Any] | None = None, **more: Any) -> Request:
    body = {"query": query, "variables": variables or {}, **more}
    return Request(orjson.dumps(body), MAX_TOKENS)


CLIENT = request(
    """mutation Sign($id: ID!, $by: String = "Director") {
      coSignStatement(input: {statementId: $id, signedBy: $by}) {
        alreadySigned signature { organisation { name { text } } }
      }
    }""",
    {"id": ID},
)


@pytest.mark.parametrize(
    "printed",
    [
        # as Apollo Gateway prints its part for the statements subgraph
        request(
            'mutation Sign__statements__0($id:ID!,$by:String="Director")'
            "{coSignStatement(input:{statementId:$id,signedBy:$by})"
            "{alreadySigned signature{organisation{__typename id}}}}",
            {"id": ID},
            operationName="Sign__statements__0",
        ),
        # values written in place, a root __typename, other aliases, a fragment
        request(
            "mutation { __typename signing: coSignStatement(input: "
            '{signedBy: "Director", statementId: "U3RhdGVtZW50OjE="}) { ...Payload } }'
            " fragment Payload on CoSignStatementPayload { alreadySigned }"
        ),
        # another variable name, the default given
        request(
            "mutation($s: ID!, $who: String!)"
            " { coSignStatement(input: {statementId: $s, signedBy: $who}) { alreadySigned } }",
            {"s": ID, "who": "Director"},
        ),
    ],
)
def test_the_same_write_however_printed_is_recognised(printed: Request) -> None:
    assert printed.is_mutation
    assert printed.write() == CLIENT.write()


@pytest.mark.parametrize(
    "other",
    [
        request(
            "mutation($id: ID!) { coSignStatement(input: {statementId: $id,"
            ' signedBy: "Director"}) { alreadySigned } }',
            {"id": "U3RhdGVtZW50OjI="},
        ),
        request(
            "mutation($id: ID!) { coSignStatement(input: {statementId: $id}) { alreadySigned } }",
            {"id": ID},
        ),
        request(
            "mutation($id: ID!) { withdrawStatementSignature(input: {statementId: $id,"
            ' signedBy: "Director"}) { errors { code } } }',
            {"id": ID},
        ),
    ],
)
def test_another_write_is_not_the_same(other: Request) -> None:
    assert other.write() != CLIENT.write()


def test_reads_and_unreadable_bodies_are_not_writes() -> None:
    assert not request("{ network { name } }").is_mutation
    assert not Request(b"{not json", MAX_TOKENS).is_mutation
    assert not Request(orjson.dumps({"query": "mutation {"}), MAX_TOKENS).is_mutation


def test_the_first_answer_is_shaped_by_the_retrys_selection() -> None:
    # given the first answer, to a document with a key field and __typename
    first = {
        "coSignStatement": {
            "alreadySigned": False,
            "signature": {"organisation": {"__typename": "Organisation", "id": "T3Jn"}},
        }
    }
    # when a retry selects the same with an alias, without the key, and a typed fragment
    retry = request(
        'mutation { signing: coSignStatement(input: {statementId: "x"}) {'
        " alreadySigned signature { organisation { __typename } ... on Nothing { gone } } } }"
    )

    # then it gets the first answer's values under its own names, and only what it asked
    assert retry.shape(first) == {
        "signing": {
            "alreadySigned": False,
            "signature": {"organisation": {"__typename": "Organisation"}},
        }
    }


def test_a_write_naming_a_variable_it_does_not_define_is_still_a_write() -> None:
    # the endpoint refuses it by validation; the key's claim must not fail before that
    undefined = request(
        "mutation { coSignStatement(input: {statementId: $nope}) { alreadySigned } }"
    )
    assert undefined.is_mutation
    assert undefined.write() != CLIENT.write()

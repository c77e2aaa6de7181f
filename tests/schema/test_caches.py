"""A dashboard's repeated query is parsed and validated once, not on every request."""

from __future__ import annotations

from strawberry.extensions.validation_cache import _get_validate_cache

from tests.conftest import GraphQLClient

VALIDATION_CACHE_SIZE = 256  # as schema/monolith.py sets it


def test_a_repeated_query_is_validated_once(demo: GraphQLClient) -> None:
    # given a query the hub has not seen, partly answered in Python (so never a known
    # operation, which skips validation altogether: tests/schema/test_compiled_reads.py)
    query = "{ organisations(first: 2) { totalCount nodes { slug } } viewer { clientId } }"
    validations = _get_validate_cache(VALIDATION_CACHE_SIZE)
    before = validations.cache_info()

    # when a dashboard sends it three times
    for _ in range(3):
        demo.data(query)

    # then it was validated once, and the other two answers came from the cache
    after = validations.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 2)

"""Cursor connections: every node once, in order, with a total that matches."""

from __future__ import annotations

from tests.conftest import GraphQLClient

PAGE = """query($after: String) {
  organisations(first: 37, after: $after) {
    totalCount
    edges { cursor node { id slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


def test_walking_the_pages_visits_every_organisation_once(demo: GraphQLClient) -> None:
    # given
    seen: list[str] = []
    after = None
    pages = 0

    # when every page is read, each after the last one's end cursor
    while True:
        page = demo.data(PAGE, {"after": after})["organisations"]
        seen += [edge["node"]["slug"] for edge in page["edges"]]
        pages += 1
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]

    # then each organisation came exactly once, sorted by slug, as many as the total
    assert len(seen) == len(set(seen)) == page["totalCount"]
    assert seen == sorted(seen)
    assert pages == -(-page["totalCount"] // 37)


def test_default_page_is_twenty_and_first_zero_gives_only_the_count(demo: GraphQLClient) -> None:
    # when
    data = demo.data(
        """{ all: organisations { totalCount nodes { id } }
            none: organisations(first: 0) { totalCount nodes { id } pageInfo { hasNextPage } } }"""
    )
    # then
    assert len(data["all"]["nodes"]) == 20
    assert data["none"]["nodes"] == []
    assert data["none"]["totalCount"] == data["all"]["totalCount"]


def test_nested_connections_page_independently_per_parent(demo: GraphQLClient) -> None:
    # given the members of every group, read whole and then two at a time
    whole = demo.data(
        "{ groups(first: 100) { nodes { slug membershipHistory(first: 100) { nodes { id } } } } }"
    )["groups"]["nodes"]
    paged = demo.data(
        """{ groups(first: 100) { nodes { slug
            membershipHistory(first: 2) { totalCount edges { cursor node { id } } }
        } } }"""
    )["groups"]["nodes"]

    # then each group's first page is the start of its own list, and totals match it
    for full, page in zip(whole, paged, strict=True):
        ids = [node["id"] for node in full["membershipHistory"]["nodes"]]
        assert [e["node"]["id"] for e in page["membershipHistory"]["edges"]] == ids[:2]
        assert page["membershipHistory"]["totalCount"] == len(ids)


def test_nodes_round_trip_through_global_ids(demo: GraphQLClient) -> None:
    # given the global IDs of a few entities of different types
    data = demo.data(
        """{ organisations(first: 2) { nodes { id slug } }
            campaigns(first: 1) { nodes { id slug } }
            country(code: "TN") { id code } }"""
    )
    wanted = [*data["organisations"]["nodes"], *data["campaigns"]["nodes"]]
    ids = [entity["id"] for entity in wanted] + [data["country"]["id"]]

    # when
    nodes = demo.data(
        """query($ids: [ID!]!) { nodes(ids: $ids) {
            id
            ... on Organisation { slug }
            ... on Campaign { slug }
            ... on Country { code }
        } }""",
        {"ids": ids},
    )["nodes"]

    # then
    assert [node["id"] for node in nodes] == ids
    assert [node.get("slug") for node in nodes[:3]] == [e["slug"] for e in wanted]
    assert nodes[3]["code"] == "TN"

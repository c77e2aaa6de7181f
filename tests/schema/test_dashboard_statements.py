"""No N+1: a deep dashboard query costs one SQL statement, on 1× and 100× the data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from hub.models.groups import GroupKind
from tests import factories
from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill
from tests.sql_statements import recorded_statements

DASHBOARD = """
query Dashboard($slug: String!) {
  coalition(slug: $slug) {
    name { text language }
    members(first: 100) {
      totalCount
      edges { cursor node {
        role startedOn
        organisation {
          slug name { text }
          headquarters { code name(lang: "fr") { text } }
          groups { totalCount }
          coSignedStatements(first: 10) {
            totalCount
            nodes {
              signedAt
              statement {
                title { text }
                signatories { totalCount }
                campaign {
                  slug title { text }
                  timeline { totalCount }
                  petitions(first: 5) {
                    totalCount
                    nodes {
                      slug goal signatureCount progress
                      endorsements { totalCount nodes { organisation { slug } } }
                    }
                  }
                }
              }
            }
          }
        }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def build_network(scale: int) -> Callable[[], Awaitable[None]]:
    """A coalition of 2×scale members; each co-signs statements of campaigns with petitions."""

    async def build() -> None:
        import datetime

        members = await factories.organisations(2 * scale, member_since=datetime.date(2000, 1, 1))
        await factories.group(members, GroupKind.COALITION, slug="dashboard-coalition")
        for i in range(scale):
            campaign = await factories.campaign()
            for _ in range(2):
                petition = await factories.petition(members[i], campaign_id=campaign.id)
                await factories.sign_petition(petition, 3)
                await factories.endorse(petition, members[i : i + 2])
            statement = await factories.statement(members[i], campaign_id=campaign.id)
            await factories.co_sign(statement, members[i : i + 3])

    return build


def dashboard_statements(databases: Databases, scale: int) -> tuple[int, dict]:
    url = databases.new()
    fill(url, build_network(scale))
    with hub_client(url) as client:
        graphql = GraphQLClient(client)
        graphql.data(DASHBOARD, {"slug": "dashboard-coalition"})  # warm: migrations, caches
        with recorded_statements() as statements:
            data = graphql.data(DASHBOARD, {"slug": "dashboard-coalition"})
    return len(statements), data


@pytest.mark.parametrize("scale", [100])
def test_dashboard_costs_the_same_statements_at_any_size(databases: Databases, scale: int) -> None:
    # given a small network and one `scale` times larger
    # when the same dashboard query runs on each
    small_count, small = dashboard_statements(databases, 1)
    large_count, large = dashboard_statements(databases, scale)

    # then both answered fully, with the same number of SQL statements
    assert small["coalition"]["members"]["totalCount"] == 2
    assert large["coalition"]["members"]["totalCount"] == 2 * scale
    assert len(large["coalition"]["members"]["edges"]) == 100
    assert large["coalition"]["members"]["pageInfo"]["hasNextPage"] is True
    first = large["coalition"]["members"]["edges"][0]["node"]["organisation"]
    petition = first["coSignedStatements"]["nodes"][0]["statement"]["campaign"]["petitions"][
        "nodes"
    ][0]
    assert petition["signatureCount"] == 3
    assert small_count == large_count == 1  # one root field, one statement

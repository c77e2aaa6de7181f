"""Subscriptions obey the limits a query obeys, and the safelist when it is on."""

from __future__ import annotations

from hub.services import operations
from tests.databases import fill
from tests.live import live_hub
from tests.schema.live.network import PETITION_COUNT, build_live_network
from tests.schema.live.subscriber import subscribed

DEEP = """subscription($id: ID!) {
  petitionCount(petitionId: $id) {
    petition {
      campaign { leadOrganisation { networkMemberships { nodes { organisation { slug } } } } }
    }
  }
}"""
COSTLY = """subscription($id: ID!) {
  petitionCount(petitionId: $id) {
    petition { endorsements(first: 100) { nodes { organisation { slug } } } }
  }
}"""


def test_a_subscription_deeper_than_the_limit_is_refused(database_url: str) -> None:
    # given a hub that takes queries 5 levels deep at most
    network = build_live_network(database_url)
    with live_hub(database_url, max_query_depth=5) as base:
        # when a subscription asks 7 levels deep
        with subscribed(base, DEEP, {"id": network.petition_id}) as subscriber:
            (error,) = subscriber.refusal()

        # then it is refused, saying so
        assert "exceeds maximum operation depth of 5" in error["message"], error

        # and one within the limit is served
        with subscribed(base, PETITION_COUNT, {"id": network.petition_id}) as subscriber:
            assert subscriber.next()["petitionCount"]["petition"]["signatureCount"] == 0


def test_a_subscription_over_the_cost_limit_is_refused(database_url: str) -> None:
    # given a hub where an operation may cost 50
    network = build_live_network(database_url)
    # when a subscription asks for a page of 100 endorsements
    with (
        live_hub(database_url, max_query_cost=50) as base,
        subscribed(base, COSTLY, {"id": network.petition_id}) as subscriber,
    ):
        (error,) = subscriber.refusal()

    # then it is refused with the limit's code
    assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED", error
    assert error["extensions"]["limit"] == 50


def test_in_safelist_mode_only_registered_subscriptions_run(database_url: str) -> None:
    # given a safelisted hub where the petition count subscription is registered
    network = build_live_network(database_url)
    registered = PETITION_COUNT
    fill(database_url, lambda: operations.register([("petition-count.graphql", registered)]))
    with live_hub(database_url, persisted_queries="safelist") as base:
        # when a client subscribes with the registered document, and with another
        with subscribed(base, registered, {"id": network.petition_id}) as subscriber:
            served = subscriber.next()
        other = registered.replace("slug signatureCount", "signatureCount")
        with subscribed(base, other, {"id": network.petition_id}) as subscriber:
            (error,) = subscriber.refusal()

    # then the registered one is served, the other refused
    assert served["petitionCount"]["petition"]["signatureCount"] == 0
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST", error

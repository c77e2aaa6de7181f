"""Subscriptions over graphql-transport-ws, as an outside client meets them.

The npm ``graphql-ws`` client, run by Node.js, subscribes to a real ``hub serve``; the
writes are made through the hub's own routes (the widget's sign form, GraphQL mutations
with a member's token), and what the client receives is checked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.databases import Databases
from tests.live import live_hub
from tests.schema.live.network import (
    ALERTS,
    CO_SIGN,
    CO_SIGNATURES,
    FILE_ALERT,
    PETITION_COUNT,
    LiveNetwork,
    ask,
    build_live_network,
    new_alert,
    sign_petition,
    token,
)
from tests.schema.live.subscriber import subscribed, wait_until_following


@pytest.fixture(scope="module")
def live(databases: Databases) -> Iterator[tuple[str, LiveNetwork]]:
    database_url = databases.new()
    network = build_live_network(database_url)
    with live_hub(database_url) as base:
        yield base, network


def test_a_petitions_count_moves_for_its_subscriber(live: tuple[str, LiveNetwork]) -> None:
    base, network = live
    with subscribed(base, PETITION_COUNT, {"id": network.petition_id}) as subscriber:
        # given a subscriber, told the count as soon as it subscribed
        first = subscriber.next()["petitionCount"]["petition"]
        assert first == {"slug": network.petition_slug, "signatureCount": 0}

        # when three people sign, the second one twice
        for person in ("Amira", "Bilal", "Bilal", "Chidi"):
            sign_petition(base, network, person)

        # then the subscriber sees the count move up to 3, never back
        seen = [0]
        while seen[-1] < 3:
            seen.append(subscriber.next()["petitionCount"]["petition"]["signatureCount"])
        assert seen == sorted(seen) and seen[-1] == 3

    # and a new subscriber is told 3: the second signature of one person counted nothing
    with subscribed(base, PETITION_COUNT, {"id": network.petition_id}) as again:
        assert again.next()["petitionCount"]["petition"]["signatureCount"] == 3


def test_a_statements_new_co_signatures_reach_its_subscriber(
    live: tuple[str, LiveNetwork],
) -> None:
    base, network = live
    with subscribed(base, CO_SIGNATURES, {"id": network.statement_id}) as subscriber:
        # given a subscriber to an open statement
        wait_until_following(base, "statement.co_signed")

        # when member B co-signs it through GraphQL
        answer = ask(base, CO_SIGN, token(base, network, 1), id=network.statement_id)
        assert answer["coSignStatement"] == {"alreadySigned": False, "errors": []}

        # then the subscriber is told who signed, for which statement
        signature = subscriber.next()["statementCoSignatures"]["signature"]
        assert signature == {
            "signedBy": "Director",
            "organisation": {"slug": network.members.members[1].slug},
            "statement": {"slug": network.statement_slug},
        }


def test_alerts_reach_the_subscribers_of_their_country_only(
    live: tuple[str, LiveNetwork],
) -> None:
    base, network = live
    with subscribed(base, ALERTS, {"countries": ["mx", "TN"]}) as subscriber:
        # given a subscriber following Mexico and Tunisia
        wait_until_following(base, "alert.filed")
        member_a = token(base, network, 0)

        # when member A files an alert in France, then one in Mexico
        ask(base, FILE_ALERT, member_a, input=new_alert("FR", "Reporter detained in Paris"))
        filed = ask(base, FILE_ALERT, member_a, input=new_alert("MX", "Reporter attacked"))

        # then the first alert the subscriber hears of is Mexico's
        alert = subscriber.next()["alertsFiled"]["alert"]
        assert alert == {
            "id": filed["fileAlert"]["alert"]["id"],  # type: ignore[index]
            "country": {"code": "MX"},
            "title": {"text": "Reporter attacked"},
        }


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        (PETITION_COUNT, {"id": "not-an-id"}, "BAD_USER_INPUT"),
        (PETITION_COUNT, {"id": "UGV0aXRpb246OTk5OTk5"}, "NOT_FOUND"),  # Petition:999999
        (CO_SIGNATURES, {"id": "UGV0aXRpb246MQ=="}, "BAD_USER_INPUT"),  # a Petition's ID
        (ALERTS, {"countries": ["ZZ"]}, "BAD_USER_INPUT"),
        (ALERTS, {"countries": []}, "BAD_USER_INPUT"),
        ("query { network { name } }", {}, "OPERATION_NOT_SUPPORTED"),
        (CO_SIGN, {"id": "UGV0aXRpb246MQ=="}, "OPERATION_NOT_SUPPORTED"),
    ],
    ids=[
        "malformed-id",
        "unknown-petition",
        "id-of-another-type",
        "unknown-country",
        "no-country",
        "query",
        "mutation",
    ],
)
def test_a_bad_subscription_is_refused_with_a_code(
    live: tuple[str, LiveNetwork], query: str, variables: dict[str, object], code: str
) -> None:
    base, _network = live
    with subscribed(base, query, variables) as subscriber:
        (error,) = subscriber.refusal()
    assert error["extensions"]["code"] == code, error
    assert error["message"]

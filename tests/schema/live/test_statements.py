"""What one event costs the database: a subscription's payload is one compiled statement,
however deep its selection, sent as a text frame (what browsers' clients parse)."""

from __future__ import annotations

import json

from tests.conftest import hub_client
from tests.schema.live.network import build_live_network
from tests.sql_statements import recorded_statements

DEEP = """subscription($id: ID!) {
  petitionCount(petitionId: $id) {
    petition {
      slug signatureCount progress title { text }
      organisation { slug name { text } headquarters { code name { text } } }
      endorsements(first: 10) { totalCount nodes { organisation { slug } } }
    }
  }
}"""


def test_a_subscriptions_first_answer_is_one_compiled_statement(database_url: str) -> None:
    # given a hub and a client speaking graphql-transport-ws to it
    network = build_live_network(database_url)
    with (
        hub_client(database_url) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket,
    ):
        socket.send_json({"type": "connection_init", "payload": {}})
        assert json.loads(socket.receive_text())["type"] == "connection_ack"

        # when it subscribes to a petition's count with a deep selection
        with recorded_statements() as statements:
            socket.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": DEEP, "variables": {"id": network.petition_id}},
                }
            )
            message = json.loads(socket.receive_text())  # a text frame, not bytes
        socket.send_json({"id": "1", "type": "complete"})

    # then the petition came whole, read by one statement besides the check that it exists
    assert message["type"] == "next", message
    petition = message["payload"]["data"]["petitionCount"]["petition"]
    assert petition["slug"] == network.petition_slug
    assert petition["endorsements"] == {"totalCount": 0, "nodes": []}
    assert len(statements) == 2, statements
    exists, read = (statement.lower() for statement in statements)
    assert "petition" in exists and "json" not in exists  # the ID names a petition
    assert "json" in read and "endorsement" in read  # the whole selection, in one

"""The administrators' writes and the audit log: allowed with hub:admin only, audited once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from strawberry.relay import GlobalID

from tests.auth.network import DASHBOARD_REDIRECT, WritingHub, writing_hub
from tests.auth.tokens import claims_like, client_credentials

ADMIT = """mutation($id: ID!, $on: Date!) {
  admitMember(input: {organisationId: $id, joinedOn: $on}) {
    membership { joinedOn leftOn organisation { slug isMember } }
    errors { code field message }
  }
}"""
DEPART = """mutation($id: ID!, $on: Date!, $reason: String!) {
  recordDeparture(input: {organisationId: $id, leftOn: $on, reason: $reason}) {
    membership { joinedOn leftOn departureReason organisation { slug isMember } }
    errors { code field message }
  }
}"""
REGISTER = """mutation($input: RegisterClientInput!) {
  registerClient(input: $input) {
    clientId clientSecret organisation { slug }
    errors { code field message }
  }
}"""
VIEWER = "{ viewer { clientId scopes organisation { slug } } }"
TODAY = datetime.date.today().isoformat()


def organisation_id(key: int) -> str:
    return str(GlobalID("Organisation", str(key)))


@pytest.fixture
def hub(database_url: str) -> Iterator[WritingHub]:
    with writing_hub(database_url, "statements:sign organisation:write") as hub:
        yield hub


def member_id(hub: WritingHub, member: int) -> str:
    return organisation_id(hub.network.members[member].organisation_id)


def outsider_id(hub: WritingHub) -> str:
    assert hub.network.outsider is not None
    return organisation_id(hub.network.outsider.organisation_id)


def admit(hub: WritingHub, token: str, organisation: str, on: str = TODAY) -> Any:
    return hub.payload(ADMIT, "admitMember", token, id=organisation, on=on)


def depart(hub: WritingHub, token: str, organisation: str, on: str = TODAY, **kw: Any) -> Any:
    reason = kw.get("reason", "Closed down by the authorities")
    return hub.payload(DEPART, "recordDeparture", token, id=organisation, on=on, reason=reason)


def register(hub: WritingHub, token: str, organisation: str, **changes: Any) -> Any:
    new = {"organisationId": organisation, "name": "Newsroom system", "scopes": ["statements:sign"]}
    return hub.payload(REGISTER, "registerClient", token, input={**new, **changes})


def errors(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in result["errors"]]


def test_an_admin_admits_a_member(hub: WritingHub) -> None:
    # given the secretariat's hub:admin token, and an organisation outside the network
    token = hub.admin_token()

    # when it admits the organisation today
    result = admit(hub, token, outsider_id(hub))

    # then the organisation is a member from today
    assert result["errors"] == []
    membership = result["membership"]
    assert membership["joinedOn"] == TODAY and membership["leftOn"] is None
    assert membership["organisation"]["isMember"] is True


@pytest.mark.parametrize(
    ("mutation", "variables"),
    [
        (ADMIT, {"id": organisation_id(1), "on": TODAY}),
        (DEPART, {"id": organisation_id(1), "on": TODAY, "reason": "Gone"}),
        (REGISTER, {"input": {"organisationId": organisation_id(1), "name": "x", "scopes": []}}),
        ("{ auditLog { totalCount } }", {}),
    ],
    ids=["admitMember", "recordDeparture", "registerClient", "auditLog"],
)
def test_a_members_token_cannot_administer(
    hub: WritingHub, mutation: str, variables: dict[str, Any]
) -> None:
    # given member A's token, with every scope its organisation may hold but hub:admin
    token = hub.token(0)

    # when it tries an administrator's operation
    error = hub.refusal(mutation, token, **variables)

    # then FORBIDDEN, naming hub:admin
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "hub:admin" in error["message"]


def test_anonymous_requests_cannot_administer(hub: WritingHub) -> None:
    # when an anonymous request reads the audit log
    error = hub.refusal("{ auditLog { totalCount } }", None)
    # then
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("organisation", "on", "code", "field"),
    [
        ("member", TODAY, "CONFLICT", "organisationId"),
        ("member", "1999-01-01", "CONFLICT", "organisationId"),
        ("unknown", TODAY, "NOT_FOUND", "organisationId"),
        ("not-an-organisation", TODAY, "INVALID", "organisationId"),
    ],
    ids=["current-member", "overlapping-period", "unknown", "wrong-id-type"],
)
def test_admitting_a_current_member_is_refused(
    hub: WritingHub, organisation: str, on: str, code: str, field: str
) -> None:
    # given member A, a member since 2000; an unknown organisation; a statement's ID
    target = {
        "member": member_id(hub, 0),
        "unknown": organisation_id(999),
        "not-an-organisation": str(GlobalID("Statement", "1")),
    }[organisation]

    # when the admin admits it
    result = admit(hub, hub.admin_token(), target, on)

    # then it is refused, and nothing was written
    assert result["membership"] is None
    assert errors(result) == [(code, field)]
    assert hub.audit_log("membership.admit") == []


def test_an_admin_records_a_departure(hub: WritingHub) -> None:
    # when the admin records that member B left today
    result = depart(hub, hub.admin_token(), member_id(hub, 1))

    # then B's period ends today, with the reason, and B is a member no longer
    assert result["errors"] == []
    membership = result["membership"]
    assert membership["joinedOn"] == "2000-01-01" and membership["leftOn"] == TODAY
    assert membership["departureReason"] == "Closed down by the authorities"
    assert membership["organisation"] == {
        "slug": hub.network.members[1].slug,
        "isMember": False,
    }


@pytest.mark.parametrize(
    ("organisation", "changes", "code", "field"),
    [
        ("outsider", {}, "WRONG_STATUS", "organisationId"),
        ("member", {"on": "1999-12-31"}, "INVALID", "leftOn"),
        ("member", {"reason": "  "}, "INVALID", "reason"),
    ],
    ids=["not-a-member", "before-joining", "no-reason"],
)
def test_a_departure_that_breaks_a_rule_is_refused(
    hub: WritingHub, organisation: str, changes: dict[str, Any], code: str, field: str
) -> None:
    # given the outsider, or member B
    target = outsider_id(hub) if organisation == "outsider" else member_id(hub, 1)

    # when the admin records its departure against a rule
    result = depart(hub, hub.admin_token(), target, **changes)

    # then it is refused, and nothing was written
    assert errors(result) == [(code, field)]
    assert hub.audit_log("membership.depart") == []


def test_a_departure_is_recorded_once(hub: WritingHub) -> None:
    # given B's departure was recorded for today
    token = hub.admin_token()
    depart(hub, token, member_id(hub, 1))

    # when it is recorded again
    again = depart(hub, token, member_id(hub, 1))

    # then B is no longer a current member: refused
    assert errors(again) == [("WRONG_STATUS", "organisationId")]


def test_an_admin_registers_a_client_whose_secret_works_once_shown(hub: WritingHub) -> None:
    # when the admin registers a confidential client for member A
    result = register(hub, hub.admin_token(), member_id(hub, 0))

    # then its credentials are shown, and they get a token acting for A
    assert result["errors"] == []
    assert result["organisation"] == {"slug": hub.network.members[0].slug}
    token = client_credentials(hub.client, result["clientId"], result["clientSecret"])
    viewer = hub.payload(VIEWER, "viewer", token)
    assert viewer == {
        "clientId": result["clientId"],
        "scopes": ["statements:sign"],
        "organisation": {"slug": hub.network.members[0].slug},
    }
    # and the secret is in no audit entry
    (entry,) = hub.audit_log("client.register")
    assert result["clientSecret"] not in str(entry)


def test_a_public_client_has_no_secret(hub: WritingHub) -> None:
    # when the admin registers a browser dashboard for A
    result = register(
        hub, hub.admin_token(), member_id(hub, 0), public=True, redirectUris=[DASHBOARD_REDIRECT]
    )
    # then it has a client_id and no secret
    assert result["errors"] == [] and result["clientId"]
    assert result["clientSecret"] is None


@pytest.mark.parametrize(
    ("organisation", "changes", "field"),
    [
        ("outsider", {}, "scopes"),
        ("member", {"scopes": ["hub:admin"]}, "scopes"),
        ("member", {"scopes": ["statements:delete"]}, "scopes"),
        ("member", {"scopes": []}, "scopes"),
        ("member", {"redirectUris": ["http://dashboard.example.org/cb"]}, "redirectUris"),
        ("member", {"public": True}, "redirectUris"),
        ("member", {"name": " "}, "name"),
    ],
    ids=["outsider", "admin-scope", "unknown-scope", "no-scope", "plain-http", "public", "name"],
)
def test_a_client_that_breaks_a_rule_is_refused(
    hub: WritingHub, organisation: str, changes: dict[str, Any], field: str
) -> None:
    # given the outsider (not a member), or member A
    target = outsider_id(hub) if organisation == "outsider" else member_id(hub, 0)

    # when the admin registers a client against a rule
    result = register(hub, hub.admin_token(), target, **changes)

    # then INVALID, naming the field, and nothing was written
    assert result["clientId"] is None and result["clientSecret"] is None
    assert errors(result) == [("INVALID", field)]
    assert hub.audit_log("client.register") == []


def test_an_admitted_organisation_may_then_hold_member_scopes(hub: WritingHub) -> None:
    # given the outsider cannot hold member scopes
    token = hub.admin_token()
    assert errors(register(hub, token, outsider_id(hub))) == [("INVALID", "scopes")]

    # when it is admitted
    admit(hub, token, outsider_id(hub))

    # then a client with member scopes may be registered for it
    assert register(hub, token, outsider_id(hub))["errors"] == []


def test_each_admin_write_is_audited_once_under_the_secretariat(hub: WritingHub) -> None:
    # given the secretariat's token
    token = hub.admin_token()

    # when it admits the outsider, registers a client for it, and records B's departure
    admit(hub, token, outsider_id(hub))
    client = register(hub, token, outsider_id(hub))
    depart(hub, token, member_id(hub, 1))

    # then each write is one entry, made by the secretariat with its token
    (admitted,) = hub.audit_log("membership.admit")
    (registered,) = hub.audit_log("client.register")
    (departed,) = hub.audit_log("membership.depart")
    for entry in (admitted, registered, departed):
        assert entry["organisation"] == {"slug": hub.secretariat.slug}
        assert entry["tokenJti"] == claims_like(token)["jti"]
        assert entry["clientId"] == hub.secretariat.client_id
    assert hub.network.outsider is not None
    assert admitted["details"] == {"organisation": hub.network.outsider.slug, "joinedOn": TODAY}
    assert registered["subject"] == f"OAuthClient:{client['clientId']}"
    assert departed["details"]["reason"] == "Closed down by the authorities"


def test_the_audit_log_lists_every_write_newest_first(hub: WritingHub) -> None:
    # given two writes by the secretariat
    token = hub.admin_token()
    admit(hub, token, outsider_id(hub))
    depart(hub, token, member_id(hub, 1))

    # when the admin reads the whole log
    log = hub.payload("{ auditLog { totalCount edges { node { action } } } }", "auditLog", token)

    # then both, newest first
    assert log["totalCount"] == 2
    assert [e["node"]["action"] for e in log["edges"]] == ["membership.depart", "membership.admit"]


def test_audit_entries_are_read_by_id_with_hub_admin_only(hub: WritingHub) -> None:
    # given an audit entry: an admission, as the administrator reads it back by ID
    admin = hub.admin_token()
    admit(hub, admin, outsider_id(hub))
    (entry,) = hub.ask(
        '{ auditLog(filter: {action: "membership.admit"}) { nodes { id } } }', admin
    )["data"]["auditLog"]["nodes"]
    by_id = "query($id: ID!) { node(id: $id) { ... on AuditEntry { action tokenJti } } }"
    as_reference = """query($r: [_Any!]!) {
      _entities(representations: $r) { ... on AuditEntry { action tokenJti } }
    }"""
    reference = {"r": [{"__typename": "AuditEntry", "id": entry["id"]}]}

    def refused(query: str, token: str | None, **variables: Any) -> str:
        body = hub.ask(query, token, **variables)
        assert body["data"] in ({"node": None}, {"_entities": [None]}), body
        (error,) = body["errors"]
        return str(error["extensions"]["code"])

    # when it is looked up by ID anonymously, with a member's token, and as an admin
    anonymous = refused(by_id, None, id=entry["id"])
    member = refused(by_id, hub.token(0), id=entry["id"])
    member_reference = refused(as_reference, hub.token(0), **reference)
    admitted = hub.ask(by_id, admin, id=entry["id"])["data"]["node"]

    # then only the administrator reads it
    assert anonymous == "UNAUTHENTICATED"
    assert member == member_reference == "FORBIDDEN"
    assert admitted["action"] == "membership.admit" and admitted["tokenJti"]


@pytest.mark.parametrize("name", ["", "   ", "Newsroom\x1b[31m", "Newsroom\u200b", "N" * 129])
def test_a_clients_name_is_printable_and_short_enough(hub: WritingHub, name: str) -> None:
    result = register(hub, hub.admin_token(), member_id(hub, 0), name=name)
    assert [(e["code"], e["field"], e["message"]) for e in result["errors"]] == [
        ("INVALID", "name", "A client's name has 1 to 128 printable characters.")
    ]
    assert hub.audit_log("client.register") == []

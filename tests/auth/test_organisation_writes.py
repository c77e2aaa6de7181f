"""Editing an organisation's profile: its own only, checked by the rules, audited once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.auth.network import WritingHub, writing_hub
from tests.auth.tokens import claims_like

EDIT = """mutation($input: EditOrganisationInput!) {
  editOrganisation(input: $input) {
    organisation {
      slug website languages focus
      name { text language } description { text }
      countriesOfWork { edges { node { code } } }
    }
    errors { code field message }
  }
}"""
PROFILE = """query($slug: String!) {
  organisation(slug: $slug) { website name { text } countriesOfWork { totalCount } }
}"""
SEARCH = """query($term: String!) {
  organisations(filter: {search: $term}) { edges { node { slug } } }
}"""


@pytest.fixture
def hub(database_url: str) -> Iterator[WritingHub]:
    with writing_hub(database_url, "organisation:write statements:sign") as hub:
        yield hub


def edit(hub: WritingHub, token: str, **changes: Any) -> Any:
    return hub.payload(EDIT, "editOrganisation", token, input=changes)


def profile(hub: WritingHub, member: int) -> Any:
    slug = hub.network.members[member].slug
    return hub.payload(PROFILE, "organisation", None, slug=slug)


def test_a_member_edits_its_own_profile(hub: WritingHub) -> None:
    # given member A's token with organisation:write
    token = hub.token(0)

    # when A renames itself and updates its profile
    result = edit(
        hub,
        token,
        name=[
            {"language": "en", "text": "Centre for Media Freedom"},
            {"language": "ar", "text": "مركز حرية الإعلام"},
        ],
        description=[{"language": "en", "text": "Defending journalists since 1990."}],
        website="https://media-freedom.example.org",
        languages=["en", "ar", "pt-br"],
        focus=["DIGITAL_RIGHTS", "PRESS_FREEDOM"],
        countriesOfWork=["lb", "EG"],
    )

    # then the profile is A's, changed
    assert result["errors"] == []
    organisation = result["organisation"]
    assert organisation["slug"] == hub.network.members[0].slug
    assert organisation["name"] == {"text": "Centre for Media Freedom", "language": "en"}
    assert organisation["website"] == "https://media-freedom.example.org"
    assert organisation["languages"] == ["en", "ar", "pt-BR"]
    assert organisation["focus"] == ["DIGITAL_RIGHTS", "PRESS_FREEDOM"]
    assert [e["node"]["code"] for e in organisation["countriesOfWork"]["edges"]] == [
        "EG",
        "LB",
    ]  # by code
    # and a search by any version of the new name finds it, by the old name no longer
    found = hub.payload(SEARCH, "organisations", None, term="حرية")
    assert [e["node"]["slug"] for e in found["edges"]] == [hub.network.members[0].slug]
    old = hub.payload(SEARCH, "organisations", None, term=hub.network.members[0].slug)
    assert old["edges"] == []


def test_a_token_edits_its_own_organisation_only(hub: WritingHub) -> None:
    # given B's profile as it is
    before = profile(hub, 1)

    # when A edits (there is no organisation to name: it can only be A's own)
    result = edit(hub, hub.token(0), website="https://a.example.org")

    # then A changed, B did not
    assert result["organisation"]["slug"] == hub.network.members[0].slug
    assert profile(hub, 1) == before


def test_an_organisation_cannot_be_named_in_the_edit(hub: WritingHub) -> None:
    # when A's token names B's organisation in the input
    body = hub.ask(
        """mutation($id: ID!) {
          editOrganisation(input: {organisationId: $id, website: "https://b.example.org"}) {
            errors { code }
          }
        }""",
        hub.token(0),
        id="anything",
    )

    # then the request is invalid: the input has no such field, and nothing ran
    assert body.get("data") is None
    assert "organisationId" in body["errors"][0]["message"]
    assert hub.audit_log("organisation.edit") == []


def test_without_organisation_write_the_error_names_it(hub: WritingHub) -> None:
    # given a token of A holding only statements:sign
    token = hub.token(0, scope="statements:sign")

    # when it edits its profile
    error = hub.refusal(EDIT, token, input={"website": "https://a.example.org"})

    # then FORBIDDEN, naming the scope
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "organisation:write" in error["message"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"website": "ftp://files.example.org"}, "INVALID", "website"),
        ({"website": "https://" + "x" * 250 + ".org"}, "INVALID", "website"),
        ({"name": [{"language": "fr", "text": "Sans anglais"}]}, "INVALID", "name"),
        ({"description": [{"language": "en", "text": "  "}]}, "INVALID", "description"),
        ({"countriesOfWork": ["TN", "ZZ"]}, "INVALID", "countriesOfWork"),
        ({"countriesOfWork": ["Tunisia"]}, "INVALID", "countriesOfWork"),
        ({"website": "https://example.org:99999"}, "INVALID", "website"),
        ({"website": "http://[::1"}, "INVALID", "website"),
        (
            {"name": [{"language": "en", "text": "A"}, {"language": "en", "text": "B"}]},
            "INVALID",
            "name",
        ),
    ],
    ids=[
        "not-web",
        "too-long",
        "no-original-name",
        "blank",
        "unknown-country",
        "country-name-not-code",
        "port-out-of-range",
        "broken-host",
        "twice-in-en",
    ],
)
def test_a_profile_edit_that_breaks_a_rule_is_refused(
    hub: WritingHub, changes: dict[str, Any], code: str, field: str
) -> None:
    # when A edits its profile against a rule
    result = edit(hub, hub.token(0), **changes)

    # then the error names the field, and nothing was written
    assert result["organisation"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert hub.audit_log("organisation.edit") == []


def test_an_empty_website_removes_it(hub: WritingHub) -> None:
    # given A has a website
    token = hub.token(0)
    edit(hub, token, website="https://a.example.org")
    # when it sets the empty string
    result = edit(hub, token, website="")
    # then it has none
    assert result["organisation"]["website"] is None


def test_each_profile_edit_is_audited_once(hub: WritingHub) -> None:
    # given A's token
    token = hub.token(0)

    # when A edits its profile once
    edit(hub, token, website="https://a.example.org", countriesOfWork=["TN"])

    # then one audit entry, for A, with A's token, naming what changed
    (entry,) = hub.audit_log("organisation.edit")
    assert entry["organisation"] == {"slug": hub.network.members[0].slug}
    assert entry["tokenJti"] == claims_like(token)["jti"]
    assert entry["subject"] == f"Organisation:{hub.network.members[0].organisation_id}"
    assert entry["details"] == {"fields": ["countriesOfWork", "website"]}

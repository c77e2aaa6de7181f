"""Relations read both ways agree with each other."""

from __future__ import annotations

from tests.conftest import GraphQLClient


def test_a_statements_signatories_list_it_among_their_co_signed_statements(
    demo: GraphQLClient,
) -> None:
    # given a published statement and its signatories
    statement = demo.data(
        """{ statements(filter: {status: PUBLISHED}, first: 1) { nodes {
            slug
            signatories(first: 100) { totalCount nodes { signedAt organisation { slug } } }
        } } }"""
    )["statements"]["nodes"][0]
    assert statement["signatories"]["totalCount"] > 0

    # when each signatory's co-signed statements are read
    for signature in statement["signatories"]["nodes"]:
        slug = signature["organisation"]["slug"]
        signed = demo.data(
            """query($slug: String!) { organisation(slug: $slug) {
                coSignedStatements(first: 100) { nodes { signedAt statement { slug } } }
            } }""",
            {"slug": slug},
        )["organisation"]["coSignedStatements"]["nodes"]
        # then the statement is there, signed at the same moment
        assert {
            "signedAt": signature["signedAt"],
            "statement": {"slug": statement["slug"]},
        } in signed


def test_filters_select_what_they_say(demo: GraphQLClient) -> None:
    # when
    data = demo.data(
        """{
          inTunisia: organisations(filter: {country: "TN"}, first: 100) {
            nodes { headquarters { code } } }
          tunisia: country(code: "TN") { members(asOf: "2010-01-01") { totalCount } }
          members2010: organisations(filter: {country: "TN", memberOn: "2010-01-01"}) {
            totalCount }
          published: statements(filter: {status: PUBLISHED}, first: 100) { nodes { status } }
          coalitions(first: 100) { nodes { kind } }
          recurring: campaigns(filter: {kind: RECURRING_DAY}) { nodes { kind recursOn { month } } }
        }"""
    )
    # then
    assert {o["headquarters"]["code"] for o in data["inTunisia"]["nodes"]} <= {"TN"}
    assert data["tunisia"]["members"]["totalCount"] == data["members2010"]["totalCount"]
    assert {s["status"] for s in data["published"]["nodes"]} == {"PUBLISHED"}
    assert {g["kind"] for g in data["coalitions"]["nodes"]} == {"COALITION"}
    assert all(c["recursOn"] for c in data["recurring"]["nodes"])


def test_name_search_finds_names_in_any_language(demo: GraphQLClient) -> None:
    # given an organisation whose French name is not its English one
    organisations = demo.data(
        """{ organisations(first: 100) { nodes {
            slug fr: name(lang: "fr") { text isFallback } en: name(lang: "en") { text }
        } } }"""
    )["organisations"]["nodes"]
    french = next(
        o for o in organisations if not o["fr"]["isFallback"] and o["fr"]["text"] != o["en"]["text"]
    )

    # when searching for its French name in capitals
    found = demo.data(
        "query($q: String!) { organisations(filter: {search: $q}) { nodes { slug } } }",
        {"q": french["fr"]["text"].upper()},
    )["organisations"]["nodes"]

    # then
    assert {"slug": french["slug"]} in found


def test_petition_counts_and_endorsements(demo: GraphQLClient) -> None:
    # when
    petitions = demo.data(
        """{ petitions(first: 100) { nodes {
            goal signatureCount progress
            endorsements { totalCount nodes { organisation { endorsedPetitions(first: 50) {
                nodes { petition { id } } } } } }
            id
        } } }"""
    )["petitions"]["nodes"]

    # then
    assert sum(p["signatureCount"] for p in petitions) > 0
    for petition in petitions:
        assert petition["progress"] == petition["signatureCount"] / petition["goal"]
        for endorsement in petition["endorsements"]["nodes"]:
            endorsed = endorsement["organisation"]["endorsedPetitions"]["nodes"]
            assert {"petition": {"id": petition["id"]}} in endorsed


def test_a_countrys_members_are_its_headquartered_network_members(demo: GraphQLClient) -> None:
    # given the organisations headquartered in a country with several members
    countries = demo.data(
        '{ countries(first: 100, filter: {hasMembersOn: "2026-01-01"}) { nodes { code } } }'
    )["countries"]["nodes"]
    code = countries[0]["code"]

    # when its members are read as of a date, nodes and all
    data = demo.data(
        """query($code: String!) {
            country(code: $code) { members(asOf: "2026-01-01", first: 100) {
                totalCount nodes { slug headquarters { code } isMember(asOf: "2026-01-01") }
            } }
            organisations(filter: {country: $code, memberOn: "2026-01-01"}, first: 100) {
                nodes { slug }
            }
        }""",
        {"code": code},
    )

    # then they are the members headquartered there, as the filtered list says
    members = data["country"]["members"]
    assert members["totalCount"] == len(members["nodes"]) > 0
    assert all(m["headquarters"]["code"] == code and m["isMember"] for m in members["nodes"])
    assert sorted(m["slug"] for m in members["nodes"]) == sorted(
        o["slug"] for o in data["organisations"]["nodes"]
    )

"""The network's real facts (shared/seed) come back from GraphQL exactly."""

from __future__ import annotations

from tests.conftest import GraphQLClient


def test_the_network_was_proposed_in_montreal_in_1992_by_twelve_organisations(
    demo: GraphQLClient,
) -> None:
    # when
    network = demo.data(
        """{ network {
            name formerName proposedInYear foundingCity foundingOrganisationCount
            archiveStartsYear
            foundingCountry { code }
            convenedBy { slug name(lang: "en") { text } }
            foundingMembers { totalCount }
        } }"""
    )["network"]

    # then
    assert network["name"] == "IFEX"
    assert network["formerName"] == "International Freedom of Expression Exchange"
    assert network["proposedInYear"] == 1992
    assert network["foundingCity"] == "Montreal"
    assert network["foundingCountry"]["code"] == "CA"
    assert network["foundingOrganisationCount"] == 12
    assert network["foundingMembers"]["totalCount"] == 12
    assert network["convenedBy"]["name"]["text"] == "Canadian Committee to Protect Journalists"
    assert network["archiveStartsYear"] == 1995


def test_104_members_in_65_countries_as_of_2017_and_more_than_119_today(
    demo: GraphQLClient,
) -> None:
    # when
    network = demo.data(
        """{ network {
            members2017: memberCount(asOf: "2017-12-31")
            countries2017: countryCount(asOf: "2017-12-31")
            today: memberCount
            countriesToday: countryCount
            members(asOf: "2017-12-31") { totalCount }
        } }"""
    )["network"]

    # then
    assert network["members2017"] == 104
    assert network["countries2017"] == 65
    assert network["members"]["totalCount"] == 104
    assert network["today"] > 119
    assert network["countriesToday"] >= 65


def test_the_tunisia_monitoring_group_ran_from_2004_to_january_2013_with_21_members(
    demo: GraphQLClient,
) -> None:
    # when
    group = demo.data(
        """{ monitoringGroup(slug: "tunisia-monitoring-group") {
            kind startedOn endedOn isActive
            focusCountry { code }
            name(lang: "en") { text }
            endReason(lang: "en") { text }
            launched: members(asOf: "2004-12-31") { totalCount }
            lastDay: members { totalCount }
            membershipHistory { totalCount }
        } }"""
    )["monitoringGroup"]

    # then
    assert group["kind"] == "MONITORING_GROUP"
    assert group["focusCountry"]["code"] == "TN"
    assert group["startedOn"].startswith("2004-")
    assert group["endedOn"].startswith("2013-01-")
    assert group["isActive"] is False
    assert group["launched"]["totalCount"] == 21
    assert group["lastDay"]["totalCount"] >= 1
    assert "dissolved" in group["endReason"]["text"].lower()


def test_the_day_to_end_impunity_launched_2011_designated_by_the_un_2013_held_2_november(
    demo: GraphQLClient,
) -> None:
    # when
    campaign = demo.data(
        """{ campaign(slug: "international-day-to-end-impunity") {
            kind launchedOn
            recursOn { month day nextOccurrence }
            timeline { nodes { occurredOn kind title(lang: "en") { text } } }
        } }"""
    )["campaign"]

    # then
    assert campaign["kind"] == "RECURRING_DAY"
    assert campaign["launchedOn"].startswith("2011-")
    assert (campaign["recursOn"]["month"], campaign["recursOn"]["day"]) == (11, 2)
    assert campaign["recursOn"]["nextOccurrence"][5:] == "11-02"
    recognitions = [m for m in campaign["timeline"]["nodes"] if m["kind"] == "RECOGNITION"]
    assert [m["occurredOn"][:4] for m in recognitions] == ["2013"]
    assert "United Nations" in recognitions[0]["title"]["text"]


def test_2015_un_appearance_on_paraguay_attended_by_the_deputy_executive_director(
    demo: GraphQLClient,
) -> None:
    # when
    campaigns = demo.data(
        """{ campaigns(filter: {country: "PY"}) { nodes {
            timeline { nodes {
                occurredOn country { code }
                participants { name role }
                description(lang: "en") { text }
            } }
        } } }"""
    )["campaigns"]["nodes"]

    # then
    milestones = [
        m
        for c in campaigns
        for m in c["timeline"]["nodes"]
        if m["occurredOn"].startswith("2015") and m["country"] and m["country"]["code"] == "PY"
    ]
    assert len(milestones) == 1
    people = {p["name"]: p["role"] for p in milestones[0]["participants"]}
    assert "Francisco Medina" in people
    assert "deputy executive director" in people["Rachael Kay"].lower()
    assert "deterioration of freedom of expression" in milestones[0]["description"]["text"]

"""What a dashboard answer says, independent of who answered: rows, order and counts.

The hub and PostGraphile name things differently (``members`` against
``groupMembershipsByGroupId``, ``LEAD`` against ``lead``); a digest keeps what both must
agree on, so that the bench compares like with like. The bench checks it before measuring
the peer, and ``tests/bench`` checks it on a small database.
"""

from __future__ import annotations

from typing import Any

Digest = dict[str, Any]


def hub_digest(query: str, data: dict[str, Any]) -> Digest:
    """The digest of the hub's ``data`` for the dashboard query named ``query``."""
    if query == "coalition-overview":
        group = data["coalition"]
        members = group["members"]
        return {
            "group": group["slug"],
            "members": members["totalCount"],
            "rows": [
                [
                    member["role"].lower(),
                    member["organisation"]["slug"],
                    member["organisation"]["headquarters"]["code"],
                    member["organisation"]["coSignedStatements"]["totalCount"],
                    [
                        signature["statement"]["slug"]
                        for signature in member["organisation"]["coSignedStatements"]["nodes"]
                    ],
                ]
                for member in members["nodes"]
            ],
        }
    if query == "country-page":
        alerts = data["country"]["alerts"]
        return {
            "country": data["country"]["code"],
            "alerts": alerts["totalCount"],
            "alertRows": [
                [alert["occurredOn"], alert["title"]["text"]] for alert in alerts["nodes"]
            ],
            "members": data["organisations"]["totalCount"],
            "rows": [
                [organisation["slug"], organisation["groups"]["totalCount"]]
                for organisation in data["organisations"]["nodes"]
            ],
            "campaigns": data["campaigns"]["totalCount"],
            "campaignRows": [
                [
                    campaign["slug"],
                    campaign["petitions"]["totalCount"],
                    [
                        [petition["slug"], petition["goal"], petition["signatureCount"]]
                        for petition in campaign["petitions"]["nodes"]
                    ],
                ]
                for campaign in data["campaigns"]["nodes"]
            ],
        }
    if query == "campaign-page":
        campaign = data["campaign"]
        return {
            "campaign": campaign["slug"],
            "petitions": campaign["petitions"]["totalCount"],
            "petitionRows": [
                [
                    petition["slug"],
                    petition["goal"],
                    petition["signatureCount"],
                    petition["endorsements"]["totalCount"],
                    [e["organisation"]["slug"] for e in petition["endorsements"]["nodes"]],
                ]
                for petition in campaign["petitions"]["nodes"]
            ],
            "statements": campaign["statements"]["totalCount"],
            "statementRows": [
                [
                    statement["slug"],
                    statement["signatories"]["totalCount"],
                    [s["organisation"]["slug"] for s in statement["signatories"]["nodes"]],
                ]
                for statement in campaign["statements"]["nodes"]
            ],
        }
    raise KeyError(query)


def peer_digest(query: str, data: dict[str, Any]) -> Digest:
    """The digest of PostGraphile's ``data`` for the dashboard query named ``query``."""
    if query == "coalition-overview":
        group = data["groupBySlug"]
        members = group["groupMembershipsByGroupId"]
        return {
            "group": group["slug"],
            "members": members["totalCount"],
            "rows": [
                [
                    member["role"].lower(),
                    member["organisationByOrganisationId"]["slug"],
                    member["organisationByOrganisationId"]["countryByHqCountryId"]["code"],
                    _signatures(member["organisationByOrganisationId"])["totalCount"],
                    [
                        signature["statementByStatementId"]["slug"]
                        for signature in _signatures(member["organisationByOrganisationId"])[
                            "nodes"
                        ]
                    ],
                ]
                for member in members["nodes"]
            ],
        }
    if query == "country-page":
        country = data["countryByCode"]
        organisations = country["organisationsByHqCountryId"]
        campaigns = data["allCampaigns"]
        alerts = country["alertsByCountryId"]
        return {
            "country": country["code"],
            "alerts": alerts["totalCount"],
            "alertRows": [
                # the stored texts per language: the hub serves the original's
                [alert["occurredOn"], alert["title"][alert["originalLanguage"]]]
                for alert in alerts["nodes"]
            ],
            "members": organisations["totalCount"],
            "rows": [
                [o["slug"], o["groupMembershipsByOrganisationId"]["totalCount"]]
                for o in organisations["nodes"]
            ],
            "campaigns": campaigns["totalCount"],
            "campaignRows": [
                [
                    campaign["slug"],
                    campaign["petitionsByCampaignId"]["totalCount"],
                    [
                        [
                            petition["slug"],
                            petition["goal"],
                            petition["signatureCount"],
                        ]
                        for petition in campaign["petitionsByCampaignId"]["nodes"]
                    ],
                ]
                for campaign in campaigns["nodes"]
            ],
        }
    if query == "campaign-page":
        campaign = data["campaignBySlug"]
        petitions = campaign["petitionsByCampaignId"]
        statements = campaign["statementsByCampaignId"]
        return {
            "campaign": campaign["slug"],
            "petitions": petitions["totalCount"],
            "petitionRows": [
                [
                    petition["slug"],
                    petition["goal"],
                    petition["signatureCount"],
                    petition["petitionEndorsementsByPetitionId"]["totalCount"],
                    [
                        e["organisationByOrganisationId"]["slug"]
                        for e in petition["petitionEndorsementsByPetitionId"]["nodes"]
                    ],
                ]
                for petition in petitions["nodes"]
            ],
            "statements": statements["totalCount"],
            "statementRows": [
                [
                    statement["slug"],
                    statement["statementSignaturesByStatementId"]["totalCount"],
                    [
                        s["organisationByOrganisationId"]["slug"]
                        for s in statement["statementSignaturesByStatementId"]["nodes"]
                    ],
                ]
                for statement in statements["nodes"]
            ],
        }
    raise KeyError(query)


def _signatures(organisation: dict[str, Any]) -> dict[str, Any]:
    signatures: dict[str, Any] = organisation["statementSignaturesByOrganisationId"]
    return signatures

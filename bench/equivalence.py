"""What a dashboard answer says, independent of who answered: rows, order and counts.

The hub and PostGraphile name things differently (``members`` against
``groupMembershipsByGroupId``, ``LEAD`` against ``lead``); a digest keeps what both must
agree on, so that the bench compares like with like. The bench checks it before measuring
the peer, and ``tests/bench`` checks it on a small database.

Texts are compared where the query asks for the original language (PostGraphile serves
every language of a text, the hub the one asked for, by default the original); elsewhere
the digest keeps the rows' slugs. One pair of functions per query, registered at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Digest = dict[str, Any]
Answer = dict[str, Any]


def hub_digest(query: str, data: Answer) -> Digest:
    """The digest of the hub's ``data`` for the dashboard query named ``query``."""
    return _HUB_DIGESTS[query](data)


def peer_digest(query: str, data: Answer) -> Digest:
    """The digest of PostGraphile's ``data`` for the dashboard query named ``query``."""
    return _PEER_DIGESTS[query](data)


def _hub_coalition_overview(data: Answer) -> Digest:
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


def _peer_coalition_overview(data: Answer) -> Digest:
    group = data["groupBySlug"]
    members = group["groupMembershipsByGroupId"]
    rows = []
    for member in members["nodes"]:
        organisation = member["organisationByOrganisationId"]
        signatures = organisation["statementSignaturesByOrganisationId"]
        rows.append(
            [
                member["role"].lower(),
                organisation["slug"],
                organisation["countryByHqCountryId"]["code"],
                signatures["totalCount"],
                [signature["statementByStatementId"]["slug"] for signature in signatures["nodes"]],
            ]
        )
    return {"group": group["slug"], "members": members["totalCount"], "rows": rows}


def _hub_country_page(data: Answer) -> Digest:
    alerts = data["country"]["alerts"]
    return {
        "country": data["country"]["code"],
        "alerts": alerts["totalCount"],
        "alertRows": [[alert["occurredOn"], alert["title"]["text"]] for alert in alerts["nodes"]],
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
                [_petition_figures(petition) for petition in campaign["petitions"]["nodes"]],
            ]
            for campaign in data["campaigns"]["nodes"]
        ],
    }


def _peer_country_page(data: Answer) -> Digest:
    country = data["countryByCode"]
    organisations = country["organisationsByHqCountryId"]
    campaigns = data["allCampaigns"]
    alerts = country["alertsByCountryId"]
    return {
        "country": country["code"],
        "alerts": alerts["totalCount"],
        "alertRows": [
            [alert["occurredOn"], _original(alert["title"], alert)] for alert in alerts["nodes"]
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
                    _petition_figures(petition)
                    for petition in campaign["petitionsByCampaignId"]["nodes"]
                ],
            ]
            for campaign in campaigns["nodes"]
        ],
    }


def _hub_campaign_page(data: Answer) -> Digest:
    campaign = data["campaign"]
    return {
        "campaign": campaign["slug"],
        "petitions": campaign["petitions"]["totalCount"],
        "petitionRows": [
            [
                *_petition_figures(petition),
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


def _peer_campaign_page(data: Answer) -> Digest:
    campaign = data["campaignBySlug"]
    petitions = campaign["petitionsByCampaignId"]
    statements = campaign["statementsByCampaignId"]
    return {
        "campaign": campaign["slug"],
        "petitions": petitions["totalCount"],
        "petitionRows": [
            [
                *_petition_figures(petition),
                petition["petitionEndorsementsByPetitionId"]["totalCount"],
                _organisation_slugs(petition["petitionEndorsementsByPetitionId"]),
            ]
            for petition in petitions["nodes"]
        ],
        "statements": statements["totalCount"],
        "statementRows": [
            [
                statement["slug"],
                statement["statementSignaturesByStatementId"]["totalCount"],
                _organisation_slugs(statement["statementSignaturesByStatementId"]),
            ]
            for statement in statements["nodes"]
        ],
    }


def _hub_scope_cosignatures(data: Answer) -> Digest:
    organisations = data["organisations"]
    return {
        "organisations": organisations["totalCount"],
        "rows": [
            [
                organisation["slug"],
                [s["statement"]["slug"] for s in organisation["coSignedStatements"]["nodes"]],
            ]
            for organisation in organisations["nodes"]
        ],
    }


def _peer_scope_cosignatures(data: Answer) -> Digest:
    organisations = data["allOrganisations"]
    return {
        "organisations": organisations["totalCount"],
        "rows": [
            [
                organisation["slug"],
                [
                    s["statementByStatementId"]["slug"]
                    for s in organisation["statementSignaturesByOrganisationId"]["nodes"]
                ],
            ]
            for organisation in organisations["nodes"]
        ],
    }


def _hub_group_campaigns(data: Answer) -> Digest:
    group = data["workingGroup"]
    members = group["members"]
    return {
        "group": group["slug"],
        "members": members["totalCount"],
        "rows": [
            [
                member["role"].lower(),
                member["organisation"]["slug"],
                member["organisation"]["campaigns"]["totalCount"],
                [
                    [
                        campaign["slug"],
                        campaign["petitions"]["totalCount"],
                        [_petition_figures(p) for p in campaign["petitions"]["nodes"]],
                    ]
                    for campaign in member["organisation"]["campaigns"]["nodes"]
                ],
            ]
            for member in members["nodes"]
        ],
    }


def _peer_group_campaigns(data: Answer) -> Digest:
    group = data["groupBySlug"]
    members = group["groupMembershipsByGroupId"]
    rows = []
    for member in members["nodes"]:
        organisation = member["organisationByOrganisationId"]
        campaigns = organisation["campaignsByLeadOrganisationId"]
        rows.append(
            [
                member["role"].lower(),
                organisation["slug"],
                campaigns["totalCount"],
                [
                    [
                        campaign["slug"],
                        campaign["petitionsByCampaignId"]["totalCount"],
                        [_petition_figures(p) for p in campaign["petitionsByCampaignId"]["nodes"]],
                    ]
                    for campaign in campaigns["nodes"]
                ],
            ]
        )
    return {"group": group["slug"], "members": members["totalCount"], "rows": rows}


def _hub_top_petitions(data: Answer) -> Digest:
    return {
        "rows": [
            [
                *_petition_figures(petition),
                petition["campaign"]["slug"] if petition["campaign"] else None,
                petition["organisation"]["slug"],
                petition["endorsements"]["totalCount"],
                [e["organisation"]["slug"] for e in petition["endorsements"]["nodes"]],
            ]
            for petition in data["petitions"]["nodes"]
        ]
    }


def _peer_top_petitions(data: Answer) -> Digest:
    return {
        "rows": [
            [
                *_petition_figures(petition),
                (petition["campaignByCampaignId"] or {}).get("slug"),
                petition["organisationByOrganisationId"]["slug"],
                petition["petitionEndorsementsByPetitionId"]["totalCount"],
                _organisation_slugs(petition["petitionEndorsementsByPetitionId"]),
            ]
            for petition in data["allPetitions"]["nodes"]
        ]
    }


def _hub_organisation_scalars(data: Answer) -> Digest:
    return {
        "rows": [
            [
                o["slug"],
                o["acronym"],
                o["originalLanguage"],
                o["scope"].lower(),
                o["languages"],
                # the enum's names, as the hub serves them, are the stored values spelt loud
                [focus.lower().replace("_", "-") for focus in o["focus"]],
                o["website"],
                o["foundedYear"],
                o["name"]["text"],
                o["description"]["text"],
            ]
            for o in data["organisations"]["nodes"]
        ]
    }


def _peer_organisation_scalars(data: Answer) -> Digest:
    return {
        "rows": [
            [
                o["slug"],
                o["acronym"],
                o["originalLanguage"],
                o["scope"],
                o["languages"],
                o["focus"],
                o["website"],
                o["foundedYear"],
                _original(o["name"], o),
                _original(o["description"], o),
            ]
            for o in data["allOrganisations"]["nodes"]
        ]
    }


def _petition_figures(petition: Answer) -> list[Any]:
    return [petition["slug"], petition["goal"], petition["signatureCount"]]


def _organisation_slugs(connection: Answer) -> list[str]:
    return [node["organisationByOrganisationId"]["slug"] for node in connection["nodes"]]


def _original(texts: dict[str, str], row: Answer) -> str:
    """The stored text in its row's original language: what the hub serves by default."""
    return texts[row["originalLanguage"]]


_HUB_DIGESTS: dict[str, Callable[[Answer], Digest]] = {
    "coalition-overview": _hub_coalition_overview,
    "country-page": _hub_country_page,
    "campaign-page": _hub_campaign_page,
    "scope-cosignatures": _hub_scope_cosignatures,
    "group-campaigns": _hub_group_campaigns,
    "top-petitions": _hub_top_petitions,
    "organisation-scalars": _hub_organisation_scalars,
}
_PEER_DIGESTS: dict[str, Callable[[Answer], Digest]] = {
    "coalition-overview": _peer_coalition_overview,
    "country-page": _peer_country_page,
    "campaign-page": _peer_campaign_page,
    "scope-cosignatures": _peer_scope_cosignatures,
    "group-campaigns": _peer_group_campaigns,
    "top-petitions": _peer_top_petitions,
    "organisation-scalars": _peer_organisation_scalars,
}

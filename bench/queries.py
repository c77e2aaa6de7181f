"""The dashboard queries, each written twice: in the hub's schema and in PostGraphile's.

Both versions of a query ask for the same rows, in the same order, with the same counts:
the hub's through its own API (localised texts, membership as of today, totals), the
peer's through the schema PostGraphile generates from the same tables (foreign keys as
``xByYId`` relations, connections with ``totalCount``, the connection-filter plugin for
"as of today" and "about this country"). ``tests/bench`` checks that they agree.

PostGraphile serves translated texts as the stored JSON object (every language), the hub
serves one language: that difference is in the answers' sizes, not in what is read.
"""

from __future__ import annotations

from bench.dashboard import CURRENT_GROUP_MEMBERSHIP, DashboardQuery
from bench.shapes import OTHER_SHAPES

__all__ = ["DASHBOARD_QUERIES", "FLOOR_QUERY", "DashboardQuery"]

COALITION_OVERVIEW = DashboardQuery(
    name="coalition-overview",
    title="Coalition overview",
    variables=lambda targets: {"slug": targets.coalition},
    hub="""
query CoalitionOverview($slug: String!) {
  coalition(slug: $slug) {
    slug
    name { text }
    members(first: 100) {
      totalCount
      nodes {
        role
        organisation {
          slug
          name { text }
          headquarters { code name { text } }
          coSignedStatements(first: 5) {
            totalCount
            nodes { signedAt statement { slug title { text } } }
          }
        }
      }
    }
  }
}
""",
    peer=f"""
query CoalitionOverview($slug: String!, $today: Date!) {{
  groupBySlug(slug: $slug) {{
    slug
    name
    groupMembershipsByGroupId(
      first: 100
      orderBy: [STARTED_ON_ASC, PRIMARY_KEY_ASC]
      filter: {CURRENT_GROUP_MEMBERSHIP}
    ) {{
      totalCount
      nodes {{
        role
        organisationByOrganisationId {{
          slug
          name
          countryByHqCountryId {{ code name }}
          statementSignaturesByOrganisationId(
            first: 5
            orderBy: [SIGNED_AT_DESC, PRIMARY_KEY_DESC]
            filter: {{ withdrawnAt: {{ isNull: true }} }}
          ) {{
            totalCount
            nodes {{ signedAt statementByStatementId {{ slug title }} }}
          }}
        }}
      }}
    }}
  }}
}}
""",
)

COUNTRY_PAGE = DashboardQuery(
    name="country-page",
    title="Country page",
    variables=lambda targets: {"code": targets.country},
    hub="""
query CountryPage($code: String!, $today: Date!, $yearStart: Date!) {
  country(code: $code) {
    code
    name { text }
    alerts(occurred: { since: $yearStart }, first: 10) {
      totalCount
      nodes { occurredOn originalLanguage title { text } }
    }
  }
  organisations(filter: { country: $code, memberOn: $today }, first: 50) {
    totalCount
    nodes { slug name { text } groups { totalCount } }
  }
  campaigns(filter: { country: $code }, first: 50) {
    totalCount
    nodes {
      slug
      title { text }
      petitions(first: 20) {
        totalCount
        nodes { slug goal signatureCount }
      }
    }
  }
}
""",
    peer="""
query CountryPage($code: String!, $today: Date!, $yearStart: Date!) {
  countryByCode(code: $code) {
    code
    name
    alertsByCountryId(
      first: 10
      orderBy: [OCCURRED_ON_DESC, PRIMARY_KEY_DESC]
      filter: { occurredOn: { greaterThanOrEqualTo: $yearStart } }
    ) {
      totalCount
      nodes { occurredOn originalLanguage title }
    }
    organisationsByHqCountryId(
      first: 50
      orderBy: [SLUG_ASC]
      filter: {
        networkMembershipsByOrganisationId: {
          some: {
            joinedOn: { lessThanOrEqualTo: $today }
            or: [{ leftOn: { isNull: true } }, { leftOn: { greaterThan: $today } }]
          }
        }
      }
    ) {
      totalCount
      nodes { slug name groupMembershipsByOrganisationId { totalCount } }
    }
  }
  allCampaigns(
    first: 50
    orderBy: [SLUG_ASC]
    filter: { campaignCountriesByCampaignId: { some: { countryId: { equalTo: $code } } } }
  ) {
    totalCount
    nodes {
      slug
      title
      petitionsByCampaignId(first: 20, orderBy: [SLUG_ASC]) {
        totalCount
        nodes { slug goal signatureCount }
      }
    }
  }
}
""",
)

CAMPAIGN_PAGE = DashboardQuery(
    name="campaign-page",
    title="Campaign page",
    variables=lambda targets: {"slug": targets.campaign},
    hub="""
query CampaignPage($slug: String!) {
  campaign(slug: $slug) {
    slug
    title { text }
    petitions(first: 20) {
      totalCount
      nodes {
        slug
        title { text }
        goal
        signatureCount
        endorsements(first: 20) {
          totalCount
          nodes { endorsedAt organisation { slug name { text } } }
        }
      }
    }
    statements(first: 20) {
      totalCount
      nodes {
        slug
        title { text }
        signatories(first: 10) {
          totalCount
          nodes { signedAt organisation { slug name { text } } }
        }
      }
    }
  }
}
""",
    peer="""
query CampaignPage($slug: String!) {
  campaignBySlug(slug: $slug) {
    slug
    title
    petitionsByCampaignId(first: 20, orderBy: [SLUG_ASC]) {
      totalCount
      nodes {
        slug
        title
        goal
        signatureCount
        petitionEndorsementsByPetitionId(first: 20, orderBy: [ENDORSED_AT_ASC, PRIMARY_KEY_ASC]) {
          totalCount
          nodes { endorsedAt organisationByOrganisationId { slug name } }
        }
      }
    }
    statementsByCampaignId(first: 20, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {
      totalCount
      nodes {
        slug
        title
        statementSignaturesByStatementId(
          first: 10
          orderBy: [SIGNED_AT_ASC, PRIMARY_KEY_ASC]
          filter: { withdrawnAt: { isNull: true } }
        ) {
          totalCount
          nodes { signedAt organisationByOrganisationId { slug name } }
        }
      }
    }
  }
}
""",
)

DASHBOARD_QUERIES: tuple[DashboardQuery, ...] = (
    COALITION_OVERVIEW,
    COUNTRY_PAGE,
    CAMPAIGN_PAGE,
    *OTHER_SHAPES,
)
"""Every read scenario, in the order the bench runs them."""

FLOOR_QUERY = CAMPAIGN_PAGE
"""The query whose hub answer the floor serves, byte for byte."""

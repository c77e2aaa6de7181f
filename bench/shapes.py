"""Dashboard reads of other shapes than the three pages: a wide list each with its latest
rows, a chain four relations deep, one global ordering with relations, and scalars only.

They are what a dashboard builder who has never seen the bench writes, so that a speed-up
that only suits the three pages shows here. Each is written twice, as in
``bench.queries``; ``bench.equivalence`` holds their digests.
"""

from __future__ import annotations

from bench.dashboard import CURRENT_GROUP_MEMBERSHIP, DashboardQuery, no_variables

SCOPE_COSIGNATURES = DashboardQuery(
    name="scope-cosignatures",
    title="Organisations of a scope, each with its five latest co-signatures",
    # the hub takes the scope as its enum, the peer as the stored text
    variables=lambda targets: {"scope": targets.scope.upper(), "storedScope": targets.scope},
    hub="""
query ScopeCosignatures($scope: OrganisationScope!) {
  organisations(filter: { scope: $scope }, first: 100) {
    totalCount
    nodes {
      slug
      name { text }
      coSignedStatements(first: 5) {
        nodes { signedAt statement { slug title { text } } }
      }
    }
  }
}
""",
    peer="""
query ScopeCosignatures($storedScope: String!) {
  allOrganisations(first: 100, orderBy: [SLUG_ASC], filter: { scope: { equalTo: $storedScope } }) {
    totalCount
    nodes {
      slug
      name
      statementSignaturesByOrganisationId(
        first: 5
        orderBy: [SIGNED_AT_DESC, PRIMARY_KEY_DESC]
        filter: { withdrawnAt: { isNull: true } }
      ) {
        nodes { signedAt statementByStatementId { slug title } }
      }
    }
  }
}
""",
)

GROUP_CAMPAIGNS = DashboardQuery(
    name="group-campaigns",
    title="A working group's members, the campaigns they lead, their petitions",
    variables=lambda targets: {"slug": targets.working_group},
    hub="""
query GroupCampaigns($slug: String!) {
  workingGroup(slug: $slug) {
    slug
    name { text }
    members(first: 100) {
      totalCount
      nodes {
        role
        organisation {
          slug
          name { text }
          campaigns(first: 20) {
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
      }
    }
  }
}
""",
    peer=f"""
query GroupCampaigns($slug: String!, $today: Date!) {{
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
          campaignsByLeadOrganisationId(first: 20, orderBy: [LAUNCHED_ON_DESC, PRIMARY_KEY_DESC]) {{
            totalCount
            nodes {{
              slug
              title
              petitionsByCampaignId(first: 20, orderBy: [SLUG_ASC]) {{
                totalCount
                nodes {{ slug goal signatureCount }}
              }}
            }}
          }}
        }}
      }}
    }}
  }}
}}
""",
)

TOP_PETITIONS = DashboardQuery(
    name="top-petitions",
    title="The 50 most signed petitions, their campaign, organisation and endorsers",
    variables=no_variables,
    hub="""
query TopPetitions {
  petitions(orderBy: { field: SIGNATURE_COUNT, direction: DESC }, first: 50) {
    nodes {
      slug
      title { text }
      goal
      signatureCount
      campaign { slug title { text } }
      organisation { slug name { text } }
      endorsements(first: 10) {
        totalCount
        nodes { endorsedAt organisation { slug name { text } } }
      }
    }
  }
}
""",
    peer="""
query TopPetitions {
  allPetitions(first: 50, orderBy: [SIGNATURE_COUNT_DESC, PRIMARY_KEY_DESC]) {
    nodes {
      slug
      title
      goal
      signatureCount
      campaignByCampaignId { slug title }
      organisationByOrganisationId { slug name }
      petitionEndorsementsByPetitionId(first: 10, orderBy: [ENDORSED_AT_ASC, PRIMARY_KEY_ASC]) {
        totalCount
        nodes { endorsedAt organisationByOrganisationId { slug name } }
      }
    }
  }
}
""",
)

ORGANISATION_SCALARS = DashboardQuery(
    name="organisation-scalars",
    title="100 organisations, ten fields each, no relation",
    variables=no_variables,
    hub="""
query OrganisationScalars {
  organisations(first: 100) {
    nodes {
      slug
      acronym
      originalLanguage
      scope
      languages
      focus
      website
      foundedYear
      name { text }
      description { text }
    }
  }
}
""",
    peer="""
query OrganisationScalars {
  allOrganisations(first: 100, orderBy: [SLUG_ASC]) {
    nodes {
      slug
      acronym
      originalLanguage
      scope
      languages
      focus
      website
      foundedYear
      name
      description
    }
  }
}
""",
)

OTHER_SHAPES: tuple[DashboardQuery, ...] = (
    SCOPE_COSIGNATURES,
    GROUP_CAMPAIGNS,
    TOP_PETITIONS,
    ORGANISATION_SCALARS,
)

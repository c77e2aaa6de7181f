"""``gateway.config.ts``: Hive Gateway set up to refuse, before it plans anything, what the
hub refuses, with the hub's own limits, and to pass on the headers the hub reads.

The limits come from the hub's settings, so the gateway and the subgraphs agree:

- tokens (``HUB_MAX_QUERY_TOKENS``): Hive Gateway's own ``maxTokens``;
- depth (``HUB_MAX_QUERY_DEPTH``): GraphQL Armor's max-depth with fragments flattened, as
  the hub counts depth (Armor counts the root fields as depth 1, the hub as depth 0);
- aliases (``HUB_MAX_ALIASES``): GraphQL Armor's max-aliases;
- fields once fragments are expanded (``HUB_MAX_FRAGMENT_FIELDS``): counted before
  validation, each fragment once (``schema.limits.fragments`` does the same in the hub),
  since GraphQL's validation grows exponentially with fragments spreading the next one twice;
- cost (``HUB_MAX_QUERY_COST``): Hive Gateway's demand control, from the ``@cost`` and
  ``@listSize`` directives the supergraph keeps, an unsized list counted as a full page
  (``HUB_MAX_PAGE_SIZE``), as the hub counts it.

``Authorization``, ``Accept-Language`` and ``Idempotency-Key`` go on to every subgraph.
"""

from __future__ import annotations

import json

from hub.settings import Settings

FORWARDED_HEADERS = ("authorization", "accept-language", "idempotency-key")
"""The client's headers every subgraph reads: the token, the language, a write's key."""

CONFIG_FILE = "gateway.config.ts"

PACKAGES = (
    "@graphql-hive/gateway",
    "@graphql-mesh/compose-cli",
    "@escape.tech/graphql-armor-max-depth",
    "@escape.tech/graphql-armor-max-aliases",
    "graphql",
)
"""What the configuration needs installed beside it."""

# Counts a document's fields with its fragments expanded, each fragment counted once.
FRAGMENT_FAN_OUT = """\
/** Refuses, before validation, a document selecting more than `limit` fields once its
 * fragments are expanded, or whose fragments spread themselves. */
function fragmentFanOut(limit) {
  function expandedFields(document) {
    const fragments = new Map()
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition)
      }
    }
    const sizes = new Map()
    const visiting = new Set()
    const fragment = (name) => {
      if (sizes.has(name)) return sizes.get(name)
      if (visiting.has(name)) throw new GraphQLError(
        `Fragment '${name}' spreads itself.`,
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      )
      const definition = fragments.get(name)
      if (definition === undefined) return 0
      visiting.add(name)
      sizes.set(name, Math.min(selectionSet(definition.selectionSet), limit + 1))
      visiting.delete(name)
      return sizes.get(name)
    }
    const selectionSet = (node) => {
      let total = 0
      for (const child of node ? node.selections : []) {
        if (child.kind === Kind.FIELD) total += 1 + selectionSet(child.selectionSet)
        else if (child.kind === Kind.INLINE_FRAGMENT) total += selectionSet(child.selectionSet)
        else if (child.kind === Kind.FRAGMENT_SPREAD) total += fragment(child.name.value)
        if (total > limit) return limit + 1
      }
      return total
    }
    let total = 0
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        total += selectionSet(definition.selectionSet)
      }
    }
    return total
  }
  return {
    onValidate({ params, setResult }) {
      try {
        if (expandedFields(params.documentAST) > limit) {
          setResult([
            new GraphQLError(
              `The document selects more than ${limit} fields once its fragments are expanded.`,
              { extensions: { code: 'QUERY_TOO_LARGE', limit } },
            ),
          ])
        }
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error
        setResult([error])
      }
    },
  }
}
"""


def hive_gateway_config(settings: Settings) -> str:
    """The text of ``gateway.config.ts`` for a hub with these settings."""
    headers = json.dumps(list(FORWARDED_HEADERS))
    return f"""\
// Hive Gateway for the hub, written by `hub schema export` from the hub's settings.
// In this folder: npm install {" ".join(PACKAGES)}
// then: npx mesh-compose -o supergraph.graphql && npx hive-gateway supergraph
// It refuses what the hub would refuse, with the same limits, before planning anything.
import {{ maxAliasesPlugin }} from '@escape.tech/graphql-armor-max-aliases'
import {{ maxDepthPlugin }} from '@escape.tech/graphql-armor-max-depth'
import {{ defineConfig }} from '@graphql-hive/gateway'
import {{ GraphQLError, Kind }} from 'graphql'

/** The client's headers every subgraph reads: the token, the language, a write's key. */
const FORWARDED_HEADERS = {headers}

{FRAGMENT_FAN_OUT}
export const gatewayConfig = defineConfig({{
  supergraph: './supergraph.graphql',
  maxTokens: {settings.max_query_tokens},
  plugins: () => [
    fragmentFanOut({settings.max_fragment_fields}),
    // the hub counts the root fields as depth 0, GraphQL Armor as depth 1
    maxDepthPlugin({{ n: {settings.max_query_depth + 1}, flattenFragments: true }}),
    maxAliasesPlugin({{ n: {settings.max_aliases} }}),
  ],
  demandControl: {{
    maxCost: {settings.max_query_cost},
    // a list the schema does not size is counted as a full page, as the hub counts it
    listSize: {settings.max_page_size},
    // the hub reports its own count in `extensions.cost`
    includeExtensionMetadata: false,
  }},
  propagateHeaders: {{
    fromClientToSubgraphs({{ request }}) {{
      const headers = {{}}
      for (const name of FORWARDED_HEADERS) {{
        const value = request.headers.get(name)
        if (value !== null) headers[name] = value
      }}
      return headers
    }},
  }},
}})
"""

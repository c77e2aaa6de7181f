// An Apollo Gateway in front of live subgraphs, for tests/federation/node.py.
//
// usage: node gateway.mjs SUPERGRAPH_FILE PORT
//
// Serves GraphQL at http://127.0.0.1:PORT/ from the supergraph SDL in SUPERGRAPH_FILE and
// prints "ready" on stdout once it listens; everything else it says goes to stderr. Each
// subgraph request carries the incoming Authorization, Accept-Language and Idempotency-Key
// headers. It stops and exits 0 on SIGTERM or SIGINT, and never calls out to Apollo's
// services.
//
// The gateway does not enforce @requiresScopes: the subgraphs do, from the forwarded token.
import { readFileSync } from "node:fs";
import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES } from "@apollo/federation-internals";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";

const FORWARDED_HEADERS = ["authorization", "accept-language", "idempotency-key"];

const [supergraphFile, port] = process.argv.slice(2);
if (!supergraphFile || !port) {
  console.error("usage: node gateway.mjs SUPERGRAPH_FILE PORT");
  process.exit(2);
}

// The gateway refuses a supergraph linking a `for: SECURITY` feature it does not know,
// and it knows none of the authorization ones. Declaring @requiresScopes known lets it
// plan as before; the hub checks the token's scopes itself on every field it guards.
DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES.add("https://specs.apollo.dev/requiresScopes/v0.1");

// The gateway otherwise sends usage metrics to Apollo; it reads this when it is built.
process.env.APOLLO_TELEMETRY_DISABLED = "true";

// stdout is kept for the "ready" line alone.
const log = (...args) => console.error(...args);
const logger = { debug() {}, info: log, warn: log, error: log };

/** A subgraph data source that passes the client's own headers on to the subgraph. */
class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    // requests the gateway makes on its own (health checks) have no client headers
    for (const [name, value] of Object.entries(context?.forwardedHeaders ?? {})) {
      request.http.headers.set(name, value);
    }
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphFile, "utf8"),
  buildService: ({ url }) => new ForwardingDataSource({ url }),
  logger,
});

const server = new ApolloServer({
  gateway,
  logger,
  // stopped below, with exit code 0, rather than by re-raising the signal
  stopOnTerminationSignals: false,
  plugins: [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
  ],
});

await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(port) },
  context: async ({ req }) => ({
    forwardedHeaders: Object.fromEntries(
      FORWARDED_HEADERS.filter((name) => req.headers[name] !== undefined).map((name) => [
        name,
        req.headers[name],
      ]),
    ),
  }),
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}

console.log("ready");

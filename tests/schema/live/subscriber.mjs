// One GraphQL subscription to a live hub, with the graphql-ws client (graphql-transport-ws).
// Reads {url, query, variables, headers} as JSON on stdin; writes one JSON line per message:
// {"next": payload}, {"error": errors}, {"complete": true}, {"closed": code}.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const tell = (message) => process.stdout.write(JSON.stringify(message) + "\n");

class HeadedWebSocket extends WebSocket {
  constructor(address, protocols) {
    super(address, protocols, { headers: request.headers || {} });
  }
}

const client = createClient({
  url: request.url,
  webSocketImpl: HeadedWebSocket,
  retryAttempts: 0,
  lazy: false,
  on: { closed: (event) => tell({ closed: event.code ?? null }) },
});

client.subscribe(
  { query: request.query, variables: request.variables || {} },
  {
    next: (payload) => tell({ next: payload }),
    error: (error) => {
      tell({ error: Array.isArray(error) ? error : { message: String(error?.message ?? error) } });
      client.dispose();
    },
    complete: () => {
      tell({ complete: true });
      client.dispose();
    },
  },
);

process.on("SIGTERM", async () => {
  await client.dispose();
  process.exit(0);
});

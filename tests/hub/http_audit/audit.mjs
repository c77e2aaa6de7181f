// The GraphQL over HTTP audit of graphql-http, run against one endpoint, for
// tests/hub/test_http_audit.py.
//
// usage: node audit.mjs URL
//
// Prints one JSON array on stdout: each audit's id, name (it starts with MUST, SHOULD or
// MAY), status (ok, notice, warn or error) and, when it did not pass, the reason.
import { auditServer } from "graphql-http";

const [url] = process.argv.slice(2);
if (!url) {
  console.error("usage: node audit.mjs URL");
  process.exit(2);
}

const results = await auditServer({ url });
const report = [];
for (const result of results) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    entry.reason = result.reason;
    entry.body = await result.response.text();
  }
  report.push(entry);
}
process.stdout.write(JSON.stringify(report) + "\n");

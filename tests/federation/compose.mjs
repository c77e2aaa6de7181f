// Composes Apollo Federation v2 subgraph SDLs into a supergraph, for tests/federation/node.py.
//
// stdin:  {"subgraphs": [{"name": ..., "url": ..., "sdl": ...}, ...]}
// stdout: {"errors": [{"code", "message"}], "hints": [{"code", "message"}], "supergraphSdl": string|null}
//
// Composition errors (a subgraph SDL that does not parse among them) are answers, not
// crashes: the exit code is 0 and the JSON carries them. Any other exit code is a crash.
import { composeServices } from "@apollo/composition";
import { GraphQLError, parse } from "graphql";

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function compose(subgraphs) {
  const services = [];
  const errors = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      services.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      errors.push({ code: "INVALID_GRAPHQL", message: `[${name}] ${error.message}` });
    }
  }
  if (errors.length > 0) return { errors, hints: [], supergraphSdl: null };

  const result = composeServices(services);
  return {
    errors: (result.errors ?? []).map((error) => ({
      code: String(error.extensions?.code ?? "UNKNOWN"),
      message: error.message,
    })),
    hints: (result.hints ?? []).map((hint) => ({
      code: hint.definition.code,
      message: hint.message,
    })),
    supergraphSdl: result.supergraphSdl ?? null,
  };
}

const { subgraphs } = JSON.parse(await readStdin());
process.stdout.write(JSON.stringify(compose(subgraphs)) + "\n");

// PostGraphile v5, as a user would point it at the hub's PostgreSQL database: the Amber
// preset (tables, foreign keys as relations, connections with totalCount) plus the
// well-kept connection-filter plugin, with filters across relations, so that "members as
// of today" and "campaigns about this country" can be asked for in one query.
//
// PgIndexBehaviorsPlugin is disabled: by default v5 hides relations and orderings on
// columns without an index (petition.campaign_id, organisation.hq_country_id,
// statement.created_at, petition_endorsement.endorsed_at…), so the peer could not express
// the dashboard queries at all. The tables behind them are small (hundreds of rows); the
// big ones (signatures) are indexed on the columns the queries use.
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const connectionString = process.env.BENCH_PEER_DATABASE_URL;
if (!connectionString) {
  throw new Error("BENCH_PEER_DATABASE_URL is not set");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ connectionString, schemas: ["public"] })],
  schema: { connectionFilterRelations: true },
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.BENCH_PEER_PORT ?? 5678),
    graphiql: false,
  },
  // No explain output: producing it costs PostGraphile time on every request, and the
  // bench counts SQL statements from PostgreSQL's own log instead.
  grafast: { explain: false },
};

export default preset;

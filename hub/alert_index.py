"""What makes the alerts archive searchable beyond its B-tree indexes, on each database.

- **Full text**, in ``alert_text``, one row per alert keyed by its id: every language
  version of its title and body, cut into words the same way whatever the language
  (Unicode letters and digits, case-folded, accents kept: the texts are in six languages
  and no one language's stemming fits them all), and its country, perpetrator, filing
  organisation and violation types as words apart, so that words within a country, say,
  are found by this index alone. On SQLite an FTS5 table, contentless (the texts stay in
  ``alert`` only); on PostgreSQL a table of ``tsvector`` (the ``simple`` configuration,
  positions stripped: searches need the words, not where they stand) under a GIN index,
  with the alert's day, so that a search by words is counted and paged from it alone. A
  table beside ``alert`` rather than a column of it, so that counting the matches of a
  word reads narrow rows, and reading alerts does not carry their words.
- **Violation types**, in ``alert_violation`` (the model ``hub.models.AlertViolation``), one
  row per type of each alert's ``violations`` list, with its day: the index that counts and
  pages the alerts of a type.
- **Alerts per day**, in ``alert_day`` (the model ``hub.models.AlertDay``), so that the
  whole archive, or any range of days, is counted from a row per day, not per alert.

Triggers on ``alert`` keep all three in step with every write, whoever makes it, in the
write's own transaction. Migration ``0007_alerts`` runs :func:`create`; a bulk load runs
inside :func:`bulk_loading`, which sets the triggers, secondary indexes and foreign keys
aside and builds everything once at the end (an FTS5 insert per row, each its own
statement, costs five times one insert of every row; an index built from all its rows, a
fraction of one grown row by row). Changing what is defined here needs a migration that
drops and recreates it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.backends.base.client import BaseDBAsyncClient


def _sqlite_texts(row: str, column: str) -> str:
    """Every language version of a translated-text column, one per line."""
    return f"(SELECT group_concat(value, char(10)) FROM json_each({row}.{column}))"


def _sqlite_facets(row: str) -> str:
    """The alert's country, perpetrator, filing organisation and violation types as words
    of their own column, so that a search for words within them is answered by the
    full-text index alone: ``cmx pstatesecurityforces s12 vkilled vlegalaction``."""
    types = (
        "(SELECT group_concat(' v' || replace(value, '-', ''), '')"
        f" FROM json_each({row}.violations))"
    )
    return (
        f"'c' || lower({row}.country_id) || ' p' || replace({row}.perpetrator, '-', '')"
        f" || ' s' || {row}.source_organisation_id || COALESCE({types}, '')"
    )


def _sqlite_text_row(row: str) -> str:
    texts = f"{_sqlite_texts(row, 'title')}, {_sqlite_texts(row, 'body')}"
    return f"{row}.id, {texts}, {_sqlite_facets(row)}"


_SQLITE_DAY_ADD = (
    "INSERT INTO alert_day (occurred_on, alerts) VALUES (NEW.occurred_on, 1)"
    " ON CONFLICT (occurred_on) DO UPDATE SET alerts = alerts + 1;"
)
_SQLITE_DAY_REMOVE = "UPDATE alert_day SET alerts = alerts - 1 WHERE occurred_on = OLD.occurred_on;"
_SQLITE_UNINDEX = (
    "INSERT INTO alert_text (alert_text, rowid, title, body, facets)"
    f" VALUES ('delete', {_sqlite_text_row('OLD')});"
)
_SQLITE_INDEX = (
    f"INSERT INTO alert_text (rowid, title, body, facets) VALUES ({_sqlite_text_row('NEW')});"
)
_INDEXED_COLUMNS = "title, body, country_id, perpetrator, violations, source_organisation_id"
_SQLITE_TYPES = (
    "INSERT INTO alert_violation (alert_id, violation, occurred_on)"
    " SELECT NEW.id, value, NEW.occurred_on FROM json_each(NEW.violations);"
)
_SQLITE_UNTYPE = "DELETE FROM alert_violation WHERE alert_id = OLD.id;"

SQLITE_TABLES = (
    "CREATE VIRTUAL TABLE alert_text USING fts5("
    "title, body, facets, content='', tokenize='unicode61 remove_diacritics 0')",
)
SQLITE_TRIGGERS = {
    "alert_filed": f"""CREATE TRIGGER alert_filed AFTER INSERT ON alert BEGIN
  {_SQLITE_INDEX}
  {_SQLITE_TYPES}
  {_SQLITE_DAY_ADD}
END""",
    "alert_removed": f"""CREATE TRIGGER alert_removed AFTER DELETE ON alert BEGIN
  {_SQLITE_UNINDEX}
  {_SQLITE_DAY_REMOVE}
END""",
    "alert_rewritten": f"""CREATE TRIGGER alert_rewritten
AFTER UPDATE OF {_INDEXED_COLUMNS} ON alert BEGIN
  {_SQLITE_UNINDEX}
  {_SQLITE_INDEX}
END""",
    "alert_redated": f"""CREATE TRIGGER alert_redated AFTER UPDATE OF occurred_on ON alert
WHEN OLD.occurred_on <> NEW.occurred_on BEGIN
  {_SQLITE_DAY_REMOVE}
  {_SQLITE_DAY_ADD}
END""",
    "alert_retyped": f"""CREATE TRIGGER alert_retyped AFTER UPDATE OF violations, occurred_on
ON alert BEGIN
  {_SQLITE_UNTYPE}
  {_SQLITE_TYPES}
END""",
}
SQLITE_REINDEX = (
    "INSERT INTO alert_text (alert_text) VALUES ('delete-all')",
    "INSERT INTO alert_text (rowid, title, body, facets)"
    f" SELECT {_sqlite_text_row('alert')} FROM alert",
    "DELETE FROM alert_violation",
    "INSERT INTO alert_violation (alert_id, violation, occurred_on)"
    " SELECT alert.id, type.value, alert.occurred_on FROM alert, json_each(alert.violations) type"
    " ORDER BY alert.id, type.key",
)


def _postgres_words(row: str) -> str:
    """The words of the texts, and the alert's country, perpetrator, filing organisation and
    violation types as words no text can hold (``country:mx``, ``source:12``,
    ``violation:legal-action``…), so that a search for words within them is answered by
    the GIN index alone."""
    facets = (
        f"ARRAY['country:' || lower({row}.country_id), 'perpetrator:' || {row}.perpetrator,"
        f" 'source:' || {row}.source_organisation_id]"
        f" || ARRAY(SELECT 'violation:' || jsonb_array_elements_text({row}.violations))"
    )
    return (
        f"strip(to_tsvector('simple'::regconfig, {row}.title)"
        f" || to_tsvector('simple'::regconfig, {row}.body))"
        f" || array_to_tsvector({facets})"
    )


POSTGRES_TABLES = (
    # occurred_on repeats the alert's: a search by words is paged from these rows alone
    "CREATE TABLE alert_text (alert_id INT PRIMARY KEY REFERENCES alert (id) ON DELETE CASCADE,"
    " occurred_on DATE NOT NULL, words TSVECTOR NOT NULL)",
    "CREATE INDEX alert_text_words ON alert_text USING gin (words)",
    f"""CREATE FUNCTION alert_text_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO alert_text (alert_id, occurred_on, words)
  VALUES (NEW.id, NEW.occurred_on, {_postgres_words("NEW")})
  ON CONFLICT (alert_id) DO UPDATE SET occurred_on = EXCLUDED.occurred_on, words = EXCLUDED.words;
  RETURN NULL;
END $$""",
    """CREATE FUNCTION alert_violation_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM alert_violation WHERE alert_id = OLD.id;
  END IF;
  INSERT INTO alert_violation (alert_id, violation, occurred_on)
  SELECT NEW.id, type.value, NEW.occurred_on
  FROM jsonb_array_elements_text(NEW.violations) WITH ORDINALITY AS type (value, n) ORDER BY n;
  RETURN NULL;
END $$""",
    """CREATE FUNCTION alert_day_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE alert_day SET alerts = alerts - 1 WHERE occurred_on = OLD.occurred_on;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO alert_day (occurred_on, alerts) VALUES (NEW.occurred_on, 1)
    ON CONFLICT (occurred_on) DO UPDATE SET alerts = alert_day.alerts + 1;
  END IF;
  RETURN NULL;
END $$""",
)
POSTGRES_TRIGGERS = {
    "alert_indexed": "CREATE TRIGGER alert_indexed AFTER INSERT OR UPDATE OF"
    f" {_INDEXED_COLUMNS}, occurred_on ON alert FOR EACH ROW EXECUTE FUNCTION alert_text_index()",
    "alert_typed": "CREATE TRIGGER alert_typed AFTER INSERT OR UPDATE OF violations, occurred_on"
    " ON alert FOR EACH ROW EXECUTE FUNCTION alert_violation_index()",
    "alert_counted": "CREATE TRIGGER alert_counted AFTER INSERT OR DELETE ON alert"
    " FOR EACH ROW EXECUTE FUNCTION alert_day_count()",
    "alert_redated": "CREATE TRIGGER alert_redated AFTER UPDATE OF occurred_on ON alert"
    " FOR EACH ROW WHEN (OLD.occurred_on IS DISTINCT FROM NEW.occurred_on)"
    " EXECUTE FUNCTION alert_day_count()",
}
POSTGRES_REINDEX = (
    "DELETE FROM alert_text",
    "INSERT INTO alert_text (alert_id, occurred_on, words)"
    f" SELECT alert.id, alert.occurred_on, {_postgres_words('alert')} FROM alert",
    "DELETE FROM alert_violation",
    "INSERT INTO alert_violation (alert_id, violation, occurred_on)"
    " SELECT alert.id, type.value, alert.occurred_on FROM alert"
    " CROSS JOIN LATERAL jsonb_array_elements_text(alert.violations) WITH ORDINALITY"
    " AS type (value, n) ORDER BY alert.id, type.n",
)
_RECOUNT = (
    "DELETE FROM alert_day",
    "INSERT INTO alert_day (occurred_on, alerts)"
    " SELECT occurred_on, COUNT(*) FROM alert GROUP BY occurred_on",
)
_SQLITE_INDEXES = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    " AND tbl_name IN ('alert', 'alert_violation')"
)
_POSTGRES_INDEXES = (
    "SELECT indexname AS name, indexdef AS sql FROM pg_indexes"
    " WHERE tablename IN ('alert', 'alert_violation', 'alert_text')"
    " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
)


def is_postgres(client: BaseDBAsyncClient) -> bool:
    return bool(client.capabilities.dialect == "postgres")


def _triggers(client: BaseDBAsyncClient) -> dict[str, str]:
    return POSTGRES_TRIGGERS if is_postgres(client) else SQLITE_TRIGGERS


async def _run(client: BaseDBAsyncClient, *statements: str) -> None:
    # one statement at a time: SQLite's executescript would commit the caller's transaction
    for statement in statements:
        await client.execute_query(statement)


async def create(client: BaseDBAsyncClient) -> None:
    """Make the full-text table and the triggers (``alert`` and ``alert_day`` exist)."""
    await _run(client, *(POSTGRES_TABLES if is_postgres(client) else SQLITE_TABLES))
    await _run(client, *_triggers(client).values())


async def drop(client: BaseDBAsyncClient) -> None:
    """Undo :func:`create`."""
    await _drop_triggers(client)
    await _run(client, "DROP TABLE alert_text")
    if is_postgres(client):
        await _run(
            client,
            *(
                f"DROP FUNCTION {function}()"
                for function in ("alert_text_index", "alert_violation_index", "alert_day_count")
            ),
        )


async def _drop_triggers(client: BaseDBAsyncClient) -> None:
    suffix = " ON alert" if is_postgres(client) else ""
    await _run(client, *(f"DROP TRIGGER {name}{suffix}" for name in _triggers(client)))


async def rebuild(client: BaseDBAsyncClient) -> None:
    """Index every alert afresh and count every day again, from the alert table."""
    await _run(client, *(POSTGRES_REINDEX if is_postgres(client) else SQLITE_REINDEX), *_RECOUNT)


_POSTGRES_FOREIGN_KEYS = (
    "SELECT conrelid::regclass::text AS tablename, conname AS name,"
    " pg_get_constraintdef(oid) AS sql FROM pg_constraint WHERE contype = 'f'"
    " AND conrelid::regclass::text IN ('alert', 'alert_violation', 'alert_text')"
)


async def _foreign_keys(client: BaseDBAsyncClient) -> list[tuple[str, str, str]]:
    """PostgreSQL's foreign keys of the archive's tables, as (table, name, definition):
    checked row by row as rows arrive, at once as a whole when put back."""
    if not is_postgres(client):
        return []  # SQLite checks one with an index lookup, and cannot drop one
    _, rows = await client.execute_query(_POSTGRES_FOREIGN_KEYS)
    return [(str(row["tablename"]), str(row["name"]), str(row["sql"])) for row in rows]


async def _secondary_indexes(client: BaseDBAsyncClient) -> list[tuple[str, str]]:
    """The archive's indexes that no constraint needs, as (name, CREATE statement)."""
    sql = _POSTGRES_INDEXES if is_postgres(client) else _SQLITE_INDEXES
    _, rows = await client.execute_query(sql)
    return [(str(row["name"]), str(row["sql"])) for row in rows]


@asynccontextmanager
async def bulk_loading(client: BaseDBAsyncClient) -> AsyncIterator[None]:
    """Write many alerts in the block, in the caller's transaction; index them at the end.

    Their triggers, secondary indexes and (on PostgreSQL) foreign keys are set aside
    meanwhile, and put back, checked, at the end. If the block fails, the transaction rolls
    back, indexes, keys and triggers included.
    """
    indexes = await _secondary_indexes(client)
    foreign_keys = await _foreign_keys(client)
    await _drop_triggers(client)
    await _run(client, *(f'DROP INDEX "{name}"' for name, _ in indexes))
    await _run(client, *(f'ALTER TABLE "{t}" DROP CONSTRAINT "{n}"' for t, n, _ in foreign_keys))
    yield
    await rebuild(client)
    await _run(
        client,
        *(create for _, create in indexes),
        *(f'ALTER TABLE "{t}" ADD CONSTRAINT "{n}" {sql}' for t, n, sql in foreign_keys),
        *_triggers(client).values(),
    )


async def analyse(client: BaseDBAsyncClient) -> None:
    """On SQLite, refresh the planner's statistics of the archive's tables after a bulk load
    (PostgreSQL's are refreshed by :func:`vacuum`, once the load has committed)."""
    if not is_postgres(client):
        await _run(client, *(f"ANALYZE {t}" for t in ("alert", "alert_violation", "alert_day")))


async def vacuum(client: BaseDBAsyncClient) -> None:
    """On PostgreSQL, after a bulk load has committed: mark the archive's pages all-visible,
    so that counting from an index (types, days, a country's alerts) does not read the
    table, and refresh the planner's statistics (how common a word is decides how its
    search is planned). Autovacuum would, in its own time; a benchmark right after the
    load would not wait."""
    if is_postgres(client):
        await _run(client, "VACUUM (ANALYZE) alert, alert_violation, alert_text, alert_day")


_BATCH_DAYS = (
    "INSERT INTO alert_day (occurred_on, alerts)"
    " SELECT occurred_on, COUNT(*) FROM alert WHERE id > {after} GROUP BY occurred_on"
    " ON CONFLICT (occurred_on) DO UPDATE SET alerts = alert_day.alerts + excluded.alerts"
)
_SQLITE_BATCH = (
    "INSERT INTO alert_text (rowid, title, body, facets)"
    f" SELECT {_sqlite_text_row('alert')} FROM alert WHERE alert.id > {{after}}",
    "INSERT INTO alert_violation (alert_id, violation, occurred_on)"
    " SELECT alert.id, type.value, alert.occurred_on FROM alert, json_each(alert.violations) type"
    " WHERE alert.id > {after} ORDER BY alert.id, type.key",
)
_POSTGRES_BATCH = (
    "INSERT INTO alert_text (alert_id, occurred_on, words)"
    f" SELECT alert.id, alert.occurred_on, {_postgres_words('alert')} FROM alert"
    " WHERE alert.id > {after}",
    "INSERT INTO alert_violation (alert_id, violation, occurred_on)"
    " SELECT alert.id, type.value, alert.occurred_on FROM alert"
    " CROSS JOIN LATERAL jsonb_array_elements_text(alert.violations) WITH ORDINALITY"
    " AS type (value, n) WHERE alert.id > {after} ORDER BY alert.id, type.n",
)


@asynccontextmanager
async def batch_indexing(client: BaseDBAsyncClient) -> AsyncIterator[None]:
    """Insert a batch of new alerts in the block, in the caller's transaction, and index
    them together at its end: their words, types and days in one statement each rather
    than a trigger's statements per alert (on SQLite an FTS5 insert per row costs five
    times one insert of every row).

    Only inserts: the triggers are set aside for the block, so an alert updated or deleted
    in it would not be indexed again. On PostgreSQL they are disabled, not dropped
    (``ALTER TABLE … DISABLE TRIGGER`` locks out other writers of ``alert`` until the
    transaction ends, never its readers); on SQLite the transaction holds the database's
    one write lock anyway. Alerts are numbered upwards, so the batch is the alerts above
    the largest number when the block begins.
    """
    # the lock first: no other writer's alert can then be numbered inside the batch
    if is_postgres(client):
        await _run(client, "ALTER TABLE alert DISABLE TRIGGER USER")
    else:
        await _drop_triggers(client)
    _, rows = await client.execute_query("SELECT COALESCE(MAX(id), 0) AS last FROM alert")
    after = int(rows[0]["last"])
    yield
    batch = _POSTGRES_BATCH if is_postgres(client) else _SQLITE_BATCH
    await _run(client, *(sql.format(after=after) for sql in (*batch, _BATCH_DAYS)))
    if is_postgres(client):
        await _run(client, "ALTER TABLE alert ENABLE TRIGGER USER")
    else:
        await _run(client, *_triggers(client).values())

"""Searching the alerts archive: words and filters, newest first, counted.

Every search answers with a page of alerts ordered by ``occurred_on`` then ``id``, both
descending, and the number of alerts that match, in two or three SQL statements whatever
the archive's size. The words are matched in every language of the titles and bodies
through the full-text index of ``hub.alert_index``, with the countries, perpetrators,
filing organisations and violation types asked, which that index holds too; without
words, the filters go through ``alert``'s and ``alert_violation``'s indexes, each ending
in the order the archive is read in.

PostgreSQL plans the statements itself, from its statistics, but for searches by words:
those are counted from ``alert_text`` alone (the words, the other filters held as words,
the day) and, when its planner expects few matches, paged there too in the same statement,
the page's alerts then read by id; many matches are paged by walking the newest alerts.
SQLite's planner cannot weigh a full-text match against a B-tree index, so on SQLite the
search plans for it:

1. one statement counts, cheaply, what each filter alone would let through (the full-text
   index counts its matches, ``alert_day`` the days, the other indexes their range);
2. the filter cheapest to read from (its count, weighed by whether its index answers the
   other filters or each row must be read) drives the count of the alerts matching them
   all, the others tested row by row; when one filter is all there is, its count is the
   answer;
3. a page of a few matches is read the same way and sorted; a page of many is read by
   walking the alerts newest first (the date index) until the page is full, which costs
   about ``page size × archive ÷ matches`` rows.

The facets of a search (its alerts counted by country, year, violation type, perpetrator
and victim kind) are counted in one more statement, by ``hub.alert_search.facets``.

Terms the search must not drive from are written ``+column`` (SQLite's way of keeping an
index out of a plan); a full-text match tested row by row is either gathered once into a
set or probed per row, whichever reads fewer entries.
"""

from __future__ import annotations

from tortoise import connections

from hub.alert_index import is_postgres
from hub.alert_search import postgres, sqlite
from hub.alert_search.query import MAX_WORDS, AlertQuery, Found, search_words
from hub.db import DATABASE, transaction

__all__ = ["MAX_WORDS", "AlertQuery", "Found", "search_alerts", "search_words"]


async def search_alerts(
    query: AlertQuery, offset: int, limit: int, *, rows: bool = True, total: bool = True
) -> Found:
    """A page of the alerts matching ``query`` (``limit`` of them after ``offset``, and one
    more if there is one, to tell that more follow), and how many match."""
    client = connections.get(DATABASE)
    if not is_postgres(client):
        return await sqlite.search(client, query, offset, limit, rows, total)
    async with transaction() as connection:  # the count and the page of one snapshot
        # Planned for the values of each search (PostgreSQL plans a statement it has run
        # five times for any values, blind to how selective the words or dates are:
        # measured, a page of 6 ms became 30 ms), in this process (starting parallel
        # workers costs more than a search reads).
        await connection.execute_query(
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
            " set_config('max_parallel_workers_per_gather', '0', true)"
        )
        return await postgres.search(connection, query, offset, limit, rows, total)

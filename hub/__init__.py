"""The hub: the GraphQL hub of a global free-expression network.

The embedded database is a current SQLite, from sqlean.py, installed here as the
``sqlite3`` module before anything imports it, so that aiosqlite and Tortoise use it as
they would the standard library's. Compiled reads nest a subquery per level of a query;
the SQLite many systems ship (3.40 on Debian 12) stops parsing at about six levels
("parser stack overflow"), while SQLite 3.46 and later parse as deep as GraphQL queries
may go, and aggregate JSON in a stated order (``json_group_array(… ORDER BY …)``).
"""

import sys

import sqlean

_loaded = sys.modules.get("sqlite3")
if _loaded is not None and _loaded is not sqlean:
    raise ImportError(
        "the standard library's sqlite3 was imported before the hub: import hub first"
    )
sys.modules["sqlite3"] = sqlean

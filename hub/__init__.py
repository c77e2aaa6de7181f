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

# What imported the standard library's sqlite3 before (a tool running the hub in its own
# process, such as mutmut) keeps it; aiosqlite must not have taken it already.
_aiosqlite = sys.modules.get("aiosqlite.core")
if _aiosqlite is not None and getattr(_aiosqlite, "sqlite3", sqlean) is not sqlean:
    raise ImportError("aiosqlite was imported before the hub, with the standard library's sqlite3")
sys.modules["sqlite3"] = sqlean

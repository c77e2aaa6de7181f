"""The schemas an app serves, built once for each set of settings they are built with.

Building the monolith's schema and the four subgraphs' takes most of what making an app
costs (about 0.4 s of CPU); a process that makes many apps, as the tests do, would spend its
time there. A schema reads the settings' limits, never the database's address: apps that
differ only in their database share their schemas.
"""

from __future__ import annotations

from functools import lru_cache

from strawberry.schema import BaseSchema

from hub.settings import Settings
from schema.monolith import build_schema
from schema.subgraphs import build_subgraph


class SchemaSettings:
    """Settings as a schema sees them (the database's address left out), compared by their
    values."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.model_copy(update={"database_url": ""})
        self._values = self.settings.model_dump_json()

    def __hash__(self) -> int:
        return hash(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SchemaSettings) and other._values == self._values


def schema_for(settings: Settings, subgraph: str | None = None) -> BaseSchema:
    """The monolith's schema, or the subgraph called ``subgraph``, for these settings."""
    return _built(SchemaSettings(settings), subgraph)


@lru_cache(maxsize=40)  # a few sets of settings at once, each with the monolith and 4 subgraphs
def _built(settings: SchemaSettings, subgraph: str | None) -> BaseSchema:
    if subgraph is None:
        return build_schema(settings.settings)
    return build_subgraph(subgraph, settings.settings)

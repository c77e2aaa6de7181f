"""A dashboard query as the bench holds it: the hub's document, PostGraphile's twin, and the
variables both take from the seeded network's busiest rows.

The queries themselves live in ``bench.queries`` (the pages a coalition dashboard shows)
and ``bench.shapes`` (reads of other shapes: wide lists, deep chains, a global ordering,
scalars only).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.targets import Targets

Variables = Callable[[Targets], dict[str, Any]]


@dataclass(frozen=True)
class DashboardQuery:
    """One dashboard read, as the hub and as PostGraphile spell it."""

    name: str
    """Short name used in tables and file names, e.g. ``campaign-page``."""
    title: str
    hub: str
    peer: str
    variables: Variables
    """The variables both documents are given (each takes only those it declares)."""

    def hub_variables(self, targets: Targets) -> dict[str, Any]:
        return _declared(self.hub, self.variables(targets), targets)

    def peer_variables(self, targets: Targets) -> dict[str, Any]:
        return _declared(self.peer, self.variables(targets), targets)

    def hub_body(self, targets: Targets) -> dict[str, Any]:
        """The JSON body of a POST to the hub's ``/graphql``."""
        return {"query": self.hub, "variables": self.hub_variables(targets)}

    def peer_body(self, targets: Targets) -> dict[str, Any]:
        """The JSON body of a POST to PostGraphile's ``/graphql``."""
        return {"query": self.peer, "variables": self.peer_variables(targets)}


def no_variables(_targets: Targets) -> dict[str, Any]:
    return {}


def _declared(document: str, given: dict[str, Any], targets: Targets) -> dict[str, Any]:
    """``given``, narrowed to what ``document`` declares, plus the days it asks for.

    A GraphQL server refuses a variable its operation does not declare only in strict
    modes, but the two documents of a query often differ in what they need ("today" is
    implicit in the hub's ``asOf`` default and explicit in the peer's filter).
    """
    variables = {
        name: value for name, value in given.items() if re.search(rf"\${name}\b", document)
    }
    if "$today" in document:
        variables["today"] = targets.today.isoformat()
    if "$yearStart" in document:
        variables["yearStart"] = targets.today.replace(month=1, day=1).isoformat()
    return variables


CURRENT_GROUP_MEMBERSHIP = """{
          startedOn: { lessThanOrEqualTo: $today }
          or: [{ endedOn: { isNull: true } }, { endedOn: { greaterThan: $today } }]
        }"""
"""The peer's filter for what the hub's ``asOf`` default means: a membership started by
today and not ended by today."""

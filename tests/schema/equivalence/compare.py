"""Comparing the hub's response with the reference's, and saying where they part.

``data`` must be equal, keys in the same order (GraphQL answers in the query's order),
floats exactly. Errors are compared by root field: a bad argument anywhere under a root
field fails that root field, so each side's errors are reduced to (root field, message,
code, argument); where an error is reported deeper in the path does not matter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.schema.equivalence.queries import GeneratedQuery

ErrorKey = tuple[Any, str, Any, Any]


def error_keys(response: dict[str, Any]) -> set[ErrorKey]:
    keys = set()
    for error in response.get("errors") or ():
        path = error.get("path") or [None]
        extensions = error.get("extensions") or {}
        keys.add((path[0], error["message"], extensions.get("code"), extensions.get("argument")))
    return keys


def first_difference(hub: Any, reference: Any, path: str = "data") -> str | None:
    """Where two answers first differ, or None where they are the same."""
    if isinstance(hub, dict) and isinstance(reference, dict):
        if list(hub) != list(reference):
            if set(hub) == set(reference):
                return (
                    f"{path}: keys in another order: hub {list(hub)}, reference {list(reference)}"
                )
            return f"{path}: keys differ: hub {list(hub)}, reference {list(reference)}"
        for key in hub:
            found = first_difference(hub[key], reference[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(hub, list) and isinstance(reference, list):
        if len(hub) != len(reference):
            return f"{path}: {len(hub)} items from the hub, {len(reference)} from the reference"
        for position, (ours, theirs) in enumerate(zip(hub, reference, strict=True)):
            found = first_difference(ours, theirs, f"{path}[{position}]")
            if found:
                return found
        return None
    if hub != reference or (type(hub) is not type(reference) and not _numbers(hub, reference)):
        return f"{path}: hub {_short(hub)}, reference {_short(reference)}"
    return None


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 400 else text[:400] + "…"


@dataclass
class Disagreement:
    query: GeneratedQuery
    where: str
    hub: dict[str, Any]
    reference: dict[str, Any]

    def report(self) -> str:
        return (
            f"{self.query.replay()}\n--> {self.where}\n"
            f"hub:       {_short(self.hub)}\nreference: {_short(self.reference)}"
        )


def disagreement(
    query: GeneratedQuery, hub: dict[str, Any], reference: dict[str, Any]
) -> Disagreement | None:
    """How the two responses to one query differ, if they do; the hub's must also come
    with HTTP 200, as GraphQL over HTTP answers ``application/json`` requests."""
    if "status" in hub:
        return Disagreement(query, f"the hub answered HTTP {hub['status']}", hub, reference)
    ours, theirs = error_keys(hub), error_keys(reference)
    if ours != theirs:
        only_hub, only_reference = sorted(map(str, ours - theirs)), sorted(map(str, theirs - ours))
        where = f"errors: hub only {only_hub}, reference only {only_reference}"
        return Disagreement(query, where, hub, reference)
    if "data" not in hub or "data" not in reference:
        if ("data" in hub) != ("data" in reference):
            return Disagreement(query, "one side has no data at all", hub, reference)
        return None
    found = first_difference(hub["data"], reference["data"])
    return Disagreement(query, found, hub, reference) if found else None

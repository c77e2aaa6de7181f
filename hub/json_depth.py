"""How deep a request's JSON nests: every route that reads JSON refuses it past
``HUB_MAX_JSON_DEPTH``, before anything walks it recursively."""

from __future__ import annotations


def json_depth(value: object, limit: int) -> int:
    """How deep a JSON value nests, counted without recursion, up to ``limit`` + 1."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > limit:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest

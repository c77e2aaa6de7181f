"""Long text an answer or a line of the log repeats: its beginning, and how long it was."""

from __future__ import annotations


def cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and how many it had."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"

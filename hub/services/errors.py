"""The ways a write can be refused, with the field at fault, for every mutation's payload."""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NOT_ELIGIBLE = "not_eligible"
    WRONG_STATUS = "wrong_status"
    INVALID = "invalid"
    CONFLICT = "conflict"
    TOO_MANY = "too_many"


class WriteRefused(Exception):
    """A business rule refused the write. Nothing was changed."""

    def __init__(self, code: Refusal, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

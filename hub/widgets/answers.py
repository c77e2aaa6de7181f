"""The widgets' error answers: one JSON shape, naming the code, the field and what to do."""

from __future__ import annotations

from starlette.responses import JSONResponse

from hub.long_text import cut


def error_answer(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": str(code), "field": field, "message": message}},
        status_code=status,
        headers={"Access-Control-Allow-Origin": "*"} if status == 404 else None,
    )


SHOWN_CHARACTERS = 80
"""How much of what a request sent an answer repeats: enough to recognise it."""


def shown(value: str) -> str:
    """``value`` as an answer or the log repeats it: cut, and saying so, when long."""
    return cut(value, SHOWN_CHARACTERS)


def no_petition(slug: str) -> JSONResponse:
    return error_answer(404, "not_found", f"No petition is called '{shown(slug)}'.", "petition")

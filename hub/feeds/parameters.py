"""A feed's query parameters, checked: each refusal names the parameter at fault."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pycountry
from starlette.datastructures import QueryParams

from hub.models.alerts import ViolationType
from schema.languages import parse_language


class BadParameter(Exception):
    """A query parameter the feed cannot read; answered 400, naming it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def only_known(params: QueryParams, known: Collection[str]) -> None:
    for name in params:
        if name not in known:
            raise BadParameter(
                name, f"'{name}' is not a parameter of this feed: use {', '.join(known)}."
            )


def country_code(value: str, parameter: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased."""
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise BadParameter(parameter, f"'{value}' is not an ISO 3166-1 alpha-2 country code.")
    return code


def violation(value: str, parameter: str = "violation") -> ViolationType:
    """A violation type, by its GraphQL name (``LEGAL_ACTION``) or its value (``legal-action``)."""
    named = value.strip()
    if named.upper() in ViolationType.__members__:
        return ViolationType[named.upper()]
    if named.lower() in ViolationType._value2member_map_:
        return ViolationType(named.lower())
    known = ", ".join(ViolationType.__members__)
    raise BadParameter(parameter, f"'{value}' is not a violation type: one of {known}.")


def language(value: str, parameter: str = "lang") -> str:
    try:
        return parse_language(value)
    except ValueError as problem:
        raise BadParameter(parameter, str(problem)) from None


def one(params: QueryParams, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, f"'{name}' is given {len(values)} times: give it once.")
    return values[0] if values else None


@dataclass(frozen=True)
class AlertFeedQuery:
    """Which alerts a feed lists: of any of these countries and any of these types, with
    a headline in this language."""

    countries: tuple[str, ...] = ()
    violations: tuple[ViolationType, ...] = ()
    language: str | None = None

    @classmethod
    def of(cls, params: QueryParams) -> AlertFeedQuery:
        only_known(params, ("country", "violation", "lang"))
        lang = one(params, "lang")
        return cls(
            countries=tuple(dict.fromkeys(country_code(v) for v in params.getlist("country"))),
            violations=tuple(dict.fromkeys(violation(v) for v in params.getlist("violation"))),
            language=language(lang) if lang is not None else None,
        )

"""The reference: the public read graph answered from rows, in Python, by graphql-core.

It executes queries over a schema built from the committed SDL (``schema.graphql``; the
federation directives there are annotations only) with a field resolver of its own that
dispatches on (parent type, field): the functions of ``roots`` and ``entities`` where a
field has more to it than a column, and the table-driven default below for columns, texts
in the reader's language and single references. Nothing of the hub's read path is used, so
where the two disagree one of them misreads the documented rules.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeGuard

from graphql import (
    DocumentNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLResolveInfo,
    build_ast_schema,
    execute,
    get_named_type,
    parse,
    validate,
)

from hub.clock import today
from tests.schema.equivalence import entities, roots
from tests.schema.equivalence.reading import (
    RESOLVERS,
    Archive,
    Reading,
    date_text,
    date_time_text,
    enum_name,
    global_id,
    reading_of,
)
from tests.schema.equivalence.snapshot import Snapshot
from tests.schema.equivalence.static_check import check_root_field
from tests.schema.equivalence.texts import accepted_languages, chosen_text, required_text

SDL = Path(__file__).parents[3] / "schema.graphql"

# the modules whose resolvers register themselves when imported
RESOLVER_MODULES = (entities, roots)

REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("Organisation", "headquarters"): ("Country", "hq_country_id"),
    ("Network", "foundingCountry"): ("Country", "founding_country_id"),
    ("Network", "convenedBy"): ("Organisation", "convened_by_id"),
    ("NetworkMembership", "organisation"): ("Organisation", "organisation_id"),
    ("Group", "focusCountry"): ("Country", "focus_country_id"),
    ("GroupMembership", "group"): ("Group", "group_id"),
    ("GroupMembership", "organisation"): ("Organisation", "organisation_id"),
    ("Campaign", "group"): ("Group", "group_id"),
    ("Campaign", "leadOrganisation"): ("Organisation", "lead_organisation_id"),
    ("Milestone", "campaign"): ("Campaign", "campaign_id"),
    ("Milestone", "country"): ("Country", "country_id"),
    ("Statement", "leadOrganisation"): ("Organisation", "lead_organisation_id"),
    ("Statement", "group"): ("Group", "group_id"),
    ("Statement", "campaign"): ("Campaign", "campaign_id"),
    ("StatementSignature", "statement"): ("Statement", "statement_id"),
    ("StatementSignature", "organisation"): ("Organisation", "organisation_id"),
    ("Petition", "campaign"): ("Campaign", "campaign_id"),
    ("Petition", "organisation"): ("Organisation", "organisation_id"),
    ("PetitionEndorsement", "petition"): ("Petition", "petition_id"),
    ("PetitionEndorsement", "organisation"): ("Organisation", "organisation_id"),
    ("Alert", "country"): ("Country", "country_id"),
    ("Alert", "sourceOrganisation"): ("Organisation", "source_organisation_id"),
    ("Report", "organisation"): ("Organisation", "organisation_id"),
    ("Alert", "follows"): ("Alert", "follows_id"),
    ("Alert", "case"): ("Case", "case_id"),
    ("Case", "country"): ("Country", "country_id"),
}
"""A field naming one row of another type: (that type, the column holding its key)."""

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def column_of(field_name: str) -> str:
    """The column behind a field: ``foundedYear`` is ``founded_year``."""
    return _CAMEL.sub("_", field_name).lower()


def _output(named: GraphQLNamedType, value: Any) -> Any:
    """A column's value as the graph answers it: enums by name, days and times as text."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_output(named, item) for item in value]
    if isinstance(named, GraphQLEnumType):
        return enum_name(named.name, value)
    if named.name == "Date":
        return date_text(value)
    if named.name == "DateTime":
        return date_time_text(value)
    return value


def resolve(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
    """Answer one field: the registered resolver, else a column, text or reference."""
    key = (info.parent_type.name, info.field_name)
    if info.parent_type.name == "Query":
        check_root_field(info)
    if key in RESOLVERS:
        return RESOLVERS[key](source, info, arguments)
    if isinstance(source, dict):
        return source[info.field_name]
    if key in REFERENCES:
        type_name, column = REFERENCES[key]
        return reading_of(info).rows.row(type_name, getattr(source, column))
    if info.field_name == "id":
        return global_id(type(source).__name__, source.pk)
    named = get_named_type(info.return_type)
    value = getattr(source, column_of(info.field_name))
    if named.name == "LocalizedText":
        wanted = reading_of(info).wanted(arguments)
        if isinstance(info.return_type, GraphQLNonNull):
            return required_text(value, source.original_language, wanted)
        return chosen_text(value, source.original_language, wanted)
    return _output(named, value)


def type_of(value: Any, info: GraphQLResolveInfo[Any], abstract: GraphQLAbstractType) -> str:
    """The GraphQL type of a row: its model's name."""
    return type(value).__name__


def _never_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    return False


class Reference:
    """Answers GraphQL queries from a snapshot of a database's rows."""

    def __init__(self, snapshot: Snapshot, sdl: str | None = None) -> None:
        self.schema = build_ast_schema(parse(sdl or SDL.read_text()), assume_valid_sdl=True)
        self.rows = snapshot
        self.archive = Archive.of(snapshot)

    def answer(
        self,
        query: str | DocumentNode,
        variables: dict[str, Any] | None = None,
        accept_language: str = "",
    ) -> dict[str, Any]:
        """The response (``data`` and ``errors``) the graph's rules give for this request; a
        query given parsed has been validated against the same SDL already."""
        if isinstance(query, str):
            document = parse(query)
            invalid = validate(self.schema, document)
            if invalid:
                return {"errors": [error.formatted for error in invalid]}
        else:
            document = query
        reading = Reading(self.rows, self.archive, accepted_languages(accept_language), today())
        result = execute(
            self.schema,
            document,
            variable_values=variables or {},
            context_value=reading,
            field_resolver=resolve,
            type_resolver=type_of,
            # Tortoise rows are awaitable (to fetch their relations): here they are values
            is_awaitable=_never_awaitable,
        )
        assert not hasattr(result, "__await__"), "the reference resolves synchronously"
        return dict(result.formatted)

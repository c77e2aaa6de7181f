"""The permission matrix of auth/README.md: every guarded operation has its row, and every
row names tests that exist. Here too are the allowed and denied tests the statement writes
and ``viewer`` had no other home for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry.federation.schema_directives import RequiresScopes as RequiresScopesDirective

from hub.models import Statement
from hub.settings import Settings
from schema.monolith import build_schema
from tests.auth.network import AuthNetwork, Statements, WritingHub, build_statements, writing_hub
from tests.auth.tokens import statement_id
from tests.databases import fill

ROOT = Path(__file__).parents[2]
README = ROOT / "auth" / "README.md"

DRAFT = """mutation($input: DraftStatementInput!) {
  draftStatement(input: $input) {
    statement { slug status leadOrganisation { slug } group { slug } }
    errors { code field message }
  }
}"""
EDIT = """mutation($id: ID!) {
  editStatement(input: {statementId: $id, title: [{language: "en", text: "Sharper"}]}) {
    statement { title { text } }
    errors { code field message }
  }
}"""
OPEN = """mutation($id: ID!) {
  openStatement(input: {statementId: $id}) { statement { status } errors { code field } }
}"""
PUBLISH = """mutation($id: ID!) {
  publishStatement(input: {statementId: $id}) { statement { status } errors { code field } }
}"""


@dataclass
class Setting:
    hub: WritingHub
    statements: Statements
    database_url: str
    group: str = ""


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    statements = Statements()
    groups: list[str] = []

    async def build(network: AuthNetwork) -> None:
        from strawberry.relay import GlobalID

        from hub.models import Organisation
        from tests import factories

        await build_statements(network, statements)
        a, b = [await Organisation.get(id=m.organisation_id) for m in network.members]
        group = await factories.group([a, b])  # A leads it, B is a member
        groups.append(str(GlobalID("Group", str(group.id))))

    with writing_hub(database_url, "statements:sign statements:write", build) as hub:
        yield Setting(hub, statements, database_url, groups[0])


def statement_row(database_url: str, statement: int) -> dict[str, Any]:
    """Everything stored of a statement, read from the database."""
    rows: list[dict[str, Any]] = []

    async def read() -> None:
        rows.extend(await Statement.filter(id=statement).values())

    fill(database_url, read)
    (row,) = rows
    return row


def draft_input(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "solidarity-with-journalists",
        "originalLanguage": "en",
        "title": [{"language": "en", "text": "Solidarity"}],
        "body": [{"language": "en", "text": "We, the undersigned…"}],
        **changes,
    }


def test_a_member_drafts_a_statement_it_leads(setting: Setting) -> None:
    # when A drafts a statement for its group
    result = setting.hub.payload(
        DRAFT, "draftStatement", setting.hub.token(0), input=draft_input(groupId=setting.group)
    )

    # then it is a draft led by A, logged once
    assert result["errors"] == []
    assert result["statement"]["status"] == "DRAFT"
    assert result["statement"]["leadOrganisation"]["slug"] == setting.hub.network.members[0].slug
    assert len(setting.hub.audit_log("statement.draft")) == 1


def test_only_a_lead_of_the_group_drafts_its_statements(setting: Setting) -> None:
    # when B, a mere member of the group, drafts a statement for it
    result = setting.hub.payload(
        DRAFT, "draftStatement", setting.hub.token(1), input=draft_input(groupId=setting.group)
    )

    # then it is refused, and nothing was written
    assert result["statement"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("FORBIDDEN", "groupId")]
    assert setting.hub.audit_log("statement.draft") == []


def test_the_lead_organisation_edits_and_opens_its_draft(setting: Setting) -> None:
    # given A's token and A's draft
    token, draft = setting.hub.token(0), statement_id(setting.statements.draft)

    # when A edits it, then opens it
    edited = setting.hub.payload(EDIT, "editStatement", token, id=draft)
    opened = setting.hub.payload(OPEN, "openStatement", token, id=draft)

    # then both are done, and logged once each
    assert edited["errors"] == [] and edited["statement"]["title"] == {"text": "Sharper"}
    assert opened["errors"] == [] and opened["statement"]["status"] == "OPEN"
    assert len(setting.hub.audit_log("statement.edit")) == 1
    assert len(setting.hub.audit_log("statement.open")) == 1


@pytest.mark.parametrize(
    ("mutation", "field"),
    [(EDIT, "editStatement"), (OPEN, "openStatement"), (PUBLISH, "publishStatement")],
    ids=["editStatement", "openStatement", "publishStatement"],
)
def test_another_organisation_cannot_manage_a_statement(
    setting: Setting, mutation: str, field: str
) -> None:
    # given A's statements as they are
    target = setting.statements.open if field == "publishStatement" else setting.statements.draft
    before = statement_row(setting.database_url, target)

    # when B edits, opens or publishes them
    result = setting.hub.payload(mutation, field, setting.hub.token(1), id=statement_id(target))

    # then FORBIDDEN, and nothing was written
    assert result["statement"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("FORBIDDEN", "statementId")]
    assert statement_row(setting.database_url, target) == before
    for action in ("statement.edit", "statement.open", "statement.published"):
        assert setting.hub.audit_log(action) == []


@pytest.mark.parametrize(
    ("mutation", "variables"),
    [
        (DRAFT, {"input": draft_input()}),
        (EDIT, {"id": statement_id(1)}),
        (OPEN, {"id": statement_id(1)}),
        (PUBLISH, {"id": statement_id(1)}),
    ],
    ids=["draftStatement", "editStatement", "openStatement", "publishStatement"],
)
def test_without_statements_write_the_error_names_it(
    setting: Setting, mutation: str, variables: dict[str, Any]
) -> None:
    # given a token of A holding only statements:sign
    token = setting.hub.token(0, scope="statements:sign")
    # when it manages a statement
    error = setting.hub.refusal(mutation, token, **variables)
    # then FORBIDDEN, naming the scope
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "statements:write" in error["message"]


def test_an_anonymous_viewer_is_null(setting: Setting) -> None:
    # when a request without a token asks who it is
    viewer = setting.hub.payload("{ viewer { clientId } }", "viewer", None)
    # then nobody
    assert viewer is None


def matrix_rows() -> list[list[str]]:
    """The table under "## Permission matrix" in auth/README.md, one list of cells a row."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Permission matrix", 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def defined_tests() -> list[str]:
    """The names of the suite's test functions, once for each definition."""
    found: list[str] = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        found += re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M)
    return found


def guarded_fields(schema: GraphQLSchema) -> set[str]:
    """Every field that asks for scopes: by name on Query, as ``Type.field`` elsewhere."""
    guarded = set()
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_ is schema.mutation_type:
            continue
        for name, field in type_.fields.items():
            definition = (field.extensions or {}).get("strawberry-definition")
            directives = getattr(definition, "directives", None) or ()
            if any(isinstance(d, RequiresScopesDirective) for d in directives):
                guarded.add(name if type_ is schema.query_type else f"{type_.name}.{name}")
    return guarded


def test_every_guarded_operation_has_a_row() -> None:
    # given every mutation, every field that asks for scopes, and `viewer`
    schema = build_schema(Settings())._schema
    assert isinstance(schema.mutation_type, GraphQLObjectType)
    operations = {*schema.mutation_type.fields, *guarded_fields(schema), "viewer"}
    assert {"auditLog", "Petition.signatures"} <= operations

    # then the matrix has one row for each, and no other
    named = [row[0].strip("`") for row in matrix_rows()]
    assert sorted(named) == sorted(operations)


def test_every_test_the_matrix_names_exists() -> None:
    # given the tests the matrix names, in its allowed and denied columns
    rows = matrix_rows()
    tests = defined_tests()

    # then every row names at least one of each, and each is one test function of the suite
    for row in rows:
        allowed, denied = (re.findall(r"`(test_\w+)`", cell) for cell in row[3:5])
        assert allowed and denied, row
        for name in allowed + denied:
            assert tests.count(name) == 1, f"{row[0]}: {name} is defined {tests.count(name)} times"

"""Mutations of organisations: an organisation keeps its own profile current."""

from __future__ import annotations

from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.organisations import Organisation as OrganisationRow
from hub.services import organisations as service
from schema.arguments import INPUT
from schema.context import Info
from schema.languages import Language
from schema.mutations import TextInput, UserError, refusals, texts
from schema.network.types import FocusArea, Organisation
from schema.reads.roots import entity


@strawberry.type(description="Why an organisation mutation changed nothing.")
class OrganisationError(UserError):
    pass


@strawberry.input(
    description="Changes to the token's own organisation's profile; what is left out stays"
    " as it is. There is no organisation to name: a token edits its own only."
)
class EditOrganisationInput:
    name: list[TextInput] | None = strawberry.field(
        default=None, description="Its name, per language; searches find every version."
    )
    description: list[TextInput] | None = strawberry.field(
        default=None, description="What it does, per language."
    )
    website: str | None = strawberry.field(
        default=None, description="Its website, an https address; the empty string removes it."
    )
    languages: list[Language] | None = strawberry.field(
        default=None, description="The languages it works in."
    )
    focus: list[FocusArea] | None = strawberry.field(default=None, description="What it works on.")
    countries_of_work: list[str] | None = strawberry.field(
        default=None,
        description="ISO 3166-1 alpha-2 codes of the countries it works in, replacing the"
        " ones it had.",
    )


@strawberry.type(description="The organisation, or why nothing changed.")
class EditOrganisationPayload:
    organisation_id: strawberry.Private[int | None]
    organisation: Organisation | None = entity(
        "organisation_id", description="The organisation as it now is."
    )
    errors: list[OrganisationError] = strawberry.field(description="Why nothing changed.")


@strawberry.type
class OrganisationMutations:
    @strawberry.mutation(
        description="Keep the token's own organisation's profile current.",
        extensions=requires(Scope.ORGANISATION_WRITE),
    )
    async def edit_organisation(
        self, info: Info, input: Annotated[EditOrganisationInput, INPUT]
    ) -> EditOrganisationPayload:
        async def write() -> OrganisationRow:
            changes = service.ProfileChanges(
                name=texts(input.name, "name"),
                description=texts(input.description, "description"),
                website=input.website,
                languages=[str(language) for language in input.languages]
                if input.languages is not None
                else None,
                focus=input.focus,
                countries_of_work=input.countries_of_work,
            )
            return await service.edit_organisation(signed_in(info), changes)

        row, errors = await refusals(write, OrganisationError)
        return EditOrganisationPayload(
            organisation_id=row.id if row is not None else None, errors=errors
        )

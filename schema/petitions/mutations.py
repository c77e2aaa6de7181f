"""Mutations of petitions: create, edit (open and close included) and endorse."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.petitions import Petition as PetitionRow
from hub.models.petitions import PetitionStatus as PetitionStatusValue
from hub.services import petitions as service
from schema.arguments import INPUT
from schema.context import Info
from schema.languages import Language
from schema.mutations import TextInput, UserError, key_of, refusals, texts
from schema.petitions.types import Petition, PetitionEndorsement, PetitionStatus
from schema.reads.roots import entity


@strawberry.type(description="Why a petition mutation changed nothing.")
class PetitionError(UserError):
    pass


def petition_key(petition_id: strawberry.ID) -> int:
    return int(key_of(Petition, str(petition_id), "petitionId"))


def campaign_key(campaign_id: strawberry.ID | None) -> int | None:
    from schema.campaigns.types import Campaign

    return int(key_of(Campaign, campaign_id, "campaignId")) if campaign_id else None


@strawberry.input(description="A new petition, started by the token's organisation.")
class CreatePetitionInput:
    slug: str = strawberry.field(description="Unique, URL-safe name.")
    original_language: Language = strawberry.field(
        description="The language its texts are written in; they must exist in it."
    )
    title: list[TextInput] = strawberry.field(description="The title, per language.")
    body: list[TextInput] = strawberry.field(description="What signers ask for, per language.")
    target: list[TextInput] = strawberry.field(
        description="Whom the petition is addressed to, per language."
    )
    goal: int = strawberry.field(description="How many signatures it aims for (above 0).")
    status: PetitionStatus = strawberry.field(
        default=PetitionStatusValue.DRAFT, description="DRAFT (the default) or OPEN for signing."
    )
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None, description="The campaign it belongs to; the token's organisation runs it."
    )
    opens_at: datetime.datetime | None = strawberry.field(
        default=None,
        description="For an OPEN petition that opened earlier (elsewhere): when. Now by default.",
    )
    closes_at: datetime.datetime | None = strawberry.field(
        default=None, description="When signing closes, if it is known; in the future."
    )


@strawberry.input(description="Changes to a petition; what is left out stays as it is.")
class EditPetitionInput:
    petition_id: strawberry.ID = strawberry.field(description="The petition's global ID.")
    title: list[TextInput] | None = strawberry.field(default=None, description="New title.")
    body: list[TextInput] | None = strawberry.field(default=None, description="New text.")
    target: list[TextInput] | None = strawberry.field(default=None, description="New target.")
    goal: int | None = strawberry.field(
        default=None, description="New goal: above 0 and not below the signatures it has."
    )
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None, description="The campaign it now belongs to."
    )
    closes_at: datetime.datetime | None = strawberry.field(
        default=None, description="When signing closes; in the future."
    )
    status: PetitionStatus | None = strawberry.field(
        default=None,
        description="OPEN a draft for signing, or make it CLOSED: petitions move forward only.",
    )


@strawberry.input(description="A petition the token's organisation endorses.")
class EndorsePetitionInput:
    petition_id: strawberry.ID = strawberry.field(description="The petition's global ID.")


@strawberry.type(description="The petition, or why nothing changed.")
class PetitionPayload:
    petition_id: strawberry.Private[int | None]
    petition: Petition | None = entity("petition_id", description="The petition as it now is.")
    errors: list[PetitionError] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="The endorsement, or why there is none.")
class EndorsePetitionPayload:
    endorsement_id: strawberry.Private[int | None]
    endorsement: PetitionEndorsement | None = entity(
        "endorsement_id", description="The endorsement."
    )
    already_endorsed: bool = strawberry.field(
        description="True when the organisation had endorsed it already: nothing new was written."
    )
    errors: list[PetitionError] = strawberry.field(description="Why nothing was endorsed.")


def petition_payload(row: PetitionRow | None, errors: list[PetitionError]) -> PetitionPayload:
    return PetitionPayload(petition_id=row.id if row is not None else None, errors=errors)


WRITE = requires(Scope.PETITIONS_WRITE)


@strawberry.type
class PetitionMutations:
    @strawberry.mutation(
        description="Start a petition for the token's organisation, as a draft or open.",
        extensions=WRITE,
    )
    async def create_petition(
        self, info: Info, input: Annotated[CreatePetitionInput, INPUT]
    ) -> PetitionPayload:
        async def write() -> PetitionRow:
            return await service.create_petition(
                signed_in(info),
                slug=input.slug,
                original_language=str(input.original_language),
                title=texts(input.title, "title") or {},
                body=texts(input.body, "body") or {},
                target=texts(input.target, "target") or {},
                goal=input.goal,
                status=input.status,
                campaign_id=campaign_key(input.campaign_id),
                opens_at=input.opens_at,
                closes_at=input.closes_at,
            )

        return petition_payload(*await refusals(write, PetitionError))

    @strawberry.mutation(
        description="Change, open or close a petition of the token's organisation that is"
        " not closed.",
        extensions=WRITE,
    )
    async def edit_petition(
        self, info: Info, input: Annotated[EditPetitionInput, INPUT]
    ) -> PetitionPayload:
        async def write() -> PetitionRow:
            changes = service.PetitionChanges(
                title=texts(input.title, "title"),
                body=texts(input.body, "body"),
                target=texts(input.target, "target"),
                goal=input.goal,
                campaign_id=campaign_key(input.campaign_id),
                closes_at=input.closes_at,
                status=input.status,
            )
            return await service.edit_petition(
                signed_in(info), petition_key(input.petition_id), changes
            )

        return petition_payload(*await refusals(write, PetitionError))

    @strawberry.mutation(
        description="Endorse an open petition. Endorsing twice is one endorsement.",
        extensions=WRITE,
    )
    async def endorse_petition(
        self, info: Info, input: Annotated[EndorsePetitionInput, INPUT]
    ) -> EndorsePetitionPayload:
        async def write() -> service.Endorsed:
            return await service.endorse_petition(signed_in(info), petition_key(input.petition_id))

        done, errors = await refusals(write, PetitionError)
        return EndorsePetitionPayload(
            endorsement_id=done.endorsement.id if done else None,
            already_endorsed=bool(done and not done.created),
            errors=errors,
        )

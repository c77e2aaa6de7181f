"""Petitions, their signature counts and the organisations that endorse them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry.federation
from strawberry import relay

from auth.scopes import Scope
from hub import models
from hub.models.petitions import PetitionStatus as PetitionStatusValue
from schema.ledger.types import SignedListHead, head_of
from schema.localization import LocalizedText
from schema.network.types import Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.petitions import relations
from schema.reads.arguments import Page
from schema.reads.fields import Many, Owned, column, computed, declare, many, one, translated
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row

if TYPE_CHECKING:
    from schema.campaigns.types import Campaign

PetitionStatus = PetitionStatusValue
strawberry.enum(PetitionStatus, description="Draft, open or closed.")


def _progress(build: Build, petition: Row, selected: Selected) -> str:
    goal = petition.column("goal")
    count = petition.column("signature_count")
    return f"CASE WHEN {goal} > 0 THEN CAST({count} AS REAL) / {goal} ELSE 0.0 END"


def _consent_holds(build: Build, signature: Row, selected: Selected) -> str:
    consent = build.alias()
    return (
        f'EXISTS (SELECT 1 FROM "signer_consent" AS {consent}'
        f' WHERE {consent}."signature_id" = {signature.column("id")}'
        f' AND {consent}."revoked_at" IS NULL)'
    )


@strawberry.federation.type(
    keys=["id"], description="A petition that people sign and organisations endorse."
)
class Petition(RowNode):
    model = models.Petition
    id: relay.NodeID[int]
    slug: str = column(description="Unique, URL-safe name.")
    status: PetitionStatus = column(description="Draft, open or closed.")
    original_language: str = column(description="The language its texts were written in.")
    goal: int = column(description="How many signatures it aims for.")
    signature_count: int = column(
        description="How many people signed, across every language version and partner widget."
    )
    opened_at: datetime.datetime | None = column(description="When signing opened.")
    closes_at: datetime.datetime | None = column(description="When signing closes.")
    title: LocalizedText = translated("title", description="The petition's title.")
    body: LocalizedText = translated("body", description="What the signers ask for.")
    target: LocalizedText = translated("target", description="Whom the petition is addressed to.")
    progress: float = computed(
        _progress, description="The share of the goal reached, from 0 (may exceed 1)."
    )
    campaign: Annotated[Campaign, strawberry.lazy("schema.campaigns.types")] | None = one(
        "campaign_id", description="The campaign it belongs to, if any."
    )
    organisation: Organisation = one(
        "organisation_id", description="The organisation that started it."
    )
    signatures: Connection[PetitionSignature] = declare(
        Owned(
            Many(relations.SIGNATURES_OF_PETITION, (Page(),)),
            owner="organisation_id",
            scopes=(Scope.PETITIONS_EXPORT,),
            refusal="Only the organisation that started the petition reads its signatures.",
            audited="petition.signatures_read",
        ),
        "The people who signed it and confirmed it, in the order they signed: for the"
        " organisation that started it, with a token holding petitions:export.",
    )
    endorsements: Connection[PetitionEndorsement] = many(
        relations.ENDORSEMENTS_OF_PETITION,
        description="The organisations that endorse it, in the order they did.",
    )
    ledger: SignedListHead | None = head_of(
        "petition",
        description="Its list of counted signatures' signed head (null before the first):"
        " the count and hash anyone can check the public entries against.",
    )


@strawberry.type(
    description="One person's confirmed signature, as the organisation that started the"
    " petition exports it. The signer's name and address are sealed to the organisation's"
    " public key (`sealedTo`): only its private key opens them (`hub petitions export`)."
)
class PetitionSignature:
    sealed_name: str | None = column(
        description="The signer's name as they gave it, sealed to `sealedTo` (base64 of a"
        " libsodium sealed box); null when the organisation had no key when they signed."
    )
    sealed_email: str | None = column(
        description="The signer's address, sealed likewise, while they agree to be"
        " contacted; null otherwise."
    )
    sealed_to: str | None = column(
        description="The organisation's public key (base64) the signer's data is sealed to."
    )
    country_code: str | None = column(
        "country_id", description="ISO 3166-1 alpha-2 code of the country they gave, if any."
    )
    language: str = column(description="The language version they signed.")
    consent_to_contact: bool = computed(
        _consent_holds,
        description="Whether they agree, now, to hear more about the campaign.",
    )
    source: str = column(description='Where they signed: "hub", "widget", or "widget:PARTNER".')
    signed_at: datetime.datetime = column(description="When they signed.")
    confirmed_at: datetime.datetime | None = column(
        description="When they confirmed their signature from the mail sent to them."
    )


@strawberry.federation.type(keys=["id"], description="An organisation standing behind a petition.")
class PetitionEndorsement(RowNode):
    model = models.PetitionEndorsement
    id: relay.NodeID[int]
    endorsed_at: datetime.datetime = column(description="When it endorsed the petition.")
    petition: Petition = one("petition_id", description="The petition endorsed.")
    organisation: Organisation = one("organisation_id", description="The endorsing organisation.")

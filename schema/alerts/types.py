"""Alerts of the violations archive, their victims and the archive's vocabularies."""

from __future__ import annotations

import datetime
from typing import Any, Self

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.alerts import Gender as GenderValue
from hub.models.alerts import PerpetratorType as PerpetratorTypeValue
from hub.models.alerts import VictimKind as VictimKindValue
from hub.models.alerts import ViolationType as ViolationTypeValue
from schema.context import Info
from schema.localization import translated
from schema.network.types import Country, Organisation
from schema.nodes import RowNode

ViolationType = strawberry.enum(
    ViolationTypeValue,
    description="What was done to the victims, in the archive's controlled vocabulary:"
    " ARRESTED is arrested or detained, IMPRISONED sentenced or held for months, ABDUCTED"
    " abducted or disappeared, LEGAL_ACTION charged, sued or fined for what they said,"
    " CENSORED banned, seized, blocked or taken off air, EXPELLED expelled, denied entry"
    " or forced into exile.",
)
PerpetratorType = strawberry.enum(
    PerpetratorTypeValue,
    description="Who did it, as far as the filing member knows: STATE_SECURITY_FORCES are"
    " police, military and intelligence services; PRIVATE_ACTORS companies, employers,"
    " individuals and mobs.",
)
VictimKind = strawberry.enum(VictimKindValue, description="Who a victim is, for the archive.")
Gender = strawberry.enum(GenderValue, description="A victim's gender, where it is known.")


@strawberry.type(description="Someone, or a media outlet, an alert's violation was done to.")
class Victim:
    name: str | None = strawberry.field(
        description="Their name; null when unknown, or withheld to protect them."
    )
    kind: VictimKind = strawberry.field(description="Journalist, media outlet, writer…")
    gender: Gender | None = strawberry.field(
        description="Their gender, where it is known (never for a media outlet)."
    )

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        gender = record.get("gender")
        return cls(
            name=record.get("name"),
            kind=VictimKindValue(record["kind"]),
            gender=GenderValue(gender) if gender else None,
        )


@strawberry.federation.type(
    keys=["id"],
    description="A free-expression violation a member filed in the archive: when, where, what,"
    " by whom and to whom.",
)
class Alert(RowNode):
    model = models.Alert
    id: relay.NodeID[int]
    occurred_on: datetime.date = strawberry.field(description="The day it happened.")
    reported_at: datetime.datetime = strawberry.field(description="When the member filed it.")
    edited_at: datetime.datetime | None = strawberry.field(
        description="When it was last edited, if it was."
    )
    perpetrator: PerpetratorType = strawberry.field(description="Who did it.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    victims: list[Victim] = strawberry.field(description="Whom it was done to.")
    violations: list[ViolationType] = strawberry.field(
        description="What was done, in the order the member named it."
    )
    titles: strawberry.Private[dict[str, str]]
    bodies: strawberry.Private[dict[str, str]]
    country_code: strawberry.Private[str]
    source_organisation_id: strawberry.Private[int]

    title = translated("titles", "The alert's headline.")
    body = translated("bodies", "What happened.")

    @classmethod
    def from_row(cls, row: models.Alert) -> Self:
        return cls(
            id=row.id,
            occurred_on=row.occurred_on,
            reported_at=row.reported_at,
            edited_at=row.edited_at,
            perpetrator=PerpetratorTypeValue(row.perpetrator),
            original_language=row.original_language,
            victims=[Victim.from_record(record) for record in row.victims],
            violations=[ViolationTypeValue(violation) for violation in row.violations],
            titles=row.title,
            bodies=row.body,
            country_code=row.country_id,
            source_organisation_id=row.source_organisation_id,
        )

    @strawberry.field(description="The languages it is written in, its original first.")
    def languages(self) -> list[str]:
        return sorted(self.titles, key=lambda language: language != self.original_language)

    @strawberry.field(description="The country where it happened.")
    async def country(self, info: Info) -> Country:
        return await Country.load_required(info, self.country_code)

    @strawberry.field(description="The member organisation that filed it: its source.")
    async def source_organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.source_organisation_id)

"""Mutations of the alerts archive: file and edit."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from auth.permissions import requires, signed_in
from auth.scopes import Scope
from hub.models.alerts import Alert as AlertRow
from hub.services import alerts as service
from schema.alerts.types import Alert, Gender, PerpetratorType, VictimKind, ViolationType
from schema.arguments import INPUT
from schema.context import Info
from schema.languages import Language
from schema.mutations import TextInput, UserError, key_of, refusals, texts
from schema.reads.roots import entity


@strawberry.type(description="Why an alert mutation changed nothing.")
class AlertError(UserError):
    pass


@strawberry.input(description="Someone, or a media outlet, the violation was done to.")
class VictimInput:
    kind: VictimKind = strawberry.field(description="Journalist, media outlet, writer…")
    name: str | None = strawberry.field(
        default=None, description="Their name; leave it out when unknown or to protect them."
    )
    gender: Gender | None = strawberry.field(
        default=None, description="Their gender, where it is known (never a media outlet's)."
    )

    def value(self) -> service.Victim:
        return service.Victim(kind=self.kind, name=self.name, gender=self.gender)


def victims(values: list[VictimInput] | None) -> list[service.Victim] | None:
    return None if values is None else [value.value() for value in values]


@strawberry.input(description="A new alert, filed by the token's organisation as its source.")
class FileAlertInput:
    occurred_on: datetime.date = strawberry.field(
        description="The day it happened: from 1995-01-01, when the archive starts, to today."
    )
    country_code: str = strawberry.field(
        description="Where it happened: an ISO 3166-1 alpha-2 code, e.g. `MX`."
    )
    violations: list[ViolationType] = strawberry.field(
        description="What was done: at least one type."
    )
    original_language: Language = strawberry.field(
        description="The language its texts are written in; they must exist in it."
    )
    title: list[TextInput] = strawberry.field(description="The headline, per language.")
    body: list[TextInput] = strawberry.field(description="What happened, per language.")
    perpetrator: PerpetratorType = strawberry.field(
        default=PerpetratorType.UNKNOWN, description="Who did it, if the member knows."
    )
    victims: list[VictimInput] = strawberry.field(
        default_factory=list, description="Whom it was done to (at most 50)."
    )


@strawberry.input(
    description="Changes to an alert the token's organisation filed; what is left out stays"
    " as it is."
)
class EditAlertInput:
    alert_id: strawberry.ID = strawberry.field(description="The alert's global ID.")
    occurred_on: datetime.date | None = strawberry.field(
        default=None, description="The day it happened."
    )
    country_code: str | None = strawberry.field(default=None, description="Where it happened.")
    violations: list[ViolationType] | None = strawberry.field(
        default=None, description="What was done, replacing the types it had."
    )
    perpetrator: PerpetratorType | None = strawberry.field(default=None, description="Who did it.")
    title: list[TextInput] | None = strawberry.field(default=None, description="New headline.")
    body: list[TextInput] | None = strawberry.field(default=None, description="New text.")
    victims: list[VictimInput] | None = strawberry.field(
        default=None, description="Whom it was done to, replacing the victims it had."
    )


@strawberry.type(description="The alert, or why nothing changed.")
class AlertPayload:
    alert_id: strawberry.Private[int | None]
    alert: Alert | None = entity("alert_id", description="The alert as it now is.")
    errors: list[AlertError] = strawberry.field(description="Why nothing changed.")


def alert_payload(row: AlertRow | None, errors: list[AlertError]) -> AlertPayload:
    return AlertPayload(alert_id=row.id if row is not None else None, errors=errors)


WRITE = requires(Scope.ALERTS_WRITE)


@strawberry.type
class AlertMutations:
    @strawberry.mutation(
        description="File an alert in the archive, with the token's organisation as its source.",
        extensions=WRITE,
    )
    async def file_alert(self, info: Info, input: Annotated[FileAlertInput, INPUT]) -> AlertPayload:
        async def write() -> AlertRow:
            report = service.AlertReport(
                occurred_on=input.occurred_on,
                country_code=input.country_code,
                violations=input.violations,
                original_language=str(input.original_language),
                title=texts(input.title, "title") or {},
                body=texts(input.body, "body") or {},
                perpetrator=input.perpetrator,
                victims=victims(input.victims) or [],
            )
            return await service.file_alert(signed_in(info), report)

        return alert_payload(*await refusals(write, AlertError))

    @strawberry.mutation(
        description="Change an alert: for the organisation that filed it only.", extensions=WRITE
    )
    async def edit_alert(self, info: Info, input: Annotated[EditAlertInput, INPUT]) -> AlertPayload:
        async def write() -> AlertRow:
            changes = service.AlertChanges(
                occurred_on=input.occurred_on,
                country_code=input.country_code,
                violations=input.violations,
                perpetrator=input.perpetrator,
                title=texts(input.title, "title"),
                body=texts(input.body, "body"),
                victims=victims(input.victims),
            )
            alert_id = int(key_of(Alert, input.alert_id, "alertId"))
            return await service.edit_alert(signed_in(info), alert_id, changes)

        return alert_payload(*await refusals(write, AlertError))

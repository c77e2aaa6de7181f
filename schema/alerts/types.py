"""Alerts of the violations archive, their victims and the archive's vocabularies."""

from __future__ import annotations

import datetime

import strawberry
import strawberry.federation
from strawberry import relay

from hub import models
from hub.models.alerts import Gender as GenderValue
from hub.models.alerts import PerpetratorType as PerpetratorTypeValue
from hub.models.alerts import VictimKind as VictimKindValue
from hub.models.alerts import ViolationType as ViolationTypeValue
from hub.models.cases import JusticeStatus as JusticeStatusValue
from schema.alerts import relations
from schema.localization import LocalizedText
from schema.network.types import Country, Organisation
from schema.nodes import RowNode
from schema.pagination import Connection
from schema.reads.fields import column, computed, many, member, one, records, translated
from schema.reads.selections import Selected
from schema.reads.sql import Build, Row

ViolationType = ViolationTypeValue
strawberry.enum(
    ViolationType,
    description="What was done to the victims, in the archive's controlled vocabulary:"
    " ARRESTED is arrested or detained, IMPRISONED sentenced or held for months, ABDUCTED"
    " abducted or disappeared, LEGAL_ACTION charged, sued or fined for what they said,"
    " CENSORED banned, seized, blocked or taken off air, EXPELLED expelled, denied entry"
    " or forced into exile.",
)
PerpetratorType = PerpetratorTypeValue
strawberry.enum(
    PerpetratorType,
    description="Who did it, as far as the filing member knows: STATE_SECURITY_FORCES are"
    " police, military and intelligence services; PRIVATE_ACTORS companies, employers,"
    " individuals and mobs.",
)
VictimKind = VictimKindValue
strawberry.enum(VictimKind, description="Who a victim is, for the archive.")
Gender = GenderValue
strawberry.enum(Gender, description="A victim's gender, where it is known.")
JusticeStatus = JusticeStatusValue
strawberry.enum(
    JusticeStatus,
    description="Where the case of a killing stands, as CPJ's impunity index counts it:"
    " UNRESOLVED, no one convicted; PARTIAL, some convicted but not all those responsible"
    " (often not who ordered it); FULL, everyone responsible convicted, those who ordered it"
    " included.",
)


@strawberry.type(description="Someone, or a media outlet, an alert's violation was done to.")
class Victim:
    name: str | None = member(
        description="Their name; null when unknown, or withheld to protect them."
    )
    kind: VictimKind = member(description="Journalist, media outlet, writer…")
    gender: Gender | None = member(
        description="Their gender, where it is known (never for a media outlet)."
    )


def _languages(build: Build, alert: Row, selected: Selected) -> str:
    """The languages it has a headline in, the original first, then as they are kept."""
    dialect = build.dialect
    entries, ordered = build.alias(), build.alias()
    original = alert.column("original_language")
    keys = (
        f"SELECT {entries}.key, CASE WHEN {entries}.key = {original} THEN 0 ELSE 1 END AS rank,"
        f" {entries}.n FROM {dialect.entries(alert.column('title'), entries)}"
        f" WHERE {entries}.value <> '' ORDER BY rank, {entries}.n"
    )
    listed = dialect.array(f"{ordered}.key", f"{ordered}.rank, {ordered}.n")
    return f"(SELECT {listed} FROM ({keys}) AS {ordered})"


@strawberry.federation.type(
    keys=["id"],
    description="A free-expression violation a member filed in the archive: when, where, what,"
    " by whom and to whom.",
)
class Alert(RowNode):
    model = models.Alert
    id: relay.NodeID[int]
    occurred_on: datetime.date = column(description="The day it happened.")
    reported_at: datetime.datetime = column(description="When the member filed it.")
    edited_at: datetime.datetime | None = column(description="When it was last edited, if it was.")
    perpetrator: PerpetratorType = column(description="Who did it.")
    original_language: str = column(description="The language its texts were written in.")
    victims: list[Victim] = records("victims", description="Whom it was done to.")
    violations: list[ViolationType] = column(
        description="What was done, in the order the member named it."
    )
    title: LocalizedText = translated("title", description="The alert's headline.")
    body: LocalizedText = translated("body", description="What happened.")
    languages: list[str] = computed(
        _languages,
        description="The languages it has a headline in, its original first, then the others"
        " as the member wrote them.",
    )
    country: Country = one("country_id", description="The country where it happened.")
    source_organisation: Organisation = one(
        "source_organisation_id", description="The member organisation that filed it: its source."
    )
    subdivision: str | None = column(
        description="Where in the country, if the member said: an ISO 3166-2 code, e.g. `MX-GRO`."
    )
    follows: Alert | None = one(
        "follows_id",
        description="The earlier alert of its case this one follows (an arrest after an"
        " attack, a trial after an arrest), if it follows one.",
    )
    case: Case | None = one(
        "case_id",
        description="The case it is part of: the alerts that follow one another from the"
        " first. Every killing is in a case, even alone.",
    )
    justice: JusticeStatus | None = column(
        description="The justice status its case reached with it (a conviction, say), if it"
        " records one."
    )


@strawberry.federation.type(
    keys=["id"],
    description="A case: alerts that follow one another, from the violation to what came of it"
    " (an arrest, a trial, a verdict, or nothing). A case about the killing of a journalist or"
    " media worker carries its justice status.",
)
class Case(RowNode):
    model = models.Case
    id: relay.NodeID[int]
    opened_on: datetime.date = column(description="The day its first alert happened.")
    country: Country = one("country_id", description="Where its first alert happened.")
    killing: bool = column(
        description="Whether it is about the killing of a journalist or media worker."
    )
    justice: JusticeStatus | None = column(
        description="For a killing: whether anyone was convicted (that of its latest alert to"
        " record one, else UNRESOLVED); null for other cases."
    )
    alerts: Connection[Alert] = many(
        relations.ALERTS_OF_CASE, description="Its alerts, the first that happened first."
    )

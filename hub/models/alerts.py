"""The alerts archive: free-expression violations that members file, and their vocabularies.

The vocabularies are controlled: an alert names its violations, its perpetrator and its
victims only in the words below, after the facets of CPJ's database and of HURIDOCS' Uwazi
collections (what happened, who did it, to whom), so that the archive can be counted and
filtered across 30 years and six languages.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.cases import JusticeStatus
from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.cases import Case
    from hub.models.geography import Country
    from hub.models.organisations import Organisation

ARCHIVE_STARTS_ON = datetime.date(1995, 1, 1)
"""The network's violation archive goes back to 1995 (network.toml): nothing older is filed."""


class ViolationType(StrEnum):
    """What was done to the victims."""

    KILLED = "killed"
    ATTACKED = "attacked"
    THREATENED = "threatened"
    HARASSED = "harassed"
    ARRESTED = "arrested"
    """Arrested or detained, whether or not charged."""
    IMPRISONED = "imprisoned"
    """Sentenced, or held in prison for months."""
    ABDUCTED = "abducted"
    """Abducted, or disappeared."""
    LEGAL_ACTION = "legal-action"
    """Charged, sued or fined for what they said or published."""
    CENSORED = "censored"
    """Publication banned, seized, blocked or suspended; broadcast taken off air."""
    INTERNET_SHUTDOWN = "internet-shutdown"
    SURVEILLANCE = "surveillance"
    EXPELLED = "expelled"
    """Expelled, denied entry or accreditation, or forced into exile."""


class PerpetratorType(StrEnum):
    """Who did it, as far as the filing member knows."""

    STATE_SECURITY_FORCES = "state-security-forces"
    """Police, military, intelligence services."""
    GOVERNMENT_OFFICIALS = "government-officials"
    JUDICIAL_AUTHORITIES = "judicial-authorities"
    POLITICAL_GROUPS = "political-groups"
    NON_STATE_ARMED_GROUPS = "non-state-armed-groups"
    CRIMINAL_GROUPS = "criminal-groups"
    PRIVATE_ACTORS = "private-actors"
    """Companies, employers, individuals, mobs."""
    UNKNOWN = "unknown"


class VictimKind(StrEnum):
    """Who the victim is, for the archive's purposes."""

    JOURNALIST = "journalist"
    MEDIA_WORKER = "media-worker"
    MEDIA_OUTLET = "media-outlet"
    WRITER = "writer"
    BLOGGER = "blogger"
    ARTIST = "artist"
    HUMAN_RIGHTS_DEFENDER = "human-rights-defender"
    ACADEMIC = "academic"
    LAWYER = "lawyer"
    ACTIVIST = "activist"
    OTHER = "other"


class Gender(StrEnum):
    """A victim's gender, where it is known and applies (not to a media outlet)."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non-binary"


class Alert(Model):
    """A free-expression violation filed by a member: when, where, what, by whom, to whom.

    Its violation types and its victims are kept with it, as JSON lists: they are filed and
    edited with the alert and read with it, never alone, as a milestone's participants are.
    The database indexes the types in alert_violation, and the texts in alert_text.
    """

    id = fields.IntField(primary_key=True)
    occurred_on = fields.DateField(description="The day the violation happened")
    reported_at = fields.DatetimeField(description="When the member filed it")
    edited_at = fields.DatetimeField(null=True, description="When it was last edited")
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="alerts", on_delete=fields.RESTRICT
    )
    violations: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="ViolationType values, in the order the member named them"
    )
    perpetrator = fields.CharEnumField(PerpetratorType, max_length=32)
    title = translated_text("The alert's headline, per language")
    body = translated_text("What happened, per language")
    original_language = original_language()
    victims: fields.JSONField[list[dict[str, str | None]]] = fields.JSONField(
        default=list, description="Victims: name, kind, gender"
    )
    source_organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="filed_alerts", on_delete=fields.RESTRICT
    )
    subdivision = fields.CharField(
        max_length=8, null=True, description="Where in the country: an ISO 3166-2 code"
    )
    external_id = fields.CharField(
        max_length=128, null=True, description="Its key in its source's own records (imports)"
    )
    follows: fields.ForeignKeyNullableRelation[Alert] = fields.ForeignKeyField(
        "hub.Alert", related_name="followed_by", null=True, on_delete=fields.SET_NULL
    )
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "hub.Case", related_name="alerts", null=True, on_delete=fields.SET_NULL
    )
    justice = fields.CharEnumField(
        JusticeStatus, max_length=16, null=True, description="The status its case reached with it"
    )

    country_id: str
    source_organisation_id: int
    follows_id: int | None
    case_id: int | None

    class Meta:
        table = "alert"
        ordering = ["-occurred_on", "-id"]
        # every filter of the archive, each ending in the newest-first order it is read in
        indexes = (
            ("occurred_on", "id"),
            ("country_id", "occurred_on", "id"),
            ("source_organisation_id", "occurred_on", "id"),
            ("perpetrator", "occurred_on", "id"),
            ("case_id", "occurred_on", "id"),
        )
        unique_together = (("source_organisation", "external_id"),)


class AlertViolation(Model):
    """One violation type of an alert, kept by database triggers from the alert's list.

    The index that filters the archive by type: its occurred_on repeats the alert's, so
    that the alerts of a type within some dates are counted and paged from it alone.
    """

    id = fields.IntField(primary_key=True)
    alert: fields.ForeignKeyRelation[Alert] = fields.ForeignKeyField(
        "hub.Alert", related_name=False, on_delete=fields.CASCADE
    )
    violation = fields.CharEnumField(ViolationType, max_length=32)
    occurred_on = fields.DateField(description="The alert's occurred_on")

    alert_id: int

    class Meta:
        table = "alert_violation"
        unique_together = (("alert", "violation"),)
        indexes = (("violation", "occurred_on", "alert_id"),)


class AlertDay(Model):
    """How many alerts occurred on a day, kept by database triggers on the alert table.

    Counting the whole archive, or the alerts of some dates, then sums a row per day
    rather than reading a row per alert.
    """

    occurred_on = fields.DateField(primary_key=True)
    alerts = fields.IntField()

    class Meta:
        table = "alert_day"

"""The alerts archive: members file free-expression violations and keep them accurate.

The rules live here once: a network member files an alert for itself, as its source, and
only the organisation that filed an alert edits it; an alert happened on a day of the
archive (from 1 January 1995) and not after today, in a country the hub knows, names at
least one violation type of the vocabulary, and has its title and body in its original
language; its victims are named in the vocabulary's kinds. A killing filed or edited, or
an alert of a case edited, brings cases in line in the same transaction
(``hub.services.cases``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.events import alert_filed, publish
from hub.models import Alert
from hub.models.alerts import ARCHIVE_STARTS_ON, Gender, PerpetratorType, VictimKind, ViolationType
from hub.services import audit
from hub.services.cases import gather_cases
from hub.services.checks import check_texts, known_countries
from hub.services.eligibility import is_network_member
from hub.services.errors import Refusal, WriteRefused

TITLE_MAX_LENGTH = 300
BODY_MAX_LENGTH = 20_000
VICTIMS_MAX = 50
VICTIM_NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class Victim:
    """Someone, or a media outlet, the violation was done to."""

    kind: VictimKind
    name: str | None = None
    """Left out when unknown, or withheld to protect them."""
    gender: Gender | None = None
    """Where it is known; never for a media outlet."""

    def record(self) -> dict[str, Any]:
        """The victim as ``alert.victims`` keeps it."""
        return {
            "name": self.name,
            "kind": self.kind.value,
            "gender": self.gender.value if self.gender else None,
        }


@dataclass(frozen=True)
class AlertChanges:
    """What an edit asks to change; None leaves a thing as it is."""

    occurred_on: datetime.date | None = None
    country_code: str | None = None
    violations: Sequence[ViolationType] | None = None
    perpetrator: PerpetratorType | None = None
    title: dict[str, str] | None = None
    body: dict[str, str] | None = None
    victims: Sequence[Victim] | None = None


@dataclass(frozen=True)
class AlertReport:
    """Everything a member says when it files an alert."""

    occurred_on: datetime.date
    country_code: str
    violations: Sequence[ViolationType]
    original_language: str
    title: dict[str, str]
    body: dict[str, str]
    perpetrator: PerpetratorType = PerpetratorType.UNKNOWN
    victims: Sequence[Victim] = ()


def _subject(alert: Alert) -> str:
    return f"Alert:{alert.id}"


def _check_day(day: datetime.date) -> datetime.date:
    if day < ARCHIVE_STARTS_ON:
        raise WriteRefused(
            Refusal.INVALID,
            f"The archive starts on {ARCHIVE_STARTS_ON.isoformat()}: {day.isoformat()} is before.",
            "occurredOn",
        )
    # a day ahead of UTC is still today somewhere (UTC+14): a member files on its own date
    if day > clock.today() + datetime.timedelta(days=1):
        raise WriteRefused(Refusal.INVALID, f"{day.isoformat()} is in the future.", "occurredOn")
    return day


def _check_violations(violations: Sequence[ViolationType]) -> list[str]:
    """Vocabulary values, once each, in the order given; at least one."""
    checked = list(dict.fromkeys(ViolationType(violation).value for violation in violations))
    if not checked:
        raise WriteRefused(
            Refusal.INVALID, "An alert names at least one violation type.", "violations"
        )
    return checked


def _check_texts(original_language: str, title: dict[str, str], body: dict[str, str]) -> None:
    check_texts(original_language, title=title, body=body)
    for field, texts, longest in (
        ("title", title, TITLE_MAX_LENGTH),
        ("body", body, BODY_MAX_LENGTH),
    ):
        for language, text in texts.items():
            if len(text) > longest:
                raise WriteRefused(
                    Refusal.INVALID,
                    f"The {field} in '{language}' has {len(text)} characters: at most {longest}.",
                    field,
                )


def _check_victims(victims: Sequence[Victim]) -> list[dict[str, Any]]:
    if len(victims) > VICTIMS_MAX:
        raise WriteRefused(
            Refusal.INVALID, f"An alert names at most {VICTIMS_MAX} victims.", "victims"
        )
    records = []
    for victim in victims:
        name = (victim.name or "").strip() or None
        if name is not None and len(name) > VICTIM_NAME_MAX_LENGTH:
            raise WriteRefused(
                Refusal.INVALID,
                f"A victim's name has at most {VICTIM_NAME_MAX_LENGTH} characters.",
                "victims",
            )
        if victim.kind == VictimKind.MEDIA_OUTLET and victim.gender is not None:
            raise WriteRefused(Refusal.INVALID, "A media outlet has no gender.", "victims")
        records.append(Victim(VictimKind(victim.kind), name, victim.gender).record())
    return records


async def _country(code: str) -> str:
    (country,) = await known_countries([code], "countryCode")
    return country


async def file_alert(principal: Principal, report: AlertReport) -> Alert:
    """A new alert in the archive, with the principal's organisation as its source."""
    occurred_on = _check_day(report.occurred_on)
    violations = _check_violations(report.violations)
    _check_texts(report.original_language, report.title, report.body)
    victims = _check_victims(report.victims)
    country = await _country(report.country_code)
    if not await is_network_member(principal.organisation_id, clock.today()):
        raise WriteRefused(Refusal.NOT_ELIGIBLE, "Only network members file alerts.")
    async with transaction() as connection:
        alert = await Alert.create(
            occurred_on=occurred_on,
            reported_at=clock.now(),
            country_id=country,
            violations=violations,
            perpetrator=PerpetratorType(report.perpetrator),
            title=report.title,
            body=report.body,
            original_language=report.original_language,
            victims=victims,
            source_organisation_id=principal.organisation_id,
            using_db=connection,
        )
        if ViolationType.KILLED.value in violations:  # a killing is a case from the start
            await gather_cases(connection)
        await audit.record(principal, "alert.file", _subject(alert), connection)
    await publish([alert_filed(country, alert.id)])
    return alert


async def filed_alert(principal: Principal, alert_id: int) -> Alert:
    """The alert, if the principal's organisation filed it."""
    alert = await Alert.get_or_none(id=alert_id)
    if alert is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No alert has this ID.", "alertId")
    if alert.source_organisation_id != principal.organisation_id:
        raise WriteRefused(
            Refusal.FORBIDDEN, "Only the organisation that filed an alert edits it.", "alertId"
        )
    return alert


async def edit_alert(principal: Principal, alert_id: int, changes: AlertChanges) -> Alert:
    """Change what is given of an alert the principal's organisation filed."""
    alert = await filed_alert(principal, alert_id)
    changed: dict[str, Any] = {}
    if changes.occurred_on is not None:
        changed["occurred_on"] = _check_day(changes.occurred_on)
    if changes.country_code is not None:
        changed["country_id"] = await _country(changes.country_code)
    if changes.perpetrator is not None:
        changed["perpetrator"] = PerpetratorType(changes.perpetrator)
    if changes.title is not None or changes.body is not None:
        title = alert.title if changes.title is None else changes.title
        body = alert.body if changes.body is None else changes.body
        _check_texts(alert.original_language, title, body)
        # only the text asked for is written: another write may have changed the other
        changed |= {"title": changes.title} if changes.title is not None else {}
        changed |= {"body": changes.body} if changes.body is not None else {}
    if changes.violations is not None:
        changed["violations"] = _check_violations(changes.violations)
    if changes.victims is not None:
        changed["victims"] = _check_victims(changes.victims)
    if not changed:
        return alert  # nothing asked, nothing written
    for name, value in changed.items():
        setattr(alert, name, value)
    alert.edited_at = clock.now()
    async with transaction() as connection:
        # the database indexes the new texts, types and day in the same transaction
        await alert.save(using_db=connection, update_fields=[*changed, "edited_at"])
        if alert.case_id is not None or ViolationType.KILLED.value in alert.violations:
            await gather_cases(connection)  # what it says may change its case, or make one
        asked = [f.name for f in fields(changes) if getattr(changes, f.name) is not None]
        await audit.record(principal, "alert.edit", _subject(alert), connection, fields=asked)
    return alert

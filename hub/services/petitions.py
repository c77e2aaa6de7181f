"""Petitions: starting, editing, opening and closing them, and endorsing them.

The rules live here once: a petition is started by the principal's organisation, as a
draft or open for signing, and only that organisation changes it; a petition moves from
draft to open to closed and never back; a closed petition no longer changes; its goal is
above zero and never below the signatures it already has; it joins a campaign only that
its organisation manages. Current network members endorse open petitions, once each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from auth.principal import Principal
from hub import clock
from hub.db import transaction
from hub.models import Petition, PetitionEndorsement
from hub.models.petitions import PetitionStatus
from hub.services import audit
from hub.services.campaigns import managed_campaign
from hub.services.checks import check_slug, check_texts
from hub.services.eligibility import is_network_member
from hub.services.errors import (
    Refusal,
    WriteRefused,
    integrity_refusal,
    slug_refusal,
    unique_columns,
)

_NEXT = {
    PetitionStatus.DRAFT: {PetitionStatus.OPEN, PetitionStatus.CLOSED},
    PetitionStatus.OPEN: {PetitionStatus.CLOSED},
    PetitionStatus.CLOSED: set(),
}
"""The moves a petition may make: forward only."""


def _subject(petition: Petition) -> str:
    return f"Petition:{petition.id}"


async def _petition(petition_id: int) -> Petition:
    petition = await Petition.get_or_none(id=petition_id)
    if petition is None:
        raise WriteRefused(Refusal.NOT_FOUND, "No petition has this ID.", "petitionId")
    return petition


def _check_goal(goal: int, signed: int = 0) -> None:
    if goal <= 0:
        raise WriteRefused(Refusal.INVALID, "The goal is a number of signatures above 0.", "goal")
    if goal < signed:
        raise WriteRefused(
            Refusal.INVALID,
            f"The goal cannot be below the {signed} signatures the petition already has.",
            "goal",
        )


def _aware(moment: datetime.datetime | None, field: str) -> datetime.datetime | None:
    if moment is not None and moment.utcoffset() is None:
        raise WriteRefused(
            Refusal.INVALID,
            f"'{moment.isoformat()}' needs its time zone, like 2025-11-02T09:00:00Z.",
            field,
        )
    return moment


def _check_closing(closes_at: datetime.datetime | None, after: datetime.datetime) -> None:
    if closes_at is not None and closes_at <= after:
        raise WriteRefused(
            Refusal.INVALID,
            f"A petition closes after it opens and in the future (after {after.isoformat()}).",
            "closesAt",
        )


async def _check_campaign(principal: Principal, campaign_id: int | None) -> None:
    if campaign_id is not None:
        await managed_campaign(principal, campaign_id)


async def create_petition(
    principal: Principal,
    slug: str,
    original_language: str,
    title: dict[str, str],
    body: dict[str, str],
    target: dict[str, str],
    goal: int,
    status: PetitionStatus = PetitionStatus.DRAFT,
    campaign_id: int | None = None,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
) -> Petition:
    """A new petition started by the principal's organisation, a draft or open for signing.

    An open petition opened now, or at ``opens_at`` if it opened earlier (a petition moved
    here from elsewhere); a draft has no opening time until it is opened.
    """
    now = clock.now()
    opens_at, closes_at = _aware(opens_at, "opensAt"), _aware(closes_at, "closesAt")
    check_slug(slug, 120)
    check_texts(original_language, title=title, body=body, target=target)
    _check_goal(goal)
    if status not in {PetitionStatus.DRAFT, PetitionStatus.OPEN}:
        raise WriteRefused(Refusal.INVALID, "A petition starts as a draft or open.", "status")
    if opens_at is not None and status != PetitionStatus.OPEN:
        raise WriteRefused(
            Refusal.INVALID, "A draft opens when editPetition opens it, not before.", "opensAt"
        )
    if opens_at is not None and opens_at > now:
        raise WriteRefused(
            Refusal.INVALID,
            "An open petition opened now or earlier: keep it a draft until it opens.",
            "opensAt",
        )
    opened_at = (opens_at or now) if status == PetitionStatus.OPEN else None
    _check_closing(closes_at, max(now, opened_at or now))
    await _check_campaign(principal, campaign_id)
    try:
        async with transaction() as connection:
            petition = await Petition.create(
                slug=slug,
                title=title,
                body=body,
                target=target,
                original_language=original_language,
                goal=goal,
                status=status,
                campaign_id=campaign_id,
                organisation_id=principal.organisation_id,
                opened_at=opened_at,
                closes_at=closes_at,
                using_db=connection,
            )
            await audit.record(
                principal, "petition.create", _subject(petition), connection, status=status.value
            )
    except IntegrityError as refused:
        raise slug_refusal(refused, "petition", slug) from None
    return petition


@dataclass(frozen=True)
class PetitionChanges:
    """What an edit asks to change; None leaves a thing as it is."""

    title: dict[str, str] | None = None
    body: dict[str, str] | None = None
    target: dict[str, str] | None = None
    goal: int | None = None
    campaign_id: int | None = None
    closes_at: datetime.datetime | None = None
    status: PetitionStatus | None = None


async def edit_petition(principal: Principal, petition_id: int, to: PetitionChanges) -> Petition:
    """Change a petition that is not closed; open a draft, or close it."""
    petition = await _petition(petition_id)
    if petition.organisation_id != principal.organisation_id:
        raise WriteRefused(
            Refusal.FORBIDDEN, "Only the organisation that started it changes it.", "petitionId"
        )
    was = PetitionStatus(petition.status)
    if was == PetitionStatus.CLOSED:
        raise WriteRefused(Refusal.WRONG_STATUS, "A closed petition no longer changes.")
    now = clock.now()
    changed: dict[str, Any] = {
        name: value
        for name, value in {
            "title": to.title,
            "body": to.body,
            "target": to.target,
            "goal": to.goal,
            "campaign_id": to.campaign_id,
            "closes_at": to.closes_at,
        }.items()
        if value is not None
    }
    check_texts(
        petition.original_language,
        title=to.title if to.title is not None else petition.title,
        body=to.body if to.body is not None else petition.body,
        target=to.target if to.target is not None else petition.target,
    )
    if to.goal is not None:
        _check_goal(to.goal, petition.signature_count)
    _check_closing(_aware(to.closes_at, "closesAt"), max(now, petition.opened_at or now))
    await _check_campaign(principal, to.campaign_id)
    if to.status is not None and to.status != was:
        if to.status not in _NEXT[was]:
            raise WriteRefused(
                Refusal.WRONG_STATUS,
                f"The petition is {was.value} and cannot become {to.status.value}.",
                "status",
            )
        changed["status"] = to.status
        if to.status == PetitionStatus.OPEN:
            changed["opened_at"] = now
        elif petition.closes_at is None or petition.closes_at > now:
            changed["closes_at"] = now  # closed by hand: signing ends now
    if not changed:
        return petition  # nothing asked, nothing written
    async with transaction() as connection:
        # only if no one moved it meanwhile: a petition closed concurrently stays closed
        moved = (
            await Petition.filter(id=petition.id, status=was).using_db(connection).update(**changed)
        )
        if not moved:
            raise WriteRefused(
                Refusal.WRONG_STATUS, "The petition changed status meanwhile: nothing was changed."
            )
        await audit.record(
            principal,
            "petition.edit",
            _subject(petition),
            connection,
            fields=sorted(changed),
            **({"status": changed["status"].value} if "status" in changed else {}),
        )
    return await Petition.get(id=petition.id)


@dataclass(frozen=True)
class Endorsed:
    endorsement: PetitionEndorsement
    petition: Petition
    created: bool
    """False when the organisation had endorsed already: endorsing twice is one endorsement."""


async def endorse_petition(principal: Principal, petition_id: int) -> Endorsed:
    """The principal's organisation endorses the petition, once, whatever the retries."""
    petition = await _petition(petition_id)
    organisation_id = principal.organisation_id
    existing = await PetitionEndorsement.get_or_none(
        petition_id=petition.id, organisation_id=organisation_id
    )
    if existing is not None:
        return Endorsed(existing, petition, created=False)
    if petition.status != PetitionStatus.OPEN:
        raise WriteRefused(
            Refusal.WRONG_STATUS,
            f"The petition is {petition.status.value}: only an open petition can be endorsed.",
            "petitionId",
        )
    if not await is_network_member(organisation_id, clock.today()):
        raise WriteRefused(Refusal.NOT_ELIGIBLE, "Only network members endorse petitions.")
    try:
        async with transaction() as connection:
            endorsement = await PetitionEndorsement.create(
                petition_id=petition.id,
                organisation_id=organisation_id,
                endorsed_at=clock.now(),
                using_db=connection,
            )
            await audit.record(principal, "petition.endorse", _subject(petition), connection)
    except IntegrityError as refused:
        if unique_columns(refused, "petition_endorsement") != {"petition_id", "organisation_id"}:
            raise integrity_refusal(refused) from None
        # a concurrent request endorsed first: that endorsement is this request's answer too
        endorsement = await PetitionEndorsement.get(
            petition_id=petition.id, organisation_id=organisation_id
        )
        return Endorsed(endorsement, petition, created=False)
    return Endorsed(endorsement, petition, created=True)

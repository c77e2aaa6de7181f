"""The petition rules, called in-process as the mutations call them: who starts a petition
and in which campaign, what an edit changes and leaves, how a petition moves from draft to
open to closed, its goal and closing time, and who endorses it, once, racing or not. The
hub's clock is stopped, so that each rule about "now" is tested on both sides of its
boundary. (tests/auth/test_petition_writes.py makes the same writes through the graph.)"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from typing import Any

import pytest
from tortoise.expressions import F

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import (
    AuditEntry,
    Campaign,
    NetworkMembership,
    Organisation,
    Petition,
    PetitionEndorsement,
)
from hub.models.petitions import PetitionStatus
from hub.services import eligibility, petitions
from hub.services.errors import Refusal
from hub.services.petitions import PetitionChanges
from tests import factories
from tests.hub.services.refusals import said

NOW = datetime.datetime(2025, 11, 2, 9, 0, tzinfo=datetime.UTC)
"""Where the hub's clock stands when a test begins."""
TICK = datetime.timedelta(microseconds=1)
DAY = datetime.timedelta(days=1)
OPENED = factories.when(2024)
"""When A's open petition opened."""
SIGNATURES = 3
"""Signatures on A's open petition."""
NAIVE = datetime.datetime(2030, 1, 1, 9, 0)
"""A moment without its time zone."""
AFTER_NOW = f"A petition closes after it opens and in the future (after {NOW.isoformat()})."
WITHOUT_ZONE = f"'{NAIVE.isoformat()}' needs its time zone, like 2025-11-02T09:00:00Z."
NOT_MANAGED = "Only the lead organisation, or a lead of the campaign's group, manages it."
NEW: dict[str, Any] = {
    "slug": "free-the-journalists",
    "original_language": "es",
    "title": {"es": "Liberen a los periodistas", "en": "Free the journalists"},
    "body": {"es": "Pedimos la liberación inmediata…"},
    "target": {"es": "El gobierno"},
    "goal": 5000,
}
"""A petition A starts, written in Spanish."""


@dataclass
class StoppedClock:
    """The hub's clock, standing still where the test puts it."""

    at: datetime.datetime = NOW

    def now(self) -> datetime.datetime:
        return self.at


@dataclass
class Network:
    a: Organisation
    """A network member, whose petitions these are."""
    b: Organisation
    """A network member."""
    outsider: Organisation
    """Not a network member."""
    open: Petition
    """A's, opened at OPENED, signed SIGNATURES times, closing at no set time."""
    draft: Petition
    closed: Petition
    of_b: Petition
    """B's open petition."""
    campaign_of_a: Campaign
    campaign_of_b: Campaign
    clock: StoppedClock = field(default_factory=StoppedClock)


@pytest.fixture
async def network(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Network]:
    stopped = StoppedClock()
    monkeypatch.setattr(clock, "now", stopped.now)
    async with db.connected(database_url):
        a, b = await factories.organisations(2, member_since=datetime.date(2000, 1, 1))
        (outsider,) = await factories.organisations(1)
        signed = await factories.petition(a, opened_at=OPENED)
        await factories.sign_petition(signed, SIGNATURES)
        yield Network(
            a,
            b,
            outsider,
            open=await Petition.get(id=signed.id),
            draft=await factories.petition(a, status=PetitionStatus.DRAFT),
            closed=await factories.petition(a, status=PetitionStatus.CLOSED, opened_at=OPENED),
            of_b=await factories.petition(b, opened_at=OPENED),
            campaign_of_a=await factories.campaign(lead_organisation_id=a.id),
            campaign_of_b=await factories.campaign(lead_organisation_id=b.id),
            clock=stopped,
        )


def acting_for(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.PETITIONS_WRITE)


def start(by: Organisation, **changes: Any) -> Awaitable[Petition]:
    """``by`` starts the NEW petition, with ``changes``."""
    return petitions.create_petition(acting_for(by), **{**NEW, **changes})


def edit(by: Organisation, petition: Petition | int, **changes: Any) -> Awaitable[Petition]:
    petition_id = petition if isinstance(petition, int) else petition.id
    return petitions.edit_petition(acting_for(by), petition_id, PetitionChanges(**changes))


def endorse(by: Organisation, petition: Petition | int) -> Awaitable[petitions.Endorsed]:
    petition_id = petition if isinstance(petition, int) else petition.id
    return petitions.endorse_petition(acting_for(by), petition_id)


async def stored(petition: Petition) -> Petition:
    return await Petition.get(id=petition.id)


async def written() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Every petition and endorsement as stored, and how many audit entries there are."""
    return (
        await Petition.all().order_by("id").values(),
        await PetitionEndorsement.all().order_by("id").values(),
        await AuditEntry.all().count(),
    )


async def refusal(write: Awaitable[object]) -> tuple[Refusal, str, str | None]:
    """What the write was refused with; and that it wrote nothing."""
    before = await written()
    refused = await said(write)
    assert await written() == before
    return refused


Logged = tuple[int | None, str, str, dict[str, Any]]


async def audit(action: str) -> list[Logged]:
    entries = await AuditEntry.filter(action=action).order_by("id")
    return [(e.organisation_id, e.client_id or "", e.subject, e.details) for e in entries]


def logged(by: Organisation, petition: Petition | int, **details: Any) -> Logged:
    """The audit entry of a write by ``by``'s client about ``petition``."""
    petition_id = petition if isinstance(petition, int) else petition.id
    return (by.id, f"client-of-{by.slug}", f"Petition:{petition_id}", details)


async def endorsements() -> list[tuple[int, int, datetime.datetime]]:
    rows = await PetitionEndorsement.all().order_by("id")
    return [(row.petition_id, row.organisation_id, row.endorsed_at) for row in rows]


def refused_by_the_database(*, postgres_detail: str) -> str:
    """How the hub words a reference the database found missing, as each database says it."""
    reason = postgres_detail if db.is_postgres() else "FOREIGN KEY constraint failed"
    return f"Something the write refers to is gone: {reason}"


# starting


async def test_a_member_starts_a_draft_by_default(network: Network) -> None:
    # when A starts a petition, saying nothing of its status, campaign or times
    started = await start(network.a)

    # then it is stored as given, a draft of A's with no opening or closing time, and logged
    row = await stored(started)
    assert (row.slug, row.original_language, row.title, row.body, row.target) == (
        NEW["slug"],
        "es",
        NEW["title"],
        NEW["body"],
        NEW["target"],
    )
    assert (row.goal, row.signature_count, row.status) == (5000, 0, PetitionStatus.DRAFT)
    assert (row.organisation_id, row.campaign_id) == (network.a.id, None)
    assert (row.opened_at, row.closes_at) == (None, None)
    assert await audit("petition.create") == [logged(network.a, started, status="draft")]


async def test_a_petition_at_its_limits_is_started(network: Network) -> None:
    # when A starts one with the longest slug, a goal of one signature, closing a moment
    # after now
    started = await start(network.a, slug="x" * 120, goal=1, closes_at=NOW + TICK)

    # then
    row = await stored(started)
    assert (row.slug, row.goal, row.closes_at) == ("x" * 120, 1, NOW + TICK)


@pytest.mark.parametrize(
    ("opens_at", "opened_at"),
    [(None, NOW), (NOW, NOW), (OPENED, OPENED)],
    ids=["opens-now", "opened-now", "moved-here"],
)
async def test_a_petition_started_open_opened_now_or_when_it_says(
    network: Network, opens_at: datetime.datetime | None, opened_at: datetime.datetime
) -> None:
    # when A starts an open petition in its campaign (one moved here says when it opened)
    started = await start(
        network.a,
        status=PetitionStatus.OPEN,
        opens_at=opens_at,
        campaign_id=network.campaign_of_a.id,
        closes_at=NOW + DAY,
    )

    # then
    row = await stored(started)
    assert (row.status, row.opened_at, row.closes_at) == (PetitionStatus.OPEN, opened_at, NOW + DAY)
    assert row.campaign_id == network.campaign_of_a.id
    assert await audit("petition.create") == [logged(network.a, started, status="open")]


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ({"goal": 0}, (Refusal.INVALID, "The goal is a number of signatures above 0.", "goal")),
        (
            {"status": PetitionStatus.CLOSED},
            (Refusal.INVALID, "A petition starts as a draft or open.", "status"),
        ),
        (
            {"opens_at": OPENED},
            (Refusal.INVALID, "A draft opens when editPetition opens it, not before.", "opensAt"),
        ),
        (
            {"status": PetitionStatus.OPEN, "opens_at": NOW + TICK},
            (
                Refusal.INVALID,
                "An open petition opened now or earlier: keep it a draft until it opens.",
                "opensAt",
            ),
        ),
        ({"closes_at": NOW}, (Refusal.INVALID, AFTER_NOW, "closesAt")),
        (
            {"status": PetitionStatus.OPEN, "opens_at": OPENED, "closes_at": OPENED + DAY},
            (Refusal.INVALID, AFTER_NOW, "closesAt"),
        ),
        (
            {"status": PetitionStatus.OPEN, "opens_at": NAIVE},
            (Refusal.INVALID, WITHOUT_ZONE, "opensAt"),
        ),
        ({"closes_at": NAIVE}, (Refusal.INVALID, WITHOUT_ZONE, "closesAt")),
        (
            {"slug": "x" * 121},
            (
                Refusal.INVALID,
                f"'{'x' * 120}…' is not a slug: up to 120 lower-case letters, digits and"
                " single hyphens, like 'day-to-end-impunity'.",
                "slug",
            ),
        ),
        *(
            (
                {text: {"en": "Only in English"}},
                (
                    Refusal.INVALID,
                    f"The {text} is needed in the original language, 'es'.",
                    text,
                ),
            )
            for text in ("title", "body", "target")
        ),
    ],
    ids=[
        "goal-zero",
        "closed",
        "draft-with-opening",
        "opens-later",
        "closes-now",
        "closed-before-it-came",
        "opens-without-zone",
        "closes-without-zone",
        "long-slug",
        "no-original-title",
        "no-original-body",
        "no-original-target",
    ],
)
async def test_a_petition_that_breaks_a_rule_is_not_started(
    network: Network, changes: dict[str, Any], refused: tuple[Refusal, str, str]
) -> None:
    assert await refusal(start(network.a, **changes)) == refused


async def test_a_taken_slug_is_a_conflict(network: Network) -> None:
    # when B starts a petition with the slug of A's
    refused = await refusal(start(network.b, slug=network.open.slug))
    # then
    assert refused == (Refusal.CONFLICT, f"The slug '{network.open.slug}' is taken.", "slug")


async def test_a_campaign_deleted_while_a_petition_joins_it_is_said_gone(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A's campaign, deleted after the start checked it and before the start wrote
    check = petitions._check_campaign

    async def deleted_meanwhile(principal: Principal, campaign_id: int | None) -> None:
        await check(principal, campaign_id)
        await Campaign.filter(id=campaign_id).delete()

    monkeypatch.setattr(petitions, "_check_campaign", deleted_meanwhile)
    campaign_id = network.campaign_of_a.id

    # when A starts a petition in it
    refused = await said(start(network.a, campaign_id=campaign_id))

    # then the database's refusal is said as it is, not as a taken slug, and nothing written
    assert refused == (
        Refusal.NOT_FOUND,
        refused_by_the_database(
            postgres_detail=f'Key (campaign_id)=({campaign_id}) is not present in table "campaign".'
        ),
        None,
    )
    assert not await Petition.exists(slug=NEW["slug"])
    assert await audit("petition.create") == []


async def test_a_petition_joins_only_a_campaign_its_organisation_manages(
    network: Network,
) -> None:
    a, b_runs = network.a, network.campaign_of_b.id
    # when A starts a petition in B's campaign, or in none known; or moves its own there
    refused = [
        await refusal(start(a, campaign_id=b_runs)),
        await refusal(start(a, campaign_id=999_999)),
        await refusal(edit(a, network.open, campaign_id=b_runs)),
        await refusal(edit(a, network.open, campaign_id=999_999)),
    ]
    # then each is refused, naming the campaign
    forbidden = (Refusal.FORBIDDEN, NOT_MANAGED, "campaignId")
    unknown = (Refusal.NOT_FOUND, "No campaign has this ID.", "campaignId")
    assert refused == [forbidden, unknown, forbidden, unknown]


# editing


async def test_the_organisation_edits_what_it_names(network: Network) -> None:
    # given
    others = await Petition.exclude(id=network.draft.id).order_by("id").values()

    # when A edits its draft: its texts, the smallest goal, its campaign, closing a moment
    # from now
    edited = await edit(
        network.a,
        network.draft,
        title={"en": "A sharper title"},
        body={"en": "We ask, clearly…"},
        target={"en": "The minister"},
        goal=1,
        campaign_id=network.campaign_of_a.id,
        closes_at=NOW + TICK,
    )

    # then the petition reads so, from the database too
    row = await stored(network.draft)
    for petition in (edited, row):
        assert (petition.title, petition.body, petition.target) == (
            {"en": "A sharper title"},
            {"en": "We ask, clearly…"},
            {"en": "The minister"},
        )
        assert (petition.goal, petition.campaign_id, petition.closes_at) == (
            1,
            network.campaign_of_a.id,
            NOW + TICK,
        )
    # and what was not named is as it was, here and in every other petition
    assert (row.slug, row.status, row.opened_at, row.organisation_id) == (
        network.draft.slug,
        PetitionStatus.DRAFT,
        None,
        network.a.id,
    )
    assert await Petition.exclude(id=network.draft.id).order_by("id").values() == others
    # and one audit entry names the fields changed
    assert await audit("petition.edit") == [
        logged(
            network.a,
            network.draft,
            fields=["body", "campaign_id", "closes_at", "goal", "target", "title"],
        )
    ]


@pytest.mark.parametrize(
    "changes",
    [PetitionChanges(), PetitionChanges(status=PetitionStatus.OPEN)],
    ids=["nothing", "the-status-it-has"],
)
async def test_nothing_asked_is_nothing_written(network: Network, changes: PetitionChanges) -> None:
    # given
    before = await written()
    # when A asks its open petition for nothing it does not have already
    edited = await petitions.edit_petition(acting_for(network.a), network.open.id, changes)
    # then it is answered with the petition, and nothing is written
    assert (edited.id, edited.title, edited.status) == (
        network.open.id,
        network.open.title,
        PetitionStatus.OPEN,
    )
    assert await written() == before


async def test_asking_for_the_status_it_has_changes_only_the_rest(network: Network) -> None:
    # when A sets the goal of its open petition to the signatures it has, saying it is open
    edited = await edit(network.a, network.open, goal=SIGNATURES, status=PetitionStatus.OPEN)

    # then the goal changed, and the petition did not open again
    row = await stored(network.open)
    assert (edited.goal, row.goal) == (SIGNATURES, SIGNATURES)
    assert (row.status, row.opened_at) == (PetitionStatus.OPEN, OPENED)
    assert await audit("petition.edit") == [logged(network.a, network.open, fields=["goal"])]


async def test_a_draft_is_opened_then_closed(network: Network) -> None:
    # when A opens its draft, and closes it a day later
    opened = await edit(network.a, network.draft, status=PetitionStatus.OPEN)
    network.clock.at = NOW + DAY
    closed = await edit(network.a, network.draft, status=PetitionStatus.CLOSED)

    # then it opened at the first moment and closed at the second
    assert (opened.status, opened.opened_at, opened.closes_at) == (PetitionStatus.OPEN, NOW, None)
    row = await stored(network.draft)
    for petition in (closed, row):
        assert (petition.status, petition.opened_at, petition.closes_at) == (
            PetitionStatus.CLOSED,
            NOW,
            NOW + DAY,
        )
    assert await audit("petition.edit") == [
        logged(network.a, network.draft, fields=["opened_at", "status"], status="open"),
        logged(network.a, network.draft, fields=["closes_at", "status"], status="closed"),
    ]


async def test_a_draft_is_closed_without_ever_opening(network: Network) -> None:
    # when
    await edit(network.a, network.draft, status=PetitionStatus.CLOSED)
    # then
    row = await stored(network.draft)
    assert (row.status, row.opened_at, row.closes_at) == (PetitionStatus.CLOSED, None, NOW)
    assert await audit("petition.edit") == [
        logged(network.a, network.draft, fields=["closes_at", "status"], status="closed")
    ]


@pytest.mark.parametrize(
    ("closes_at", "closed_at", "fields"),
    [
        (None, NOW, ["closes_at", "status"]),
        (NOW + DAY, NOW, ["closes_at", "status"]),
        (NOW, NOW, ["status"]),
        (NOW - DAY, NOW - DAY, ["status"]),
    ],
    ids=["no-closing-time", "closing-later", "closing-now", "closing-time-passed"],
)
async def test_closing_by_hand_ends_signing_now_unless_it_ended_already(
    network: Network,
    closes_at: datetime.datetime | None,
    closed_at: datetime.datetime,
    fields: list[str],
) -> None:
    # given A's open petition, closing at some time or none
    petition = await factories.petition(network.a, opened_at=OPENED, closes_at=closes_at)
    # when A closes it
    await edit(network.a, petition, status=PetitionStatus.CLOSED)
    # then signing ended now, or when it had ended already
    row = await stored(petition)
    assert (row.status, row.closes_at) == (PetitionStatus.CLOSED, closed_at)
    assert await audit("petition.edit") == [
        logged(network.a, petition, fields=fields, status="closed")
    ]


async def test_an_open_petition_does_not_go_back_to_draft(network: Network) -> None:
    refused = await refusal(edit(network.a, network.open, status=PetitionStatus.DRAFT))
    assert refused == (
        Refusal.WRONG_STATUS,
        "The petition is open and cannot become draft.",
        "status",
    )


@pytest.mark.parametrize(
    "changes",
    [{}, {"status": PetitionStatus.OPEN}, {"status": PetitionStatus.DRAFT}, {"goal": 10_000}],
    ids=["nothing", "reopen", "back-to-draft", "goal"],
)
async def test_a_closed_petition_no_longer_changes(
    network: Network, changes: dict[str, Any]
) -> None:
    refused = await refusal(edit(network.a, network.closed, **changes))
    assert refused == (Refusal.WRONG_STATUS, "A closed petition no longer changes.", None)


async def test_only_the_organisation_that_started_it_edits_it(network: Network) -> None:
    refused = await refusal(edit(network.b, network.open, goal=10))
    assert refused == (
        Refusal.FORBIDDEN,
        "Only the organisation that started it changes it.",
        "petitionId",
    )


async def test_an_unknown_petition_is_not_found(network: Network) -> None:
    not_found = (Refusal.NOT_FOUND, "No petition has this ID.", "petitionId")
    assert await refusal(edit(network.a, 999_999, goal=10)) == not_found
    assert await refusal(endorse(network.b, 999_999)) == not_found


@pytest.mark.parametrize(
    ("petition", "goal", "message"),
    [
        (
            "open",
            SIGNATURES - 1,
            f"The goal cannot be below the {SIGNATURES} signatures the petition already has.",
        ),
        ("open", 0, "The goal is a number of signatures above 0."),
        ("draft", 0, "The goal is a number of signatures above 0."),
    ],
    ids=["below-signatures", "open-zero", "draft-zero"],
)
async def test_the_goal_is_above_zero_and_never_below_the_signatures(
    network: Network, petition: str, goal: int, message: str
) -> None:
    refused = await refusal(edit(network.a, getattr(network, petition), goal=goal))
    assert refused == (Refusal.INVALID, message, "goal")


@pytest.mark.parametrize(
    ("petition", "changes", "refused"),
    [
        *(
            (
                "open",
                {text: {"fr": "Seulement en français"}},
                (Refusal.INVALID, f"The {text} is needed in the original language, 'en'.", text),
            )
            for text in ("title", "body", "target")
        ),
        ("open", {"closes_at": NOW}, (Refusal.INVALID, AFTER_NOW, "closesAt")),
        ("open", {"closes_at": OPENED + DAY}, (Refusal.INVALID, AFTER_NOW, "closesAt")),
        ("draft", {"closes_at": NOW}, (Refusal.INVALID, AFTER_NOW, "closesAt")),
        ("open", {"closes_at": NAIVE}, (Refusal.INVALID, WITHOUT_ZONE, "closesAt")),
    ],
    ids=[
        "no-original-title",
        "no-original-body",
        "no-original-target",
        "closes-now",
        "closed-since-it-opened",
        "draft-closes-now",
        "closes-without-zone",
    ],
)
async def test_an_edit_that_breaks_a_rule_is_refused(
    network: Network,
    petition: str,
    changes: dict[str, Any],
    refused: tuple[Refusal, str, str],
) -> None:
    assert await refusal(edit(network.a, getattr(network, petition), **changes)) == refused


async def test_an_edit_racing_a_close_changes_nothing(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A's open petition, closed by another request after this edit read it as open
    # but before this edit wrote
    check = petitions._check_campaign

    async def closed_meanwhile(principal: Principal, campaign_id: int | None) -> None:
        await check(principal, campaign_id)
        await Petition.filter(id=network.open.id).update(status=PetitionStatus.CLOSED)

    monkeypatch.setattr(petitions, "_check_campaign", closed_meanwhile)

    # when the edit writes
    refused = await said(edit(network.a, network.open, goal=10_000))

    # then it is refused: the petition stays closed, with the goal it had
    assert refused == (
        Refusal.WRONG_STATUS,
        "The petition changed status meanwhile: nothing was changed.",
        None,
    )
    row = await stored(network.open)
    assert (row.status, row.goal) == (PetitionStatus.CLOSED, network.open.goal)
    assert await audit("petition.edit") == []


async def test_an_edit_keeps_the_signatures_counted_meanwhile(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two signatures of A's open petition counted while A's edit is under way (the
    # signature writer adds them to the count in the transaction that writes them)
    check = petitions._check_campaign

    async def signed_meanwhile(principal: Principal, campaign_id: int | None) -> None:
        await check(principal, campaign_id)
        await Petition.filter(id=network.open.id).update(signature_count=F("signature_count") + 2)

    monkeypatch.setattr(petitions, "_check_campaign", signed_meanwhile)

    # when the edit retitles the petition
    edited = await edit(network.a, network.open, title={"en": "A sharper title"})

    # then both the title and the signatures counted meanwhile stand, in the answer too
    row = await stored(network.open)
    for petition in (edited, row):
        assert (petition.title, petition.signature_count) == (
            {"en": "A sharper title"},
            SIGNATURES + 2,
        )


# endorsing


async def test_a_member_endorses_once_however_often_it_asks(network: Network) -> None:
    # when B endorses A's open petition twice
    first = await endorse(network.b, network.open)
    again = await endorse(network.b, network.open)

    # then one endorsement, B's, made now, said to be new the first time only, logged once
    assert (first.created, again.created) == (True, False)
    assert first.endorsement.id == again.endorsement.id
    assert first.petition.id == again.petition.id == network.open.id
    assert await endorsements() == [(network.open.id, network.b.id, NOW)]
    assert await audit("petition.endorse") == [logged(network.b, network.open)]


async def test_an_endorsement_is_of_the_petition_by_the_organisation_it_names(
    network: Network,
) -> None:
    # given B endorsed A's open petition
    await endorse(network.b, network.open)
    another = await factories.petition(network.a, opened_at=OPENED)

    # when A endorses the same petition, and B another one
    by_a = await endorse(network.a, network.open)
    of_another = await endorse(network.b, another)

    # then each is a new endorsement
    assert (by_a.created, of_another.created) == (True, True)
    assert await endorsements() == [
        (network.open.id, network.b.id, NOW),
        (network.open.id, network.a.id, NOW),
        (another.id, network.b.id, NOW),
    ]
    assert len(await audit("petition.endorse")) == 3


async def test_endorsing_again_after_closing_is_the_same_endorsement(network: Network) -> None:
    # given B endorsed A's petition, then A closed it
    first = await endorse(network.b, network.open)
    await edit(network.a, network.open, status=PetitionStatus.CLOSED)
    # when B's system retries its endorsement
    again = await endorse(network.b, network.open)
    # then the endorsement it has is the answer, not a refusal
    assert (again.created, again.endorsement.id) == (False, first.endorsement.id)
    assert len(await audit("petition.endorse")) == 1


@pytest.mark.parametrize("status", ["draft", "closed"])
async def test_only_an_open_petition_is_endorsed(network: Network, status: str) -> None:
    refused = await refusal(endorse(network.b, getattr(network, status)))
    assert refused == (
        Refusal.WRONG_STATUS,
        f"The petition is {status}: only an open petition can be endorsed.",
        "petitionId",
    )


async def test_only_current_network_members_endorse(network: Network) -> None:
    # given B left the network
    await NetworkMembership.filter(organisation_id=network.b.id).update(
        left_on=datetime.date(2021, 1, 1)
    )
    # when an organisation outside the network, and B, endorse
    refused = [
        await refusal(endorse(network.outsider, network.open)),
        await refusal(endorse(network.b, network.open)),
    ]
    # then
    assert refused == [(Refusal.NOT_ELIGIBLE, "Only network members endorse petitions.", None)] * 2


async def test_racing_endorsements_are_one_endorsement(network: Network) -> None:
    # when B's endorsement is sent twice at once
    answers = await asyncio.gather(
        endorse(network.b, network.open), endorse(network.b, network.open)
    )
    # then the database's uniqueness makes them one
    assert sorted(answer.created for answer in answers) == [False, True]
    assert answers[0].endorsement.id == answers[1].endorsement.id
    assert await endorsements() == [(network.open.id, network.b.id, NOW)]
    assert len(await audit("petition.endorse")) == 1


async def test_an_endorsement_that_lost_the_race_answers_with_the_winners(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given B's endorsement of A's open petition, B's of another, and A's of the same one
    won = await endorse(network.b, network.open)
    await endorse(network.b, await factories.petition(network.a, opened_at=OPENED))
    await endorse(network.a, network.open)

    # when B's second request looked before the first had committed (it found nothing), so
    # that its insert is the one the database refuses as a duplicate
    async def found_nothing(**_keys: Any) -> None:
        return None

    monkeypatch.setattr(PetitionEndorsement, "get_or_none", found_nothing)
    lost = await endorse(network.b, network.open)

    # then it answers with the winner's endorsement of that petition, said not to be new
    assert not lost.created
    assert (lost.endorsement.id, lost.petition.id) == (won.endorsement.id, network.open.id)
    assert len(await endorsements()) == 3
    assert len(await audit("petition.endorse")) == 3


async def test_an_endorsement_of_a_petition_deleted_meanwhile_is_said_gone(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A's open petition, deleted after B's endorsement read it and before it wrote
    is_member = eligibility.is_network_member

    async def deleted_meanwhile(organisation_id: int, day: datetime.date) -> bool:
        await Petition.filter(id=network.open.id).delete()
        return await is_member(organisation_id, day)

    monkeypatch.setattr(petitions, "is_network_member", deleted_meanwhile)

    # when B endorses it
    refused = await said(endorse(network.b, network.open))

    # then the database's refusal is said as it is, not taken for a duplicate
    assert refused == (
        Refusal.NOT_FOUND,
        refused_by_the_database(
            postgres_detail=(
                f'Key (petition_id)=({network.open.id}) is not present in table "petition".'
            )
        ),
        None,
    )
    assert await endorsements() == []
    assert await audit("petition.endorse") == []

"""Factories: rows built in bulk for tests, with sensible defaults and unique slugs."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tortoise.expressions import F

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, models
from hub.models.groups import GroupKind, GroupRole
from hub.models.organisations import OrganisationScope
from hub.models.statements import StatementStatus

_sequence = itertools.count(1)
_COUNTRIES = ("TN", "PY", "FR", "BR", "EG", "PH", "MX", "KE", "IN", "CA", "RU", "LB")
UTC = datetime.UTC


def _unique(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def when(year: int, month: int = 1, day: int = 1) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=UTC)


async def organisations(
    count: int, *, member_since: datetime.date | None = None, **fields: Any
) -> list[models.Organisation]:
    """Organisations headquartered across a dozen countries, network members if asked."""
    made = [
        models.Organisation(
            slug=(slug := _unique("organisation")),
            name={"en": f"Organisation {slug}", "fr": f"Organisation {slug} (fr)"},
            description={"en": "A test organisation."},
            scope=OrganisationScope.NATIONAL,
            hq_country_id=_COUNTRIES[i % len(_COUNTRIES)],
            languages=["en"],
            focus=["press-freedom"],
            search_text=f"organisation {slug}",
            **fields,
        )
        for i in range(count)
    ]
    await models.Organisation.bulk_create(made)
    saved = list(await models.Organisation.filter(slug__in=[o.slug for o in made]).order_by("id"))
    if member_since is not None:
        await models.NetworkMembership.bulk_create(
            [models.NetworkMembership(organisation_id=o.id, joined_on=member_since) for o in saved]
        )
    return saved


async def group(
    members: list[models.Organisation], kind: GroupKind = GroupKind.COALITION, **fields: Any
) -> models.Group:
    made = await models.Group.create(
        **{
            "slug": _unique(kind.value.replace("_", "-")),
            "kind": kind,
            "name": {"en": "A coalition"},
            "description": {"en": "Working together."},
            "started_on": datetime.date(2010, 1, 1),
            **fields,
        }
    )
    await models.GroupMembership.bulk_create(
        [
            models.GroupMembership(
                group_id=made.id,
                organisation_id=o.id,
                role=GroupRole.LEAD if i == 0 else GroupRole.MEMBER,
                started_on=made.started_on,
            )
            for i, o in enumerate(members)
        ]
    )
    return made


async def campaign(**fields: Any) -> models.Campaign:
    return await models.Campaign.create(
        **{
            "slug": _unique("campaign"),
            "kind": "focus",
            "title": {"en": "A campaign"},
            "description": {"en": "Asking for change."},
            "launched_on": datetime.date(2012, 5, 3),
            **fields,
        }
    )


async def statement(lead: models.Organisation, **fields: Any) -> models.Statement:
    return await models.Statement.create(
        **{
            "slug": _unique("statement"),
            "title": {"en": "A joint statement"},
            "body": {"en": "We, the undersigned…"},
            "status": StatementStatus.PUBLISHED,
            "lead_organisation_id": lead.id,
            "created_at": when(2020),
            **fields,
        }
    )


async def co_sign(statement: models.Statement, signers: list[models.Organisation]) -> None:
    await models.StatementSignature.bulk_create(
        [
            models.StatementSignature(
                statement_id=statement.id, organisation_id=o.id, signed_at=when(2020, 2, 1)
            )
            for o in signers
        ]
    )


async def petition(organisation: models.Organisation, **fields: Any) -> models.Petition:
    return await models.Petition.create(
        **{
            "slug": _unique("petition"),
            "title": {"en": "A petition"},
            "body": {"en": "We ask…"},
            "target": {"en": "The government"},
            "goal": 1000,
            "status": "open",
            "organisation_id": organisation.id,
            **fields,
        }
    )


async def sign_petition(petition: models.Petition, count: int) -> None:
    await models.PetitionSignature.bulk_create(
        [
            models.PetitionSignature(
                petition_id=petition.id,
                email_hash=f"{petition.id:032x}{i:032x}",
                hash_key="factory",
                language="en",
                signed_at=when(2021),
                status="confirmed",
                confirmed_at=when(2021),
            )
            for i in range(count)
        ]
    )
    await models.Petition.filter(id=petition.id).update(
        signature_count=F("signature_count") + count
    )


async def endorse(petition: models.Petition, organisations: list[models.Organisation]) -> None:
    await models.PetitionEndorsement.bulk_create(
        [
            models.PetitionEndorsement(
                petition_id=petition.id, organisation_id=o.id, endorsed_at=when(2021)
            )
            for o in organisations
        ]
    )


async def alert(source: models.Organisation, **fields: Any) -> models.Alert:
    """An alert filed by ``source``; the database indexes its words, types and day."""
    return await models.Alert.create(
        **{
            "occurred_on": datetime.date(2020, 3, 1),
            "reported_at": when(2020, 3, 2),
            "country_id": "MX",
            "violations": ["threatened"],
            "perpetrator": "unknown",
            "title": {"en": "Journalist threatened"},
            "body": {"en": "A reporter was threatened after a story."},
            "victims": [{"name": "A. Reporter", "kind": "journalist", "gender": None}],
            "source_organisation_id": source.id,
            **fields,
        }
    )


async def network(convened_by: models.Organisation | None) -> models.Network:
    """The network's one row, convened by ``convened_by`` (who files for the network)."""
    return await models.Network.create(
        name="Test network",
        description={"en": "A network for tests."},
        original_language="en",
        proposed_in_year=1992,
        founding_city="Montreal",
        founding_country_id="CA",
        convened_by=convened_by,
        founding_organisation_count=12,
        archive_starts_year=1995,
    )


def acting_for(
    organisation: models.Organisation,
    *scopes: Scope,
    client_id: str | None = None,
    user_id: int | None = None,
) -> Principal:
    """A verified token of ``organisation``'s client (its own, by default) for an hour: a
    member's system when ``user_id`` is None, else a staff user signed in through it."""
    client_id = client_id or f"client-of-{organisation.slug}"
    return Principal(
        organisation_id=organisation.id,
        client_id=client_id,
        user_id=user_id,
        scopes=frozenset(scopes),
        jti=f"jti-of-{client_id}",
        expires_at=clock.now() + datetime.timedelta(hours=1),
    )


async def report(organisation: models.Organisation, **fields: Any) -> models.Report:
    """A special report written by ``organisation`` in English: a draft, unless told."""
    return await models.Report.create(
        **{
            "slug": _unique("report"),
            "title": {"en": "A special report"},
            "summary": {"en": "What the report finds."},
            "body": {"en": "The report itself."},
            "original_language": "en",
            "covered_on": datetime.date(2020, 6, 1),
            "organisation_id": organisation.id,
            "created_at": when(2020),
            **fields,
        }
    )

"""Rows the generated networks lack, added to the second network for the comparison.

The demo generator writes tidy data: every text has its original language, sort columns
are nearly always set and rarely equal. Compiled SQL goes wrong exactly where data is not
tidy, so these rows bring NULLs in every sortable column (founding year, publication and
opening times), equal sort values (ties broken by key), texts missing in the original
language, empty or absent, a region-tagged text, groups that ended (one today, one with no
reason given) or will end, withdrawn signatures, a goal of zero, times at the edges of a
day and with microseconds, a membership ending on the day another begins.
"""

from __future__ import annotations

import datetime

from hub import models
from hub.clock import today
from hub.db import transaction
from hub.models.groups import GroupKind, GroupRole
from hub.models.reports import ReportStatus
from hub.models.texts import search_text
from hub.services.cases import gather_cases
from tests import factories

UTC = datetime.UTC
TIED = datetime.datetime(2021, 3, 1, 0, 0, tzinfo=UTC)
"""A moment several rows share, at the very start of a day."""
LAST_MOMENT = datetime.datetime(2021, 3, 1, 23, 59, 59, 999_999, tzinfo=UTC)
NEXT_DAY = datetime.datetime(2021, 3, 2, 0, 0, tzinfo=UTC)

NAMES: list[tuple[str, dict[str, str]]] = [
    ("fr", {"fr": "", "es": "Fundación Esquina", "ar": "مؤسسة الزاوية"}),
    ("ar", {}),
    ("pt", {"pt-BR": "Organização Canto", "en": "Corner Organisation"}),
    ("ar", {"ar": "منظمة الركن", "ru": ""}),
    ("en", {"en": "Tied Voices", "fr": "Voix liées"}),
    ("ru", {"ru": "Угловой союз", "en": "Corner Union", "fr": "Union du coin"}),
]


async def add_corner_cases() -> None:
    """Write the rows, on top of a loaded network."""
    organisations = await _organisations()
    await _groups(organisations)
    campaign = await _campaign(organisations[0])
    await _statements(organisations, campaign)
    await _petitions(organisations, campaign)
    await _alerts(organisations)
    await _reports(organisations, campaign)


async def _organisations() -> list[models.Organisation]:
    made = []
    for position, (original, name) in enumerate(NAMES):
        (organisation,) = await factories.organisations(
            1,
            original_language=original,
            founded_year=None if position % 2 else 1999,
            created_at=TIED,
        )
        organisation.name = name
        organisation.description = {original: ""} if position == 3 else {"en": "Corner case."}
        organisation.search_text = search_text(name)
        await organisation.save()
        made.append(organisation)
    day = datetime.date(2010, 6, 1)
    await models.NetworkMembership.bulk_create(
        [
            models.NetworkMembership(
                organisation_id=made[0].id, joined_on=datetime.date(2001, 1, 1), left_on=day
            ),
            models.NetworkMembership(
                organisation_id=made[0].id, joined_on=datetime.date(2012, 1, 1)
            ),
            models.NetworkMembership(
                organisation_id=made[1].id, joined_on=day, founding_member=True
            ),
            models.NetworkMembership(
                organisation_id=made[2].id,
                joined_on=day,
                left_on=today(),
                departure_reason="Merged.",
            ),
            models.NetworkMembership(organisation_id=made[3].id, joined_on=today()),
        ]
    )
    await models.OrganisationCountry.bulk_create(
        [models.OrganisationCountry(organisation_id=o.id, country_id="TN") for o in made[:3]]
    )
    return made


async def _groups(organisations: list[models.Organisation]) -> None:
    yesterday = today() - datetime.timedelta(days=1)
    ended_today = await factories.group(
        organisations[:3],
        GroupKind.MONITORING_GROUP,
        ended_on=today(),
        end_reason={},
        focus_country_id="TN",
        original_language="fr",
        name={"fr": "Groupe du coin", "en": ""},
    )
    await factories.group(
        organisations[2:5],
        GroupKind.WORKING_GROUP,
        ended_on=today() + datetime.timedelta(days=30),
        end_reason={"en": ""},
        started_on=datetime.date(2010, 6, 1),
    )
    ended = await factories.group(
        organisations[3:],
        ended_on=datetime.date(2015, 1, 1),
        end_reason={"fr": "Dissous."},
        description={},
    )
    await models.GroupMembership.bulk_create(
        [
            models.GroupMembership(
                group_id=ended_today.id,
                organisation_id=organisations[4].id,
                role=GroupRole.OBSERVER,
                started_on=datetime.date(2012, 1, 1),
                ended_on=yesterday,
                end_reason="Left the day before the group ended.",
            ),
            models.GroupMembership(
                group_id=ended.id,
                organisation_id=organisations[0].id,
                role=GroupRole.OBSERVER,
                started_on=datetime.date(2014, 12, 31),
            ),
        ]
    )


async def _campaign(lead: models.Organisation) -> models.Campaign:
    now = today()
    campaign = await factories.campaign(
        title={},
        description={"es": "Sin original."},
        original_language="fr",
        lead_organisation_id=lead.id,
        kind="recurring_day",
        recurs_month=now.month,
        recurs_day=min(now.day, 28),
        ended_on=datetime.date(2012, 5, 3),
    )
    await factories.campaign(
        launched_on=campaign.launched_on, focus="impunity", lead_organisation_id=lead.id
    )
    await models.CampaignCountry.bulk_create(
        [models.CampaignCountry(campaign_id=campaign.id, country_id=code) for code in ("TN", "MX")]
    )
    await models.Milestone.bulk_create(
        [
            models.Milestone(
                campaign_id=campaign.id,
                occurred_on=datetime.date(2012, 5, 3),
                kind="launch",
                title={"en": f"Step {n}"},
                description={},
                participants=[{"name": "A. Person"}, {"name": "B. Person", "role": "speaker"}],
            )
            for n in range(3)
        ]
    )
    return campaign


async def _statements(organisations: list[models.Organisation], campaign: models.Campaign) -> None:
    published = [TIED, LAST_MOMENT, NEXT_DAY, None]
    made = [
        await factories.statement(
            organisations[n % 3],
            created_at=TIED
            if n < 3
            else datetime.datetime(2021, 3, 1, 8, 30, 0, 250_000, tzinfo=UTC),
            published_at=when,
            campaign_id=campaign.id if n % 2 else None,
            title={"ru": "Заявление"} if n == 1 else {"en": "A joint statement", "fr": ""},
        )
        for n, when in enumerate(published)
    ]
    for statement in made:
        await factories.co_sign(statement, organisations[:4])
    await models.StatementSignature.filter(
        statement_id=made[0].id, organisation_id=organisations[1].id
    ).update(withdrawn_at=LAST_MOMENT, withdrawal_reason="Changed its mind.")
    await models.StatementSignature.filter(
        statement_id=made[1].id, organisation_id=organisations[0].id
    ).update(withdrawn_at=NEXT_DAY)


async def _petitions(organisations: list[models.Organisation], campaign: models.Campaign) -> None:
    nothing_asked = await factories.petition(
        organisations[0], goal=0, opened_at=None, campaign_id=campaign.id
    )
    await factories.sign_petition(nothing_asked, 3)
    for position, organisation in enumerate(organisations[:3]):
        made = await factories.petition(
            organisation,
            goal=500,
            opened_at=None if position else TIED,
            target={},
            original_language="es",
            status="closed" if position == 2 else "open",
        )
        await factories.sign_petition(made, 7 * position)
        await factories.endorse(made, organisations[3:])
    await factories.endorse(nothing_asked, organisations[1:5])


async def _alerts(organisations: list[models.Organisation]) -> None:
    day = datetime.date(2020, 3, 1)
    for position in range(4):
        await factories.alert(
            organisations[position % 2],
            occurred_on=day,
            country_id="TN" if position % 2 else "MX",
            original_language="fr",
            title={"fr": "Journaliste menacé", "en": ""}
            if position < 2
            else {"en": "Corner threatened"},
            body={"fr": "", "ar": "تهديد صحفي"},
            victims=[{"kind": "media-outlet"}, {"name": None, "kind": "writer", "gender": "woman"}],
            violations=["threatened", "legal-action"],
        )
    # a case with no killing (no justice status), one of full justice recorded on the day it
    # opened, and a campaign highlighting both, taken up on the same day
    threat = await factories.alert(organisations[0], occurred_on=day, country_id="GT")
    await factories.alert(organisations[1], occurred_on=day, country_id="GT", follows=threat)
    killing = await factories.alert(organisations[0], occurred_on=day, violations=["killed"])
    await factories.alert(
        organisations[0], occurred_on=day, violations=["killed"], follows=killing, justice="full"
    )
    async with transaction() as connection:
        await gather_cases(connection)
    campaign = await models.Campaign.first()
    assert campaign is not None
    for case in await models.Case.filter(opened_on=day):
        await models.CampaignCase.create(campaign=campaign, case=case, highlighted_on=day)


async def _reports(organisations: list[models.Organisation], campaign: models.Campaign) -> None:
    alerts = await models.Alert.all().order_by("-id").limit(3)
    statuses = [ReportStatus.PUBLISHED, ReportStatus.PUBLISHED, ReportStatus.DRAFT]
    statuses += [ReportStatus.IN_REVIEW, ReportStatus.PUBLISHED]
    for position, status in enumerate(statuses):
        report = await models.Report.create(
            slug=f"corner-report-{position}",
            title={"en": "A special report", "ar": "تقرير خاص"}
            if position % 2
            else {"fr": "Rapport"},
            summary={"fr": ""},
            body={"en": "First.\n\nSecond."},
            original_language="fr" if position % 2 == 0 else "en",
            covered_on=datetime.date(2021, 3, 1 + position % 2),
            status=status,
            organisation_id=organisations[position % 3].id,
            created_at=TIED,
            published_at=TIED if position < 2 else (NEXT_DAY if status == "published" else None),
        )
        await models.ReportCountry.bulk_create(
            [
                models.ReportCountry(report_id=report.id, country_id=code)
                for code in ("TN", "MX")[: position % 3]
            ]
        )
        await models.ReportCampaign.create(report_id=report.id, campaign_id=campaign.id)
        await models.ReportAlert.bulk_create(
            [
                models.ReportAlert(report_id=report.id, alert_id=alert.id)
                for alert in alerts[position % 2 :]
            ]
        )

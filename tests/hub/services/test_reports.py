"""Special reports, in-process: who drafts (a current network member, for itself), who edits
and sends a report to review (the organisation that wrote it, while it is a draft), who
reviews it (another organisation, publishing it or returning it with a note), the limits
each text, list and note is held to, what each write stores and logs, and the writes that
race. tests/auth/test_report_writes.py makes the same writes through the graph, and
tests/hub/test_report_pages.py reads the published pages."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from tortoise.models import Model

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.models import (
    Alert,
    AuditEntry,
    Campaign,
    Organisation,
    Report,
    ReportAlert,
    ReportCampaign,
    ReportCountry,
)
from hub.models.reports import ReportStatus
from hub.services import reports
from hub.services.checks import known_countries
from hub.services.errors import Refusal, WriteRefused
from hub.services.reports import ReportChanges, ReportDraft, ReviewDecision
from tests import factories
from tests.hub.services.refusals import Said, said

DRAFT, IN_REVIEW, PUBLISHED = ReportStatus.DRAFT, ReportStatus.IN_REVIEW, ReportStatus.PUBLISHED
PUBLISH, RETURN = ReviewDecision.PUBLISH, ReviewDecision.RETURN

Row = dict[str, Any]
"""A report as the database holds it, with the countries, campaigns and alerts it covers."""
Logged = tuple[int | None, str | None, str, str, dict[str, Any]]


@dataclass
class Network:
    a: Organisation
    """A network member writing reports."""
    b: Organisation
    """A network member reviewing A's reports."""
    c: Organisation
    """Another network member reviewing them."""
    outsider: Organisation
    """Not a network member."""
    campaigns: list[Campaign]
    alerts: list[Alert]
    draft: Report
    """A's draft, covering Mexico, the first campaign and the first alert."""
    in_review: Report
    """A's report, sent to review."""
    published: Report
    """A's report, reviewed by B and published."""


@pytest.fixture
async def network(database_url: str) -> AsyncIterator[Network]:
    async with db.connected(database_url):
        a, b, c = await factories.organisations(3, member_since=datetime.date(2000, 1, 1))
        (outsider,) = await factories.organisations(1)
        campaigns = [await factories.campaign(), await factories.campaign()]
        alerts = [await factories.alert(b), await factories.alert(c)]
        draft = await factories.report(a)
        await ReportCountry.create(report_id=draft.id, country_id="MX")
        await ReportCampaign.create(report_id=draft.id, campaign_id=campaigns[0].id)
        await ReportAlert.create(report_id=draft.id, alert_id=alerts[0].id)
        submitted = {"status": IN_REVIEW, "submitted_at": factories.when(2021)}
        in_review = await factories.report(a, **submitted)
        published = await factories.report(
            a,
            **{**submitted, "status": PUBLISHED},
            published_at=factories.when(2021, 2),
            reviewed_by_id=b.id,
        )
        # B's draft, covering what A's covers, and B's report in review: a write of A's
        # report must leave them be
        elsewhere = await factories.report(b)
        await ReportCountry.create(report_id=elsewhere.id, country_id="MX")
        await ReportCampaign.create(report_id=elsewhere.id, campaign_id=campaigns[0].id)
        await ReportAlert.create(report_id=elsewhere.id, alert_id=alerts[0].id)
        await factories.report(b, **submitted)
        yield Network(a, b, c, outsider, campaigns, alerts, draft, in_review, published)


def writer(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.REPORTS_WRITE)


def reviewer(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.REPORTS_REVIEW)


def draft_of(**fields: Any) -> ReportDraft:
    """A report in English covering nothing, but for ``fields``."""
    return ReportDraft(
        **{
            "slug": "impunity-2026",
            "original_language": "en",
            "title": {"en": "Ten years of impunity"},
            "summary": {"en": "Nine killings in ten go unpunished."},
            "body": {"en": "First part.\n\nSecond part."},
            "covered_on": datetime.date(2026, 11, 2),
            **fields,
        }
    )


async def stored() -> dict[int, Row]:
    """Every report by ID, with what it covers and cites in the order it was given."""
    rows = {
        row["id"]: {**row, "countries": [], "campaigns": [], "alerts": []}
        for row in await Report.all().values()
    }
    links: list[tuple[type[Model], str, str]] = [
        (ReportCountry, "country_id", "countries"),
        (ReportCampaign, "campaign_id", "campaigns"),
        (ReportAlert, "alert_id", "alerts"),
    ]
    for link, column, name in links:
        for report_id, linked in await link.all().order_by("id").values_list("report_id", column):
            rows[report_id][name].append(linked)
    return rows


def changed(rows: dict[int, Row], report: Report, **fields: Any) -> dict[int, Row]:
    """The reports as they were, but for ``fields`` of ``report``."""
    return {**rows, report.id: {**rows[report.id], **fields}}


async def audit_log() -> list[Logged]:
    entries = await AuditEntry.all().order_by("id")
    return [(e.organisation_id, e.client_id, e.action, e.subject, e.details) for e in entries]


def logged(by: Organisation, action: str, report: Report, **details: Any) -> Logged:
    """The entry a write of ``report`` by ``by``'s own client leaves in the audit log."""
    return (by.id, f"client-of-{by.slug}", action, f"Report:{report.id}", details)


async def refusal(write: Awaitable[Report]) -> Said:
    """What the write was refused with, having written nothing at all."""
    before = (await stored(), await audit_log())
    answer = await said(write)
    assert (await stored(), await audit_log()) == before
    return answer


# drafting


async def test_a_member_drafts_a_report_of_its_own(network: Network) -> None:
    # given
    before, started = await stored(), clock.now()
    second, first = network.campaigns[1], network.campaigns[0]

    # when A drafts a report in French covering countries, campaigns and alerts, some twice
    drafted = await reports.draft_report(
        writer(network.a),
        draft_of(
            original_language="fr",
            title={"fr": "Dix ans d'impunité", "en": "Ten years of impunity"},
            summary={"fr": "Neuf meurtres sur dix restent impunis."},
            body={"fr": "Première partie."},
            countries=["mx", " ph ", "MX"],
            campaigns=[second.slug, first.slug, second.slug],
            alerts=[network.alerts[1].id, network.alerts[0].id, network.alerts[1].id],
        ),
    )

    # then it is A's draft as asked, each thing covered once in the order given, stamped now
    after = await stored()
    created_at = after[drafted.id]["created_at"]
    assert started <= created_at <= clock.now()
    assert after == {
        **before,
        drafted.id: {
            "id": drafted.id,
            "slug": "impunity-2026",
            "title": {"fr": "Dix ans d'impunité", "en": "Ten years of impunity"},
            "summary": {"fr": "Neuf meurtres sur dix restent impunis."},
            "body": {"fr": "Première partie."},
            "original_language": "fr",
            "covered_on": datetime.date(2026, 11, 2),
            "status": DRAFT,
            "organisation_id": network.a.id,
            "created_at": created_at,
            "submitted_at": None,
            "published_at": None,
            "reviewed_by_id": None,
            "review_note": None,
            "countries": ["MX", "PH"],
            "campaigns": [second.id, first.id],
            "alerts": [network.alerts[1].id, network.alerts[0].id],
        },
    }
    assert (drafted.slug, drafted.status) == ("impunity-2026", DRAFT)
    # and logged once
    assert await audit_log() == [logged(network.a, "report.draft", drafted)]


async def test_a_draft_may_cover_nothing(network: Network) -> None:
    # when A drafts a report naming no country, campaign or alert
    drafted = await reports.draft_report(writer(network.a), draft_of())

    # then it covers nothing
    row = (await stored())[drafted.id]
    assert (row["countries"], row["campaigns"], row["alerts"]) == ([], [], [])


async def test_only_current_network_members_write_reports(network: Network) -> None:
    # when an organisation outside the network drafts a report
    refused = await refusal(reports.draft_report(writer(network.outsider), draft_of()))

    # then
    assert refused == (Refusal.NOT_ELIGIBLE, "Only network members write reports.", None)


async def test_a_slug_is_at_most_120_characters(network: Network) -> None:
    # when A drafts a report with a slug of 120 characters, then of 121
    longest = await reports.draft_report(writer(network.a), draft_of(slug="a" * 120))
    too_long = await refusal(reports.draft_report(writer(network.a), draft_of(slug="b" * 121)))

    # then the first is kept, the second refused showing its first 120 characters
    assert (await Report.get(id=longest.id)).slug == "a" * 120
    assert too_long == (
        Refusal.INVALID,
        f"'{'b' * 120}…' is not a slug: up to 120 lower-case letters, digits and single"
        " hyphens, like 'day-to-end-impunity'.",
        "slug",
    )


@pytest.mark.parametrize(
    ("field", "longest"), [("title", 300), ("summary", 3_000), ("body", 200_000)]
)
async def test_each_text_has_a_longest_in_every_language(
    network: Network, field: str, longest: int
) -> None:
    # when A drafts a report with the text at its longest in two languages, then with it one
    # character longer in French
    at_most = {"en": "x" * longest, "fr": "é" * longest}
    kept = await reports.draft_report(writer(network.a), draft_of(**{field: at_most}))
    refused = await refusal(
        reports.draft_report(
            writer(network.a),
            draft_of(slug="too-long", **{field: {"en": "x", "fr": "é" * (longest + 1)}}),
        )
    )

    # then the first is kept whole, the second refused naming the language and the limit
    assert (await stored())[kept.id][field] == at_most
    assert refused == (
        Refusal.INVALID,
        f"The {field} in 'fr' has {longest + 1} characters: at most {longest}.",
        field,
    )


@pytest.mark.parametrize("field", ["title", "summary", "body"])
async def test_each_text_is_needed_in_the_original_language(network: Network, field: str) -> None:
    # given a report written in Arabic
    arabic = {name: {"ar": "نص"} for name in ("title", "summary", "body")}

    # when A drafts it with one text in English only
    refused = await refusal(
        reports.draft_report(
            writer(network.a),
            draft_of(original_language="ar", **{**arabic, field: {"en": "English only"}}),
        )
    )

    # then
    assert refused == (
        Refusal.INVALID,
        f"The {field} is needed in the original language, 'ar'.",
        field,
    )


@pytest.mark.parametrize(
    ("covers", "refused"),
    [
        (
            {"countries": ["MX", "xx", "ABC"]},
            (Refusal.INVALID, "Not ISO 3166-1 alpha-2 country codes: XX, ABC.", "countries"),
        ),
        (
            {"campaigns": ["no-such-campaign", "nor-this-one"]},
            (
                Refusal.NOT_FOUND,
                "No campaign is called no-such-campaign, nor-this-one.",
                "campaigns",
            ),
        ),
        (
            {"alerts": [999_999]},
            (Refusal.NOT_FOUND, "An alert it cites does not exist.", "alerts"),
        ),
    ],
    ids=["countries", "campaigns", "alerts"],
)
async def test_what_a_draft_covers_must_exist(
    network: Network, covers: dict[str, list[Any]], refused: Said
) -> None:
    # given a known campaign and alert beside those unknown
    known: dict[str, list[Any]] = {
        "campaigns": [network.campaigns[0].slug],
        "alerts": [network.alerts[0].id],
    }

    # when A drafts a report covering what is not known
    draft = draft_of(**{name: [*known.get(name, []), *given] for name, given in covers.items()})

    # then
    assert await refusal(reports.draft_report(writer(network.a), draft)) == refused


async def test_a_report_cites_at_most_200_alerts(network: Network) -> None:
    # given 200 alerts
    more = [await factories.alert(network.c) for _ in range(198)]
    alerts = [alert.id for alert in [*network.alerts, *more]]

    # when A cites them all, one of them twice, then 201
    kept = await reports.draft_report(writer(network.a), draft_of(alerts=[*alerts, alerts[0]]))
    refused = await refusal(
        reports.draft_report(writer(network.a), draft_of(slug="more", alerts=[*alerts, 999_999]))
    )

    # then the first cites each once, the second is refused for the number alone
    assert (await stored())[kept.id]["alerts"] == alerts
    assert refused == (Refusal.INVALID, "A report cites at most 200 alerts.", "alerts")


async def test_a_taken_slug_is_a_conflict(network: Network) -> None:
    # when B drafts a report with the slug of A's draft
    refused = await refusal(
        reports.draft_report(writer(network.b), draft_of(slug=network.draft.slug, countries=["KE"]))
    )

    # then it is told the slug is taken, and nothing of it was written
    assert refused == (Refusal.CONFLICT, f"The slug '{network.draft.slug}' is taken.", "slug")


async def test_an_alert_deleted_while_the_draft_is_checked_refuses_it(
    network: Network, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    # given the alert the draft cites, deleted after the draft found it
    gone = network.alerts[1]
    find_alerts = reports._alerts

    async def found_then_deleted(alert_ids: Sequence[int]) -> list[int]:
        found = await find_alerts(alert_ids)
        await Alert.filter(id=gone.id).delete()
        return found

    monkeypatch.setattr(reports, "_alerts", found_then_deleted)

    # when A drafts it
    refused = await refusal(
        reports.draft_report(writer(network.a), draft_of(countries=["KE"], alerts=[gone.id]))
    )

    # then the database's refusal is said as it is, not as a taken slug
    reason = (
        "FOREIGN KEY constraint failed"
        if database_url.startswith("sqlite")
        else f'Key (alert_id)=({gone.id}) is not present in table "alert".'
    )
    assert refused == (Refusal.NOT_FOUND, f"Something the write refers to is gone: {reason}", None)


# editing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", {"en": "A decade of impunity", "fr": "Une décennie d'impunité"}),
        ("summary", {"en": "Nine in ten go unpunished."}),
        ("body", {"en": "First part.\n\nSecond part."}),
        ("covered_on", datetime.date(2026, 11, 3)),
    ],
)
async def test_an_edit_changes_only_what_it_names(network: Network, field: str, value: Any) -> None:
    # given
    before = await stored()

    # when A changes one thing of its draft
    edited = await reports.edit_report(
        writer(network.a), network.draft.id, ReportChanges(**{field: value})
    )

    # then that alone changed, as the answer says, and the edit is logged naming it
    assert await stored() == changed(before, network.draft, **{field: value})
    assert getattr(edited, field) == value
    assert await audit_log() == [logged(network.a, "report.edit", network.draft, fields=[field])]


async def test_what_a_report_covers_is_replaced_by_what_an_edit_gives(network: Network) -> None:
    # given
    a, before = writer(network.a), await stored()
    first, second = network.campaigns

    # when A gives its draft other countries, then other campaigns, then other alerts
    await reports.edit_report(a, network.draft.id, ReportChanges(countries=["tn", "KE", "TN"]))
    await reports.edit_report(
        a, network.draft.id, ReportChanges(campaigns=[second.slug, first.slug])
    )
    await reports.edit_report(a, network.draft.id, ReportChanges(alerts=[network.alerts[1].id]))

    # then each replaced what the draft covered, leaving the rest
    assert await stored() == changed(
        before,
        network.draft,
        countries=["TN", "KE"],
        campaigns=[second.id, first.id],
        alerts=[network.alerts[1].id],
    )

    # when A gives empty lists
    await reports.edit_report(
        a, network.draft.id, ReportChanges(countries=[], campaigns=[], alerts=[])
    )

    # then the draft covers nothing, and each edit was logged naming what it gave
    assert await stored() == changed(before, network.draft, countries=[], campaigns=[], alerts=[])
    assert [entry[4] for entry in await audit_log()] == [
        {"fields": ["countries"]},
        {"fields": ["campaigns"]},
        {"fields": ["alerts"]},
        {"fields": ["countries", "campaigns", "alerts"]},
    ]


async def test_an_edit_of_several_things_is_logged_once_naming_them(network: Network) -> None:
    # given
    before = await stored()
    rewritten: dict[str, Any] = {
        "title": {"en": "Sharper"},
        "summary": {"en": "Shorter."},
        "body": {"en": "Clearer."},
        "covered_on": datetime.date(2027, 1, 1),
    }

    # when A rewrites every text, and changes the cover date and the countries at once
    edited = await reports.edit_report(
        writer(network.a), network.draft.id, ReportChanges(countries=["PH"], **rewritten)
    )

    # then all changed, the answer reads so, and one entry names them in order
    assert await stored() == changed(before, network.draft, countries=["PH"], **rewritten)
    assert {name: getattr(edited, name) for name in rewritten} == rewritten
    assert await audit_log() == [
        logged(
            network.a,
            "report.edit",
            network.draft,
            fields=["title", "summary", "body", "covered_on", "countries"],
        )
    ]


async def test_an_edit_asking_nothing_writes_nothing(network: Network) -> None:
    # given
    before = await stored()

    # when A edits its draft giving nothing
    edited = await reports.edit_report(writer(network.a), network.draft.id, ReportChanges())

    # then the draft is the answer, unchanged, and nothing is logged
    assert (edited.id, edited.title) == (network.draft.id, network.draft.title)
    assert await stored() == before
    assert await audit_log() == []


async def test_an_edited_text_is_held_to_its_longest(network: Network) -> None:
    # when A gives its draft a title of 300 characters, then of 301
    await reports.edit_report(
        writer(network.a), network.draft.id, ReportChanges(title={"en": "x" * 300})
    )
    refused = await refusal(
        reports.edit_report(
            writer(network.a), network.draft.id, ReportChanges(title={"en": "x" * 301})
        )
    )

    # then the first is kept, the second refused
    assert (await Report.get(id=network.draft.id)).title == {"en": "x" * 300}
    assert refused == (
        Refusal.INVALID,
        "The title in 'en' has 301 characters: at most 300.",
        "title",
    )


async def test_an_edit_keeps_the_reports_original_language(network: Network) -> None:
    # given A's draft written in French
    french = await factories.report(
        network.a,
        original_language="fr",
        title={"fr": "Impunité"},
        summary={"fr": "Ce qu'il trouve."},
        body={"fr": "Le rapport."},
    )

    # when A gives it a summary in English only
    refused = await refusal(
        reports.edit_report(
            writer(network.a), french.id, ReportChanges(summary={"en": "What it finds."})
        )
    )

    # then
    assert refused == (
        Refusal.INVALID,
        "The summary is needed in the original language, 'fr'.",
        "summary",
    )


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        (
            ReportChanges(title={"en": "Renamed"}, countries=["ZZ"]),
            (Refusal.INVALID, "Not ISO 3166-1 alpha-2 country codes: ZZ.", "countries"),
        ),
        (
            ReportChanges(title={"en": "Renamed"}, campaigns=["no-such-campaign"]),
            (Refusal.NOT_FOUND, "No campaign is called no-such-campaign.", "campaigns"),
        ),
        (
            ReportChanges(title={"en": "Renamed"}, alerts=[999_999]),
            (Refusal.NOT_FOUND, "An alert it cites does not exist.", "alerts"),
        ),
    ],
    ids=["countries", "campaigns", "alerts"],
)
async def test_an_edit_covering_what_does_not_exist_is_refused_whole(
    network: Network, changes: ReportChanges, refused: Said
) -> None:
    assert await refusal(reports.edit_report(writer(network.a), network.draft.id, changes)) == (
        refused
    )


async def test_an_edit_leaves_what_another_changed_meanwhile(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another edit of the summary, saved while this one checks its countries
    async def meanwhile(codes: list[str], field: str) -> list[str]:
        await Report.filter(id=network.draft.id).update(summary={"en": "Said meanwhile."})
        return await known_countries(codes, field)

    monkeypatch.setattr(reports, "known_countries", meanwhile)
    before = await stored()

    # when this edit renames the draft and sets its countries
    await reports.edit_report(
        writer(network.a),
        network.draft.id,
        ReportChanges(title={"en": "Renamed"}, countries=["KE"]),
    )

    # then the other edit's summary stands beside this edit's title
    assert await stored() == changed(
        before,
        network.draft,
        title={"en": "Renamed"},
        summary={"en": "Said meanwhile."},
        countries=["KE"],
    )


@pytest.mark.parametrize(
    "changes",
    [ReportChanges(title={"en": "Too late"}, countries=["KE"]), ReportChanges(countries=["KE"])],
    ids=["texts-and-countries", "countries-alone"],
)
async def test_an_edit_racing_a_submission_changes_nothing_under_review(
    network: Network, monkeypatch: pytest.MonkeyPatch, changes: ReportChanges
) -> None:
    # given A's draft sent to review after the edit read it as a draft, before it wrote
    async def then_submitted(codes: list[str], field: str) -> list[str]:
        await reports.submit_report(writer(network.a), network.draft.id)
        return await known_countries(codes, field)

    monkeypatch.setattr(reports, "known_countries", then_submitted)

    # when the edit writes
    refused = await said(reports.edit_report(writer(network.a), network.draft.id, changes))

    # then it is refused, and the report is under review as it was sent (B's draft is still
    # a draft: the edit looked for A's alone)
    assert refused == (Refusal.WRONG_STATUS, "The report left draft meanwhile.", "reportId")
    row = (await stored())[network.draft.id]
    assert (row["status"], row["title"], row["countries"]) == (
        IN_REVIEW,
        network.draft.title,
        ["MX"],
    )
    assert [entry[2] for entry in await audit_log()] == ["report.submit"]


# submitting


async def test_the_author_sends_its_draft_to_review(network: Network) -> None:
    # given
    before, started = await stored(), clock.now()

    # when A sends its draft to review
    submitted = await reports.submit_report(writer(network.a), network.draft.id)

    # then it is in review, stamped now, and logged once
    after = await stored()
    submitted_at = after[network.draft.id]["submitted_at"]
    assert submitted_at is not None and started <= submitted_at <= clock.now()
    assert after == changed(before, network.draft, status=IN_REVIEW, submitted_at=submitted_at)
    assert (submitted.status, submitted.submitted_at) == (IN_REVIEW, submitted_at)
    assert await audit_log() == [logged(network.a, "report.submit", network.draft)]


async def test_only_the_organisation_that_wrote_a_report_changes_it(network: Network) -> None:
    # when B edits A's draft, even giving nothing, and sends it to review
    b = writer(network.b)
    refused = [
        await refusal(
            reports.edit_report(
                b, network.draft.id, ReportChanges(covered_on=datetime.date(2020, 1, 1))
            )
        ),
        await refusal(reports.edit_report(b, network.draft.id, ReportChanges())),
        await refusal(reports.submit_report(b, network.draft.id)),
    ]

    # then each is refused
    message = "Only the organisation that wrote a report changes it."
    assert refused == [(Refusal.FORBIDDEN, message, "reportId")] * 3


@pytest.mark.parametrize(
    ("write", "status", "message"),
    [
        ("edit", "in_review", "The report is in review: only a draft can be edited."),
        ("edit", "published", "The report is published: only a draft can be edited."),
        (
            "submit",
            "in_review",
            "The report is in review: only a draft can be sent to review.",
        ),
        (
            "submit",
            "published",
            "The report is published: only a draft can be sent to review.",
        ),
    ],
)
async def test_only_a_draft_is_edited_or_sent_to_review(
    network: Network, write: str, status: str, message: str
) -> None:
    # given A's report in review, or published
    report: Report = getattr(network, status)
    a = writer(network.a)

    # when A edits it, or sends it to review
    refused = await refusal(
        reports.edit_report(a, report.id, ReportChanges(title={"en": "Changed"}))
        if write == "edit"
        else reports.submit_report(a, report.id)
    )

    # then
    assert refused == (Refusal.WRONG_STATUS, message, "reportId")


async def test_racing_submissions_are_one_submission(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given A's draft, sent to review by another request after this one read it as a draft
    read = reports.authored_report

    async def read_then_submitted(principal: Principal, report_id: int) -> Report:
        report = await read(principal, report_id)
        monkeypatch.setattr(reports, "authored_report", read)
        await reports.submit_report(principal, report_id)
        return report

    monkeypatch.setattr(reports, "authored_report", read_then_submitted)

    # when this request moves it
    refused = await said(reports.submit_report(writer(network.a), network.draft.id))

    # then it moved once
    assert refused == (Refusal.WRONG_STATUS, "The report moved on meanwhile.", "reportId")
    assert (await Report.get(id=network.draft.id)).status == IN_REVIEW
    assert await audit_log() == [logged(network.a, "report.submit", network.draft)]


@pytest.mark.parametrize(
    "write",
    [
        lambda a: reports.edit_report(a, 999_999, ReportChanges(title={"en": "T"})),
        lambda a: reports.submit_report(a, 999_999),
        lambda a: reports.review_report(a, 999_999, PUBLISH, None),
    ],
    ids=["edit", "submit", "review"],
)
async def test_an_unknown_report_is_not_found(
    network: Network, write: Callable[[Principal], Awaitable[Report]]
) -> None:
    refused = await refusal(write(factories.acting_for(network.a, *Scope)))
    assert refused == (Refusal.NOT_FOUND, "No report has this ID.", "reportId")


# reviewing


@pytest.mark.parametrize(
    ("note", "kept"),
    [(None, None), ("", None), (" \n ", None), ("  Well sourced.\n", "Well sourced.")],
    ids=["none", "empty", "blank", "said"],
)
async def test_another_member_publishes_a_report_in_review(
    network: Network, note: str | None, kept: str | None
) -> None:
    # given
    before, started = await stored(), clock.now()

    # when B publishes A's report in review, saying something or not
    published = await reports.review_report(
        reviewer(network.b), network.in_review.id, PUBLISH, note
    )

    # then it is published now, reviewed by B, with the note trimmed if any; logged once
    after = await stored()
    published_at = after[network.in_review.id]["published_at"]
    assert published_at is not None and started <= published_at <= clock.now()
    assert after == changed(
        before,
        network.in_review,
        status=PUBLISHED,
        published_at=published_at,
        reviewed_by_id=network.b.id,
        review_note=kept,
    )
    assert (published.status, published.review_note) == (PUBLISHED, kept)
    assert await audit_log() == [logged(network.b, "report.publish", network.in_review)]


async def test_a_reviewer_returns_a_report_to_its_author_saying_why(network: Network) -> None:
    # given
    before = await stored()

    # when B returns A's report in review with a note
    returned = await reports.review_report(
        reviewer(network.b), network.in_review.id, RETURN, "  Name your sources.  "
    )

    # then it is A's draft again, with B's note, trimmed; logged once
    assert await stored() == changed(
        before,
        network.in_review,
        status=DRAFT,
        reviewed_by_id=network.b.id,
        review_note="Name your sources.",
    )
    assert (returned.status, returned.review_note) == (DRAFT, "Name your sources.")
    assert await audit_log() == [logged(network.b, "report.return", network.in_review)]


@pytest.mark.parametrize("note", [None, "", " \n "], ids=["none", "empty", "blank"])
async def test_a_report_goes_back_only_with_a_note(network: Network, note: str | None) -> None:
    refused = await refusal(
        reports.review_report(reviewer(network.b), network.in_review.id, RETURN, note)
    )
    assert refused == (Refusal.INVALID, "Say in a note why the report goes back.", "note")


@pytest.mark.parametrize("decision", [PUBLISH, RETURN])
async def test_a_note_is_at_most_5000_characters(
    network: Network, decision: ReviewDecision
) -> None:
    # when B reviews A's report with a note of 5,001 characters, then of 5,000 between spaces
    b = reviewer(network.b)
    refused = await refusal(reports.review_report(b, network.in_review.id, decision, "x" * 5_001))
    await reports.review_report(b, network.in_review.id, decision, f" {'x' * 5_000}\n")

    # then the first is refused, the second kept, trimmed
    assert refused == (Refusal.INVALID, "A note has at most 5000 characters.", "note")
    assert (await Report.get(id=network.in_review.id)).review_note == "x" * 5_000


@pytest.mark.parametrize("status", ["draft", "in_review"])
async def test_nobody_reviews_its_own_report(network: Network, status: str) -> None:
    # when A reviews its own report, in review or not
    report: Report = getattr(network, status)
    refused = await refusal(reports.review_report(reviewer(network.a), report.id, PUBLISH, None))

    # then it is told another organisation reviews it
    assert refused == (
        Refusal.FORBIDDEN,
        "A report is reviewed by another organisation than the one that wrote it.",
        "reportId",
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("draft", "The report is a draft: only a report in review can be reviewed."),
        ("published", "The report is published: only a report in review can be reviewed."),
    ],
)
@pytest.mark.parametrize("decision", [PUBLISH, RETURN])
async def test_only_a_report_in_review_is_reviewed(
    network: Network, status: str, message: str, decision: ReviewDecision
) -> None:
    report: Report = getattr(network, status)
    refused = await refusal(
        reports.review_report(reviewer(network.c), report.id, decision, "A note.")
    )
    assert refused == (Refusal.WRONG_STATUS, message, "reportId")


async def test_a_review_racing_another_loses_without_writing(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given C publishing A's report, and B returning it after C read it in review
    read = reports._report

    async def read_then_returned(report_id: int) -> Report:
        report = await read(report_id)
        monkeypatch.setattr(reports, "_report", read)
        await reports.review_report(reviewer(network.b), report_id, RETURN, "Not yet.")
        return report

    monkeypatch.setattr(reports, "_report", read_then_returned)

    # when C's publication writes
    refused = await said(
        reports.review_report(reviewer(network.c), network.in_review.id, PUBLISH, None)
    )

    # then it is refused: B's return stands alone
    assert refused == (Refusal.WRONG_STATUS, "The report moved on meanwhile.", "reportId")
    row = (await stored())[network.in_review.id]
    assert (row["status"], row["reviewed_by_id"], row["review_note"], row["published_at"]) == (
        DRAFT,
        network.b.id,
        "Not yet.",
        None,
    )
    assert await audit_log() == [logged(network.b, "report.return", network.in_review)]


async def test_two_reviews_at_once_are_one_review(network: Network) -> None:
    # when B and C publish A's report at once
    answers = await asyncio.gather(
        reports.review_report(reviewer(network.b), network.in_review.id, PUBLISH, "B"),
        reports.review_report(reviewer(network.c), network.in_review.id, PUBLISH, "C"),
        return_exceptions=True,
    )

    # then one publishes it, the other is refused, and it is logged once
    published = [answer for answer in answers if isinstance(answer, Report)]
    refused = [answer for answer in answers if isinstance(answer, WriteRefused)]
    assert len(published) == len(refused) == 1
    assert refused[0].code == Refusal.WRONG_STATUS
    (entry,) = await audit_log()
    stored_row = (await stored())[network.in_review.id]
    assert (stored_row["status"], stored_row["reviewed_by_id"]) == (PUBLISHED, entry[0])


async def test_the_last_review_says_the_last_word(network: Network) -> None:
    # given A's report returned by B with a note, then sent to review again
    await reports.review_report(reviewer(network.b), network.in_review.id, RETURN, "Not yet.")
    await reports.submit_report(writer(network.a), network.in_review.id)

    # when C publishes it saying nothing
    await reports.review_report(reviewer(network.c), network.in_review.id, PUBLISH, None)

    # then C is its reviewer, and B's note is gone
    stored_row = (await stored())[network.in_review.id]
    assert (stored_row["status"], stored_row["reviewed_by_id"], stored_row["review_note"]) == (
        PUBLISHED,
        network.c.id,
        None,
    )
    assert [entry[2:4] for entry in await audit_log()] == [
        ("report.return", f"Report:{network.in_review.id}"),
        ("report.submit", f"Report:{network.in_review.id}"),
        ("report.publish", f"Report:{network.in_review.id}"),
    ]

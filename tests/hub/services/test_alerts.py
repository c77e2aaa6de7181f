"""The alerts archive's rules, called as the mutations call them: who files an alert and who
edits it, the day, country, types, texts and victims each is checked for (at their limits and
one past them), what an edit writes and leaves, the one audit entry of each write and the one
event of a filing (tests/auth/test_alert_writes.py files and edits through the graph, and
finds what was written with the archive's search; tests/hub/services/test_cases.py gathers
the cases a filed killing makes).

The limits are written out (300, not ``TITLE_MAX_LENGTH``): a test reading the module's own
constant would follow it wherever it went."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterable
from dataclasses import FrozenInstanceError, dataclass, fields, replace
from typing import Any

import pytest

from auth.principal import Principal
from auth.scopes import Scope
from hub import clock, db
from hub.db import transaction
from hub.events import Event, alert_filed
from hub.models import Alert, AuditEntry, Case, NetworkMembership, Organisation
from hub.models.alerts import Gender, PerpetratorType, VictimKind, ViolationType
from hub.models.cases import JusticeStatus
from hub.services import alerts, audit, checks
from hub.services.alerts import AlertChanges, AlertReport, Victim
from hub.services.cases import gather_cases
from hub.services.errors import Refusal
from tests import factories
from tests.hub.services.refusals import said as refusal

NOW = datetime.datetime(2024, 6, 15, 23, 30, tzinfo=datetime.UTC)
"""Late in the day in UTC: tomorrow is already today east of it."""
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)

REPORT = AlertReport(
    occurred_on=datetime.date(2024, 5, 3),
    country_code=" mx ",
    violations=[ViolationType.ATTACKED, ViolationType.THREATENED, ViolationType.ATTACKED],
    original_language="es",
    title={"es": "Periodista agredida en Veracruz", "en": "Journalist attacked in Veracruz"},
    body={"es": "La periodista Quetzalli Marandúa fue agredida."},
    perpetrator=PerpetratorType.CRIMINAL_GROUPS,
    victims=[
        Victim(VictimKind.JOURNALIST, "Quetzalli Marandúa", Gender.WOMAN),
        Victim(VictimKind.MEDIA_OUTLET, "Radio Tlacotalpan"),
    ],
)
"""A journalist and her radio station attacked in Veracruz, reported in Spanish."""

ROW = (
    "occurred_on",
    "reported_at",
    "edited_at",
    "country_id",
    "violations",
    "perpetrator",
    "title",
    "body",
    "original_language",
    "victims",
    "source_organisation_id",
    "case_id",
)
"""What an alert says, as its row keeps it."""

NOT_THE_SOURCE = (
    Refusal.FORBIDDEN,
    "Only the organisation that filed an alert edits it.",
    "alertId",
)


@dataclass
class Archive:
    member: Organisation
    """A network member, the source of ``filed``."""
    other: Organisation
    """Another network member."""
    outsider: Organisation
    """Not a network member."""
    filed: Alert
    """The member's alert: a journalist threatened in Mexico in March 2020, in English."""
    announced: list[Event]
    """What the writes published to the hub's subscribers."""


@pytest.fixture
async def archive(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Archive]:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    announced: list[Event] = []

    async def publish(events: Iterable[Event]) -> None:
        announced.extend(events)

    monkeypatch.setattr(alerts, "publish", publish)
    async with db.connected(database_url):
        member, other = await factories.organisations(2, member_since=datetime.date(2000, 1, 1))
        (outsider,) = await factories.organisations(1)
        yield Archive(member, other, outsider, await factories.alert(member), announced)


def acting_for(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.ALERTS_WRITE)


def report(**changes: Any) -> AlertReport:
    return replace(REPORT, **changes)


def row_of(alert: Alert) -> dict[str, Any]:
    return {name: getattr(alert, name) for name in ROW}


async def stored(alert_id: int) -> dict[str, Any]:
    return row_of(await Alert.get(id=alert_id))


async def logged(action: str) -> list[tuple[int | None, str | None, str, dict[str, Any]]]:
    """The audit entries of ``action``: by whom, through which client, of what, saying what."""
    entries = await AuditEntry.filter(action=action).order_by("id")
    assert all(entry.occurred_at == NOW for entry in entries)
    return [(e.organisation_id, e.client_id, e.subject, e.details) for e in entries]


async def nothing_written(archive: Archive) -> None:
    """The member's alert alone, as it was: no alert, audit entry, case or event written."""
    assert await Alert.all().count() == 1
    assert await stored(archive.filed.id) == row_of(archive.filed)
    assert await AuditEntry.all().count() == 0
    assert await Case.all().count() == 0
    assert archive.announced == []


async def edit(archive: Archive, **changes: Any) -> Alert:
    """The member's edit of its alert."""
    return await alerts.edit_alert(
        acting_for(archive.member), archive.filed.id, AlertChanges(**changes)
    )


async def gathered() -> None:
    async with transaction() as connection:
        await gather_cases(connection)


# filing


@pytest.mark.parametrize(
    "value",
    [REPORT, AlertChanges(), Victim(VictimKind.WRITER)],
    ids=["report", "changes", "victim"],
)
def test_a_report_its_changes_and_its_victims_are_values(value: object) -> None:
    # a report is checked, then written: nothing changes it in between
    with pytest.raises(FrozenInstanceError):
        setattr(value, fields(value)[0].name, None)  # type: ignore[arg-type]


async def test_a_member_files_an_alert_as_its_source(archive: Archive) -> None:
    # when the member files an alert
    filed = await alerts.file_alert(acting_for(archive.member), REPORT)

    # then it is in the archive as reported: the types once each, the victims as named
    assert await stored(filed.id) == row_of(filed)
    assert row_of(filed) == {
        "occurred_on": datetime.date(2024, 5, 3),
        "reported_at": NOW,
        "edited_at": None,
        "country_id": "MX",
        "violations": ["attacked", "threatened"],
        "perpetrator": PerpetratorType.CRIMINAL_GROUPS,
        "title": {"es": "Periodista agredida en Veracruz", "en": "Journalist attacked in Veracruz"},
        "body": {"es": "La periodista Quetzalli Marandúa fue agredida."},
        "original_language": "es",
        "victims": [
            {"name": "Quetzalli Marandúa", "kind": "journalist", "gender": "woman"},
            {"name": "Radio Tlacotalpan", "kind": "media-outlet", "gender": None},
        ],
        "source_organisation_id": archive.member.id,
        "case_id": None,
    }
    # and it is logged once, announced once to those following the country, and no case
    assert await logged("alert.file") == [
        (archive.member.id, f"client-of-{archive.member.slug}", f"Alert:{filed.id}", {})
    ]
    assert archive.announced == [alert_filed("MX", filed.id)]
    assert await Case.all().count() == 0


async def test_a_report_without_perpetrator_or_victims_names_none(archive: Archive) -> None:
    # when the member files what it knows: when, where, what
    filed = await alerts.file_alert(
        acting_for(archive.member),
        AlertReport(
            occurred_on=datetime.date(2024, 5, 3),
            country_code="MX",
            violations=[ViolationType.CENSORED],
            original_language="en",
            title={"en": "Weekly banned"},
            body={"en": "The weekly was banned."},
        ),
    )

    # then the perpetrator is unknown, and no victim is named
    stored_row = await stored(filed.id)
    assert (stored_row["perpetrator"], stored_row["victims"]) == (PerpetratorType.UNKNOWN, [])
    assert stored_row["violations"] == ["censored"]


async def test_a_victims_name_is_trimmed_and_an_empty_one_left_out(archive: Archive) -> None:
    # when the member names a victim with spaces around, one with spaces only, one not at all
    filed = await alerts.file_alert(
        acting_for(archive.member),
        report(
            victims=[
                Victim(VictimKind.JOURNALIST, "  Ana Reyes  ", Gender.NON_BINARY),
                Victim(VictimKind.BLOGGER, "   ", Gender.MAN),
                Victim(VictimKind.WRITER),
            ]
        ),
    )

    # then
    assert (await stored(filed.id))["victims"] == [
        {"name": "Ana Reyes", "kind": "journalist", "gender": "non-binary"},
        {"name": None, "kind": "blogger", "gender": "man"},
        {"name": None, "kind": "writer", "gender": None},
    ]


@pytest.mark.parametrize(
    "day",
    [datetime.date(1995, 1, 1), TODAY, TODAY + DAY],
    ids=["the archive's first day", "today", "tomorrow, today somewhere east"],
)
async def test_an_alert_happens_from_the_archives_first_day_to_today(
    archive: Archive, day: datetime.date
) -> None:
    filed = await alerts.file_alert(acting_for(archive.member), report(occurred_on=day))

    assert (await stored(filed.id))["occurred_on"] == day


async def test_texts_and_victims_at_their_limits_are_kept(archive: Archive) -> None:
    # given a title of 300 characters in each language, a body of 20,000, and 50 victims each
    # named in 200 characters (spaces around them are not part of the name)
    title = {"es": "t" * 300, "en": "e" * 300}
    body = {"es": "b" * 20_000, "en": "c" * 20_000}
    victims = [Victim(VictimKind.JOURNALIST, f"  {'n' * 200}  ")] * 50

    # when the member files them
    filed = await alerts.file_alert(
        acting_for(archive.member), report(title=title, body=body, victims=victims)
    )

    # then they are kept whole
    kept = await stored(filed.id)
    assert (kept["title"], kept["body"]) == (title, body)
    assert kept["victims"] == [{"name": "n" * 200, "kind": "journalist", "gender": None}] * 50


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        (
            {"occurred_on": datetime.date(1994, 12, 31)},
            ("The archive starts on 1995-01-01: 1994-12-31 is before.", "occurredOn"),
        ),
        (
            {"occurred_on": TODAY + 2 * DAY},
            ("2024-06-17 is in the future.", "occurredOn"),
        ),
        (
            {"country_code": "xx"},
            ("Not ISO 3166-1 alpha-2 country codes: XX.", "countryCode"),
        ),
        (
            {"violations": []},
            ("An alert names at least one violation type.", "violations"),
        ),
        (
            {"original_language": "fr"},
            ("The title is needed in the original language, 'fr'.", "title"),
        ),
        (
            {"body": {"es": "", "en": "An empty body in Spanish."}},
            ("The body is needed in the original language, 'es'.", "body"),
        ),
        (
            {"title": {"es": "t" * 301}},
            ("The title in 'es' has 301 characters: at most 300.", "title"),
        ),
        (
            {"title": {"es": "Agredida", "en": "e" * 301}},
            ("The title in 'en' has 301 characters: at most 300.", "title"),
        ),
        (
            {"body": {"es": "b" * 20_001}},
            ("The body in 'es' has 20001 characters: at most 20000.", "body"),
        ),
        (
            {"victims": [Victim(VictimKind.WRITER)] * 51},
            ("An alert names at most 50 victims.", "victims"),
        ),
        (
            {"victims": [Victim(VictimKind.JOURNALIST, "n" * 201)]},
            ("A victim's name has at most 200 characters.", "victims"),
        ),
        (
            {"victims": [Victim(VictimKind.MEDIA_OUTLET, "Radio X", Gender.MAN)]},
            ("A media outlet has no gender.", "victims"),
        ),
    ],
    ids=[
        "before the archive",
        "the day after tomorrow",
        "unknown country",
        "no violation",
        "no title in its language",
        "empty body in its language",
        "long title",
        "long translated title",
        "long body",
        "too many victims",
        "long victim name",
        "an outlet's gender",
    ],
)
async def test_a_report_that_breaks_a_rule_is_refused_and_not_filed(
    archive: Archive, changes: dict[str, Any], refused: tuple[str, str]
) -> None:
    # when the member files an alert that breaks a rule
    said = await refusal(alerts.file_alert(acting_for(archive.member), report(**changes)))

    # then it is refused, naming the field and why, and nothing was written or announced
    assert said == (Refusal.INVALID, *refused)
    await nothing_written(archive)


async def test_only_network_members_file_alerts(archive: Archive) -> None:
    # when an organisation outside the network files an alert
    said = await refusal(alerts.file_alert(acting_for(archive.outsider), REPORT))

    # then
    assert said == (Refusal.NOT_ELIGIBLE, "Only network members file alerts.", None)
    await nothing_written(archive)


@pytest.mark.parametrize(
    ("joined_on", "left_on", "files"),
    [
        (TODAY, None, True),
        (TODAY + DAY, None, False),
        (datetime.date(2000, 1, 1), TODAY + DAY, True),
        (datetime.date(2000, 1, 1), TODAY, False),
    ],
    ids=["joined today", "joins tomorrow", "leaves tomorrow", "left today"],
)
async def test_a_member_files_on_the_days_of_its_membership(
    archive: Archive, joined_on: datetime.date, left_on: datetime.date | None, files: bool
) -> None:
    # given the outsider's membership, from one day to another
    await NetworkMembership.create(
        organisation_id=archive.outsider.id, joined_on=joined_on, left_on=left_on
    )

    # when it files an alert today
    filing = alerts.file_alert(acting_for(archive.outsider), REPORT)

    # then it is filed only while its membership runs
    if files:
        filed = await filing
        assert filed.source_organisation_id == archive.outsider.id
    else:
        assert (await refusal(filing))[0] == Refusal.NOT_ELIGIBLE
    assert await Alert.filter(source_organisation_id=archive.outsider.id).count() == int(files)


async def test_a_filing_whose_audit_entry_fails_is_not_filed(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an audit log that fails to take the entry
    async def failing(*_: Any, **__: Any) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(audit, "record", failing)

    # when the member files the killing of a journalist (which makes a case at once)
    with pytest.raises(RuntimeError):
        await alerts.file_alert(
            acting_for(archive.member), report(violations=[ViolationType.KILLED])
        )

    # then neither the alert nor its case was written, and nothing was announced
    await nothing_written(archive)


# reading an alert to edit it


async def test_an_organisation_edits_only_the_alerts_it_filed(archive: Archive) -> None:
    # when the member, another member and an outsider ask for the member's alert
    own = await alerts.filed_alert(acting_for(archive.member), archive.filed.id)
    others = [
        await refusal(alerts.filed_alert(acting_for(organisation), archive.filed.id))
        for organisation in (archive.other, archive.outsider)
    ]

    # then the member has its alert; the others are refused
    assert own.id == archive.filed.id
    assert row_of(own) == row_of(archive.filed)
    assert others == [NOT_THE_SOURCE, NOT_THE_SOURCE]


async def test_another_organisations_edit_changes_nothing(archive: Archive) -> None:
    # when another member edits the member's alert
    said = await refusal(
        alerts.edit_alert(
            acting_for(archive.other), archive.filed.id, AlertChanges(title={"en": "Mine now"})
        )
    )

    # then
    assert said == NOT_THE_SOURCE
    await nothing_written(archive)


async def test_an_unknown_alert_is_not_found(archive: Archive) -> None:
    said = await refusal(
        alerts.edit_alert(
            acting_for(archive.member),
            archive.filed.id + 1,
            AlertChanges(perpetrator=PerpetratorType.UNKNOWN),
        )
    )

    assert said == (Refusal.NOT_FOUND, "No alert has this ID.", "alertId")
    await nothing_written(archive)


# editing


async def test_the_source_edits_everything_it_is_given(archive: Archive) -> None:
    # when the member corrects its alert's day, country, types, perpetrator, texts, victims
    edited = await edit(
        archive,
        occurred_on=datetime.date(2019, 12, 30),
        country_code="dz",
        perpetrator=PerpetratorType.JUDICIAL_AUTHORITIES,
        title={"en": "Blogger charged by the court", "fr": "Blogueuse inculpée"},
        body={"en": "The blogger was charged."},
        violations=[ViolationType.LEGAL_ACTION],
        victims=[Victim(VictimKind.BLOGGER, "Amel Bensaïd", Gender.WOMAN)],
    )

    # then the alert says so, stamped as edited, still reported when it was and by whom
    assert await stored(archive.filed.id) == row_of(edited)
    assert row_of(edited) == {
        **row_of(archive.filed),
        "occurred_on": datetime.date(2019, 12, 30),
        "edited_at": NOW,
        "country_id": "DZ",
        "violations": ["legal-action"],
        "perpetrator": PerpetratorType.JUDICIAL_AUTHORITIES,
        "title": {"en": "Blogger charged by the court", "fr": "Blogueuse inculpée"},
        "body": {"en": "The blogger was charged."},
        "victims": [{"name": "Amel Bensaïd", "kind": "blogger", "gender": "woman"}],
    }
    # and it is logged once, naming what was asked in the order of AlertChanges; an edit
    # announces nothing
    assert await logged("alert.edit") == [
        (
            archive.member.id,
            f"client-of-{archive.member.slug}",
            f"Alert:{archive.filed.id}",
            {
                "fields": [
                    "occurred_on",
                    "country_code",
                    "violations",
                    "perpetrator",
                    "title",
                    "body",
                    "victims",
                ]
            },
        )
    ]
    assert archive.announced == []


@pytest.mark.parametrize(
    ("asked", "value", "written"),
    [
        ("occurred_on", datetime.date(1995, 1, 1), {"occurred_on": datetime.date(1995, 1, 1)}),
        ("occurred_on", TODAY + DAY, {"occurred_on": TODAY + DAY}),
        ("country_code", " gt ", {"country_id": "GT"}),
        (
            "violations",
            [ViolationType.HARASSED, ViolationType.SURVEILLANCE, ViolationType.HARASSED],
            {"violations": ["harassed", "surveillance"]},
        ),
        (
            "perpetrator",
            PerpetratorType.STATE_SECURITY_FORCES,
            {"perpetrator": PerpetratorType.STATE_SECURITY_FORCES},
        ),
        ("title", {"en": "t" * 300}, {"title": {"en": "t" * 300}}),
        ("body", {"en": "b" * 20_000}, {"body": {"en": "b" * 20_000}}),
        (
            "victims",
            [Victim(VictimKind.ACTIVIST, " Ana ", Gender.WOMAN)] * 50,
            {"victims": [{"name": "Ana", "kind": "activist", "gender": "woman"}] * 50},
        ),
        ("victims", [], {"victims": []}),
    ],
    ids=[
        "the archive's first day",
        "tomorrow",
        "country",
        "violations",
        "perpetrator",
        "title at its limit",
        "body at its limit",
        "victims at their limit",
        "no victims",
    ],
)
async def test_an_edit_changes_only_what_it_names(
    archive: Archive, asked: str, value: Any, written: dict[str, Any]
) -> None:
    # when the member changes one thing of its alert
    edited = await edit(archive, **{asked: value})

    # then that alone changed, the alert is stamped as edited, and the log names it
    assert await stored(archive.filed.id) == {**row_of(archive.filed), **written, "edited_at": NOW}
    assert row_of(edited) == await stored(archive.filed.id)
    assert [details for *_, details in await logged("alert.edit")] == [{"fields": [asked]}]


async def test_an_edit_asking_nothing_writes_nothing(archive: Archive) -> None:
    # when the member edits its alert, naming nothing to change
    edited = await edit(archive)

    # then it has its alert back, not stamped as edited, and nothing is logged
    assert edited.id == archive.filed.id
    assert row_of(edited) == row_of(archive.filed)
    await nothing_written(archive)


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        (
            {"occurred_on": datetime.date(1994, 12, 31)},
            ("The archive starts on 1995-01-01: 1994-12-31 is before.", "occurredOn"),
        ),
        ({"occurred_on": TODAY + 2 * DAY}, ("2024-06-17 is in the future.", "occurredOn")),
        ({"country_code": "XX"}, ("Not ISO 3166-1 alpha-2 country codes: XX.", "countryCode")),
        ({"violations": []}, ("An alert names at least one violation type.", "violations")),
        (
            {"title": {"fr": "Journaliste menacé"}},
            ("The title is needed in the original language, 'en'.", "title"),
        ),
        (
            {"body": {"fr": "Un journaliste a été menacé."}},
            ("The body is needed in the original language, 'en'.", "body"),
        ),
        (
            {"title": {"en": "Threatened", "fr": "t" * 301}},
            ("The title in 'fr' has 301 characters: at most 300.", "title"),
        ),
        (
            {"body": {"en": "b" * 20_001}},
            ("The body in 'en' has 20001 characters: at most 20000.", "body"),
        ),
        (
            {"victims": [Victim(VictimKind.WRITER)] * 51},
            ("An alert names at most 50 victims.", "victims"),
        ),
        (
            {"victims": [Victim(VictimKind.WRITER, "n" * 201)]},
            ("A victim's name has at most 200 characters.", "victims"),
        ),
        (
            {"victims": [Victim(VictimKind.MEDIA_OUTLET, "Radio X", Gender.WOMAN)]},
            ("A media outlet has no gender.", "victims"),
        ),
    ],
    ids=[
        "before the archive",
        "the day after tomorrow",
        "unknown country",
        "no violation",
        "title not in its language",
        "body not in its language",
        "long translated title",
        "long body",
        "too many victims",
        "long victim name",
        "an outlet's gender",
    ],
)
async def test_an_edit_that_breaks_a_rule_changes_nothing(
    archive: Archive, changes: dict[str, Any], refused: tuple[str, str]
) -> None:
    # when the member corrects its alert's perpetrator, and breaks a rule in the same edit
    said = await refusal(edit(archive, perpetrator=PerpetratorType.PRIVATE_ACTORS, **changes))

    # then the whole edit is refused, naming the field and why
    assert said == (Refusal.INVALID, *refused)
    await nothing_written(archive)


async def test_an_edit_keeps_what_another_write_changed_meanwhile(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another write of the alert's types and victims, saved while this edit checks
    # its country (after it read the alert, before it writes)
    check_countries = checks.known_countries

    async def meanwhile(codes: list[str], field: str) -> list[str]:
        await Alert.filter(id=archive.filed.id).update(violations=["arrested"], victims=[])
        return await check_countries(codes, field)

    monkeypatch.setattr(alerts, "known_countries", meanwhile)

    # when this edit changes the country and the perpetrator
    await edit(archive, country_code="GT", perpetrator=PerpetratorType.GOVERNMENT_OFFICIALS)

    # then the other write's types and victims stand beside this edit's country and perpetrator
    assert await stored(archive.filed.id) == {
        **row_of(archive.filed),
        "edited_at": NOW,
        "country_id": "GT",
        "perpetrator": PerpetratorType.GOVERNMENT_OFFICIALS,
        "violations": ["arrested"],
        "victims": [],
    }


@pytest.mark.parametrize(("edited", "other"), [("body", "title"), ("title", "body")])
async def test_an_edit_of_one_text_keeps_the_other_changed_meanwhile(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, edited: str, other: str
) -> None:
    # given another write of the alert's other text, saved while this edit checks its country
    check_countries = checks.known_countries

    async def meanwhile(codes: list[str], field: str) -> list[str]:
        await Alert.filter(id=archive.filed.id).update(**{other: {"en": "Changed meanwhile"}})
        return await check_countries(codes, field)

    monkeypatch.setattr(alerts, "known_countries", meanwhile)

    # when this edit changes the country and one text
    await edit(archive, country_code="GT", **{edited: {"en": "Corrected"}})

    # then both texts stand: this edit's, and the other write's
    row = await stored(archive.filed.id)
    assert (row[edited], row[other]) == ({"en": "Corrected"}, {"en": "Changed meanwhile"})


async def test_an_edit_of_an_alert_in_a_case_brings_its_case_in_line(archive: Archive) -> None:
    # given the member's threat, a lawsuit that follows it, and the case they make
    await factories.alert(
        archive.member,
        occurred_on=datetime.date(2020, 4, 1),
        violations=["legal-action"],
        follows=archive.filed,
    )
    await gathered()

    # when the member corrects the threat's day and country
    await edit(archive, occurred_on=datetime.date(2020, 2, 29), country_code="GT")

    # then the case opened on the corrected day, in the corrected country
    (case,) = await Case.all()
    assert (case.opened_on, case.country_id) == (datetime.date(2020, 2, 29), "GT")


async def test_an_edit_that_makes_an_alert_a_killing_makes_it_a_case(archive: Archive) -> None:
    # when the member corrects its alert: the journalist threatened was killed
    await edit(archive, violations=[ViolationType.KILLED])

    # then the killing is a case of its own, unresolved
    (case,) = await Case.all()
    assert (await Alert.get(id=archive.filed.id)).case_id == case.id
    assert (case.killing, case.justice, case.opened_on) == (
        True,
        JusticeStatus.UNRESOLVED,
        datetime.date(2020, 3, 1),
    )

    # when it corrects it back: the journalist was attacked
    await edit(archive, violations=[ViolationType.ATTACKED])

    # then there is no case any more
    assert await Case.all().count() == 0
    assert (await Alert.get(id=archive.filed.id)).case_id is None


async def test_an_edit_whose_audit_entry_fails_changes_nothing(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an audit log that fails to take the entry
    async def failing(*_: Any, **__: Any) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(audit, "record", failing)

    # when the member corrects its alert into a killing (which would make a case)
    with pytest.raises(RuntimeError):
        await edit(archive, violations=[ViolationType.KILLED], title={"en": "Killed"})

    # then neither the alert nor a case was written
    await nothing_written(archive)

"""Filing and editing alerts: each allowed and denied, checked by the rules, audited once, and
found by the archive's search as soon as it is written."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import GlobalID

from hub import clock
from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub
from tests.databases import fill

FILE = """mutation($input: FileAlertInput!) {
  fileAlert(input: $input) {
    alert {
      id occurredOn reportedAt editedAt perpetrator violations originalLanguage languages
      title { text language } body { text }
      country { code } sourceOrganisation { slug }
      victims { name kind gender }
    }
    errors { code field message }
  }
}"""
EDIT = """mutation($input: EditAlertInput!) {
  editAlert(input: $input) {
    alert {
      id occurredOn editedAt violations perpetrator title { text } country { code }
      victims { name }
    }
    errors { code field message }
  }
}"""
FOUND = """query($filter: AlertFilter) {
  alerts(filter: $filter) { totalCount nodes { id } }
}"""


def new_alert(**changes: Any) -> dict[str, Any]:
    return {
        "occurredOn": "2024-05-03",
        "countryCode": "mx",
        "violations": ["ATTACKED", "THREATENED", "ATTACKED"],
        "perpetrator": "CRIMINAL_GROUPS",
        "originalLanguage": "es",
        "title": [
            {"language": "es", "text": "Periodista agredida en Veracruz"},
            {"language": "en", "text": "Journalist attacked in Veracruz"},
        ],
        "body": [{"language": "es", "text": "La periodista Quetzalli Marandúa fue agredida."}],
        "victims": [
            {"name": "Quetzalli Marandúa", "kind": "JOURNALIST", "gender": "WOMAN"},
            {"name": "Radio Tlacotalpan", "kind": "MEDIA_OUTLET"},
        ],
        **changes,
    }


@dataclass
class Setting:
    hub: WritingHub
    filed_by_a: str = ""
    """An alert member A filed before the tests, about Tunisia."""

    def file(self, token: str, **changes: Any) -> Any:
        return self.hub.payload(FILE, "fileAlert", token, input=new_alert(**changes))

    def edit(self, token: str, alert: str, **changes: Any) -> Any:
        return self.hub.payload(EDIT, "editAlert", token, input={"alertId": alert, **changes})

    def found(self, **filter: Any) -> list[str]:
        answer = self.hub.payload(FOUND, "alerts", None, filter=filter)
        assert answer["totalCount"] == len(answer["nodes"])
        return [node["id"] for node in answer["nodes"]]


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    filed: list[str] = []

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a = await Organisation.get(id=network.members[0].organisation_id)
        alert = await factories.alert(
            a, country_id="TN", title={"en": "Blogger summoned by the prosecutor"}
        )
        filed.append(str(GlobalID("Alert", str(alert.id))))

    with writing_hub(database_url, "alerts:write statements:sign", build) as hub:
        yield Setting(hub, filed[0])


def subject(alert_id: str) -> str:
    """The audit log's name for the alert of a global ID."""
    return f"Alert:{GlobalID.from_id(alert_id).node_id}"


def refusals(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in result["errors"]]


def test_a_member_files_an_alert_as_its_source(setting: Setting) -> None:
    # given member A's token with alerts:write
    token = setting.hub.token(0)

    # when it files an alert
    result = setting.file(token)

    # then the alert is in the archive, with A as its source, as filed
    assert result["errors"] == []
    alert = result["alert"]
    assert alert["sourceOrganisation"] == {"slug": setting.hub.network.members[0].slug}
    assert alert["country"] == {"code": "MX"}
    assert alert["occurredOn"] == "2024-05-03"
    assert alert["violations"] == ["ATTACKED", "THREATENED"]
    assert alert["perpetrator"] == "CRIMINAL_GROUPS"
    assert alert["title"] == {"text": "Periodista agredida en Veracruz", "language": "es"}
    assert alert["languages"] == ["es", "en"]
    assert alert["victims"] == [
        {"name": "Quetzalli Marandúa", "kind": "JOURNALIST", "gender": "WOMAN"},
        {"name": "Radio Tlacotalpan", "kind": "MEDIA_OUTLET", "gender": None},
    ]
    assert alert["editedAt"] is None
    assert alert["reportedAt"][:10] == clock.today().isoformat()
    # and it is logged once, naming the token that wrote it
    (entry,) = setting.hub.audit_log("alert.file")
    assert entry["subject"] == subject(alert["id"])
    assert entry["organisation"] == {"slug": setting.hub.network.members[0].slug}


def test_a_filed_alert_is_found_at_once_by_its_words_types_and_day(setting: Setting) -> None:
    # when A files an alert
    alert = setting.file(setting.hub.token(0))["alert"]["id"]

    # then the archive finds it by a word of any of its languages, by type, country and day
    assert setting.found(search="agredida") == [alert]
    assert setting.found(search="VERACRUZ journalist") == [alert]
    assert setting.found(search="Marandúa") == [alert]
    assert setting.found(violations=["THREATENED"], occurred={"since": "2024-05-03"}) == [alert]
    assert setting.found(countries=["MX"], occurred={"until": "2024-05-03"}) == [alert]
    assert setting.found(occurred={"since": "2024-05-03", "until": "2024-05-03"}) == [alert]
    assert len(setting.found()) == 2


def test_the_source_organisation_edits_its_alert(setting: Setting) -> None:
    # given A's alert, filed in 2020 about Tunisia, found by its words
    token, alert = setting.hub.token(0), setting.filed_by_a
    assert setting.found(search="prosecutor") == [alert]

    # when A corrects its day, country, types, perpetrator, title and victims
    result = setting.edit(
        token,
        alert,
        occurredOn="2019-12-30",
        countryCode="DZ",
        violations=["LEGAL_ACTION"],
        perpetrator="JUDICIAL_AUTHORITIES",
        title=[{"language": "en", "text": "Blogger charged by the court"}],
        victims=[{"name": "Amel Bensaïd", "kind": "BLOGGER"}],
    )

    # then the alert is as corrected, and logged once
    assert result["errors"] == []
    edited = result["alert"]
    assert edited["occurredOn"] == "2019-12-30"
    assert edited["country"] == {"code": "DZ"}
    assert edited["violations"] == ["LEGAL_ACTION"]
    assert edited["perpetrator"] == "JUDICIAL_AUTHORITIES"
    assert edited["title"] == {"text": "Blogger charged by the court"}
    assert edited["victims"] == [{"name": "Amel Bensaïd"}]
    assert edited["editedAt"] is not None
    (entry,) = setting.hub.audit_log("alert.edit")
    assert entry["subject"] == subject(alert)
    # and the archive finds it by what it now says, no longer by what it said
    assert setting.found(search="prosecutor") == []
    assert setting.found(search="charged court") == [alert]
    assert setting.found(violations=["THREATENED"]) == []
    assert setting.found(violations=["LEGAL_ACTION"], occurred={"since": "2019-12-30"}) == [alert]
    assert setting.found(countries=["TN"]) == []
    assert setting.found(countries=["DZ"], occurred={"until": "2019-12-31"}) == [alert]
    assert setting.found(occurred={"since": "2020-01-01"}) == []
    assert setting.found(occurred={"until": "2019-12-31"}) == [alert]


def test_an_edit_asking_nothing_writes_nothing(setting: Setting) -> None:
    result = setting.edit(setting.hub.token(0), setting.filed_by_a)

    assert result["errors"] == [] and result["alert"]["editedAt"] is None
    assert setting.hub.audit_log("alert.edit") == []


def test_another_organisation_cannot_edit_an_alert(setting: Setting) -> None:
    # when B edits the alert A filed
    result = setting.edit(
        setting.hub.token(1), setting.filed_by_a, title=[{"language": "en", "text": "Mine now"}]
    )

    # then FORBIDDEN, and nothing was written
    assert result["alert"] is None
    assert refusals(result) == [("FORBIDDEN", "alertId")]
    assert setting.hub.audit_log("alert.edit") == []
    assert setting.found(search="prosecutor") == [setting.filed_by_a]


@pytest.mark.parametrize(
    ("alert_id", "code"),
    [
        (str(GlobalID("Alert", "999999")), "NOT_FOUND"),
        (str(GlobalID("Statement", "1")), "INVALID"),
        ("not-an-id", "INVALID"),
    ],
    ids=["missing", "another type", "malformed"],
)
def test_an_edit_names_an_alert(setting: Setting, alert_id: str, code: str) -> None:
    result = setting.edit(setting.hub.token(0), alert_id, perpetrator="UNKNOWN")

    assert refusals(result) == [(code, "alertId")]


def test_only_current_members_file_alerts(setting: Setting, database_url: str) -> None:
    # given member A's token, and then A leaving the network
    token = setting.hub.token(0)

    async def depart() -> None:
        from hub.models import NetworkMembership

        yesterday = clock.today() - datetime.timedelta(days=1)
        await NetworkMembership.filter(
            organisation_id=setting.hub.network.members[0].organisation_id
        ).update(left_on=yesterday)

    fill(database_url, depart)

    # when its token files an alert
    result = setting.file(token)

    # then it is refused: only members file alerts
    assert result["alert"] is None
    assert refusals(result) == [("NOT_ELIGIBLE", None)]
    assert setting.hub.audit_log("alert.file") == []


TOMORROW_BUT_ONE = (clock.today() + datetime.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occurredOn": "1994-12-31"}, "occurredOn", "The archive starts on 1995-01-01"),
        ({"occurredOn": TOMORROW_BUT_ONE}, "occurredOn", "is in the future"),
        ({"countryCode": "XX"}, "countryCode", "Not ISO 3166-1 alpha-2 country codes: XX"),
        ({"violations": []}, "violations", "at least one violation type"),
        ({"originalLanguage": "fr"}, "title", "needed in the original language, 'fr'"),
        ({"body": [{"language": "es", "text": "   "}]}, "body", "original language"),
        ({"title": [{"language": "es", "text": "x" * 301}]}, "title", "at most 300"),
        (
            {"title": [{"language": "es", "text": "Uno"}, {"language": "es", "text": "Dos"}]},
            "title",
            "Two texts in 'es'",
        ),
        (
            {"victims": [{"kind": "MEDIA_OUTLET", "name": "Radio X", "gender": "MAN"}]},
            "victims",
            "A media outlet has no gender",
        ),
        ({"victims": [{"kind": "JOURNALIST", "name": "n" * 201}]}, "victims", "at most 200"),
        ({"victims": [{"kind": "WRITER"}] * 51}, "victims", "at most 50 victims"),
    ],
    ids=[
        "before the archive",
        "in the future",
        "unknown country",
        "no violation",
        "no text in its language",
        "empty body",
        "long title",
        "two titles in one language",
        "an outlet's gender",
        "long name",
        "too many victims",
    ],
)
def test_an_alert_that_breaks_a_rule_is_refused(
    setting: Setting, changes: dict[str, Any], field: str, message: str
) -> None:
    # when A files an alert that breaks a rule
    result = setting.file(setting.hub.token(0), **changes)

    # then it is refused, naming the field and why, and nothing was written
    assert result["alert"] is None
    assert refusals(result) == [("INVALID", field)]
    assert message in result["errors"][0]["message"]
    assert setting.hub.audit_log("alert.file") == []
    assert len(setting.found()) == 1


def test_an_edit_that_breaks_a_rule_changes_nothing(setting: Setting) -> None:
    result = setting.edit(
        setting.hub.token(0),
        setting.filed_by_a,
        title=[{"language": "fr", "text": "Sans anglais"}],
        occurredOn="2021-01-01",
    )

    assert refusals(result) == [("INVALID", "title")]
    assert setting.found(search="prosecutor", occurred={"until": "2020-12-31"}) == [
        setting.filed_by_a
    ]


def test_unknown_vocabulary_is_refused_before_anything_runs(setting: Setting) -> None:
    body = setting.hub.ask(FILE, setting.hub.token(0), input=new_alert(violations=["INSULTED"]))

    assert body.get("data") is None
    assert "ViolationType" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("mutation", "variables"),
    [
        (FILE, {"input": new_alert()}),
        (EDIT, {"input": {"alertId": str(GlobalID("Alert", "1")), "perpetrator": "UNKNOWN"}}),
    ],
    ids=["fileAlert", "editAlert"],
)
def test_without_alerts_write_the_error_names_it(
    setting: Setting, mutation: str, variables: dict[str, Any]
) -> None:
    # given a token of A holding only statements:sign
    token = setting.hub.token(0, scope="statements:sign")

    # when it files or edits an alert
    error = setting.hub.refusal(mutation, token, **variables)

    # then FORBIDDEN, naming the scope, and nothing was written
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "alerts:write" in error["message"]
    assert len(setting.found()) == 1

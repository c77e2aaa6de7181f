"""Special reports: a member drafts, edits and sends its own report to review; a reviewer of
another organisation publishes or returns it; only published reports are public, in the
graph and as a page. Each write allowed and denied, and audited once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import GlobalID

from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub

DRAFT = """mutation($input: DraftReportInput!) {
  draftReport(input: $input) {
    report {
      id slug status coveredOn publishedAt title { text language } summary { text }
      organisation { slug } countries { nodes { code } } campaigns { nodes { slug } }
      alerts { totalCount nodes { id } }
    }
    errors { code field message }
  }
}"""
EDIT = """mutation($input: EditReportInput!) {
  editReport(input: $input) {
    report { status title { text } countries { nodes { code } } }
    errors { code field message }
  }
}"""
SUBMIT = """mutation($id: ID!) {
  submitReport(input: {reportId: $id}) { report { status } errors { code field message } }
}"""
REVIEW = """mutation($id: ID!, $decision: ReviewDecision!, $note: String) {
  reviewReport(input: {reportId: $id, decision: $decision, note: $note}) {
    report { status publishedAt } errors { code field message }
  }
}"""
PUBLIC = """query($slug: String!, $id: ID!) {
  reports { totalCount nodes { slug } }
  report(slug: $slug) { slug }
  node(id: $id) { id }
  nodes(ids: [$id]) { id }
}"""


@dataclass
class Setting:
    hub: WritingHub
    campaign: str = ""
    alert: str = ""

    def draft(self, token: str, **changes: Any) -> Any:
        report = {
            "slug": "impunity-report-2026",
            "originalLanguage": "en",
            "title": [
                {"language": "en", "text": "Ten years of impunity"},
                {"language": "ar", "text": "عشر سنوات من الإفلات من العقاب"},
            ],
            "summary": [{"language": "en", "text": "Nine killings in ten go unpunished."}],
            "body": [{"language": "en", "text": "First part.\n\nSecond part."}],
            "coveredOn": "2026-11-02",
            "countryCodes": ["mx", "PH"],
            "campaigns": [self.campaign],
            "alertIds": [self.alert],
            **changes,
        }
        return self.hub.payload(DRAFT, "draftReport", token, input=report)

    def edit(self, token: str, report: str, **changes: Any) -> Any:
        return self.hub.payload(EDIT, "editReport", token, input={"reportId": report, **changes})

    def submit(self, token: str, report: str) -> Any:
        return self.hub.payload(SUBMIT, "submitReport", token, id=report)

    def review(self, token: str, report: str, decision: str, note: str | None = None) -> Any:
        return self.hub.payload(
            REVIEW, "reviewReport", token, id=report, decision=decision, note=note
        )

    def seen(self, slug: str, report: str) -> dict[str, Any]:
        body = self.hub.ask(PUBLIC, None, slug=slug, id=report)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    made: list[str] = []

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a = await Organisation.get(id=network.members[0].organisation_id)
        campaign = await factories.campaign()
        alert = await factories.alert(a, occurred_on=datetime.date(2026, 3, 1))
        made.extend([campaign.slug, str(GlobalID("Alert", str(alert.id)))])

    with writing_hub(database_url, "reports:write reports:review", build) as hub:
        yield Setting(hub, made[0], made[1])


def refusals(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(error["code"], error["field"]) for error in result["errors"]]


def subject(report_id: str) -> str:
    return f"Report:{GlobalID.from_id(report_id).node_id}"


def test_a_member_drafts_edits_and_submits_its_report(setting: Setting) -> None:
    # given member A's token with reports:write
    token = setting.hub.token(0)

    # when it drafts a report
    drafted = setting.draft(token)

    # then the draft is A's, with what it covers and cites, and logged once
    assert drafted["errors"] == []
    report = drafted["report"]
    assert report["status"] == "DRAFT"
    assert report["publishedAt"] is None
    assert report["organisation"] == {"slug": setting.hub.network.members[0].slug}
    assert report["countries"] == {"nodes": [{"code": "MX"}, {"code": "PH"}]}
    assert report["campaigns"] == {"nodes": [{"slug": setting.campaign}]}
    assert report["alerts"] == {"totalCount": 1, "nodes": [{"id": setting.alert}]}
    (entry,) = setting.hub.audit_log("report.draft")
    assert entry["subject"] == subject(report["id"])

    # when A edits it, then sends it to review
    edited = setting.edit(
        token,
        report["id"],
        title=[{"language": "en", "text": "A decade of impunity"}],
        countryCodes=["TN"],
    )
    submitted = setting.submit(token, report["id"])

    # then the draft changed, and is in review
    assert edited["errors"] == []
    assert edited["report"]["title"] == {"text": "A decade of impunity"}
    assert edited["report"]["countries"] == {"nodes": [{"code": "TN"}]}
    assert submitted == {"report": {"status": "IN_REVIEW"}, "errors": []}
    assert len(setting.hub.audit_log("report.submit")) == 1
    # and a report in review is no longer edited
    late = setting.edit(token, report["id"], coveredOn="2026-11-03")
    assert refusals(late) == [("WRONG_STATUS", "reportId")]


def test_another_organisation_cannot_change_a_report(setting: Setting) -> None:
    # given A's draft
    report = setting.draft(setting.hub.token(0))["report"]["id"]

    # when B edits it and sends it to review
    edited = setting.edit(setting.hub.token(1), report, coveredOn="2020-01-01")
    submitted = setting.submit(setting.hub.token(1), report)

    # then both are refused, and nothing changed
    assert refusals(edited) == [("FORBIDDEN", "reportId")]
    assert refusals(submitted) == [("FORBIDDEN", "reportId")]
    assert edited["report"] is None
    assert setting.hub.audit_log("report.edit") == []
    assert setting.hub.audit_log("report.submit") == []


def test_without_reports_write_the_error_names_it(setting: Setting) -> None:
    # given a token of A holding reports:review alone
    token = setting.hub.token(0, scope="reports:review")

    # when it drafts a report, the request is refused before anything runs
    error = setting.hub.refusal(
        DRAFT,
        token,
        input={
            "slug": "x",
            "originalLanguage": "en",
            "title": [],
            "summary": [],
            "body": [],
            "coveredOn": "2026-01-01",
        },
    )

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["missingScopes"] == ["reports:write"]
    assert "reports:write" in error["message"]
    anonymous = setting.hub.refusal(SUBMIT, None, id="UmVwb3J0OjE=")
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"


def test_another_member_reviews_and_publishes_a_report(setting: Setting) -> None:
    # given A's report, sent to review
    report = setting.draft(setting.hub.token(0))["report"]["id"]
    setting.submit(setting.hub.token(0), report)

    # when B, holding reports:review, publishes it
    published = setting.review(setting.hub.token(1, scope="reports:review"), report, "PUBLISH")

    # then it is published, public, and logged once
    assert published["errors"] == []
    assert published["report"]["status"] == "PUBLISHED"
    assert published["report"]["publishedAt"] is not None
    seen = setting.seen("impunity-report-2026", report)
    assert seen["reports"] == {"totalCount": 1, "nodes": [{"slug": "impunity-report-2026"}]}
    assert seen["report"] == {"slug": "impunity-report-2026"}
    assert seen["node"] == {"id": report}
    assert seen["nodes"] == [{"id": report}]
    assert len(setting.hub.audit_log("report.publish")) == 1
    # and a published report is reviewed no more
    again = setting.review(setting.hub.token(1), report, "PUBLISH")
    assert refusals(again) == [("WRONG_STATUS", "reportId")]


def test_nobody_reviews_their_own_organisations_report(setting: Setting) -> None:
    report = setting.draft(setting.hub.token(0))["report"]["id"]
    setting.submit(setting.hub.token(0), report)

    # when A reviews its own report
    result = setting.review(setting.hub.token(0), report, "PUBLISH")

    # then it is refused and stays in review, unseen
    assert refusals(result) == [("FORBIDDEN", "reportId")]
    assert setting.seen("impunity-report-2026", report)["report"] is None
    assert setting.hub.audit_log("report.publish") == []


def test_without_reports_review_the_error_names_it(setting: Setting) -> None:
    report = setting.draft(setting.hub.token(0))["report"]["id"]
    setting.submit(setting.hub.token(0), report)

    # when B's token holding reports:write alone reviews it
    error = setting.hub.refusal(
        REVIEW, setting.hub.token(1, scope="reports:write"), id=report, decision="PUBLISH"
    )

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["missingScopes"] == ["reports:review"]
    assert setting.seen("impunity-report-2026", report)["report"] is None


def test_a_returned_report_needs_a_note_and_is_a_draft_again(setting: Setting) -> None:
    report = setting.draft(setting.hub.token(0))["report"]["id"]
    setting.submit(setting.hub.token(0), report)
    reviewer = setting.hub.token(1)

    # a return without a note is refused
    assert refusals(setting.review(reviewer, report, "RETURN")) == [("INVALID", "note")]
    # with one, the report is A's draft again, which A edits
    returned = setting.review(reviewer, report, "RETURN", note="Cite the 2024 alerts too.")
    assert returned == {"report": {"status": "DRAFT", "publishedAt": None}, "errors": []}
    assert setting.edit(setting.hub.token(0), report, coveredOn="2026-11-03")["errors"] == []
    assert len(setting.hub.audit_log("report.return")) == 1


def test_unpublished_reports_are_not_public(setting: Setting) -> None:
    # given A's draft, then the same report in review
    report = setting.draft(setting.hub.token(0))["report"]["id"]

    for _ in ("draft", "in review"):
        # then no public read finds it: not listed, not by slug, not by ID, no page
        seen = setting.seen("impunity-report-2026", report)
        assert seen == {
            "reports": {"totalCount": 0, "nodes": []},
            "report": None,
            "node": None,
            "nodes": [None],
        }
        assert setting.hub.client.get("/reports/impunity-report-2026").status_code == 404
        setting.submit(setting.hub.token(0), report)


def test_a_report_that_breaks_a_rule_is_refused(setting: Setting) -> None:
    token = setting.hub.token(0)
    cases = [
        ({"slug": "Not A Slug"}, ("INVALID", "slug")),
        ({"originalLanguage": "fr"}, ("INVALID", "title")),
        ({"countryCodes": ["ZZ"]}, ("INVALID", "countries")),
        ({"campaigns": ["no-such-campaign"]}, ("NOT_FOUND", "campaigns")),
        ({"alertIds": ["QWxlcnQ6OTk5OTk="]}, ("NOT_FOUND", "alerts")),
        ({"alertIds": ["not-an-id"]}, ("INVALID", "alertIds")),
    ]
    for changes, refusal in cases:
        assert refusals(setting.draft(token, **changes)) == [refusal], changes
    setting.draft(token)
    assert refusals(setting.draft(token)) == [("CONFLICT", "slug")]
    assert len(setting.hub.audit_log("report.draft")) == 1

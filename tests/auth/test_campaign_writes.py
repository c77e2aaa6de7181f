"""Creating and editing campaigns: each allowed and denied, checked by the rules, audited once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.relay import GlobalID

from tests import factories
from tests.auth.network import AuthNetwork, WritingHub, writing_hub
from tests.auth.tokens import claims_like

CREATE = """mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign {
      id slug kind focus launchedOn recursOn { month day }
      title { text language } description { text }
      leadOrganisation { slug } group { slug }
      countries { edges { node { code } } }
    }
    errors { code field message }
  }
}"""
EDIT = """mutation($input: EditCampaignInput!) {
  editCampaign(input: $input) {
    campaign { slug endedOn focus title { text } countries { edges { node { code } } } }
    errors { code field message }
  }
}"""


@dataclass
class Campaigns:
    group: str = ""
    group_slug: str = ""
    led_by_a: str = ""
    of_the_group: str = ""
    """Led by B, run by the group that A leads and B is a member of."""


def gid(type_name: str, key: int) -> str:
    return str(GlobalID(type_name, str(key)))


@dataclass
class Setting:
    hub: WritingHub
    campaigns: Campaigns

    def create(self, token: str, **changes: Any) -> Any:
        return self.hub.payload(CREATE, "createCampaign", token, input=new_campaign(**changes))

    def edit(self, token: str, campaign: str, **changes: Any) -> Any:
        return self.hub.payload(
            EDIT, "editCampaign", token, input={"campaignId": campaign, **changes}
        )


def new_campaign(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "day-to-end-impunity",
        "kind": "RECURRING_DAY",
        "originalLanguage": "en",
        "title": [
            {"language": "en", "text": "International Day to End Impunity"},
            {"language": "fr", "text": "Journée internationale pour mettre fin à l'impunité"},
        ],
        "description": [{"language": "en", "text": "Justice for killed journalists."}],
        "focus": "IMPUNITY",
        "launchedOn": "2011-11-02",
        "recursOn": {"month": 11, "day": 2},
        "countryCodes": ["mx", "PH"],
        **changes,
    }


@pytest.fixture
def setting(database_url: str) -> Iterator[Setting]:
    campaigns = Campaigns()

    async def build(network: AuthNetwork) -> None:
        from hub.models import Organisation

        a, b = [await Organisation.get(id=m.organisation_id) for m in network.members]
        group = await factories.group([a, b])  # A leads it, B is a member
        campaigns.group, campaigns.group_slug = gid("Group", group.id), group.slug
        led = await factories.campaign(lead_organisation_id=a.id)
        campaigns.led_by_a = gid("Campaign", led.id)
        of_group = await factories.campaign(lead_organisation_id=b.id, group_id=group.id)
        campaigns.of_the_group = gid("Campaign", of_group.id)

    with writing_hub(database_url, "campaigns:write statements:sign", build) as hub:
        yield Setting(hub, campaigns)


def codes(result: dict[str, Any]) -> list[str]:
    return [error["code"] for error in result["errors"]]


def test_a_member_creates_a_campaign_it_leads(setting: Setting) -> None:
    # given member A's token with campaigns:write
    token = setting.hub.token(0)

    # when it launches a recurring day about two countries
    result = setting.create(token)

    # then the campaign is A's, with its day, countries and texts
    assert result["errors"] == []
    campaign = result["campaign"]
    assert campaign["leadOrganisation"] == {"slug": setting.hub.network.members[0].slug}
    assert campaign["group"] is None
    assert campaign["kind"] == "RECURRING_DAY" and campaign["focus"] == "IMPUNITY"
    assert campaign["recursOn"] == {"month": 11, "day": 2}
    assert campaign["title"] == {"text": "International Day to End Impunity", "language": "en"}
    assert [e["node"]["code"] for e in campaign["countries"]["edges"]] == ["MX", "PH"]


def test_a_lead_of_the_group_creates_the_groups_campaign(setting: Setting) -> None:
    # when A, the group's lead, creates a campaign for the group
    result = setting.create(
        setting.hub.token(0),
        kind="FOCUS",
        recursOn=None,
        groupId=setting.campaigns.group,
    )

    # then it is the group's, led by A
    assert result["errors"] == []
    assert result["campaign"]["group"] == {"slug": setting.campaigns.group_slug}
    assert result["campaign"]["leadOrganisation"]["slug"] == setting.hub.network.members[0].slug


def test_only_a_lead_of_the_group_creates_its_campaigns(setting: Setting) -> None:
    # when B, a mere member of the group, creates a campaign for it
    result = setting.create(
        setting.hub.token(1), kind="FOCUS", recursOn=None, groupId=setting.campaigns.group
    )

    # then it is refused, and nothing was written
    assert result["campaign"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("FORBIDDEN", "groupId")]
    assert setting.hub.audit_log("campaign.create") == []


@pytest.mark.parametrize(
    ("mutation", "variables"),
    [
        (CREATE, {"input": new_campaign()}),
        (EDIT, {"input": {"campaignId": gid("Campaign", 1), "endedOn": "2020-01-01"}}),
    ],
    ids=["createCampaign", "editCampaign"],
)
def test_without_campaigns_write_the_error_names_it(
    setting: Setting, mutation: str, variables: dict[str, Any]
) -> None:
    # given a token of A holding only statements:sign
    token = setting.hub.token(0, scope="statements:sign")

    # when it writes a campaign
    error = setting.hub.refusal(mutation, token, **variables)

    # then FORBIDDEN, naming the scope
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "campaigns:write" in error["message"]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"slug": "Not A Slug"}, "INVALID", "slug"),
        ({"title": [{"language": "fr", "text": "Seulement en français"}]}, "INVALID", "title"),
        ({"recursOn": None}, "INVALID", "recursOn"),
        ({"recursOn": {"month": 2, "day": 30}}, "INVALID", "recursOn"),
        ({"kind": "FOCUS"}, "INVALID", "recursOn"),
        ({"kind": "COUNTRY", "recursOn": None, "countryCodes": []}, "INVALID", "countryCodes"),
        ({"countryCodes": ["TN", "XX"]}, "INVALID", "countryCodes"),
        ({"groupId": gid("Campaign", 1)}, "INVALID", "groupId"),
        ({"groupId": gid("Group", 999)}, "NOT_FOUND", "groupId"),
    ],
    ids=[
        "slug",
        "no-original-title",
        "no-day",
        "no-such-day",
        "day-not-recurring",
        "no-country",
        "unknown-country",
        "not-a-group-id",
        "unknown-group",
    ],
)
def test_a_campaign_that_breaks_a_rule_is_refused(
    setting: Setting, changes: dict[str, Any], code: str, field: str
) -> None:
    # when A creates a campaign that breaks a rule
    result = setting.create(setting.hub.token(0), **changes)

    # then the error names the rule and the field
    assert result["campaign"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]


def test_a_slug_is_taken_once(setting: Setting) -> None:
    # given A created a campaign
    token = setting.hub.token(0)
    assert setting.create(token)["errors"] == []

    # when B creates one with the same slug
    result = setting.create(setting.hub.token(1))

    # then CONFLICT
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("CONFLICT", "slug")]


def test_the_lead_organisation_edits_its_campaign(setting: Setting) -> None:
    # when A ends its campaign, renames it and changes its countries
    result = setting.edit(
        setting.hub.token(0),
        setting.campaigns.led_by_a,
        endedOn="2015-12-31",
        title=[{"language": "en", "text": "A finished campaign"}],
        countryCodes=["TN"],
        focus="PRESS_FREEDOM",
    )

    # then
    assert result["errors"] == []
    campaign = result["campaign"]
    assert campaign["endedOn"] == "2015-12-31" and campaign["focus"] == "PRESS_FREEDOM"
    assert campaign["title"] == {"text": "A finished campaign"}
    assert [e["node"]["code"] for e in campaign["countries"]["edges"]] == ["TN"]


def test_a_lead_of_the_group_edits_the_groups_campaign(setting: Setting) -> None:
    # when A, the group's lead, edits the group's campaign that B leads
    result = setting.edit(
        setting.hub.token(0), setting.campaigns.of_the_group, endedOn="2019-01-01"
    )

    # then it may
    assert result["errors"] == []
    assert result["campaign"]["endedOn"] == "2019-01-01"


def test_another_organisation_cannot_edit_a_campaign(setting: Setting) -> None:
    # when B edits A's campaign
    result = setting.edit(setting.hub.token(1), setting.campaigns.led_by_a, endedOn="2019-01-01")

    # then it is refused, and nothing changed or was logged
    assert result["campaign"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("FORBIDDEN", "campaignId")]
    assert setting.hub.audit_log("campaign.edit") == []


@pytest.mark.parametrize(
    ("campaign", "changes", "code", "field"),
    [
        ("led_by_a", {"endedOn": "2000-01-01"}, "INVALID", "endedOn"),
        ("led_by_a", {"recursOn": {"month": 11, "day": 2}}, "INVALID", "recursOn"),
        ("led_by_a", {"title": [{"language": "fr", "text": "Sans anglais"}]}, "INVALID", "title"),
        ("unknown", {"endedOn": "2019-01-01"}, "NOT_FOUND", "campaignId"),
    ],
    ids=["ends-before-launch", "day-not-recurring", "no-original-title", "unknown"],
)
def test_an_edit_that_breaks_a_rule_is_refused(
    setting: Setting, campaign: str, changes: dict[str, Any], code: str, field: str
) -> None:
    # given A's campaign, or one that does not exist
    target = getattr(setting.campaigns, campaign, gid("Campaign", 999))

    # when A edits it against a rule
    result = setting.edit(setting.hub.token(0), target, **changes)

    # then
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]


def test_each_campaign_write_is_audited_once(setting: Setting) -> None:
    # given A's token
    token = setting.hub.token(0)

    # when A creates a campaign and edits it
    created = setting.create(token)["campaign"]
    setting.edit(token, created["id"], endedOn="2012-11-02")

    # then each write is one audit entry, for A, with A's token, about that campaign
    (create,) = setting.hub.audit_log("campaign.create")
    (edit,) = setting.hub.audit_log("campaign.edit")
    for entry in (create, edit):
        assert entry["organisation"] == {"slug": setting.hub.network.members[0].slug}
        assert entry["tokenJti"] == claims_like(token)["jti"]
        assert entry["subject"] == f"Campaign:{GlobalID.from_id(created['id']).node_id}"
    assert edit["details"] == {"fields": ["ended_on"]}

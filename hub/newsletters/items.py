"""What a digest carries: the alerts, joint statements, campaign news and special reports
of a subscription's topic, in its language, that came after it was confirmed and that no
digest of it carried yet."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from tortoise.expressions import Q, Subquery
from tortoise.queryset import ValuesQuery

from hub.models import (
    Alert,
    AlertViolation,
    Campaign,
    CampaignCountry,
    Digest,
    DigestItem,
    Milestone,
    Organisation,
    Report,
    ReportAlert,
    ReportCampaign,
    ReportCountry,
    Statement,
    Subscription,
)
from hub.models.newsletters import DigestItemKind, Topic
from hub.models.reports import ReportStatus
from hub.models.statements import StatementStatus
from hub.models.texts import Translations
from hub.texts_served import has_language, served_text

OVERLAP = datetime.timedelta(hours=1)
"""How far before the last digest the next one looks again: a write stamped before that
digest may have committed after it. What a digest carried is never carried again."""
EXCERPT_LENGTH = 400


@dataclass(frozen=True)
class Item:
    kind: DigestItemKind
    id: int
    title: str
    text: str
    day: datetime.date
    slug: str | None = None
    """A report's, for the link to its page."""


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _item(
    kind: DigestItemKind,
    row: Alert | Statement | Milestone | Report,
    title: Translations,
    text: Translations,
    language: str,
    day: datetime.date,
    slug: str | None = None,
) -> Item:
    served = served_text(text, row.original_language, language)
    return Item(
        kind,
        row.id,
        served_text(title, row.original_language, language).text,
        excerpt(served.text),
        day,
        slug,
    )


async def _alerts(subscription: Subscription, since: datetime.datetime) -> list[Item]:
    rows = Alert.filter(reported_at__gt=since)
    if subscription.topic == Topic.COUNTRY:
        rows = rows.filter(country_id=subscription.subject)
    elif subscription.topic == Topic.VIOLATION:
        typed = AlertViolation.filter(violation=subscription.subject).values("alert_id")
        rows = rows.filter(id__in=Subquery(typed))
    else:
        return []
    found = await rows.exclude(id__in=_carried(subscription, DigestItemKind.ALERT)).order_by(
        "reported_at", "id"
    )
    return [
        _item(DigestItemKind.ALERT, a, a.title, a.body, subscription.language, a.occurred_on)
        for a in found
        if has_language(a.title, subscription.language)
    ]


async def _statements(subscription: Subscription, since: datetime.datetime) -> list[Item]:
    rows = Statement.filter(status=StatementStatus.PUBLISHED, published_at__gt=since)
    if subscription.topic == Topic.COUNTRY:
        # a statement is of a country when its campaign is about it, or its lead is based there
        about = CampaignCountry.filter(country_id=subscription.subject).values("campaign_id")
        based = Organisation.filter(hq_country_id=subscription.subject).values("id")
        rows = rows.filter(
            Q(campaign_id__in=Subquery(about)) | Q(lead_organisation_id__in=Subquery(based))
        )
    elif subscription.topic == Topic.CAMPAIGN:
        rows = rows.filter(campaign_id__in=Subquery(_campaign(subscription)))
    else:
        return []
    found = await rows.exclude(id__in=_carried(subscription, DigestItemKind.STATEMENT)).order_by(
        "published_at", "id"
    )
    return [
        _item(
            DigestItemKind.STATEMENT,
            s,
            s.title,
            s.body,
            subscription.language,
            (s.published_at or since).date(),
        )
        for s in found
        if has_language(s.title, subscription.language)
    ]


def _carried(subscription: Subscription, kind: DigestItemKind) -> Subquery:
    """The items of a kind the subscription's digests carried."""
    return Subquery(DigestItem.filter(subscription_id=subscription.id, kind=kind).values("item_id"))


def _campaign(subscription: Subscription) -> ValuesQuery[Literal[False]]:
    return Campaign.filter(slug=subscription.subject).values("id")


async def _news(subscription: Subscription, since: datetime.datetime) -> list[Item]:
    rows = Milestone.filter(occurred_on__gte=since.date())
    if subscription.topic == Topic.COUNTRY:
        rows = rows.filter(country_id=subscription.subject)
    elif subscription.topic == Topic.CAMPAIGN:
        rows = rows.filter(campaign_id__in=Subquery(_campaign(subscription)))
    else:
        return []
    found = await rows.exclude(id__in=_carried(subscription, DigestItemKind.MILESTONE)).order_by(
        "occurred_on", "id"
    )
    return [
        _item(
            DigestItemKind.MILESTONE,
            m,
            m.title,
            m.description,
            subscription.language,
            m.occurred_on,
        )
        for m in found
        if has_language(m.title, subscription.language)
    ]


async def _reports(subscription: Subscription, since: datetime.datetime) -> list[Item]:
    rows = Report.filter(status=ReportStatus.PUBLISHED, published_at__gt=since)
    if subscription.topic == Topic.COUNTRY:
        covering = ReportCountry.filter(country_id=subscription.subject).values("report_id")
    elif subscription.topic == Topic.CAMPAIGN:
        covering = ReportCampaign.filter(campaign_id__in=Subquery(_campaign(subscription))).values(
            "report_id"
        )
    else:
        typed = AlertViolation.filter(violation=subscription.subject).values("alert_id")
        covering = ReportAlert.filter(alert_id__in=Subquery(typed)).values("report_id")
    found = (
        await rows.filter(id__in=Subquery(covering))
        .exclude(id__in=_carried(subscription, DigestItemKind.REPORT))
        .order_by("published_at", "id")
    )
    return [
        _item(
            DigestItemKind.REPORT,
            r,
            r.title,
            r.summary,
            subscription.language,
            r.covered_on,
            r.slug,
        )
        for r in found
        if has_language(r.title, subscription.language)
    ]


async def due_items(subscription: Subscription) -> list[Item]:
    """The items a digest of this subscription carries now: what came since its last digest
    (or its confirmation), in its language, and that no digest of it carried."""
    if subscription.confirmed_at is None:
        return []
    last = await Digest.filter(subscription_id=subscription.id).order_by("-sent_at").first()
    since = subscription.confirmed_at
    if last is not None:
        since = max(since, last.sent_at - OVERLAP)
    found: list[Item] = []
    for kind in (_alerts, _statements, _news, _reports):
        found += await kind(subscription, since)
    return found

"""A campaign's news: its timeline, newest milestone first."""

from __future__ import annotations

import datetime

from starlette.requests import Request

from hub.feeds.atom import Entry, Feed, tag_uri
from hub.models import Campaign, Milestone, Network
from hub.settings import Settings
from hub.texts_served import served_text


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


async def campaign_feed(
    request: Request, settings: Settings, campaign: Campaign, language: str | None
) -> Feed:
    milestones = (
        await Milestone.filter(campaign_id=campaign.id)
        .order_by("-occurred_on", "-id")
        .limit(settings.feed_entries)
    )
    network = await Network.first()
    wanted = (language,) if language else ()
    title = served_text(campaign.title, campaign.original_language, *wanted)
    entries = []
    for milestone in milestones:
        headline = served_text(milestone.title, milestone.original_language, *wanted)
        story = served_text(milestone.description, milestone.original_language, headline.language)
        entries.append(
            Entry(
                id=tag_uri(settings.feed_tag_authority, "milestone", milestone.id),
                title=headline.text,
                updated=midnight(milestone.occurred_on),
                published=midnight(milestone.occurred_on),
                content=story.text or headline.text,
                language=headline.language,
                categories=[("urn:hub:milestone-kind", milestone.kind.value, milestone.kind.value)],
            )
        )
    return Feed(
        id=tag_uri(settings.feed_tag_authority, "campaign", campaign.id),
        title=title.text,
        subtitle=served_text(campaign.description, campaign.original_language, *wanted).text,
        language=title.language,
        self_url=str(request.url),
        author=network.name if network else "The network",
        entries=entries,
        quiet_since=midnight(campaign.launched_on),
    )

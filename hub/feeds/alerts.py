"""The alerts feed: the archive's newest alerts, of some countries, some violation types,
in a language."""

from __future__ import annotations

from starlette.requests import Request

from hub.alert_search import AlertQuery, search_alerts
from hub.feeds.atom import Entry, Feed, tag_uri
from hub.feeds.parameters import AlertFeedQuery
from hub.models import Alert, Network, Organisation
from hub.models.alerts import ViolationType
from hub.settings import Settings
from hub.texts_served import has_language, served_text

BATCH = 100
CANDIDATES = 1000
"""Alerts looked through, newest first, for those with a headline in the asked language."""
VIOLATIONS_SCHEME = "https://hub.example.org/vocabulary/violations"
COUNTRIES_SCHEME = "urn:iso:std:iso:3166:-1:alpha-2"


async def newest_alerts(asked: AlertFeedQuery, count: int) -> list[Alert]:
    """The newest alerts (by the day they happened) matching the feed's query."""
    query = AlertQuery(
        countries=asked.countries, violations=tuple(v.value for v in asked.violations)
    )
    found: list[Alert] = []
    offset = 0
    size = BATCH if asked.language else count
    while len(found) < count and offset < CANDIDATES:
        page = await search_alerts(query, offset, size, total=False)
        ids = page.ids[:size]
        rows = {alert.id: alert for alert in await Alert.filter(id__in=ids)}
        for alert_id in ids:
            alert = rows[alert_id]
            if asked.language is None or has_language(alert.title, asked.language):
                found.append(alert)
        if len(page.ids) <= size:
            break
        offset += size
    return found[:count]


async def alerts_feed(request: Request, settings: Settings, asked: AlertFeedQuery) -> Feed:
    alerts = await newest_alerts(asked, settings.feed_entries)
    network = await Network.first()
    sources = {
        o.id: o
        for o in await Organisation.filter(id__in={a.source_organisation_id for a in alerts})
    }
    language = asked.language or "en"
    entries = []
    for alert in alerts:
        title = served_text(alert.title, alert.original_language, language)
        body = served_text(alert.body, alert.original_language, title.language)
        source = sources[alert.source_organisation_id]
        entries.append(
            Entry(
                id=tag_uri(settings.feed_tag_authority, "alert", alert.id),
                title=title.text,
                updated=alert.edited_at or alert.reported_at,
                published=alert.reported_at,
                content=f"{alert.occurred_on.isoformat()} · {alert.country_id}\n\n{body.text}",
                language=title.language,
                author=served_text(source.name, source.original_language, language).text,
                categories=[
                    (COUNTRIES_SCHEME, alert.country_id, alert.country_id),
                    *((VIOLATIONS_SCHEME, v, ViolationType(v).name) for v in alert.violations),
                ],
            )
        )
    name = network.name if network else "The network"
    return Feed(
        id=tag_uri(settings.feed_tag_authority, "alerts", *feed_path(asked)),
        title=f"{name}: free-expression alerts",
        subtitle=describe(asked),
        language=language,
        self_url=str(request.url),
        author=name,
        entries=entries,
    )


def feed_path(asked: AlertFeedQuery) -> list[str]:
    """What the feed is of, in its ID: the same filters name the same feed."""
    parts = [f"country={c}" for c in sorted(asked.countries)]
    parts += [f"violation={v.value}" for v in sorted(asked.violations)]
    if asked.language:
        parts.append(f"lang={asked.language}")
    return parts or ["all"]


def describe(asked: AlertFeedQuery) -> str:
    said = ["Violations of free expression filed by the network's members, newest first"]
    if asked.countries:
        said.append(f"in {', '.join(asked.countries)}")
    if asked.violations:
        said.append(f"of type {', '.join(v.name for v in asked.violations)}")
    if asked.language:
        said.append(f"with a headline in '{asked.language}'")
    return "; ".join(said) + "."

"""Which coalition, country, campaign, working group and scope the dashboard queries read,
and which petition the widget counter shows: real rows of the seed.

The bench asks for the busiest of each (most current members, most campaigns, most
petitions and statements, most campaigns led by members, most organisations, most
signatures), so that every scenario does its full work.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise import connections

# Plain SQL that SQLite and PostgreSQL both read; ties are broken by slug or code so that
# the same seed always gives the same targets.
_BUSIEST_COALITION = """
SELECT g.slug FROM "group" g
JOIN group_membership m ON m.group_id = g.id AND m.ended_on IS NULL
WHERE g.kind = 'coalition'
GROUP BY g.slug ORDER BY COUNT(*) DESC, g.slug LIMIT 1
"""
_BUSIEST_COUNTRY = """
SELECT o.hq_country_id AS code FROM organisation o
GROUP BY o.hq_country_id
ORDER BY COUNT(*) + (SELECT COUNT(*) FROM campaign_country cc
                     WHERE cc.country_id = o.hq_country_id)
                  + (SELECT COUNT(*) FROM alert a
                     WHERE a.country_id = o.hq_country_id AND a.occurred_on >= '{year_start}') DESC,
         o.hq_country_id
LIMIT 1
"""
_BUSIEST_CAMPAIGN = """
SELECT c.slug FROM campaign c
ORDER BY (SELECT COUNT(*) FROM petition p WHERE p.campaign_id = c.id) DESC,
         (SELECT COUNT(*) FROM statement s WHERE s.campaign_id = c.id) DESC,
         c.slug
LIMIT 1
"""
_BUSIEST_WORKING_GROUP = """
SELECT g.slug FROM "group" g
JOIN group_membership m ON m.group_id = g.id AND m.ended_on IS NULL
LEFT JOIN campaign c ON c.lead_organisation_id = m.organisation_id
WHERE g.kind = 'working_group'
GROUP BY g.slug ORDER BY COUNT(c.id) DESC, COUNT(DISTINCT m.id) DESC, g.slug LIMIT 1
"""
_BUSIEST_SCOPE = """
SELECT o.scope FROM organisation o
GROUP BY o.scope ORDER BY COUNT(*) DESC, o.scope LIMIT 1
"""
_BUSIEST_OPEN_PETITION = """
SELECT p.slug FROM petition p WHERE p.status = 'open'
ORDER BY p.signature_count DESC, p.slug
LIMIT 1
"""


@dataclass(frozen=True)
class Targets:
    """The rows the dashboard queries are about, and the day "current" means."""

    coalition: str
    """Slug of the coalition with the most current members."""
    country: str
    """ISO code of the country with the most organisations headquartered there plus
    campaigns about it plus alerts there this year."""
    campaign: str
    """Slug of the campaign with the most petitions, then statements."""
    today: datetime.date
    petition: str = ""
    """Slug of the open petition with the most signatures: the widget counter's."""
    working_group: str = ""
    """Slug of the working group whose current members lead the most campaigns."""
    scope: str = ""
    """The scope (``national``…) most organisations have, as stored."""


class NoTargets(RuntimeError):
    """The database holds no network to read (it was not seeded)."""


async def pick_targets(today: datetime.date | None = None) -> Targets:
    """The busiest coalition, country, campaign, petition, working group and scope of the
    open database."""
    connection = connections.get("default")
    today = today or datetime.date.today()
    # a date of our own making, written into the statement as both dialects read it
    busiest_country = _BUSIEST_COUNTRY.format(year_start=today.replace(month=1, day=1).isoformat())
    found: list[str] = []
    for sql in (
        _BUSIEST_COALITION,
        busiest_country,
        _BUSIEST_CAMPAIGN,
        _BUSIEST_OPEN_PETITION,
        _BUSIEST_WORKING_GROUP,
        _BUSIEST_SCOPE,
    ):
        _, rows = await connection.execute_query(sql)
        if not rows:
            raise NoTargets(
                "the database holds no coalition, campaign, country, open petition, working"
                " group or organisation to read"
            )
        found.append(str(next(iter(dict(rows[0]).values()))))
    coalition, country, campaign, petition, working_group, scope = found
    return Targets(coalition, country, campaign, today, petition, working_group, scope)

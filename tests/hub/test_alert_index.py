"""The archive's indexes beyond the ORM (hub.alert_index): triggers keep them as a rebuild makes
them, through filings, edits and removals; a bulk load leaves triggers and indexes in place."""

from __future__ import annotations

import datetime
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from hub import alert_index
from hub.alert_search import AlertQuery, search_alerts
from hub.models import Alert, AlertDay, AlertViolation
from tests import factories
from tests.databases import fill

WORDS = ("harbour", "strike", "Журналист", "mining", "court")
FACETED = {
    "court in the Philippines": AlertQuery(words=("court",), countries=("PH",)),
    "court, killed or expelled": AlertQuery(words=("court",), violations=("killed", "expelled")),
    "court, by criminals": AlertQuery(words=("court",), perpetrators=("criminal-groups",)),
}


async def indexed() -> dict[str, Any]:
    """What every index says: days counted, types listed, alerts found by each word."""
    found = {}
    for word in WORDS:
        result = await search_alerts(AlertQuery(words=(word,)), 0, 100)
        found[word] = (result.total, sorted(result.ids))
    for name, query in FACETED.items():
        result = await search_alerts(query, 0, 100)
        found[name] = (result.total, sorted(result.ids))
    return {
        "days": sorted((row.occurred_on, row.alerts) for row in await AlertDay.all() if row.alerts),
        "types": sorted(
            await AlertViolation.all().values_list("alert_id", "violation", "occurred_on")
        ),
        "words": found,
    }


async def write_an_archive() -> list[int]:
    (member,) = await factories.organisations(1, member_since=datetime.date(1990, 1, 1))
    made = [
        await factories.alert(
            member,
            occurred_on=datetime.date(2001, 1, 1) + datetime.timedelta(days=n % 4),
            violations=[("killed", "censored", "arrested")[n % 3], "threatened"],
            title={"en": f"Harbour strike {n}", "ru": "Журналист"} if n % 2 else {"en": "Mining"},
            body={"en": "After a story on the court."},
        )
        for n in range(12)
    ]
    # edits of each indexed column, one at a time and together, and removals
    made[0].title = {"en": "Mining court"}
    await made[0].save(update_fields=["title"])
    made[1].occurred_on = datetime.date(2019, 5, 5)
    await made[1].save(update_fields=["occurred_on"])
    made[2].violations = ["expelled"]
    await made[2].save(update_fields=["violations"])
    made[7].country_id, made[7].perpetrator = "PH", "criminal-groups"
    await made[7].save(update_fields=["country_id", "perpetrator"])
    made[3].occurred_on, made[3].violations = datetime.date(1999, 1, 1), ["surveillance"]
    made[3].body = {"en": "Nothing of the sort."}
    await made[3].save()
    await made[4].delete()
    await Alert.filter(id__in=[made[5].id, made[6].id]).delete()
    return [alert.id for alert in made]


def test_triggers_keep_the_indexes_a_rebuild_makes(database_url: str) -> None:
    async def check() -> None:
        # given an archive written row by row, edited and pruned
        made_ids = await write_an_archive()
        kept = await indexed()

        # when every index is rebuilt from the alerts alone
        async with in_transaction() as connection:
            await alert_index.rebuild(connection)

        # then nothing changed: the triggers had kept them exactly
        assert await indexed() == kept
        assert kept["words"]["harbour"][0] == 5  # the odd ones, but 5 (gone)
        assert kept["words"]["court"][0] == 8
        assert kept["words"]["court in the Philippines"] == (1, [made_ids[7]])
        assert kept["words"]["court, by criminals"] == (1, [made_ids[7]])
        killed_or_expelled = [made_ids[n] for n in (0, 2, 9)]  # 2 expelled now, 3 and 6 not
        assert kept["words"]["court, killed or expelled"] == (3, sorted(killed_or_expelled))
        assert (datetime.date(2019, 5, 5), 1) in kept["days"]
        assert sum(alerts for _, alerts in kept["days"]) == 12 - 3

    fill(database_url, check)


def test_a_bulk_load_puts_triggers_and_indexes_back(database_url: str) -> None:
    async def check() -> None:
        connection = connections.get("default")
        before = await alert_index._secondary_indexes(connection)

        # when alerts are written in bulk, and then one more is filed as usual
        async with in_transaction() as transaction, alert_index.bulk_loading(transaction):
            assert await alert_index._secondary_indexes(transaction) == []
            await write_an_archive()
        (member,) = await factories.organisations(1)
        await factories.alert(
            member, title={"en": "Harbour"}, occurred_on=datetime.date(2001, 1, 1)
        )

        # then the indexes are back, and the triggers index the new alert
        assert sorted(await alert_index._secondary_indexes(connection)) == sorted(before)
        found = await search_alerts(AlertQuery(words=("harbour",)), 0, 10)
        assert found.total == 5 + 1
        kept = await indexed()
        async with in_transaction() as transaction:
            await alert_index.rebuild(transaction)
        assert await indexed() == kept

    fill(database_url, check)

"""An archive brought in from a file, end to end: `hub alerts import` loads the good rows,
names each bad one and fails; importing the file again changes nothing; the imported alerts
are found by search in the graph and appear in their country's Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill
from tests.hub.test_alert_import import a_network, write_csv
from tests.hub.test_cli_alerts import alert_count, hub_alerts

ATOM = "{http://www.w3.org/2005/Atom}"
GOOD = {"violations": "ATTACKED;THREATENED", "language": "en"}
ROWS = [
    {**GOOD, "external_id": "lh-1", "occurred_on": "2025-03-01", "country": "TN",
     "title": "Lighthouse radio presenter attacked in Sfax"},
    {**GOOD, "external_id": "lh-2", "occurred_on": "2025-03-04", "country": "TN",
     "title": "Lighthouse radio threatened again", "follows": "lh-1"},
    {**GOOD, "external_id": "bad-date", "occurred_on": "2025-13-40", "country": "TN",
     "title": "Lighthouse radio: a row with no real date"},
    {**GOOD, "external_id": "lh-3", "occurred_on": "2025-03-05", "country": "MX",
     "title": "Lighthouse radio reporter threatened in Oaxaca"},
    {**GOOD, "external_id": "bad-kind", "occurred_on": "2025-03-06", "country": "MX",
     "title": "A row of an unknown kind", "violations": "SHOUTED"},
]  # fmt: skip
SEARCH = """query ($filter: AlertFilter) {
  alerts(first: 10, filter: $filter) { totalCount nodes { title { text } country { code } } }
}"""


def test_an_imported_archive_is_searched_and_fed(databases: Databases, tmp_path: Path) -> None:
    # given a network, and a file of five rows, two of them bad
    url = databases.new()
    fill(url, a_network)
    path = write_csv(tmp_path / "archive.csv", ROWS)

    # when it is imported, and imported again
    first = hub_alerts(url, str(path))
    after_first = alert_count(url)
    again = hub_alerts(url, str(path))

    # then the good rows were loaded, each bad one named by line and key, and both failed
    for finished in (first, again):
        assert finished.returncode == 1, finished.stderr
        assert "line 4: occurred_on:" in finished.stdout
        assert "line 6: violations:" in finished.stdout
        assert "Traceback" not in finished.stderr
    assert "added 3, changed 0" in first.stdout
    assert "added 0, changed 0, left 3 unchanged, rejected 2" in again.stdout
    assert after_first == alert_count(url) == 3

    with hub_client(url) as hub:
        # and search finds the imported alerts, by their words and their country
        graph = GraphQLClient(hub)
        found = graph.data(SEARCH, {"filter": {"search": "lighthouse radio"}})["alerts"]
        tunisia = graph.data(SEARCH, {"filter": {"search": "lighthouse", "countries": ["TN"]}})
        # and Tunisia's feed carries its two, and not Mexico's
        feed = hub.get("/feeds/alerts.atom?country=TN")

    assert found["totalCount"] == 3
    assert {node["country"]["code"] for node in found["nodes"]} == {"TN", "MX"}
    assert sorted(n["title"]["text"] for n in tunisia["alerts"]["nodes"]) == [
        "Lighthouse radio presenter attacked in Sfax",
        "Lighthouse radio threatened again",
    ]
    assert feed.status_code == 200
    titles = [t.text for t in ET.fromstring(feed.content).iter(f"{ATOM}title")]
    assert "Lighthouse radio presenter attacked in Sfax" in titles
    assert "Lighthouse radio threatened again" in titles
    assert "Lighthouse radio reporter threatened in Oaxaca" not in titles

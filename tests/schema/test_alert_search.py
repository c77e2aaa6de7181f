"""Searching the alerts archive: each filter selects what it says, newest first, counted, paged,
whichever way the search is planned; hostile or malformed input is a clear error, never a 500.

The expected answers come from the alerts as built here, filtered in Python.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from strawberry.relay import GlobalID

import hub.alert_search
import hub.alert_search.postgres
import hub.alert_search.sqlite
from schema.pagination import encode_cursor
from tests import factories
from tests.conftest import GraphQLClient, hub_client
from tests.databases import Databases, fill

SEARCH = """query($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id occurredOn }
  }
}"""

COUNTRIES = ("MX", "PH", "TN", "FR", "BR")
VIOLATIONS = ("killed", "arrested", "censored", "legal-action", "internet-shutdown")
PERPETRATORS = ("state-security-forces", "judicial-authorities", "unknown")
SUBJECTS = ("mining", "elections", "floods", "harbour", "lantern", "courts")
# texts in other scripts and cases, for words the database must fold as it matches
RUSSIAN = ("Журналист", "арестован")
FRENCH = ("Élections", "municipales")


@dataclass
class Spec:
    """One alert as built, and what a search must find of it."""

    occurred_on: datetime.date
    country: str
    violations: list[str]
    perpetrator: str
    source: int
    title: dict[str, str]
    body: dict[str, str]
    id: int = 0

    def words(self) -> set[str]:
        texts = [*self.title.values(), *self.body.values()]
        return {word.lower() for text in texts for word in hub.alert_search.search_words(text)}


def specs(count: int, sources: int) -> list[Spec]:
    """Alerts over the archive's years, on a few hundred days (so that some share one)."""
    rng = random.Random(11)
    days = [
        datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(11_500))
        for _ in range(90)
    ]
    made = []
    for n in range(count):
        subject, other = rng.sample(SUBJECTS, 2)
        title = {"en": f"Report {n}: {subject.title()} reporter threatened"}
        body = {"en": f"The reporter covered {other} and the {subject} story, at the port."}
        if n % 7 == 0:
            title["ru"] = f"{RUSSIAN[0]} {RUSSIAN[1]}"
        if n % 5 == 0:
            body["fr"] = f"{FRENCH[0]} {FRENCH[1]} : reportage interdit."
        made.append(
            Spec(
                occurred_on=rng.choice(days),
                country=rng.choice(COUNTRIES),
                violations=rng.sample(VIOLATIONS, rng.randint(1, 2)),
                perpetrator=rng.choice(PERPETRATORS),
                source=rng.randrange(sources),
                title=title,
                body=body,
            )
        )
    return made


@dataclass
class Archive:
    graphql: GraphQLClient
    specs: list[Spec]
    sources: list[str] = field(default_factory=list)
    """Slugs of the filing organisations, by Spec.source."""

    def search(self, first: int = 100, after: str | None = None, **filter: Any) -> Any:
        variables = {"filter": filter or None, "first": first, "after": after}
        return self.graphql.data(SEARCH, variables)["alerts"]

    def expected(
        self,
        search: str | None = None,
        countries: list[str] | None = None,
        violations: list[str] | None = None,
        perpetrators: list[str] | None = None,
        sourceOrganisations: list[str] | None = None,
        occurred: dict[str, str] | None = None,
    ) -> list[int]:
        """The ids a search must find, newest first, by filtering the alerts in Python."""
        words = {w.lower() for w in hub.alert_search.search_words(search)} if search else set()
        since = datetime.date.fromisoformat((occurred or {}).get("since", "1900-01-01"))
        until = datetime.date.fromisoformat((occurred or {}).get("until", "2999-01-01"))
        found = [
            spec
            for spec in self.specs
            if words <= spec.words()
            and (countries is None or spec.country in [code.upper() for code in countries])
            and (violations is None or set(_values(violations)) & set(spec.violations))
            and (perpetrators is None or spec.perpetrator in _values(perpetrators))
            and (sourceOrganisations is None or self.sources[spec.source] in sourceOrganisations)
            and since <= spec.occurred_on <= until
        ]
        found.sort(key=lambda spec: (spec.occurred_on, spec.id), reverse=True)
        return [spec.id for spec in found]


def _values(names: list[str]) -> list[str]:
    """Vocabulary values of GraphQL enum names: ``LEGAL_ACTION`` is ``legal-action``."""
    return [name.lower().replace("_", "-") for name in names]


def ids(nodes: list[dict[str, Any]]) -> list[int]:
    return [int(GlobalID.from_id(node["id"]).node_id) for node in nodes]


@pytest.fixture(scope="module")
def archive(databases: Databases) -> Iterator[Archive]:
    built = specs(240, sources=3)
    sources: list[str] = []

    async def build() -> None:
        organisations = await factories.organisations(3, member_since=datetime.date(1990, 1, 1))
        sources.extend(o.slug for o in organisations)
        for spec in built:
            row = await factories.alert(
                organisations[spec.source],
                occurred_on=spec.occurred_on,
                country_id=spec.country,
                violations=spec.violations,
                perpetrator=spec.perpetrator,
                title=spec.title,
                body=spec.body,
            )
            spec.id = row.id

    url = databases.new()
    fill(url, build)
    with hub_client(url) as client:
        yield Archive(GraphQLClient(client), built, sources)


FILTERS: list[dict[str, Any]] = [
    {},
    {"search": "mining"},
    {"search": "MINING reporter"},
    {"search": "mining", "countries": ["MX"]},
    {"search": "harbour", "countries": ["ph", "TN"], "occurred": {"since": "2005-01-01"}},
    {"search": "lantern", "occurred": {"since": "2000-01-01", "until": "2015-12-31"}},
    {"search": "журналист"},
    {"search": "élections"},
    {"search": "elections", "violations": ["KILLED", "CENSORED"]},
    {"violations": ["ARRESTED"]},
    {"violations": ["LEGAL_ACTION", "INTERNET_SHUTDOWN"], "occurred": {"since": "2010-01-01"}},
    {"violations": ["KILLED"], "perpetrators": ["JUDICIAL_AUTHORITIES"]},
    {"perpetrators": ["UNKNOWN", "STATE_SECURITY_FORCES"], "occurred": {"until": "2004-06-30"}},
    {"countries": ["FR", "BR"]},
    {"countries": ["MX"], "occurred": {"since": "2010-01-01", "until": "2010-12-31"}},
    {"occurred": {"since": "2001-01-01", "until": "2009-12-31"}},
    {"search": "courts floods", "perpetrators": ["UNKNOWN"], "violations": ["ARRESTED"]},
    {"search": "story", "countries": ["PH"], "violations": ["CENSORED", "KILLED"]},
    {"search": "nowhere"},
]


@pytest.fixture(
    params=[
        "planned",
        "walking",
        "probing",
        *(f"driven by {d}" for d in hub.alert_search.sqlite.DRIVERS),
    ]
)
def planner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The search's plans, each forced in turn: as planned; walking the dates for any page
    over two matches; and on SQLite, probing the full-text index per row whenever it does
    not drive, and each filter driving whenever it is given."""
    if request.param in ("walking", "probing"):
        monkeypatch.setattr(hub.alert_search.sqlite, "FEW", 2)
        monkeypatch.setattr(hub.alert_search.postgres, "GATHERED", 2)
    if request.param == "probing":
        monkeypatch.setattr(hub.alert_search.sqlite, "FULL_TEXT_PROBE", 0)
    if request.param.startswith("driven by"):
        forced = request.param.removeprefix("driven by ")
        monkeypatch.setattr(
            hub.alert_search.sqlite, "_cost", lambda _query, _sizes, driver: (driver != forced, 0)
        )
    return str(request.param)


@pytest.mark.parametrize("filter", FILTERS, ids=lambda f: ",".join(f) or "everything")
def test_a_search_finds_what_its_filter_says_newest_first(
    archive: Archive, planner: str, filter: dict[str, Any]
) -> None:
    # given the alerts the filter selects, newest first
    expected = archive.expected(**filter)

    # when the archive is searched
    found = archive.search(first=20, **filter)

    # then the first page is theirs, in that order, and the total counts them all
    assert found["totalCount"] == len(expected)
    assert ids(found["nodes"]) == expected[:20]
    assert found["pageInfo"]["hasNextPage"] is (len(expected) > 20)


@pytest.mark.parametrize(
    "filter",
    [{}, {"search": "reporter"}, {"violations": ["ARRESTED", "CENSORED"]}, {"countries": ["MX"]}],
    ids=["everything", "words", "types", "country"],
)
def test_pages_follow_one_another_to_the_end(archive: Archive, filter: dict[str, Any]) -> None:
    # given
    expected = archive.expected(**filter)

    # when every page is read in turn, after the cursor of the one before
    read: list[int] = []
    after = None
    while True:
        page = archive.search(first=17, after=after, **filter)
        read += ids(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    # then the pages hold every alert once, in order
    assert read == expected
    assert len(expected) > 17


def test_a_count_alone_and_an_empty_list(archive: Archive) -> None:
    counted = archive.graphql.data(
        """{
          all: alerts { totalCount }
          mexico: alerts(filter: {countries: ["MX"]}) { totalCount }
          none: alerts(filter: {countries: []}) { totalCount nodes { id } }
          noTypes: alerts(filter: {violations: [], search: "mining"}) { totalCount }
          page: alerts(first: 0) { totalCount nodes { id } }
        }"""
    )
    assert counted["all"]["totalCount"] == len(archive.specs)
    assert counted["mexico"]["totalCount"] == len(archive.expected(countries=["MX"]))
    assert counted["none"] == {"totalCount": 0, "nodes": []}
    assert counted["noTypes"]["totalCount"] == 0
    assert counted["page"] == {"totalCount": len(archive.specs), "nodes": []}


HOSTILE = [
    '"mining" OR *',
    "NEAR(mining floods)",
    "mining -floods",
    "title: mining",
    "mining AND NOT floods",
    "(mining",
    "min*",
    "^mining",
    "'; DROP TABLE alert; --",
    "mining\\",
    "🚨 mining 🚨",
    "{mining} [floods]",
]


@pytest.mark.parametrize("search", HOSTILE)
def test_search_syntax_in_the_words_is_never_read_as_syntax(archive: Archive, search: str) -> None:
    # when a search holds the full-text engines' operators and quotes
    found = archive.search(search=search)

    # then its words are searched as words, all of them, and nothing else happens
    expected = archive.expected(search=search)
    assert found["totalCount"] == len(expected)
    assert ids(found["nodes"]) == expected[:100]


@pytest.mark.parametrize(
    ("filter", "argument", "problem"),
    [
        ({"search": "!!! ... ???"}, "filter.search", "no word"),
        ({"search": '"'}, "filter.search", "no word"),
        ({"search": "* ^ - ()"}, "filter.search", "no word"),
        ({"search": "   "}, "filter.search", "no word"),
        ({"search": "x" * 201}, "filter.search", "at most 200 characters"),
        ({"search": " ".join(f"w{n}" for n in range(17))}, "filter.search", "at most 16 words"),
        ({"countries": ["Mexico"]}, "filter.countries", "not an ISO 3166-1 alpha-2 code"),
        ({"countries": ["MX"] * 101}, "filter.countries", "at most 100 values"),
        (
            {"occurred": {"since": "2020-01-02", "until": "2020-01-01"}},
            "filter.occurred",
            "is after until",
        ),
    ],
)
def test_a_bad_filter_is_a_clear_error(
    archive: Archive, filter: dict[str, Any], argument: str, problem: str
) -> None:
    (error,) = archive.graphql.errors(SEARCH, {"filter": filter})

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert problem in error["message"]


def test_a_search_holding_nul_is_refused_by_name(archive: Archive) -> None:
    # (PostgreSQL's text holds no NUL: the hub refuses it in any text, on both databases)
    (error,) = archive.graphql.errors(SEARCH, {"filter": {"search": "mining \u0000 floods"}})

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "$filter.search"}
    assert "NUL" in error["message"]


@pytest.mark.parametrize(
    ("variables", "argument"),
    [({"first": 101}, "first"), ({"first": -1}, "first"), ({"after": "not-a-cursor"}, "after")],
)
def test_a_bad_page_is_a_clear_error(
    archive: Archive, variables: dict[str, Any], argument: str
) -> None:
    (error,) = archive.graphql.errors(SEARCH, variables)

    assert error["extensions"]["argument"] == argument


def test_a_violation_type_outside_the_vocabulary_is_refused(archive: Archive) -> None:
    (error,) = archive.graphql.errors(SEARCH, {"filter": {"violations": ["INSULTED"]}})

    assert "ViolationType" in error["message"]


def test_country_and_organisation_list_their_alerts_newest_first(archive: Archive) -> None:
    # when a country's and an organisation's alerts are read, as a whole and for some years
    data = archive.graphql.data(
        """query($slug: String!) {
          country(code: "TN") {
            alerts(first: 100) { totalCount nodes { id } }
            inTheNineties: alerts(occurred: {until: "1999-12-31"}, first: 100) {
              totalCount nodes { id } }
          }
          organisation(slug: $slug) {
            alerts(first: 100, occurred: {since: "2010-01-01"}) { totalCount nodes { id } }
          }
        }""",
        {"slug": archive.sources[1]},
    )

    # then each lists what the archive's search finds for the same conditions
    country = data["country"]
    tunisia = archive.expected(countries=["TN"])
    nineties = archive.expected(countries=["TN"], occurred={"until": "1999-12-31"})
    filed = archive.expected(
        sourceOrganisations=[archive.sources[1]], occurred={"since": "2010-01-01"}
    )
    assert (country["alerts"]["totalCount"], ids(country["alerts"]["nodes"])) == (
        len(tunisia),
        tunisia[:100],
    )
    assert ids(country["inTheNineties"]["nodes"]) == nineties
    assert ids(data["organisation"]["alerts"]["nodes"]) == filed
    assert data["organisation"]["alerts"]["totalCount"] == len(filed)


def test_an_alert_reads_in_the_language_asked(archive: Archive) -> None:
    russian = next(spec for spec in archive.specs if "ru" in spec.title)
    node_id = str(GlobalID("Alert", str(russian.id)))

    alert = archive.graphql.data(
        """query($id: ID!) { node(id: $id) { ... on Alert {
            ru: title(lang: "ru") { text language isFallback }
            pt: title(lang: "pt") { text language isFallback }
            languages country { code } violations
        } } }""",
        {"id": node_id},
    )["node"]

    assert alert["ru"] == {"text": russian.title["ru"], "language": "ru", "isFallback": False}
    assert alert["pt"] == {"text": russian.title["en"], "language": "en", "isFallback": True}
    assert alert["languages"] == ["en", "ru"]
    assert alert["country"] == {"code": russian.country}
    assert alert["violations"] == [v.upper().replace("-", "_") for v in russian.violations]


def test_filing_organisations_select_alone_and_with_words(archive: Archive, planner: str) -> None:
    for filter in (
        {"sourceOrganisations": [archive.sources[0]]},
        {"sourceOrganisations": archive.sources[1:], "occurred": {"since": "2008-01-01"}},
        {"search": "floods", "sourceOrganisations": [archive.sources[2], "nobody-at-all"]},
        {"search": "port", "sourceOrganisations": [archive.sources[0]], "countries": ["TN"]},
    ):
        expected = archive.expected(**filter)
        found = archive.search(first=20, **filter)
        assert (found["totalCount"], ids(found["nodes"])) == (len(expected), expected[:20])
        assert expected

    assert archive.search(sourceOrganisations=["nobody-at-all"])["totalCount"] == 0


@pytest.mark.parametrize(
    "filter",
    [{}, {"search": "reporter"}, {"countries": ["MX"]}, {"violations": ["KILLED"]}],
    ids=["everything", "words", "country", "type"],
)
def test_a_page_after_the_last_is_empty_and_still_counts(
    archive: Archive, planner: str, filter: dict[str, Any]
) -> None:
    expected = archive.expected(**filter)
    beyond = encode_cursor(len(expected) + 5)

    found = archive.search(first=10, after=beyond, **filter)

    assert found["nodes"] == [] and found["totalCount"] == len(expected)
    assert found["pageInfo"]["hasNextPage"] is False

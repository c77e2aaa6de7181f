"""An organisation keeping its own profile current, in-process: what an edit changes and
leaves, the website and texts it checks, the countries it replaces, and the one audit entry
naming what changed (tests/auth/test_organisation_writes.py edits through the graph)."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator

import pytest

from auth.principal import Principal
from auth.scopes import Scope
from hub import db
from hub.models import AuditEntry, Organisation, OrganisationCountry
from hub.models.organisations import FocusArea
from hub.services import organisations
from hub.services.errors import Refusal, WriteRefused
from hub.services.organisations import ProfileChanges, edit_organisation
from tests import factories


@pytest.fixture
async def own(database_url: str) -> AsyncIterator[Organisation]:
    async with db.connected(database_url):
        (organisation,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        yield organisation


def token_of(organisation: Organisation) -> Principal:
    return factories.acting_for(organisation, Scope.ORGANISATION_WRITE)


async def countries_of(organisation: Organisation) -> list[str]:
    rows = OrganisationCountry.filter(organisation_id=organisation.id).order_by("id")
    return [str(code) for code in await rows.values_list("country_id", flat=True)]


async def refusal_of(organisation: Organisation, to: ProfileChanges) -> tuple[object, ...]:
    """What the edit was refused with; and that nothing was written."""
    before = await Organisation.get(id=organisation.id)
    entries = await AuditEntry.all().count()
    with pytest.raises(WriteRefused) as refused:
        await edit_organisation(token_of(organisation), to)
    after = await Organisation.get(id=organisation.id)
    assert (after.name, after.description, after.website) == (
        before.name,
        before.description,
        before.website,
    )
    assert await AuditEntry.all().count() == entries
    return refused.value.code, refused.value.message, refused.value.field


async def test_an_edit_changes_what_it_names_and_records_it_once(own: Organisation) -> None:
    # when the organisation renames itself, sets its website, languages, focus and countries
    edited = await edit_organisation(
        token_of(own),
        ProfileChanges(
            name={"en": "Free Voices", "fr": "Voix Libres"},
            website="  https://free-voices.example.org/  ",
            languages=["fr", "en", "fr"],
            focus=[FocusArea.IMPUNITY, FocusArea.PRESS_FREEDOM, FocusArea.IMPUNITY],
            countries_of_work=["mx", " GT ", "MX"],
        ),
    )

    # then the profile reads so, from the database too
    stored = await Organisation.get(id=own.id)
    for organisation in (edited, stored):
        assert organisation.name == {"en": "Free Voices", "fr": "Voix Libres"}
        assert organisation.search_text == "free voices\nvoix libres"
        assert organisation.website == "https://free-voices.example.org/"
        assert organisation.languages == ["fr", "en"]
        assert organisation.focus == ["impunity", "press-freedom"]
    assert stored.description == own.description  # not asked: left as it was
    assert await countries_of(own) == ["MX", "GT"]

    # and one audit entry names the fields changed, in order
    (entry,) = await AuditEntry.all()
    assert (entry.organisation_id, entry.action, entry.subject) == (
        own.id,
        "organisation.edit",
        f"Organisation:{own.id}",
    )
    assert entry.details == {"fields": ["countriesOfWork", "focus", "languages", "name", "website"]}


async def test_nothing_asked_is_nothing_written(own: Organisation) -> None:
    edited = await edit_organisation(token_of(own), ProfileChanges())

    assert edited.id == own.id
    assert await AuditEntry.all().count() == 0


async def test_countries_alone_are_replaced(own: Organisation) -> None:
    await edit_organisation(token_of(own), ProfileChanges(countries_of_work=["KE", "UG"]))
    await edit_organisation(token_of(own), ProfileChanges(countries_of_work=["TZ"]))

    assert await countries_of(own) == ["TZ"]
    entries = await AuditEntry.all().order_by("id")
    assert [entry.details for entry in entries] == [{"fields": ["countriesOfWork"]}] * 2
    assert (await Organisation.get(id=own.id)).name == own.name

    # and an empty list leaves the organisation working in none
    await edit_organisation(token_of(own), ProfileChanges(countries_of_work=[]))
    assert await countries_of(own) == []


async def test_a_description_alone_is_saved_and_named(own: Organisation) -> None:
    text = {"en": "We defend journalists.", "es": "Defendemos a periodistas."}

    await edit_organisation(token_of(own), ProfileChanges(description=text))

    stored = await Organisation.get(id=own.id)
    assert (stored.description, stored.name) == (text, own.name)
    (entry,) = await AuditEntry.all()
    assert entry.details == {"fields": ["description"]}


async def test_a_plain_http_website_is_kept(own: Organisation) -> None:
    await edit_organisation(token_of(own), ProfileChanges(website="http://free-voices.example.org"))

    assert (await Organisation.get(id=own.id)).website == "http://free-voices.example.org"


async def test_an_edit_writes_only_what_it_names(
    own: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another edit of the website, saved while this one checks its countries
    check_countries = organisations.known_countries

    async def meanwhile(codes: list[str], field: str) -> list[str]:
        await Organisation.filter(id=own.id).update(website="https://meanwhile.example.org")
        return await check_countries(codes, field)

    monkeypatch.setattr(organisations, "known_countries", meanwhile)

    # when this edit renames the organisation and sets its countries
    await edit_organisation(
        token_of(own), ProfileChanges(name={"en": "Renamed"}, countries_of_work=["KE"])
    )

    # then the other edit's website stands beside this edit's name
    stored = await Organisation.get(id=own.id)
    assert (stored.name, stored.website) == ({"en": "Renamed"}, "https://meanwhile.example.org")


@pytest.mark.parametrize("website", ["", "   "])
async def test_an_empty_website_removes_it(own: Organisation, website: str) -> None:
    await edit_organisation(token_of(own), ProfileChanges(website="https://example.org"))

    await edit_organisation(token_of(own), ProfileChanges(website=website))

    assert (await Organisation.get(id=own.id)).website is None


@pytest.mark.parametrize(
    "website",
    [
        "example.org",
        "ftp://example.org",
        "https://",
        "https://example.org:99999/",
        "mailto:press@example.org",
    ],
)
async def test_what_is_no_web_address_is_refused(own: Organisation, website: str) -> None:
    assert await refusal_of(own, ProfileChanges(website=website)) == (
        Refusal.INVALID,
        f"'{website}' is not a web address like https://example.org.",
        "website",
    )


async def test_a_website_is_at_most_255_characters(own: Organisation) -> None:
    longest = "https://example.org/" + "a" * (255 - len("https://example.org/"))

    await edit_organisation(token_of(own), ProfileChanges(website=f" {longest} "))
    assert (await Organisation.get(id=own.id)).website == longest

    assert await refusal_of(own, ProfileChanges(website=longest + "a")) == (
        Refusal.INVALID,
        "A website address has at most 255 characters.",
        "website",
    )


async def test_texts_are_needed_in_the_original_language(own: Organisation) -> None:
    assert await refusal_of(own, ProfileChanges(name={"fr": "Voix Libres"})) == (
        Refusal.INVALID,
        "The name is needed in the original language, 'en'.",
        "name",
    )
    assert await refusal_of(own, ProfileChanges(description={"en": ""})) == (
        Refusal.INVALID,
        "The description is needed in the original language, 'en'.",
        "description",
    )


async def test_an_organisation_writing_in_french_needs_its_texts_in_french(
    own: Organisation,
) -> None:
    own.original_language = "fr"
    own.name = {"fr": "Voix Libres"}
    own.description = {"fr": "Nous défendons les journalistes."}
    await own.save()

    await edit_organisation(token_of(own), ProfileChanges(name={"fr": "Voix Libres Afrique"}))
    assert await refusal_of(own, ProfileChanges(description={"en": "We defend."})) == (
        Refusal.INVALID,
        "The description is needed in the original language, 'fr'.",
        "description",
    )


async def test_unknown_countries_refuse_the_whole_edit(own: Organisation) -> None:
    await edit_organisation(token_of(own), ProfileChanges(countries_of_work=["KE"]))

    assert await refusal_of(
        own, ProfileChanges(name={"en": "Renamed"}, countries_of_work=["KE", "XX"])
    ) == (Refusal.INVALID, "Not ISO 3166-1 alpha-2 country codes: XX.", "countriesOfWork")
    assert await countries_of(own) == ["KE"]


async def test_an_organisation_gone_cannot_edit(own: Organisation) -> None:
    token = token_of(own)
    await own.delete()

    with pytest.raises(WriteRefused) as refused:
        await edit_organisation(token, ProfileChanges(name={"en": "Ghost"}))

    assert (refused.value.code, refused.value.message, refused.value.field) == (
        Refusal.NOT_FOUND,
        "The token's organisation no longer exists.",
        None,
    )

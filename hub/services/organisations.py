"""Organisations keeping their own profile current.

The rule lives here once: an organisation edits its own profile and no other, so the
organisation written to is always the principal's, never one named in a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auth.principal import Principal
from hub.db import transaction
from hub.models import Organisation, OrganisationCountry
from hub.models.organisations import FocusArea
from hub.models.texts import search_text
from hub.services import audit
from hub.services.checks import check_texts, known_countries, url_parts
from hub.services.errors import Refusal, WriteRefused

WEBSITE_MAX_LENGTH = 255


@dataclass(frozen=True)
class ProfileChanges:
    """What an edit asks to change; None leaves a thing as it is."""

    name: dict[str, str] | None = None
    description: dict[str, str] | None = None
    website: str | None = None
    languages: list[str] | None = None
    focus: list[FocusArea] | None = None
    countries_of_work: list[str] | None = None


def _check_website(website: str) -> str | None:
    """An absolute https (or http) address; the empty string removes the website."""
    address = website.strip()
    if not address:
        return None
    parts = url_parts(address)
    if parts is None or parts.scheme not in {"https", "http"} or not parts.hostname:
        raise WriteRefused(
            Refusal.INVALID,
            f"'{website}' is not a web address like https://example.org.",
            "website",
        )
    if len(address) > WEBSITE_MAX_LENGTH:
        raise WriteRefused(
            Refusal.INVALID,
            f"A website address has at most {WEBSITE_MAX_LENGTH} characters.",
            "website",
        )
    return address


def _changed(organisation: Organisation, to: ProfileChanges) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    if to.name is not None:
        changed.update(name=to.name, search_text=search_text(to.name))
    if to.description is not None:
        changed["description"] = to.description
    if to.website is not None:
        changed["website"] = _check_website(to.website)
    if to.languages is not None:
        changed["languages"] = list(dict.fromkeys(to.languages))
    if to.focus is not None:
        changed["focus"] = [area.value for area in dict.fromkeys(to.focus)]
    check_texts(
        organisation.original_language,
        name=changed.get("name", organisation.name),
        description=changed.get("description", organisation.description),
    )
    return changed


async def edit_organisation(principal: Principal, to: ProfileChanges) -> Organisation:
    """Change what is given of the principal's own organisation's profile."""
    organisation = await Organisation.get_or_none(id=principal.organisation_id)
    if organisation is None:
        raise WriteRefused(Refusal.NOT_FOUND, "The token's organisation no longer exists.")
    changed = _changed(organisation, to)
    countries = (
        await known_countries(to.countries_of_work, "countriesOfWork")
        if to.countries_of_work is not None
        else None
    )
    if not changed and countries is None:
        return organisation  # nothing asked, nothing written
    for name, value in changed.items():
        setattr(organisation, name, value)
    async with transaction() as connection:
        if changed:
            await organisation.save(using_db=connection, update_fields=list(changed))
        if countries is not None:
            await (
                OrganisationCountry.filter(organisation_id=organisation.id)
                .using_db(connection)
                .delete()
            )
            await OrganisationCountry.bulk_create(
                [
                    OrganisationCountry(organisation_id=organisation.id, country_id=code)
                    for code in countries
                ],
                using_db=connection,
            )
        fields = sorted(
            [
                *(f for f in changed if f != "search_text"),
                *(["countriesOfWork"] if countries is not None else []),
            ]
        )
        await audit.record(
            principal,
            "organisation.edit",
            f"Organisation:{organisation.id}",
            connection,
            fields=fields,
        )
    return organisation

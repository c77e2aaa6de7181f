"""Organisations: the network's members and the organisations around them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from hub.models.texts import original_language, translated_text

if TYPE_CHECKING:
    from hub.models.geography import Country


class OrganisationScope(StrEnum):
    LOCAL = "local"
    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"


class FocusArea(StrEnum):
    """What an organisation or campaign works on."""

    PRESS_FREEDOM = "press-freedom"
    SAFETY_OF_JOURNALISTS = "safety-of-journalists"
    IMPUNITY = "impunity"
    DIGITAL_RIGHTS = "digital-rights"
    ACCESS_TO_INFORMATION = "access-to-information"
    ARTISTIC_FREEDOM = "artistic-freedom"
    FREEDOM_OF_ASSEMBLY = "freedom-of-assembly"
    MEDIA_PLURALISM = "media-pluralism"
    GENDER_AND_EXPRESSION = "gender-and-expression"


class Organisation(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    name = translated_text("The organisation's name, per language")
    acronym = fields.CharField(max_length=32, null=True)
    description = translated_text("What the organisation does, per language")
    original_language = original_language()
    scope = fields.CharEnumField(OrganisationScope, max_length=16)
    hq_country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="headquartered", on_delete=fields.RESTRICT
    )
    languages: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="ISO 639-1 codes it works in"
    )
    focus: fields.JSONField[list[str]] = fields.JSONField(
        default=list, description="FocusArea values"
    )
    website = fields.CharField(max_length=255, null=True)
    founded_year = fields.SmallIntField(null=True)
    search_text = fields.TextField(default="", description="Every name version, casefolded")
    created_at = fields.DatetimeField(auto_now_add=True)

    hq_country_id: str

    class Meta:
        table = "organisation"
        ordering = ["slug"]
        indexes = (("hq_country_id",),)


class OrganisationCountry(Model):
    """A country an organisation works in (its headquarters need not be one of them)."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "hub.Organisation", related_name="countries_of_work", on_delete=fields.CASCADE
    )
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="organisations_at_work", on_delete=fields.RESTRICT
    )

    organisation_id: int
    country_id: str

    class Meta:
        table = "organisation_country"
        indexes = (("country_id",),)
        unique_together = (("organisation", "country"),)

"""Countries, as ISO 3166-1 defines them (the rows come from pycountry)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Country(Model):
    code = fields.CharField(primary_key=True, max_length=2, description="ISO 3166-1 alpha-2 code")
    alpha3 = fields.CharField(max_length=3, unique=True)
    numeric = fields.CharField(max_length=3)
    name = fields.CharField(max_length=128, description="English short name")

    class Meta:
        table = "country"
        ordering = ["code"]


class CountryName(Model):
    """A country's name in one language, from iso-codes (through pycountry).

    Kept in the database so that compiled reads serve names in the reader's language
    without Python: a row per country for every ISO 639-1 language iso-codes names
    countries in, English where it has no name of its own for one country.
    """

    id = fields.IntField(primary_key=True)
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "hub.Country", related_name="names", on_delete=fields.CASCADE
    )
    language = fields.CharField(max_length=8, description="ISO 639-1 code")
    name = fields.CharField(max_length=128)

    country_id: str

    class Meta:
        table = "country_name"
        unique_together = (("country", "language"),)

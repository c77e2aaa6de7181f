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

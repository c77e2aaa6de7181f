"""The network's one-to-many relations, read page by page through ``Loaders.related``."""

from hub import models
from schema.loaders import Relation

MEMBERSHIP_PERIOD = ("joined_on", "left_on")

COUNTRIES_OF_WORK = Relation(models.OrganisationCountry, "organisation_id", ("country_id",))
MEMBERSHIPS_OF_ORGANISATION = Relation(
    models.NetworkMembership, "organisation_id", ("joined_on",), MEMBERSHIP_PERIOD
)
ORGANISATIONS_IN_COUNTRY = Relation(models.Organisation, "hq_country_id", ("slug",))

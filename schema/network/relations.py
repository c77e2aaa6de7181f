"""The network's lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.fields import Rows

MEMBERSHIP_PERIOD = ("joined_on", "left_on")

COUNTRIES_OF_WORK = Rows(
    models.OrganisationCountry, "organisation_id", ("country_id",), via="country_id"
)
MEMBERSHIPS_OF_ORGANISATION = Rows(models.NetworkMembership, "organisation_id", ("joined_on",))
ORGANISATIONS_IN_COUNTRY = Rows(models.Organisation, "hq_country_id", ("slug",))
MEMBERSHIPS = Rows(models.NetworkMembership, None, ("joined_on",))
FOUNDING_MEMBERSHIPS = Rows(
    models.NetworkMembership, None, ("joined_on",), where=('{row}."founding_member"',)
)
ORGANISATIONS = Rows(models.Organisation, None, ("slug",))
COUNTRIES = Rows(models.Country, None, ("code",))

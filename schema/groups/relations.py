"""Group relations, read page by page through ``Loaders.related``."""

from hub import models
from schema.loaders import Relation

MEMBERSHIP_PERIOD = ("started_on", "ended_on")

MEMBERS_OF_GROUP = Relation(models.GroupMembership, "group_id", ("started_on",), MEMBERSHIP_PERIOD)
GROUPS_OF_ORGANISATION = Relation(
    models.GroupMembership, "organisation_id", ("started_on",), MEMBERSHIP_PERIOD
)

"""Group lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.fields import Rows

MEMBERSHIP_PERIOD = ("started_on", "ended_on")

MEMBERS_OF_GROUP = Rows(models.GroupMembership, "group_id", ("started_on",))
GROUPS_OF_ORGANISATION = Rows(models.GroupMembership, "organisation_id", ("started_on",))
GROUPS = Rows(models.Group, None, ("slug",))

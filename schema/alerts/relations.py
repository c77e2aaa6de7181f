"""Alert lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.fields import Rows

NEWEST_FIRST = ("-occurred_on", "-id")

ALERTS_IN_COUNTRY = Rows(models.Alert, "country_id", NEWEST_FIRST)
ALERTS_FILED_BY = Rows(models.Alert, "source_organisation_id", NEWEST_FIRST)
ALERTS_OF_CASE = Rows(models.Alert, "case_id", ("occurred_on", "id"))
HIGHLIGHTED_CASES = Rows(models.CampaignCase, "campaign_id", ("-highlighted_on",), via="case_id")

"""Campaign lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.fields import Rows

MILESTONES_OF_CAMPAIGN = Rows(models.Milestone, "campaign_id", ("occurred_on",))
COUNTRIES_OF_CAMPAIGN = Rows(
    models.CampaignCountry, "campaign_id", ("country_id",), via="country_id"
)
CAMPAIGNS_OF_GROUP = Rows(models.Campaign, "group_id", ("-launched_on",))
CAMPAIGNS_LED_BY = Rows(models.Campaign, "lead_organisation_id", ("-launched_on",))
CAMPAIGNS = Rows(models.Campaign, None, ("slug",))

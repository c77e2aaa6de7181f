"""Campaign relations, read page by page through ``Loaders.related``."""

from hub import models
from schema.loaders import Relation

MILESTONES_OF_CAMPAIGN = Relation(models.Milestone, "campaign_id", ("occurred_on",))
COUNTRIES_OF_CAMPAIGN = Relation(models.CampaignCountry, "campaign_id", ("country_id",))
CAMPAIGNS_OF_GROUP = Relation(models.Campaign, "group_id", ("-launched_on",))
CAMPAIGNS_LED_BY = Relation(models.Campaign, "lead_organisation_id", ("-launched_on",))

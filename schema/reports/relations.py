"""Report lists: which rows each holds, tied to its parent how, in which order.

Only published reports are public: every list of reports, and every lookup, holds those
alone (``PUBLISHED``)."""

from hub import models
from schema.reads.fields import Rows

PUBLISHED = "{row}.\"status\" = 'published'"

REPORTS = Rows(models.Report, None, ("-published_at",), where=(PUBLISHED,))
COUNTRIES_OF_REPORT = Rows(models.ReportCountry, "report_id", ("country_id",), via="country_id")
CAMPAIGNS_OF_REPORT = Rows(models.ReportCampaign, "report_id", ("id",), via="campaign_id")
ALERTS_OF_REPORT = Rows(models.ReportAlert, "report_id", ("id",), via="alert_id")

"""Statement relations, read page by page through ``Loaders.related``."""

from hub import models
from schema.loaders import Lookup, Relation

SIGNATURES_OF_STATEMENT = Relation(models.StatementSignature, "statement_id", ("signed_at",))
SIGNATURES_OF_ORGANISATION = Relation(models.StatementSignature, "organisation_id", ("-signed_at",))
STATEMENTS_OF_CAMPAIGN = Relation(models.Statement, "campaign_id", ("-created_at",))
STATEMENTS_OF_GROUP = Relation(models.Statement, "group_id", ("-created_at",))

NOT_WITHDRAWN = Lookup("withdrawn_at__isnull", True)

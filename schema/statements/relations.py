"""Statement lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.arguments import Unless
from schema.reads.fields import Rows

SIGNATURES_OF_STATEMENT = Rows(models.StatementSignature, "statement_id", ("signed_at",))
SIGNATURES_OF_ORGANISATION = Rows(models.StatementSignature, "organisation_id", ("-signed_at",))
STATEMENTS_OF_CAMPAIGN = Rows(models.Statement, "campaign_id", ("-created_at",))
STATEMENTS_OF_GROUP = Rows(models.Statement, "group_id", ("-created_at",))
STATEMENTS = Rows(models.Statement, None, ("-created_at",))


def include_withdrawn(description: str) -> Unless:
    """``includeWithdrawn``: withdrawn signatures are left out unless it is true."""
    return Unless("include_withdrawn", '{row}."withdrawn_at" IS NULL', description)

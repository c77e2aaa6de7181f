"""Petition lists: which rows each holds, tied to its parent how, in which order."""

from hub import models
from schema.reads.fields import Rows

SIGNATURES_OF_PETITION = Rows(
    models.PetitionSignature,
    "petition_id",
    ("signed_at",),
    where=("{row}.\"status\" = 'confirmed'",),
)
ENDORSEMENTS_OF_PETITION = Rows(models.PetitionEndorsement, "petition_id", ("endorsed_at",))
ENDORSEMENTS_BY_ORGANISATION = Rows(
    models.PetitionEndorsement, "organisation_id", ("-endorsed_at",)
)
PETITIONS_OF_CAMPAIGN = Rows(models.Petition, "campaign_id", ("slug",))
PETITIONS_STARTED_BY = Rows(models.Petition, "organisation_id", ("slug",))
PETITIONS = Rows(models.Petition, None, ("slug",))

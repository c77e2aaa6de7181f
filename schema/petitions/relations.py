"""Petition relations, read page by page through ``Loaders.related``."""

from hub import models
from schema.loaders import Relation

SIGNATURES_OF_PETITION = Relation(models.PetitionSignature, "petition_id", ("signed_at",))
ENDORSEMENTS_OF_PETITION = Relation(models.PetitionEndorsement, "petition_id", ("endorsed_at",))
ENDORSEMENTS_BY_ORGANISATION = Relation(
    models.PetitionEndorsement, "organisation_id", ("-endorsed_at",)
)
PETITIONS_OF_CAMPAIGN = Relation(models.Petition, "campaign_id", ("slug",))
PETITIONS_STARTED_BY = Relation(models.Petition, "organisation_id", ("slug",))

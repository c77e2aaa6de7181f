"""Tortoise models, one module per domain. Tortoise discovers them from this package."""

from hub.models.campaigns import Campaign, CampaignCountry, Milestone
from hub.models.geography import Country
from hub.models.groups import Group, GroupMembership
from hub.models.network import Network, NetworkMembership
from hub.models.organisations import Organisation, OrganisationCountry
from hub.models.petitions import Petition, PetitionEndorsement, PetitionSignature
from hub.models.statements import Statement, StatementSignature

__all__ = [
    "Campaign",
    "CampaignCountry",
    "Country",
    "Group",
    "GroupMembership",
    "Milestone",
    "Network",
    "NetworkMembership",
    "Organisation",
    "OrganisationCountry",
    "Petition",
    "PetitionEndorsement",
    "PetitionSignature",
    "Statement",
    "StatementSignature",
]

"""Tortoise models, one module per domain. Tortoise discovers them from this package."""

from hub.models.access import (
    AuthorizationCode,
    OAuthClient,
    RefreshToken,
    RevokedAccessToken,
    SigningKey,
    StaffUser,
)
from hub.models.alerts import Alert, AlertDay, AlertViolation
from hub.models.audit import AuditEntry, IdempotentResponse
from hub.models.campaigns import Campaign, CampaignCountry, Milestone
from hub.models.cases import CampaignCase, Case, JusticeStatus
from hub.models.geography import Country, CountryName
from hub.models.groups import Group, GroupMembership
from hub.models.ledger import LedgerEntry, LedgerHead
from hub.models.mail import OutboxMessage
from hub.models.network import Network, NetworkMembership
from hub.models.newsletters import Digest, DigestItem, Subscription
from hub.models.operations import PersistedOperation
from hub.models.organisations import Organisation, OrganisationCountry
from hub.models.partners import HubSecret, Partner
from hub.models.petitions import (
    AddressSigningWindow,
    Petition,
    PetitionEndorsement,
    PetitionSignature,
)
from hub.models.reports import Report, ReportAlert, ReportCampaign, ReportCountry
from hub.models.signers import OrganisationKey, SignerConsent
from hub.models.statements import Statement, StatementSignature

__all__ = [
    "AddressSigningWindow",
    "Alert",
    "AlertDay",
    "AlertViolation",
    "AuditEntry",
    "AuthorizationCode",
    "Campaign",
    "CampaignCase",
    "CampaignCountry",
    "Case",
    "Country",
    "CountryName",
    "Digest",
    "DigestItem",
    "Group",
    "GroupMembership",
    "HubSecret",
    "IdempotentResponse",
    "JusticeStatus",
    "LedgerEntry",
    "LedgerHead",
    "Milestone",
    "Network",
    "NetworkMembership",
    "OAuthClient",
    "Organisation",
    "OrganisationCountry",
    "OrganisationKey",
    "OutboxMessage",
    "Partner",
    "PersistedOperation",
    "Petition",
    "PetitionEndorsement",
    "PetitionSignature",
    "RefreshToken",
    "Report",
    "ReportAlert",
    "ReportCampaign",
    "ReportCountry",
    "RevokedAccessToken",
    "SignerConsent",
    "SigningKey",
    "StaffUser",
    "Statement",
    "StatementSignature",
    "Subscription",
]

"""A database's rows, read once into memory, with the indexes the reference looks up by.

The reference answers every generated query from this snapshot, so each database is read
once per test run, through the Tortoise models only: no query of the hub's read path is
involved. Petition signatures are left out: only their count matters to the public graph,
and the petition row holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hub import models
from tests.databases import fill

Row = Any
"""A Tortoise model instance, read-only here."""

R = TypeVar("R")


def _grouped(rows: Iterable[R], key: Callable[[R], Hashable]) -> dict[Hashable, list[R]]:
    grouped: dict[Hashable, list[R]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def _column(name: str) -> Callable[[Row], Hashable]:
    return lambda row: getattr(row, name)


@dataclass
class Snapshot:
    """Every row of the public read graph, by table, and by the keys relations follow."""

    networks: list[Row]
    countries: list[Row]
    organisations: list[Row]
    organisation_countries: list[Row]
    network_memberships: list[Row]
    groups: list[Row]
    group_memberships: list[Row]
    campaigns: list[Row]
    campaign_countries: list[Row]
    milestones: list[Row]
    statements: list[Row]
    statement_signatures: list[Row]
    petitions: list[Row]
    petition_endorsements: list[Row]
    alerts: list[Row]
    reports: list[Row]
    report_countries: list[Row]
    report_campaigns: list[Row]
    report_alerts: list[Row]
    ledger_heads: list[Row]
    """Each signature list's signed head (``Petition.ledger``, ``Statement.ledger``)."""
    cases: list[Row]
    campaign_cases: list[Row]
    by_key: dict[str, dict[Hashable, Row]] = field(default_factory=dict)
    """Rows by GraphQL type name, then primary key."""
    children: dict[tuple[str, str], dict[Hashable, list[Row]]] = field(default_factory=dict)
    """Rows by (table, foreign key column), then the key they point at."""

    def __post_init__(self) -> None:
        tables = {
            "Country": self.countries,
            "Organisation": self.organisations,
            "NetworkMembership": self.network_memberships,
            "Group": self.groups,
            "GroupMembership": self.group_memberships,
            "Campaign": self.campaigns,
            "Milestone": self.milestones,
            "Statement": self.statements,
            "StatementSignature": self.statement_signatures,
            "Petition": self.petitions,
            "PetitionEndorsement": self.petition_endorsements,
            "Alert": self.alerts,
            "Report": self.reports,
            "Case": self.cases,
        }
        self.by_key = {name: {row.pk: row for row in rows} for name, rows in tables.items()}
        relations: dict[str, list[Row]] = {
            **tables,
            "OrganisationCountry": self.organisation_countries,
            "CampaignCountry": self.campaign_countries,
            "ReportCountry": self.report_countries,
            "ReportCampaign": self.report_campaigns,
            "ReportAlert": self.report_alerts,
            "CampaignCase": self.campaign_cases,
        }
        foreign_keys = {
            "OrganisationCountry": ("organisation_id",),
            "Organisation": ("hq_country_id",),
            "NetworkMembership": ("organisation_id",),
            "GroupMembership": ("group_id", "organisation_id"),
            "Campaign": ("group_id", "lead_organisation_id"),
            "CampaignCountry": ("campaign_id",),
            "Milestone": ("campaign_id",),
            "Statement": ("group_id", "campaign_id"),
            "StatementSignature": ("statement_id", "organisation_id"),
            "Petition": ("campaign_id", "organisation_id"),
            "PetitionEndorsement": ("petition_id", "organisation_id"),
            "Report": ("organisation_id",),
            "ReportCountry": ("report_id",),
            "ReportCampaign": ("report_id",),
            "ReportAlert": ("report_id",),
            "Alert": ("country_id", "source_organisation_id", "case_id"),
            "Case": ("country_id",),
            "CampaignCase": ("campaign_id",),
        }
        for table, columns in foreign_keys.items():
            for column in columns:
                self.children[(table, column)] = _grouped(relations[table], _column(column))

    def row(self, type_name: str, key: Hashable | None) -> Row | None:
        return None if key is None else self.by_key[type_name].get(key)

    def related(self, table: str, column: str, key: Hashable) -> list[Row]:
        """The rows of ``table`` whose ``column`` points at ``key``, in key order."""
        return list(self.children[(table, column)].get(key, ()))

    def ledger_head(self, list_kind: str, list_id: Hashable) -> Row | None:
        """The signed head of a petition's or statement's list, if it has entries."""
        return next(
            (h for h in self.ledger_heads if (h.list_kind, h.list_id) == (list_kind, list_id)),
            None,
        )

    def by_slug(self, type_name: str, slug: str) -> Row | None:
        return next((r for r in self.by_key[type_name].values() if r.slug == slug), None)


async def read_snapshot() -> Snapshot:
    """The rows of the database Tortoise is connected to."""

    async def rows(model: Any) -> list[Row]:
        return list(await model.all().order_by(model._meta.pk_attr))

    return Snapshot(
        networks=await rows(models.Network),
        countries=await rows(models.Country),
        organisations=await rows(models.Organisation),
        organisation_countries=await rows(models.OrganisationCountry),
        network_memberships=await rows(models.NetworkMembership),
        groups=await rows(models.Group),
        group_memberships=await rows(models.GroupMembership),
        campaigns=await rows(models.Campaign),
        campaign_countries=await rows(models.CampaignCountry),
        milestones=await rows(models.Milestone),
        statements=await rows(models.Statement),
        statement_signatures=await rows(models.StatementSignature),
        petitions=await rows(models.Petition),
        petition_endorsements=await rows(models.PetitionEndorsement),
        alerts=await rows(models.Alert),
        reports=await rows(models.Report),
        report_countries=await rows(models.ReportCountry),
        report_campaigns=await rows(models.ReportCampaign),
        report_alerts=await rows(models.ReportAlert),
        ledger_heads=await rows(models.LedgerHead),
        cases=await rows(models.Case),
        campaign_cases=await rows(models.CampaignCase),
    )


def snapshot_of(database_url: str) -> Snapshot:
    """Read the database at ``database_url`` once, then disconnect."""
    taken: list[Snapshot] = []

    async def take() -> None:
        taken.append(await read_snapshot())

    fill(database_url, take)
    return taken[0]

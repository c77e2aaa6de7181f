"""The network, its member organisations and the countries they are in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
import strawberry.federation
from strawberry import relay
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from hub import models
from hub.geography import country_name, has_country_names
from hub.models.organisations import FocusArea as FocusAreaValue
from hub.models.organisations import OrganisationScope as OrganisationScopeValue
from schema.alerts.extends import CountryAlerts, OrganisationAlerts
from schema.campaigns.extends import OrganisationCampaigns
from schema.context import Info
from schema.loaders import ActiveOn, page_of
from schema.localization import LangArgument, LocalizedText, translated, wanted_languages
from schema.network import relations
from schema.nodes import RowNode
from schema.pagination import COUNT_ONLY, After, Connection, First, connection, window
from schema.petitions.extends import OrganisationPetitions
from schema.statements.extends import OrganisationStatements

# Types of other domains are imported lazily: they refer back to these types.
if TYPE_CHECKING:
    from schema.groups.types import GroupMembership

OrganisationScope = strawberry.enum(
    OrganisationScopeValue, description="The reach of an organisation's work."
)
FocusArea = strawberry.enum(
    FocusAreaValue, description="What an organisation or campaign works on."
)

AsOf = Annotated[
    datetime.date | None,
    strawberry.argument(
        description="Read the membership as it stood on this date; today by default."
    ),
]


@dataclass(frozen=True)
class MemberOn:
    """Organisations that were network members on a day."""

    day: datetime.date

    def to_q(self) -> Q:
        current = models.NetworkMembership.filter(
            ActiveOn(relations.MEMBERSHIP_PERIOD, self.day).to_q()
        )
        return Q(id__in=Subquery(current.values("organisation_id")))


@strawberry.federation.type(
    keys=["id"], description="A country, as ISO 3166-1 defines it, named in the reader's language."
)
class Country(RowNode, CountryAlerts):
    model = models.Country
    key: relay.NodeID[str]
    code: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. `TN`.")
    alpha3: str = strawberry.field(description="ISO 3166-1 alpha-3 code, e.g. `TUN`.")
    numeric: str = strawberry.field(description="ISO 3166-1 numeric code, e.g. `788`.")

    @classmethod
    def from_row(cls, row: models.Country) -> Self:
        return cls(key=row.code, code=row.code, alpha3=row.alpha3, numeric=row.numeric)

    @classmethod
    def parse_key(cls, node_id: str) -> str:
        if len(node_id) != 2 or not node_id.isalpha():
            raise ValueError(f"'{node_id}' is not an ISO 3166-1 alpha-2 code")
        return node_id.upper()

    @strawberry.field(description="The country's name, translated by the iso-codes project.")
    def name(self, info: Info, lang: LangArgument = None) -> LocalizedText:
        for language in wanted_languages(info, lang):
            base = language.split("-")[0]
            if has_country_names(base):
                return LocalizedText(
                    text=country_name(self.code, base), language=base, is_fallback=False
                )
        return LocalizedText(text=country_name(self.code, "en"), language="en", is_fallback=True)

    @strawberry.field(description="Network member organisations headquartered here.")
    async def members(
        self, info: Info, as_of: AsOf = None, first: First = None, after: After = None
    ) -> Connection[Organisation]:
        day = as_of or datetime.date.today()
        return await Organisation.connection_of(
            info,
            relations.ORGANISATIONS_IN_COUNTRY,
            self.code,
            first,
            after,
            (MemberOn(day),),
        )


@strawberry.federation.type(
    keys=["id"], description="A free-expression organisation: a member of the network or a partner."
)
class Organisation(
    RowNode,
    OrganisationCampaigns,
    OrganisationPetitions,
    OrganisationStatements,
    OrganisationAlerts,
):
    model = models.Organisation
    id: relay.NodeID[int]
    slug: str = strawberry.field(
        description="Unique, URL-safe name, e.g. `canadian-committee-to-protect-journalists`."
    )
    acronym: str | None = strawberry.field(description="Short name, if it has one.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    scope: OrganisationScope = strawberry.field(
        description="Local, national, regional or international."
    )
    languages: list[str] = strawberry.field(
        description="ISO 639-1 codes of the languages it works in."
    )
    focus: list[FocusArea] = strawberry.field(description="What it works on.")
    website: str | None = strawberry.field(description="Its website.")
    founded_year: int | None = strawberry.field(description="The year it was founded.")
    names: strawberry.Private[dict[str, str]]
    descriptions: strawberry.Private[dict[str, str]]
    hq_country_id: strawberry.Private[str]

    name = translated("names", "The organisation's name.")
    description = translated("descriptions", "What the organisation does.")

    @classmethod
    def from_row(cls, row: models.Organisation) -> Self:
        return cls(
            id=row.id,
            slug=row.slug,
            acronym=row.acronym,
            original_language=row.original_language,
            scope=OrganisationScopeValue(row.scope),
            languages=list(row.languages),
            focus=[FocusAreaValue(area) for area in row.focus],
            website=row.website,
            founded_year=row.founded_year,
            names=row.name,
            descriptions=row.description,
            hq_country_id=row.hq_country_id,
        )

    @strawberry.field(description="The country of its headquarters.")
    async def headquarters(self, info: Info) -> Country:
        return await Country.load_required(info, self.hq_country_id)

    @strawberry.field(description="The countries it works in.")
    async def countries_of_work(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Country]:
        slice_ = window(info, first, after)
        page = await info.context.loaders.related(relations.COUNTRIES_OF_WORK, slice_).load(self.id)
        countries = await Country.load_all(info, [row.country_id for row in page.rows])
        return connection(countries, slice_, page.total)

    @strawberry.field(description="Its periods of network membership, oldest first.")
    async def network_memberships(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[NetworkMembership]:
        return await NetworkMembership.connection_of(
            info, relations.MEMBERSHIPS_OF_ORGANISATION, self.id, first, after
        )

    @strawberry.field(description="Whether it was a network member on a date (today by default).")
    async def is_member(self, info: Info, as_of: AsOf = None) -> bool:
        relation = relations.MEMBERSHIPS_OF_ORGANISATION
        page = await info.context.loaders.related(
            relation, COUNT_ONLY, (relation.on(as_of or datetime.date.today()),)
        ).load(self.id)
        return bool(page.total)

    @strawberry.field(description="The groups it belongs or belonged to, with its role in each.")
    async def groups(
        self,
        info: Info,
        as_of: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="Only memberships current on this date; all by default."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Annotated[GroupMembership, strawberry.lazy("schema.groups.types")]]:
        from schema.groups.types import memberships_of_organisation

        return await memberships_of_organisation(info, self.id, as_of, first, after)


@strawberry.federation.type(
    keys=["id"], description="One period of an organisation's network membership."
)
class NetworkMembership(RowNode):
    model = models.NetworkMembership
    id: relay.NodeID[int]
    joined_on: datetime.date = strawberry.field(description="The day it joined.")
    left_on: datetime.date | None = strawberry.field(description="The day it left, if it did.")
    founding_member: bool = strawberry.field(description="Whether it was among the founders.")
    departure_reason: str | None = strawberry.field(description="Why it left, if it did.")
    organisation_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: models.NetworkMembership) -> Self:
        return cls(
            id=row.id,
            joined_on=row.joined_on,
            left_on=row.left_on,
            founding_member=row.founding_member,
            departure_reason=row.departure_reason,
            organisation_id=row.organisation_id,
        )

    @strawberry.field(description="The member organisation.")
    async def organisation(self, info: Info) -> Organisation:
        return await Organisation.load_required(info, self.organisation_id)


@strawberry.type(description="The network: its story, and its membership over time.")
class Network:
    name: str = strawberry.field(description="The network's name.")
    former_name: str | None = strawberry.field(description="The name it was known by before.")
    original_language: str = strawberry.field(description="The language its texts were written in.")
    proposed_in_year: int = strawberry.field(description="The year the network was first proposed.")
    founding_city: str = strawberry.field(description="Where it was first proposed.")
    founding_organisation_count: int = strawberry.field(
        description="How many organisations met to propose it."
    )
    archive_starts_year: int = strawberry.field(
        description="The year the archive of free-expression violations starts."
    )
    descriptions: strawberry.Private[dict[str, str]]
    founding_country_code: strawberry.Private[str]
    convened_by_id: strawberry.Private[int | None]

    description = translated("descriptions", "What the network is.")

    @classmethod
    def from_row(cls, row: models.Network) -> Self:
        return cls(
            name=row.name,
            former_name=row.former_name,
            original_language=row.original_language,
            proposed_in_year=row.proposed_in_year,
            founding_city=row.founding_city,
            founding_organisation_count=row.founding_organisation_count,
            archive_starts_year=row.archive_starts_year,
            descriptions=row.description,
            founding_country_code=row.founding_country_id,
            convened_by_id=row.convened_by_id,
        )

    @strawberry.field(description="The country where it was first proposed.")
    async def founding_country(self, info: Info) -> Country:
        return await Country.load_required(info, self.founding_country_code)

    @strawberry.field(description="The organisation that organised the founding meeting.")
    async def convened_by(self, info: Info) -> Organisation | None:
        return await Organisation.load(info, self.convened_by_id)

    @strawberry.field(
        description="How many organisations were members on a date (today by default)."
    )
    async def member_count(self, as_of: AsOf = None) -> int:
        day = as_of or datetime.date.today()
        return await models.Organisation.filter(MemberOn(day).to_q()).count()

    @strawberry.field(
        description="In how many countries the members had their headquarters on a date"
        " (today by default)."
    )
    async def country_count(self, as_of: AsOf = None) -> int:
        day = as_of or datetime.date.today()
        counted = (
            await models.Organisation.filter(MemberOn(day).to_q())
            .annotate(countries=Count("hq_country_id", distinct=True))
            .first()
            .values_list("countries", flat=True)
        )
        return int(counted or 0)

    @strawberry.field(description="Membership periods current on a date (today by default).")
    async def members(
        self, info: Info, as_of: AsOf = None, first: First = None, after: After = None
    ) -> Connection[NetworkMembership]:
        slice_ = window(info, first, after)
        day = as_of or datetime.date.today()
        query = models.NetworkMembership.filter(ActiveOn(relations.MEMBERSHIP_PERIOD, day).to_q())
        page = await page_of(query, ("joined_on",), slice_)
        return connection([NetworkMembership.from_row(r) for r in page.rows], slice_, page.total)

    @strawberry.field(description="The organisations that founded the network.")
    async def founding_members(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[NetworkMembership]:
        slice_ = window(info, first, after)
        query = models.NetworkMembership.filter(founding_member=True)
        page = await page_of(query, ("joined_on",), slice_)
        return connection([NetworkMembership.from_row(r) for r in page.rows], slice_, page.total)

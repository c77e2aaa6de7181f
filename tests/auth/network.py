"""A small network with two member organisations, their staff and their OAuth clients."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from hub.services.access import create_staff_user, register_client
from hub.settings import Settings
from tests import factories

PASSWORD = "correct horse battery staple"
DASHBOARD_REDIRECT = "http://127.0.0.1:9999/callback"


@dataclass
class Member:
    slug: str
    organisation_id: int
    client_id: str = ""
    client_secret: str = ""
    dashboard_id: str = ""
    staff_email: str = ""


@dataclass
class AuthNetwork:
    members: list[Member] = field(default_factory=list)
    outsider: Member | None = None


async def build_auth_network(network: AuthNetwork, scopes: str = "statements:sign") -> None:
    """Two members (A and B) with a confidential client, a public dashboard and a staff user each,
    and one organisation outside the network."""
    settings = Settings()
    organisations = await factories.organisations(2, member_since=datetime.date(2000, 1, 1))
    for organisation in organisations:
        system = await register_client(organisation, "Own system", scopes, [], settings)
        dashboard = await register_client(
            organisation, "Dashboard", scopes, [DASHBOARD_REDIRECT], settings, public=True
        )
        email = f"staff@{organisation.slug}.example.org"
        await create_staff_user(organisation, email, "Staff", PASSWORD)
        network.members.append(
            Member(
                slug=organisation.slug,
                organisation_id=organisation.id,
                client_id=system.client_id,
                client_secret=system.client_secret or "",
                dashboard_id=dashboard.client_id,
                staff_email=email,
            )
        )
    (outsider,) = await factories.organisations(1)
    network.outsider = Member(slug=outsider.slug, organisation_id=outsider.id)


@dataclass
class Statements:
    open: int = 0
    group_only: int = 0
    draft: int = 0
    published: int = 0
    led_by_b: int = 0


async def build_statements(network: AuthNetwork, statements: Statements) -> None:
    """Statements led by member A, one reserved to a group that B is not in, one led by B."""
    from hub.models import Organisation
    from hub.models.statements import StatementStatus

    a, b = [await Organisation.get(id=m.organisation_id) for m in network.members]
    group = await factories.group([a])
    statements.open = (await factories.statement(a, status=StatementStatus.OPEN)).id
    statements.group_only = (
        await factories.statement(
            a, status=StatementStatus.OPEN, group_id=group.id, open_to_all_members=False
        )
    ).id
    statements.draft = (await factories.statement(a, status=StatementStatus.DRAFT)).id
    statements.published = (await factories.statement(a, status=StatementStatus.PUBLISHED)).id
    statements.led_by_b = (await factories.statement(b, status=StatementStatus.DRAFT)).id

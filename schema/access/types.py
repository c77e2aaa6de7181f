"""Who is asking: the organisation, client, user and scopes behind the request's token."""

from __future__ import annotations

import strawberry

from auth.principal import Principal
from schema.network.types import Organisation
from schema.reads.roots import entity


@strawberry.type(description="The holder of the request's access token.")
class Viewer:
    client_id: str = strawberry.field(description="The OAuth client the token was issued to.")
    user_id: int | None = strawberry.field(
        description="The staff user who signed in, for a dashboard's token; null otherwise."
    )
    scopes: list[str] = strawberry.field(description="What the token allows, sorted.")
    organisation_id: strawberry.Private[int]
    organisation: Organisation = entity(
        "organisation_id", description="The one organisation the token acts for."
    )

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        return cls(
            client_id=principal.client_id,
            user_id=principal.user_id,
            scopes=sorted(principal.scopes),
            organisation_id=principal.organisation_id,
        )

"""A member organisation's own subgraph: its safety helpline's yearly figures on ``Organisation``.

The member keeps its data where it likes (here, ``helpline.json``) and serves one field,
``Organisation.helpline``, next to the hub's fields in the network's supergraph. It refers
to the hub's ``Organisation`` entity by its key, the global ID, and asks the gateway for
the organisation's ``slug`` (``@requires``), which is how its own records are filed.

Run it beside the hub (see README.md):
    .venv/bin/uvicorn --app-dir examples/member-subgraph member_subgraph:app --port 8101
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Self

import strawberry
import strawberry.federation
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

RECORDS = json.loads((Path(__file__).parent / "helpline.json").read_text(encoding="utf-8"))


@strawberry.type(description="One year of the member's journalist safety helpline.")
class HelplineYear:
    year: int = strawberry.field(description="The calendar year.")
    calls: int = strawberry.field(description="Calls the helpline answered.")
    cases_opened: int = strawberry.field(description="Cases it opened for follow-up.")
    referred_to_lawyers: int = strawberry.field(description="Cases it referred to lawyers.")


@strawberry.federation.type(keys=["id"])  # the hub describes it
class Organisation:
    id: strawberry.ID
    slug: str = strawberry.federation.field(external=True)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, slug: str = "") -> Self:
        return cls(id=id, slug=slug)

    @strawberry.federation.field(
        requires=["slug"],
        description="Its journalist safety helpline, year by year: served by the member"
        " that runs it, empty for every other organisation.",
    )
    def helpline(self) -> list[HelplineYear]:
        if self.slug != RECORDS["organisation"]:
            return []
        return [
            HelplineYear(
                year=entry["year"],
                calls=entry["calls"],
                cases_opened=entry["casesOpened"],
                referred_to_lawyers=entry["referredToLawyers"],
            )
            for entry in RECORDS["years"]
        ]


schema = strawberry.federation.Schema(types=[Organisation], federation_version="2.5")
app = Starlette(routes=[Route("/graphql", GraphQL(schema), methods=["GET", "POST"])])

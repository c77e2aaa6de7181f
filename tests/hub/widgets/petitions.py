"""Petitions and partners for the widget tests, made in a fresh database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hub import clock
from hub.models import Partner, Petition, PetitionSignature
from hub.services.petition_signing import Signature
from tests import factories
from tests.databases import fill

PARTNER_ORIGIN = "https://news.example"


@dataclass
class WidgetPetitions:
    open: str = ""
    closed: str = ""
    draft: str = ""
    past_closing: str = ""
    partner: str = "news-example"


def build_widget_petitions(database_url: str) -> WidgetPetitions:
    made = WidgetPetitions()

    async def build() -> None:
        (owner,) = await factories.organisations(1)
        endorsers = await factories.organisations(2)
        texts = {
            "title": {"en": "Free the reporters", "ar": "أطلقوا سراح المراسلين"},
            "body": {"en": "We ask for their release.", "ar": "نطالب بالإفراج عنهم."},
            "target": {"en": "The government", "ar": "الحكومة"},
        }
        opened = clock.now() - datetime.timedelta(days=3)
        petition = await factories.petition(owner, opened_at=opened, **texts)
        await factories.endorse(petition, endorsers)
        made.open = petition.slug
        made.closed = (await factories.petition(owner, status="closed", opened_at=opened)).slug
        made.draft = (await factories.petition(owner, status="draft")).slug
        made.past_closing = (
            await factories.petition(
                owner, opened_at=opened, closes_at=clock.now() - datetime.timedelta(hours=1)
            )
        ).slug
        await Partner.create(slug=made.partner, name="News Example", origins=[PARTNER_ORIGIN])

    fill(database_url, build)
    return made


def signatures_of(database_url: str, slug: str) -> tuple[int, int, list[PetitionSignature]]:
    """(the petition's kept count, its rows counted, the rows) as the database has them."""
    found: list[tuple[int, int, list[PetitionSignature]]] = []

    async def read() -> None:
        petition = await Petition.get(slug=slug)
        rows = await PetitionSignature.filter(petition_id=petition.id).order_by("id")
        found.append((petition.signature_count, len(rows), rows))

    fill(database_url, read)
    return found[0]


def signature(petition_id: int, n: int, address: str | None = None, name: str = "") -> Signature:
    """Person ``n``'s signature, checked and ready for the writer."""
    return Signature(
        petition_id=petition_id,
        name=name or f"Person {n}",
        email=f"person{n}@example.org",
        language="en",
        country=None,
        consent_to_contact=False,
        source="widget",
        address_hash=address,
        signed_at=clock.now(),
    )

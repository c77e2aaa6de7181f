"""Petitions and partners for the widget tests, made in a fresh database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hub import clock
from hub.keyring import keyring
from hub.models import Partner, Petition, PetitionSignature
from hub.models.petitions import SignatureStatus
from hub.services.petition_signing import Signature
from hub.services.signer_links import confirm_signature
from hub.services.signer_mail import CONFIRM
from hub.settings import Settings
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


async def confirm_pending(petition_id: int) -> int:
    """Confirm every pending signature of the petition, oldest first, as each signer's link
    would (in the caller's database); how many were confirmed."""
    keys = await keyring(Settings())
    pending = (
        await PetitionSignature.filter(petition_id=petition_id, status=SignatureStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for signature_id in pending:
        token = keys.link_token(CONFIRM, int(signature_id))
        await confirm_signature(keys, token, datetime.timedelta(hours=1))
    return len(pending)


def confirm_all(database_url: str, slug: str) -> int:
    """Confirm every pending signature of the petition (the tests of signing count confirmed
    signatures); how many were confirmed."""
    confirmed: list[int] = []

    async def confirm() -> None:
        petition = await Petition.get(slug=slug)
        confirmed.append(await confirm_pending(petition.id))

    fill(database_url, confirm)
    return confirmed[0]


def address_hashes(database_url: str, *emails: str) -> set[str]:
    """The hub's keyed hashes of these addresses, as its signatures hold them."""
    found: list[set[str]] = []

    async def hashed() -> None:
        keys = await keyring(Settings(database_url=database_url))
        found.append({keys.hash(email) for email in emails})

    fill(database_url, hashed)
    return found[0]


def confirmation_links(database_url: str, slug: str) -> list[str]:
    """The confirmation link (path and query) of each pending signature, oldest first, as
    its signer's mail holds it."""
    found: list[list[str]] = []

    async def read() -> None:
        keys = await keyring(Settings(database_url=database_url))
        petition = await Petition.get(slug=slug)
        pending = (
            await PetitionSignature.filter(petition_id=petition.id, status=SignatureStatus.PENDING)
            .order_by("id")
            .values_list("id", flat=True)
        )
        found.append(
            [
                f"/widgets/signatures/{CONFIRM}/{keys.link_token(CONFIRM, int(i))}?lang=en"
                for i in pending
            ]
        )

    fill(database_url, read)
    return found[0]


def confirmation_link_of(database_url: str, slug: str, email: str) -> str:
    """The confirmation link (path and query) of the pending signature ``email`` made, as
    its signer's mail holds it."""
    found: list[str] = []

    async def read() -> None:
        keys = await keyring(Settings(database_url=database_url))
        petition = await Petition.get(slug=slug)
        signature = await PetitionSignature.get(
            petition_id=petition.id,
            email_hash__in=list(keys.hashes(email.strip().lower()).values()),
            status=SignatureStatus.PENDING,
        )
        found.append(f"/widgets/signatures/{CONFIRM}/{keys.link_token(CONFIRM, signature.id)}")

    fill(database_url, read)
    return found[0]

"""``hub petitions export``: the organisation that started a petition opens, with its
private key, the confirmed signers who agree to be contacted. Every export is audited."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from strawberry.relay import GlobalID

from hub.db import transaction
from hub.models import OrganisationKey, Petition, PetitionSignature, SignerConsent
from hub.models.petitions import SignatureStatus
from hub.services import audit, sealing
from hub.services.errors import Refusal, WriteRefused
from hub.services.sealing import KeyRefused

COLUMNS = (
    "name",
    "email",
    "country",
    "language",
    "source",
    "signed_at",
    "confirmed_at",
    "consent_purpose",
    "consent_wording",
    "consent_given_at",
    "consent_given_how",
)


@dataclass
class Export:
    rows: list[dict[str, str]] = field(default_factory=list)
    sealed_to_other_keys: int = 0
    """Consenting signers sealed to another of the organisation's keys (an older one)."""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


async def export_signers(slug: str, private_key_text: str) -> Export:
    petition = await Petition.get_or_none(slug=slug)
    if petition is None:
        raise WriteRefused(Refusal.NOT_FOUND, f"No petition is called '{slug}'.", "slug")
    try:
        private = sealing.private_key(private_key_text)
    except KeyRefused as refused:
        raise WriteRefused(Refusal.INVALID, str(refused), "key") from None
    public = sealing.public_key_of(private)
    owner = petition.organisation_id
    if not await OrganisationKey.exists(organisation_id=owner, public_key=public):
        await _audited(petition, "petition.export_refused", key=public)
        raise WriteRefused(
            Refusal.FORBIDDEN,
            "This key is not one of the keys of the organisation that started the petition:"
            " it opens none of its signers.",
            "key",
        )
    # the petition's signers who still consent: those the export may hold
    consents = {
        int(row["signature_id"]): row
        for row in await SignerConsent.filter(
            signature__petition_id=petition.id, revoked_at=None
        ).values("signature_id", "purpose", "wording", "given_at", "given_how")
    }
    signatures = (
        await PetitionSignature.filter(status=SignatureStatus.CONFIRMED, id__in=sorted(consents))
        .order_by("signed_at", "id")
        .values(
            "id",
            "sealed_name",
            "sealed_email",
            "sealed_to",
            "country_id",
            "language",
            "source",
            "signed_at",
            "confirmed_at",
        )
    )
    export = Export()
    for row in signatures:
        if row["sealed_to"] != public or row["sealed_email"] is None:
            export.sealed_to_other_keys += row["sealed_to"] not in (public, None)
            continue
        consent = consents[int(row["id"])]
        try:
            name = sealing.open_sealed(private, row["sealed_name"])
            email = sealing.open_sealed(private, row["sealed_email"])
        except KeyRefused as refused:
            raise WriteRefused(Refusal.INVALID, str(refused), "key") from None
        export.rows.append(
            {
                "name": name,
                "email": email,
                "country": row["country_id"] or "",
                "language": row["language"],
                "source": row["source"],
                "signed_at": row["signed_at"].isoformat(),
                "confirmed_at": row["confirmed_at"].isoformat() if row["confirmed_at"] else "",
                "consent_purpose": consent["purpose"],
                "consent_wording": consent["wording"],
                "consent_given_at": consent["given_at"].isoformat(),
                "consent_given_how": consent["given_how"],
            }
        )
    await _audited(petition, "petition.export", rows=len(export.rows), key=public)
    return export


async def _audited(petition: Petition, action: str, **details: object) -> None:
    subject = str(GlobalID("Petition", str(petition.id)))
    async with transaction() as connection:
        await audit.record_operator(
            petition.organisation_id, action, subject, connection, **details
        )

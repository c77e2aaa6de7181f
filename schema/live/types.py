"""What a subscription sends: the event, and the rows it names read as any query reads them.

Each event type holds the key of the row the write touched; its fields are compiled
reads of that row (``entity``), so a subscriber selects what it needs from a petition, a
signature or an alert exactly as in a query, one SQL statement per event.
"""

from __future__ import annotations

import strawberry

from schema.alerts.types import Alert
from schema.petitions.types import Petition
from schema.reads.roots import entity
from schema.statements.types import StatementSignature


@strawberry.type(description="A petition's signature count, as it is when it moved.")
class PetitionCountMoved:
    petition_id: strawberry.Private[int]
    petition: Petition | None = entity(
        "petition_id",
        description="The petition as it now is: select `signatureCount`, `progress`, `goal`.",
    )


@strawberry.type(description="An organisation co-signed a statement.")
class StatementCoSigned:
    signature_id: strawberry.Private[int]
    signature: StatementSignature | None = entity(
        "signature_id", description="The new co-signature: who signed, when, for which statement."
    )


@strawberry.type(description="An alert was filed in one of the countries followed.")
class AlertFiled:
    alert_id: strawberry.Private[int]
    alert: Alert | None = entity("alert_id", description="The new alert.")

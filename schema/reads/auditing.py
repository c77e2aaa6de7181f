"""Reads the audit log records: fields declared ``audited`` (an export of people's data),
each time a request's answer reads them, for the token's organisation."""

from __future__ import annotations

from hub.db import transaction
from hub.services import audit
from schema.reads.fields import Owned
from schema.reads.plans import Asked, Plan
from schema.reads.selections import reading_of


async def audit_reads(asked: Asked, plan: Plan) -> None:
    """Once per audited field and request, after its statement ran."""
    principal = asked.context.principal
    audited = {
        (reading.audited, occurrence.name)
        for occurrence in plan.selection.occurrences
        if isinstance(reading := reading_of(occurrence.field), Owned) and reading.audited
    }
    if principal is None or not audited:
        return
    async with transaction() as connection:
        for action, name in sorted(audited):
            await audit.record(principal, action, name, connection, path=list(asked.path))

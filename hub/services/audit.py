"""The audit log: every write, with who made it, recorded in the write's own transaction."""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from auth.principal import Principal
from hub import clock
from hub.models import AuditEntry


async def record(
    principal: Principal,
    action: str,
    subject: str,
    connection: BaseDBAsyncClient,
    **details: Any,
) -> None:
    """Log one write; call it inside the transaction that makes the write."""
    await AuditEntry.create(
        occurred_at=clock.now(),
        organisation_id=principal.organisation_id,
        client_id=principal.client_id,
        user_id=principal.user_id,
        token_jti=principal.jti,
        action=action,
        subject=subject,
        details=details,
        using_db=connection,
    )


async def record_operator(
    organisation_id: int | None,
    action: str,
    subject: str,
    connection: BaseDBAsyncClient,
    **details: Any,
) -> None:
    """Log what an operator did on the hub's command line (no token: no client or user)."""
    await AuditEntry.create(
        occurred_at=clock.now(),
        organisation_id=organisation_id,
        action=action,
        subject=subject,
        details={"by": "command line", **details},
        using_db=connection,
    )

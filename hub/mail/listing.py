"""What ``hub outbox`` shows: each message's kind, state and attempts, never its content."""

from __future__ import annotations

from typing import Any

from hub.models import OutboxMessage
from hub.models.mail import OutboxStatus


async def outbox_listing(waiting_only: bool = False) -> list[dict[str, Any]]:
    rows = OutboxMessage.all()
    if waiting_only:
        rows = rows.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED]
        )
    listed = await rows.order_by("id").values(
        "id",
        "kind",
        "language",
        "about",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    for row in listed:
        for moment in ("created_at", "next_attempt_at", "sent_at"):
            if row[moment] is not None:
                row[moment] = row[moment].isoformat()
    return listed

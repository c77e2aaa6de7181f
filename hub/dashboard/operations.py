"""The dashboard's GraphQL operations: public reads and one subscription, registered for
the safelist when the hub starts, so that the dashboard runs on a safelisted hub too.

Each operation is a file of ``operations/``; one that spreads ``...Member`` is sent with
the fragment's file after it. The page is given each operation's text and SHA-256: it
sends the hash alone (Apollo's persisted queries), and the text only if a hub that does
not keep persisted queries asks for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tortoise.exceptions import IntegrityError

from hub.services import operations

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent / "operations"
FRAGMENT = FOLDER / "member.fragment.graphql"


@dataclass(frozen=True)
class Operation:
    name: str
    document: str

    @property
    def sha256(self) -> str:
        return operations.sha256(self.document)


@cache
def dashboard_operations() -> dict[str, Operation]:
    """The dashboard's operations by file name (``group``, ``petition-count``…)."""
    fragment = FRAGMENT.read_text(encoding="utf-8")
    found: dict[str, Operation] = {}
    for path in sorted(FOLDER.glob("*.graphql")):
        if path == FRAGMENT:
            continue
        text = path.read_text(encoding="utf-8")
        document = f"{text}\n{fragment}" if "...Member" in text else text
        found[path.stem] = Operation(path.stem, document)
    return found


async def register_dashboard_operations() -> None:
    """Register the dashboard's operations (again: nothing changes when they are)."""
    documents = [(f"{name}.graphql", op.document) for name, op in dashboard_operations().items()]
    try:
        await operations.register(documents)
    except IntegrityError:  # another replica registered them at the same moment
        await operations.register(documents)
    log.debug("Registered the dashboard's %d operations", len(documents))

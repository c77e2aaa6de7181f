"""The GraphQL over HTTP specification, as graphql-http's own audit (``auditServer``) checks
it, against a live hub's ``/graphql`` and a subgraph's route: every MUST and every SHOULD
passes, with no warning and no error."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live import live_hub
from tests.tools import needs, npm_ci

AUDIT = Path(__file__).resolve().parent / "http_audit"
WHY = "the GraphQL over HTTP audit runs graphql-http on Node.js"


def audit(url: str) -> list[dict[str, Any]]:
    """What graphql-http's ``auditServer`` says of the endpoint at ``url``."""
    (node,) = needs("node", why=WHY)
    npm_ci(AUDIT, why=WHY)
    run = subprocess.run(
        [node, str(AUDIT / "audit.mjs"), url], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    results: list[dict[str, Any]] = json.loads(run.stdout)
    return results


@pytest.fixture(scope="module")
def hub(demo_database_url: str) -> Iterator[str]:
    with live_hub(demo_database_url) as base:
        yield base


@pytest.mark.parametrize("path", ["/graphql", "/subgraphs/network/graphql"])
def test_every_must_and_should_of_the_audit_passes(hub: str, path: str) -> None:
    # when the audit runs against the endpoint
    results = audit(f"{hub}{path}")

    # then it ran its audits, and not one warned or failed
    failed = [result for result in results if result["status"] in ("warn", "error")]
    assert len(results) > 40
    assert failed == []
    required = [r for r in results if r["name"].startswith(("MUST", "SHOULD"))]
    assert required and all(result["status"] == "ok" for result in required)

"""Arguments that many fields share, with their descriptions."""

from __future__ import annotations

import strawberry

INPUT = strawberry.argument(description="What to write.")

"""Arguments that many root fields share, with their descriptions."""

from __future__ import annotations

from typing import Annotated

import strawberry

Slug = Annotated[str, strawberry.argument(description="The unique, URL-safe name.")]

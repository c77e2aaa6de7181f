"""Arguments that many root fields share, with their descriptions."""

from __future__ import annotations

from typing import Annotated

import strawberry

Slug = Annotated[str, strawberry.argument(description="The unique, URL-safe name.")]

FILTER = strawberry.argument(description="Conditions every listed item must meet.")
ORDER = strawberry.argument(description="How to sort the list.")
KIND = strawberry.argument(description="Only groups of this kind.")
INPUT = strawberry.argument(description="What to write.")

"""New alerts in a set of countries, live (``Subscription.alertsFiled``)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from hub.geography import all_countries
from schema.alerts.types import Alert
from schema.errors import BadArgument
from schema.filters import country_code
from schema.live.following import follow
from schema.reads.roots import entity

COUNTRIES = frozenset(code for code, *_ in all_countries())


@strawberry.type(description="An alert was filed in one of the countries followed.")
class AlertFiled:
    alert_id: strawberry.Private[int]
    alert: Alert | None = entity("alert_id", description="The new alert.")


def followed_countries(codes: list[str]) -> list[str]:
    if not codes:
        raise BadArgument("countryCodes", "name at least one country")
    checked = [country_code(code, "countryCodes") for code in codes]
    unknown = sorted(set(checked) - COUNTRIES)
    if unknown:
        raise BadArgument("countryCodes", f"{', '.join(unknown)} is no ISO 3166-1 country")
    return checked


@strawberry.type
class AlertSubscriptions:
    @strawberry.subscription(description="Each alert filed in any of these countries, as it is.")
    async def alerts_filed(
        self,
        country_codes: Annotated[
            list[str],
            strawberry.argument(
                description="ISO 3166-1 alpha-2 codes of the countries followed, such as 'TN'."
            ),
        ],
    ) -> AsyncGenerator[AlertFiled, None]:
        codes = followed_countries(country_codes)
        filed = follow("alert.filed", codes, lambda event: AlertFiled(alert_id=event.subject))
        async for event in filed:
            yield event

"""The widget tests' petitions in a fresh database, and a hub serving them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.conftest import hub_client
from tests.hub.widgets.petitions import WidgetPetitions, build_widget_petitions


@pytest.fixture
def petitions(database_url: str) -> WidgetPetitions:
    return build_widget_petitions(database_url)


@pytest.fixture
def hub(database_url: str, petitions: WidgetPetitions) -> Iterator[TestClient]:
    with hub_client(database_url) as client:
        yield client

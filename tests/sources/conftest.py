"""The local API server, started once per module on 127.0.0.1 and emptied before each test."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.sources.server import ApiServer, serving


@pytest.fixture(scope="module")
def _server() -> Iterator[ApiServer]:
    with serving() as api:
        yield api


@pytest.fixture
def api(_server: ApiServer) -> ApiServer:
    _server.reset()
    return _server

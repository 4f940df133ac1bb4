"""The local API server, started once per module on 127.0.0.1 and emptied before each test."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.sources.server import ApiServer, start


@pytest.fixture(scope="module")
def _server() -> Iterator[ApiServer]:
    api = ApiServer()
    server, thread = start(api)
    yield api
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def api(_server: ApiServer) -> ApiServer:
    _server.reset()
    return _server

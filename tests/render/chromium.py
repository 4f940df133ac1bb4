"""Debian's Chromium through playwright, with the network refused: what the browser tests open pages in."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Offline:
    """A browser whose pages may load file: and data: URLs only; it counts the errors and refused requests."""

    browser: Any
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def open(self, path: Path, width: int = 1280, height: int = 900) -> Any:
        tab = self.browser.new_page(viewport={"width": width, "height": height})
        tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.errors.append(str(e)))
        tab.route("**/*", self._route)
        tab.goto(path.as_uri())
        return tab

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()


@contextmanager
def offline_browser() -> Iterator[Offline]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield Offline(browser)
        finally:
            browser.close()

"""The HTTP edge all query APIs share: each API's pace, retries with backoff on 429/5xx/no connection, one-line errors.

One client per API per run, so two queries to arXiv still wait 3 seconds
between requests.  Sleeping and the clock are injectable so that tests of
the retry policy take milliseconds.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import Callable

import httpx

from reportgen import __version__
from reportgen.codec import parse_json
from reportgen.errors import SourceError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 120.0  # a Retry-After longer than this (a daily quota) stops the run instead of stalling it
GIVE_UP_HINT = (
    "the API is failing or unreachable; try again later, or pass --keep-going to build from the records fetched before"
)


def user_agent(email_address: str | None) -> str:
    """Who is asking, so an API operator can write before blocking (arXiv and OpenAlex ask for this)."""
    contact = f"; mailto:{email_address}" if email_address else ""
    return f"reportgen/{__version__} (literature survey builder{contact})"


class PoliteClient:
    """GET with a minimum interval between requests and bounded, growing waits between retries."""

    def __init__(
        self,
        *,
        min_interval: float,
        retries: int,
        backoff: float,
        timeout: float,
        headers: dict[str, str],
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval, self.retries, self.backoff = min_interval, retries, backoff
        self._client = httpx.Client(timeout=timeout, headers=headers, follow_redirects=True)
        self._sleep, self._clock = sleep, clock
        self._last: float | None = None
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def pause(self, seconds: float) -> None:
        """Wait before asking again (an answer the API documents as transient)."""
        self._sleep(seconds)

    def get(self, label: str, url: str, params: dict[str, str]) -> httpx.Response:
        """The 200 answer, after up to `retries` retries; SourceError naming `label` otherwise."""
        problem, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(wait)
            self._wait_turn()
            try:
                response = self._client.get(url, params=params)
            except httpx.TransportError as exc:
                problem, wait = (
                    f"cannot reach {_where(url)} ({type(exc).__name__}: {exc or 'no detail'})",
                    self._delay(attempt),
                )
                continue
            finally:
                self._last = self._clock()
                self.requests += 1
            if response.status_code == 200:
                return response
            if response.status_code not in RETRY_STATUS:
                raise SourceError(
                    label,
                    f"HTTP {response.status_code} from {_where(url)}: {error_detail(response)}",
                    hint="check the query and its parameters in [[sources]]",
                )
            problem = f"HTTP {response.status_code} from {_where(url)}"
            wait = max(self._delay(attempt), retry_after(response, self._now_http))
            if wait > MAX_WAIT:
                raise SourceError(
                    label,
                    f"{problem}: the API asks to wait {wait:.0f} s",
                    hint="its quota is spent for now; try later, or pass --keep-going",
                )
        raise SourceError(label, f"{problem}, {self.retries + 1} attempts", hint=GIVE_UP_HINT)

    def _delay(self, attempt: int) -> float:
        return self.backoff * 2.0**attempt

    def _wait_turn(self) -> None:
        if self._last is not None:
            remaining = self.min_interval - (self._clock() - self._last)
            if remaining > 0:
                self._sleep(remaining)

    @staticmethod
    def _now_http() -> float:
        return time.time()


def retry_after(response: httpx.Response, now: Callable[[], float] = time.time) -> float:
    """Seconds asked for by a Retry-After header (seconds or an HTTP date); 0 when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return 0.0
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - now())


def error_detail(response: httpx.Response) -> str:
    """The API's own words about a refused request, on one short line."""
    text = response.text
    try:
        data = parse_json(text)
        if isinstance(data, dict):
            text = str(data.get("message") or data.get("error") or text)
    except ValueError:
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", text, re.S)  # arXiv explains errors in an Atom entry
        text = summary.group(1) if summary else re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return (text[:200] + "…") if len(text) > 200 else (text or "no detail")


def _where(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.host}{':' + str(parsed.port) if parsed.port else ''}{parsed.path}"

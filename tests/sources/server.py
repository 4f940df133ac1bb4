"""A local stand-in for the query APIs: recorded answers served over real HTTP on 127.0.0.1.

Each route matches a path and some query parameters and serves its answers in
order (the last one repeats), so "429, then 200" is two answers.  A request no
route matches gets 404 and is recorded, so a test sees exactly what was asked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, urlsplit

RECORDED = Path(__file__).resolve().parent / "recorded"
Answer = tuple[int, dict[str, str], bytes]


def recorded(name: str, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    """A recorded answer from tests/sources/recorded/, with the content type the API sends."""
    kind = {".atom": "application/atom+xml; charset=utf-8", ".json": "application/json", ".html": "text/html"}[
        Path(name).suffix
    ]
    return status, {"Content-Type": kind, **(headers or {})}, (RECORDED / name).read_bytes()


@dataclass
class Route:
    path: str
    params: dict[str, str]
    answers: list[Answer] | Callable[[dict[str, str]], Answer]
    served: int = 0

    def matches(self, path: str, params: dict[str, str]) -> bool:
        return path == self.path and all(params.get(k) == v for k, v in self.params.items())

    def answer(self, params: dict[str, str]) -> Answer:
        self.served += 1
        if callable(self.answers):
            return self.answers(params)
        return self.answers[min(self.served, len(self.answers)) - 1]


@dataclass
class ApiServer:
    routes: list[Route] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)  # path, params, headers
    url: str = ""

    def add(self, path: str, params: dict[str, str], *answers: Answer) -> Route:
        """Answers for requests to `path` whose parameters include `params`; later routes win."""
        route = Route(path, params, list(answers))
        self.routes.insert(0, route)
        return route

    def add_handler(self, path: str, handler: Callable[[dict[str, str]], Answer]) -> Route:
        route = Route(path, {}, handler)
        self.routes.insert(0, route)
        return route

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()

    def handle(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Answer:
        self.requests.append((path, params, headers))
        for route in self.routes:
            if route.matches(path, params):
                return route.answer(params)
        return 404, {"Content-Type": "text/plain"}, f"no recorded answer for {path} {sorted(params.items())}".encode()


def start(api: ApiServer) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            status, headers, body = api.handle(
                parts.path,
                dict(parse_qsl(parts.query, keep_blank_values=True)),
                {k.lower(): v for k, v in self.headers.items()},
            )
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@contextmanager
def serving() -> Iterator[ApiServer]:
    """An ApiServer on 127.0.0.1 for the length of the block."""
    api = ApiServer()
    server, thread = start(api)
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def arxiv_feed(entries: list[dict], total: int, start: int, query: str = "all:test") -> bytes:
    """An arXiv API answer in the documented Atom shape, for answers generated from real records."""
    from urllib.parse import quote
    from xml.sax.saxutils import escape

    items = []
    for e in entries:
        authors = "".join(
            f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in e.get("authors", [])
        )
        primary = (
            f'\n    <arxiv:primary_category term="{escape(e["categories"][0])}" scheme="http://arxiv.org/schemas/atom"/>'
            if e.get("categories")
            else ""
        )
        cats = primary + "".join(
            f'\n    <category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>'
            for c in e.get("categories", [])
        )
        items.append(
            f"""  <entry>
    <id>http://arxiv.org/abs/{e["id"]}v1</id>
    <updated>{e["date"]}T12:00:00Z</updated>
    <published>{e["date"]}T12:00:00Z</published>
    <title>{escape(e["title"])}</title>
    <summary>{escape(e["abstract"])}</summary>{authors}
    <link href="http://arxiv.org/abs/{e["id"]}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{e["id"]}v1" rel="related" type="application/pdf"/>{cats}
  </entry>"""
        )
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <link href="http://arxiv.org/api/query?{escape(quote(f"search_query={query}&id_list=&start={start}&max_results={len(entries)}"))}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query={escape(query)}</title>
  <id>http://arxiv.org/api/generated</id>
  <updated>2025-06-01T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:itemsPerPage>
{body}
</feed>
""".encode()

"""The interactive map of the papers: an HTML fragment (canvas, a few KB of script, the data inline).

Nothing is fetched and no library is loaded: templates/map.js draws the
points on a canvas, so the map works from file:// with no network and its
file grows with the papers only (about 150 bytes a paper).  benchmarks/map_formats.py
measured the anchors: BERTopic's visualize_documents (plotly) carries 4.8 MB
of plotly.js in every page, and datamapplot's page loads its libraries from
CDNs, so with the network refused it draws nothing.

The data is written in a fixed order with rounded coordinates, so the same
report gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Callable, Mapping, Sequence

from markupsafe import Markup, escape

from reportgen.model import Report
from reportgen.render.charts import OTHER, colour
from reportgen.render.environment import BUILTIN_TEMPLATES, web_link

Point = tuple[float, float, int, str, str | None]  # x, y, theme id (-1: Other), title, where a click goes


def report_points(report: Report, href: Callable[[str], str | None]) -> tuple[list[Point], dict[int, str]]:
    """Every placed paper as a map point (themes in order, then Other), and each theme's name."""
    coords, names = report.themes.coords, report.names
    points: list[Point] = []
    for theme in report.themes.themes:
        points += [(*coords[p], theme.id, names[p], href(p)) for p in theme.paper_ids if p in coords]
    points += [(*coords[p], -1, names[p], href(p)) for p in report.themes.outliers if p in coords]
    return points, {t.id: f"{t.id}. {t.label}" for t in report.themes.themes}


def paper_href(
    report: Report, bibliography: Mapping[str, int] | None, entry_prefix: str
) -> Callable[[str], str | None]:
    """Where a click on a paper goes: its web page when it has one, else its bibliography entry (when listed)."""
    papers = report.corpus.by_id()

    def href(paper_id: str) -> str | None:
        link = web_link(papers[paper_id].link)
        if link:
            return str(link)
        number = bibliography.get(paper_id) if bibliography is not None else None
        return f"{entry_prefix}{number}" if number is not None else None

    return href


def map_data(points: Sequence[Point], theme_names: Mapping[int, str]) -> str:
    """The points as JSON for map.js: coordinates scaled into [0, 1] keeping their shape (y pointing down), themes by index."""
    if not points:
        raise ValueError("a map needs at least one point")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top = min(xs), max(ys)
    span = max(max(xs) - left, top - min(ys)) or 1.0
    x = [round((p[0] - left) / span, 4) for p in points]
    y = [round((top - p[1]) / span, 4) for p in points]
    members: dict[int, list[int]] = {theme_id: [] for theme_id in theme_names}
    for j, point in enumerate(points):
        members.get(point[2], []).append(j)
    order = [theme_id for theme_id in theme_names if members[theme_id]]
    index = {theme_id: i for i, theme_id in enumerate(order)}
    themes = [  # a name sits at the median of its papers' positions
        {
            "name": theme_names[theme_id],
            "colour": colour(i),
            "cx": sorted(x[j] for j in members[theme_id])[len(members[theme_id]) // 2],
            "cy": sorted(y[j] for j in members[theme_id])[len(members[theme_id]) // 2],
        }
        for i, theme_id in enumerate(order)
    ]
    data = {
        "w": max(x) or 1.0,  # the extent of the points: x in [0, w], y in [0, h], the larger of them 1
        "h": max(y) or 1.0,
        "themes": themes,
        "other": OTHER,
        "x": x,
        "y": y,
        "t": [index.get(p[2], -1) for p in points],
        "title": [p[3] for p in points],
        "href": [p[4] for p in points],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c")  # nothing in it can end the <script> element (JSON reads it as "<")


def map_fragment(points: Sequence[Point], theme_names: Mapping[int, str]) -> Markup:
    """The map as one HTML block (no blank line in it, so Markdown engines pass it through whole)."""
    script = (BUILTIN_TEMPLATES / "map.js").read_text(encoding="utf-8")
    style = (BUILTIN_TEMPLATES / "map.css").read_text(encoding="utf-8")
    block = f"""<div id="paper-map" class="paper-map">
<style>{style}</style>
<div class="map-bar"><input type="search" placeholder="Search {len(points)} papers by title" aria-label="Search the papers by title">
<button type="button" class="map-in" aria-label="Zoom in">+</button><button type="button" class="map-out" aria-label="Zoom out">&minus;</button><button type="button" class="map-reset">Reset</button></div>
<div class="map-canvas"><canvas role="img" aria-label="Map of {len(points)} papers, coloured by theme: hover a dot for its title, click to open it"></canvas><div class="map-tip" hidden></div></div>
<div class="map-found" aria-live="polite"></div>
<ul class="map-legend" aria-label="Themes: click one to pick it out"></ul>
<p class="map-help">Hover a dot for the paper's title and click it to open the paper; search by title; zoom with the wheel or the buttons, drag to move, double-click to fit; click a theme to pick it out.</p>
<script type="application/json" id="paper-map-data">{map_data(points, theme_names)}</script>
<script>{script}</script>
</div>"""
    return Markup("\n".join(line for line in block.splitlines() if line.strip()))


def map_page(points: list[Point], theme_names: dict[int, str], title: str) -> str:
    """A self-contained page holding only the map (what benchmarks/map_formats.py loads)."""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n<h1>{escape(title)}</h1>\n'
        f"{map_fragment(points, theme_names)}\n</body>\n</html>\n"
    )

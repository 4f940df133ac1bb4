"""Interactive paper maps: HTML size and load time offline, BERTopic's plotly figure vs datamapplot vs reportgen's own.

For each size N (default 5,000 and 50,000) the script draws a uniform random
sample of N records from ../shared/corpora/arxiv-cs-2025.jsonl.gz
(random.Random(seed).sample) and gives every tool the same points:

* coordinates: TruncatedSVD(2) of the TF-IDF of title + abstract. Not a good
  map, but cheap, deterministic and clustered enough for size and load
  measurements (UMAP would cost minutes and change nothing measured here);
* themes: KMeans(30, random_state=0) on the L2-normalised 50-d LSA of the same
  TF-IDF, each named by its 3 top TF-IDF words; the 10% of papers farthest from
  their centroid become theme -1 ("Other"), as BERTopic's outliers do, so every
  tool draws its outlier style too;
* hover text = title, link = https://arxiv.org/abs/<id> (datamapplot and
  reportgen open it on click; BERTopic's figure has no links).

Tools (--tools):

plotly        BERTopic's own `visualize_documents` (bertopic.plotting) called on a
              minimal fitted-looking model (topics_, get_topic, no fitting), i.e. one
              go.Scattergl trace per topic with the titles as hovertext and the topic
              names as text; written with fig.write_html(include_plotlyjs=True,
              full_html=True), plus a post_script that sets window.mapDrawn once
              Plotly.newPlot's promise resolves (the measurement hook, ~60 bytes).
datamapplot   datamapplot.create_interactive_plot(...).save(), in its own virtualenv
              (--datamapplot-python; it pins numpy/pandas/numba versions of its own):
              the points travel through a JSON file. Its default HTML loads deck.gl
              and apache-arrow from unpkg.com, so with the network refused it draws
              nothing: that is the point of measuring it that way.
datamapplot-offline
              The same with offline_mode=True. datamapplot fills its offline cache
              from unpkg and Google Fonts (dmp_offline_cache), which this machine
              cannot reach; the script fills it from the npm registry instead
              (`npm pack deck.gl@9.1 apache-arrow@latest`, the same files unpkg serves)
              with no fonts (labels fall back to a system font) and no CSS (only the
              selection handlers, unused here, need any). Needs `npm` on PATH.
ours          reportgen.render.papermap.map_page(points, theme_names, title); skipped
              with a note when it cannot be imported.

Load time: for each HTML file, 3 times: a new headless Chromium (Debian's,
/usr/bin/chromium; a fresh profile, so nothing cached), every request that is
not file:, data: or blob: aborted (and counted), timed from page.goto until the
tool says its points are drawn: plotly's newPlot promise (window.mapDrawn) with
its SVG and WebGL canvas in place; datamapplot's data workers done (progress
bars hidden, point and label data set) and deck.gl with no redraw pending, or
"deck.gl never loaded" as soon as the page has loaded without it;
reportgen's window.reportgenMapReady. At most --timeout seconds (60). A
screenshot after each first load goes to OUT/<tool>-<N>.png, and "drawn" also
requires that at least 1% of its pixels differ from the background colour.
Console errors and uncaught exceptions are counted as errors.

Setup (nothing of this goes into the project's .venv):

    python3 -m venv /tmp/dmp-venv && /tmp/dmp-venv/bin/pip install datamapplot

Run (about 5 minutes on 2 cores, most of it the loads and the layout at 50,000):

    .venv/bin/python benchmarks/map_formats.py --sizes 5000,50000 --seed 1 --out /tmp/map-formats \\
        --tools plotly,datamapplot,datamapplot-offline,ours --datamapplot-python /tmp/dmp-venv/bin/python

It prints one row per (tool, size) and writes OUT/results.json with every load's
numbers, the refused URLs and the console errors.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # reportgen, and the browser tests' Chromium and flags, from this checkout
CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
LOCAL_SCHEMES = ("file:", "data:", "blob:")
TITLE = "arXiv cs 2025: a sample"
N_THEMES = 30
OUTLIER_SHARE = 0.10
LOADS = 3
MIN_INK = 0.01
# The files datamapplot 0.7.x loads from unpkg by default (interactive_helpers.get_js_dependency_urls), and
# the npm package and file behind each: unpkg serves npm packages as published.
DATAMAPPLOT_JS = {
    "https://unpkg.com/deck.gl@9.1/dist.min.js": ("deck.gl@9.1", "dist.min.js"),
    "https://unpkg.com/apache-arrow@latest/Arrow.es2015.min.js": ("apache-arrow@latest", "Arrow.es2015.min.js"),
}

# Each tool's "drawn" test, evaluated on every animation frame: true, a "failed: ..." string, or false (not yet).
READY_JS = {
    "plotly": """() => window.mapDrawn === true
        && !!document.querySelector('.plotly .main-svg') && !!document.querySelector('.plotly canvas')""",
    "datamapplot": """() => {
        if (document.readyState === 'complete' && typeof deck === 'undefined') return 'failed: deck.gl never loaded';
        const dm = window.datamap;
        if (!dm || !dm.pointData || !dm.labelData || !dm.deckgl || !dm.deckgl.isInitialized) return false;
        const progress = document.getElementById('progress-container');
        if (progress && progress.style.display !== 'none') return false;
        return !!document.querySelector('#deck-container canvas') && !dm.deckgl.needsRedraw({clearRedrawFlags: false});
    }""",
    "ours": "() => window.reportgenMapReady === true",
}
READY_JS["datamapplot-offline"] = READY_JS["datamapplot"]


@dataclass
class MapData:
    """The points every tool draws, in plain lists so that they cross into datamapplot's interpreter as JSON."""

    x: list[float]
    y: list[float]
    themes: list[int]
    titles: list[str]
    links: list[str]
    words: dict[int, list[str]]  # theme id (-1 too) -> its top TF-IDF words

    def name(self, theme: int) -> str:
        return ", ".join(self.words[theme])


@dataclass
class Load:
    seconds: float
    state: str  # "drawn", "timeout" or "failed: ..."
    ink: float  # share of screenshot pixels that differ from the background
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hover_ms: float | None = None  # reportgen's map: milliseconds per mousemove over the canvas (its hover path)

    @property
    def drawn(self) -> bool:
        return self.state == "drawn" and self.ink >= MIN_INK


@dataclass
class Row:
    tool: str
    size: int
    megabytes: float
    generate_seconds: float
    loads: list[Load]
    note: str = ""

    @property
    def drawn(self) -> bool:
        return all(load.drawn for load in self.loads)

    @property
    def load_seconds(self) -> float:
        return statistics.median(load.seconds for load in self.loads)


# --- data ---------------------------------------------------------------------------------------------


def sample_records(corpus: Path, size: int, seed: int) -> list[dict[str, Any]]:
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return random.Random(seed).sample(records, size)


def layout(records: list[dict[str, Any]]) -> MapData:
    """A cheap deterministic map with clusters: see the module docstring."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    texts = [f"{r['title']}. {r['abstract']}" for r in records]
    tfidf = TfidfVectorizer(stop_words="english", max_features=20_000, min_df=2, sublinear_tf=True)
    matrix = tfidf.fit_transform(texts)
    xy = TruncatedSVD(2, random_state=0).fit_transform(matrix)
    lsa = normalize(TruncatedSVD(50, random_state=0).fit_transform(matrix))
    kmeans = KMeans(N_THEMES, random_state=0, n_init=1).fit(lsa)
    themes = kmeans.labels_.copy()
    distance = np.linalg.norm(lsa - kmeans.cluster_centers_[themes], axis=1)
    themes[distance >= np.quantile(distance, 1 - OUTLIER_SHARE)] = -1
    vocabulary = tfidf.get_feature_names_out()
    words = {}
    for theme in sorted(set(themes.tolist())):
        weights = np.asarray(matrix[themes == theme].mean(axis=0)).ravel()
        words[theme] = [str(vocabulary[i]) for i in weights.argsort()[::-1][:3]]
    return MapData(
        x=xy[:, 0].tolist(),
        y=xy[:, 1].tolist(),
        themes=themes.tolist(),
        titles=[r["title"] for r in records],
        links=[f"https://arxiv.org/abs/{r['id']}" for r in records],
        words=words,
    )


# --- generators: each writes one self-contained HTML file and returns its seconds ------------------


class FittedLookingModel:
    """What bertopic.plotting.visualize_documents reads from a fitted BERTopic: no fitting needed."""

    custom_labels_ = None
    _outliers = 1

    def __init__(self, data: MapData) -> None:
        self.topics_ = data.themes
        self._words = data.words

    def get_topic(self, topic: int) -> list[tuple[str, float]]:
        return [(word, 1.0) for word in self._words[topic]]


def make_plotly(data: MapData, path: Path, seed: int) -> float:
    import numpy as np
    from bertopic.plotting import visualize_documents

    np.random.seed(seed)  # visualize_documents shuffles each topic's documents with np.random
    start = time.perf_counter()
    fig = visualize_documents(
        FittedLookingModel(data), data.titles, reduced_embeddings=np.column_stack([data.x, data.y]), title=TITLE
    )
    fig.write_html(path, include_plotlyjs=True, full_html=True, post_script="window.mapDrawn = true;")
    return time.perf_counter() - start


def make_ours(data: MapData, path: Path) -> float:
    from reportgen.render.papermap import map_page

    start = time.perf_counter()
    points: list[tuple[float, float, int, str, str | None]] = list(
        zip(data.x, data.y, data.themes, data.titles, data.links)
    )
    names = {theme: data.name(theme) for theme in data.words if theme != -1}
    path.write_text(map_page(points, names, TITLE), encoding="utf-8")
    return time.perf_counter() - start


def make_datamapplot(data: MapData, path: Path, python: str, cache: Path | None) -> tuple[float, str]:
    """Run datamapplot_child in datamapplot's interpreter; returns its seconds and datamapplot's version."""
    with tempfile.TemporaryDirectory() as tmp:
        points = Path(tmp) / "points.json"
        labels = [data.name(t) if t != -1 else "Unlabelled" for t in data.themes]
        points.write_text(
            json.dumps({"x": data.x, "y": data.y, "labels": labels, "titles": data.titles, "links": data.links})
        )
        command = [python, __file__, "--datamapplot-child", str(points), str(path)]
        env = dict(os.environ)
        if cache is not None:
            command += ["--datamapplot-cache", str(cache)]
            env["XDG_DATA_HOME"] = str(cache)  # datamapplot reads its CSS cache from the platformdirs data folder only
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"datamapplot failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["version"]


def datamapplot_child(points: Path, target: Path, cache: Path | None) -> None:
    """In datamapplot's virtualenv: draw the points, print {"seconds", "version"} (import time excluded)."""
    import datamapplot  # type: ignore[import-not-found]
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped]

    data = json.loads(points.read_text())
    options: dict[str, Any] = {}
    if cache is not None:
        folder = cache / "datamapplot"
        options = {
            "offline_mode": True,
            "offline_mode_js_data_file": str(folder / "datamapplot_js_encoded.json"),
            "offline_mode_font_data_file": str(folder / "datamapplot_fonts_encoded.json"),
        }
    start = time.perf_counter()
    figure = datamapplot.create_interactive_plot(
        np.column_stack([data["x"], data["y"]]),
        np.array(data["labels"], dtype=object),
        hover_text=data["titles"],
        extra_point_data=pd.DataFrame({"link": data["links"]}),
        on_click="window.open(`{link}`)",
        title=TITLE,
        **options,
    )
    figure.save(str(target))
    print(json.dumps({"seconds": time.perf_counter() - start, "version": datamapplot.__version__}))


def build_datamapplot_cache(cache: Path) -> None:
    """datamapplot's offline cache, filled from the npm registry (unpkg's source) instead of unpkg and Google Fonts."""
    folder = cache / "datamapplot"
    if (folder / "datamapplot_js_encoded.json").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    encoded = {}
    with tempfile.TemporaryDirectory() as tmp:
        for url, (package, member) in DATAMAPPLOT_JS.items():
            packed = subprocess.run(
                ["npm", "pack", package, "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                check=True,
            )
            tarball = Path(tmp) / json.loads(packed.stdout)[0]["filename"]
            with tarfile.open(tarball) as archive:
                content = archive.extractfile(f"package/{member}").read()  # type: ignore[union-attr]
            host, name = url.split("/")[2], url.split("/")[-1]
            encoded[url] = {
                "encoded_content": base64.b64encode(content).decode("ascii"),
                "name": f"{host.replace('.', '_')}_{name.replace('.', '_')}",  # datamapplot's own naming
            }
    (folder / "datamapplot_js_encoded.json").write_text(json.dumps(encoded))
    (folder / "datamapplot_css_encoded.json").write_text("{}")
    (folder / "datamapplot_fonts_encoded.json").write_text("{}")


# --- loading in Chromium ------------------------------------------------------------------------------


def ink(png: bytes) -> float:
    """Share of pixels that differ from the most common colour: a blank page scores ~0."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or [(0, (255, 255, 255))]
    background: tuple[int, int, int] = max(colours)[1]  # type: ignore[assignment]
    difference = ImageChops.difference(image, Image.new("RGB", image.size, background)).convert("L")
    return sum(difference.point(lambda v: 255 if v > 24 else 0).histogram()[255:]) / (image.width * image.height)


# 40 mouse moves across reportgen's map, each finding the nearest paper and showing its title: ms per move.
HOVER_JS = """() => {
  const canvas = document.querySelector('#paper-map canvas'), box = canvas.getBoundingClientRect();
  const start = performance.now();
  for (let i = 0; i < 40; i++) {
    canvas.dispatchEvent(new MouseEvent('mousemove', {clientX: box.left + box.width * (i + 0.5) / 40,
      clientY: box.top + box.height * (i + 0.5) / 40, bubbles: true}));
  }
  return (performance.now() - start) / 40;
}"""


def load_once(html: Path, ready_js: str, timeout: float, screenshot: Path | None) -> Load:
    """One cold load in a new browser with the network refused."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.render.chromium import ARGS, CHROMIUM  # imported here: the datamapplot child has no pytest

    refused: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", route)
            start = time.perf_counter()
            try:
                page.goto(html.resolve().as_uri(), timeout=timeout * 1000)
                left = max(timeout - (time.perf_counter() - start), 0.001)
                state = page.wait_for_function(ready_js, timeout=left * 1000).json_value()
                state = "drawn" if state is True else str(state)
            except PlaywrightError as error:
                state = "timeout" if "Timeout" in str(error) else f"failed: {error}"
            seconds = time.perf_counter() - start
            hover_ms = page.evaluate(HOVER_JS) if state == "drawn" and "reportgenMap" in ready_js else None
            png = page.screenshot()
        finally:
            browser.close()
    if screenshot is not None:
        screenshot.write_bytes(png)
    return Load(seconds=seconds, state=state, ink=ink(png), refused=refused, errors=errors, hover_ms=hover_ms)


# --- the run ------------------------------------------------------------------------------------------


def generate(tool: str, data: MapData, path: Path, args: argparse.Namespace) -> tuple[float, str]:
    """Write tool's HTML for data to path; returns the seconds it took and a note."""
    if tool == "plotly":
        import plotly  # type: ignore[import-untyped]

        return make_plotly(data, path, args.seed), f"plotly {plotly.__version__}"
    if tool == "ours":
        return make_ours(data, path), ""
    cache = None
    if tool == "datamapplot-offline":
        cache = args.out / "datamapplot-cache"
        build_datamapplot_cache(cache)
    seconds, version = make_datamapplot(data, path, args.datamapplot_python, cache)
    return seconds, f"datamapplot {version}"


def measure(tool: str, size: int, data: MapData, args: argparse.Namespace) -> Row | None:
    path = args.out / f"{tool}-{size}.html"
    try:
        seconds, note = generate(tool, data, path, args)
    except ImportError as error:
        print(f"  skipped {tool}: {error}", flush=True)
        return None
    loads = [
        load_once(path, READY_JS[tool], args.timeout, args.out / f"{tool}-{size}.png" if i == 0 else None)
        for i in range(LOADS)
    ]
    row = Row(tool, size, path.stat().st_size / 1e6, seconds, loads, note)
    print(f"  {format_row(row)}", flush=True)
    return row


HEADER = (
    f"{'tool':<20} {'points':>7} {'MB':>7} {'gen s':>7} {'load s':>7} {'drawn':>6} {'net req':>8} {'errors':>7}"
    f" {'hover ms':>8}  note"
)


def format_row(row: Row) -> str:
    first = row.loads[0]
    drawn = "yes" if row.drawn else "no"
    load = f"{row.load_seconds:.2f}" if row.drawn else f"({row.load_seconds:.1f})"
    note = row.note if row.drawn else f"{row.note}; {first.state}, ink {first.ink:.1%}"
    hovers = [load.hover_ms for load in row.loads if load.hover_ms is not None]
    hover = f"{statistics.median(hovers):.1f}" if hovers else "–"
    return (
        f"{row.tool:<20} {row.size:>7} {row.megabytes:>7.2f} {row.generate_seconds:>7.2f} {load:>7} {drawn:>6} "
        f"{len(first.refused):>8} {len(first.errors):>7} {hover:>8}  {note}"
    )


def report(rows: list[Row], out: Path) -> None:
    print("\n" + HEADER)
    for row in rows:
        print(format_row(row))
    print("\nload s = median of 3 cold loads, network refused; in parentheses when not drawn (time until given up).")
    print("net req / errors: requests refused / console errors, first load.")
    for row in rows:
        urls = sorted(set(row.loads[0].refused))
        if urls:
            print(f"{row.tool} {row.size} refused: {', '.join(urls)}")
    summary = [asdict(row) | {"load_seconds": row.load_seconds, "drawn": row.drawn} for row in rows]
    (out / "results.json").write_text(json.dumps(summary, indent=1))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5000,50000", help="comma-separated numbers of points")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "map-formats")
    parser.add_argument(
        "--tools", default="plotly,datamapplot,ours", help=f"comma-separated, of: {', '.join(READY_JS)}"
    )
    parser.add_argument(
        "--datamapplot-python", default="/tmp/dmp-venv/bin/python", help="an interpreter with datamapplot"
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a load may take before 'not drawn'")
    parser.add_argument("--datamapplot-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--datamapplot-cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.tools.split(",")) - set(READY_JS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.datamapplot_child:
        points, target = args.datamapplot_child
        datamapplot_child(points, target, args.datamapplot_cache)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",")):
        start = time.perf_counter()
        data = layout(sample_records(args.corpus, size, args.seed))
        print(f"{size} points: layout in {time.perf_counter() - start:.1f} s", flush=True)
        for tool in args.tools.split(","):
            row = measure(tool, size, data, args)
            if row is not None:
                rows.append(row)
    report(rows, args.out)


if __name__ == "__main__":
    main()

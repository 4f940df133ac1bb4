"""Charts: matplotlib figures returned as PNG bytes; never writes files, never leaks global state.

Figures are drawn on matplotlib.figure.Figure objects, never through pyplot,
and saved straight to PNG, so no backend is needed (runtime.configure still
sets Agg for the process); the style is applied in an rc_context and undone.

The only module that imports matplotlib.  Every chart uses one colour-blind-safe
palette (Okabe-Ito, extended by lightness for many themes), the same fonts and
sizes, and comes with a caption and alt text.  Charts that would say nothing
(no dates, no numbers) are not drawn.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING, Callable, Mapping, Sequence, cast

from reportgen.model import Chart, Corpus, Headline, ThemeSet, ThemeSummary
from reportgen.periods import grain_of, period_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    from matplotlib.typing import RcKeyType

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER = "#B0B0B0"
_STYLE: dict[RcKeyType, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "figure.dpi": 100,
}
MAP_LABELS = 12  # themes labelled on the map; the rest are drawn but not named


def colour(index: int) -> str:
    """Okabe-Ito for the first eight themes, then the same hues lightened (still told apart by labels)."""
    base = PALETTE[index % len(PALETTE)]
    if index < len(PALETTE):
        return base
    r, g, b = (int(base[i : i + 2], 16) for i in (1, 3, 5))
    mix = 0.45
    return "#" + "".join(f"{int(c + (255 - c) * mix):02x}" for c in (r, g, b))


def _render(draw: Callable[[Figure], None], size: tuple[float, float]) -> bytes:
    """Draw on a fresh figure under our style and return PNG bytes (no pyplot state kept)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(_STYLE):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def papers_per_theme(themes: ThemeSet) -> Chart:
    rows = [(f"{t.id}. {_short(t.label)}", t.size, colour(i)) for i, t in enumerate(themes.themes)]
    if themes.outliers:
        rows.append(("Other", len(themes.outliers), OTHER))

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        ax.barh(range(len(rows)), [n for _, n, _ in rows], color=[c for _, _, c in rows])
        ax.set_yticks(range(len(rows)), [label for label, _, _ in rows])
        ax.invert_yaxis()
        ax.set_xlabel("papers")
        for y, (_, n, _) in enumerate(rows):
            ax.text(n, y, f" {n}", va="center", fontsize=7.5)

    total = sum(n for _, n, _ in rows)
    return Chart(
        id="papers-per-theme",
        title="Papers per theme",
        caption=f"Number of papers in each of the {len(themes.themes)} themes ({total} papers in all; 'Other' holds papers close to no theme).",
        alt="Bar chart of papers per theme: " + "; ".join(f"{label}: {n}" for label, n, _ in rows),
        png=_render(draw, (7.0, 0.24 * len(rows) + 0.9)),
    )


def theme_map(themes: ThemeSet) -> Chart | None:
    if not themes.coords or not themes.themes:
        return None

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        others = [themes.coords[p] for p in themes.outliers if p in themes.coords]
        if others:
            xs, ys = zip(*others)
            ax.scatter(xs, ys, s=6, color=OTHER, label="Other", linewidths=0)
        for i, theme in enumerate(themes.themes):
            points = [themes.coords[p] for p in theme.paper_ids if p in themes.coords]
            xs, ys = zip(*points)
            ax.scatter(xs, ys, s=9, color=colour(i), linewidths=0, alpha=0.85)
            if i < MAP_LABELS:
                cx, cy = sorted(x for x, _ in points)[len(points) // 2], sorted(y for _, y in points)[len(points) // 2]
                ax.annotate(
                    f"{theme.id}. {_short(theme.label, 26)}",
                    (cx, cy),
                    fontsize=7,
                    ha="center",
                    va="center",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": colour(i), "alpha": 0.85},
                )
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)

    named = min(len(themes.themes), MAP_LABELS)
    return Chart(
        id="theme-map",
        title="Map of the papers",
        caption=f"Each dot is a paper, placed so that papers with similar abstracts sit close together (themes placed by their centres, each paper near its theme along the theme's own main directions); colours are themes, the {named} largest named; grey dots are 'Other'.",
        alt=f"Scatter plot of {len(themes.coords)} papers in two dimensions, coloured by theme; labelled clusters: "
        + ", ".join(t.label for t in themes.themes[:named]),
        png=_render(draw, (7.0, 5.2)),
    )


def themes_over_time(corpus: Corpus, themes: ThemeSet, top: int = 8) -> Chart | None:
    """Papers per period for the largest themes, in the periods the syntheses count by (periods.grain_of)."""
    dated = {p.id: p.date for p in corpus.papers if p.date}
    grain = grain_of(list(dated.values()))

    def period(date: str) -> str:
        return period_of(date, grain)[0]

    periods = sorted({period(d) for d in dated.values()})
    if len(dated) < 10 or len(periods) < 2:
        return None
    shown = themes.themes[:top]

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        bottom = [0] * len(periods)
        for i, theme in enumerate(shown):
            counts = Counter(period(dated[p]) for p in theme.paper_ids if p in dated)
            heights = [counts.get(period, 0) for period in periods]
            ax.bar(
                range(len(periods)),
                heights,
                bottom=bottom,
                color=colour(i),
                label=f"{theme.id}. {_short(theme.label, 28)}",
                width=0.8,
            )
            bottom = [b + h for b, h in zip(bottom, heights)]
        step = max(1, len(periods) // 12)
        ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right")
        ax.set_ylabel("papers")
        cast("MaxNLocator", ax.yaxis.get_major_locator()).set_params(integer=True)  # the default AutoLocator is one
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    unit = grain
    return Chart(
        id="themes-over-time",
        title="Themes over time",
        caption=f"Papers per {unit} in the {len(shown)} largest themes ({len(dated)} of {len(corpus.papers)} papers carry a date).",
        alt=f"Stacked bar chart of papers per {unit} from {periods[0]} to {periods[-1]} for the themes "
        + ", ".join(t.label for t in shown),
        png=_render(draw, (7.0, 3.4)),
    )


def similarity_heatmap(themes: ThemeSet, limit: int = 25) -> Chart | None:
    if len(themes.themes) < 3 or not themes.similarity:
        return None
    k = min(limit, len(themes.themes))
    matrix = [row[:k] for row in themes.similarity[:k]]
    labels = [f"{t.id}. {_short(t.label, 24)}" for t in themes.themes[:k]]

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        image = ax.imshow(matrix, cmap="cividis", vmin=min(min(r) for r in matrix), vmax=1.0, aspect="auto")
        ax.set_xticks(range(k), [str(t.id) for t in themes.themes[:k]])
        ax.set_yticks(range(k), labels)
        figure.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity of theme centres")

    pairs = sorted(((matrix[i][j], i, j) for i in range(k) for j in range(i + 1, k)), reverse=True)[:3]
    closest = "; ".join(f"{themes.themes[i].label} – {themes.themes[j].label} ({s:.2f})" for s, i, j in pairs)
    return Chart(
        id="theme-similarity",
        title="How close the themes are",
        caption=f"Cosine similarity between the centres of the themes' embeddings; lighter is closer. Closest pairs: {closest}.",
        alt=f"Heatmap of similarity between {k} themes; closest pairs: {closest}",
        png=_render(draw, (7.0, 0.22 * k + 1.6)),
    )


def top_terms(corpus: Corpus, themes: ThemeSet, top: int = 6, terms: int = 5) -> Chart | None:
    """Share of each theme's papers that use its top keywords, for the largest themes."""
    shown = [t for t in themes.themes[:top] if t.keywords]
    if not shown:
        return None
    texts = {p.id: f"{p.title or ''} {p.abstract}".lower() for p in corpus.papers}
    cols = 3 if len(shown) > 2 else len(shown)
    rows = -(-len(shown) // cols)

    def draw(figure: Figure) -> None:
        axes = figure.subplots(rows, cols, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(shown):
                ax.set_visible(False)
                continue
            theme = shown[index]
            words = list(theme.keywords[:terms])
            shares = [100 * sum(w in texts[p] for p in theme.paper_ids) / theme.size for w in words]
            ax.barh(range(len(words)), shares, color=colour(index))
            ax.set_yticks(range(len(words)), [_short(w, 22) for w in words], fontsize=7)
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_title(f"{theme.id}. {_short(theme.label, 22)}", fontsize=8)
            ax.tick_params(axis="x", labelsize=6.5)
        figure.supxlabel("% of the theme's papers using the term", fontsize=7.5)

    return Chart(
        id="top-terms",
        title="Top terms per theme",
        caption=f"The first {terms} keywords of the {len(shown)} largest themes, with the share of the theme's papers that use each.",
        alt="Bar charts of top keywords for the themes "
        + "; ".join(f"{t.label}: {', '.join(t.keywords[:terms])}" for t in shown),
        png=_render(draw, (7.0, 1.7 * rows + 0.5)),
    )


def reported_gains(
    themes: ThemeSet, summaries: Sequence[ThemeSummary], found: Mapping[str, Sequence[Headline]]
) -> Chart | None:
    """A dot per reported percentage improvement, one row per theme."""
    rows = []
    for i, theme in enumerate(themes.themes):
        gains = [
            h.number
            for pid in theme.paper_ids
            for h in found.get(pid, ())
            if h.role == "result"
            and h.unit in ("%", "pp")
            and h.direction == "improves"
            and h.number is not None
            and 0 < h.number <= 100
        ]
        if gains:
            rows.append((theme, i, gains))
    if len(rows) < 2:
        return None

    def draw(figure: Figure) -> None:
        ax = figure.add_subplot()
        for y, (_, i, gains) in enumerate(rows):
            ax.scatter(gains, [y] * len(gains), s=14, color=colour(i), alpha=0.8, linewidths=0)
            ax.plot([sorted(gains)[len(gains) // 2]] * 2, [y - 0.3, y + 0.3], color="#333333", linewidth=1.2)
        ax.set_yticks(range(len(rows)), [f"{t.id}. {_short(t.label, 28)}" for t, _, _ in rows])
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("reported improvement (%, log scale); bar = median")

    count = sum(len(g) for _, _, g in rows)
    return Chart(
        id="reported-gains",
        title="Reported improvements",
        caption=f"Every percentage improvement the papers of each theme report ({count} claims); the bar marks the median. Claims differ in metric and baseline: read them as an overview, not a ranking.",
        alt="Dot plot of reported percentage improvements per theme: "
        + "; ".join(
            f"{t.label}: median {sorted(g)[len(g) // 2]:g}% over {len(g)} claim{'s' if len(g) != 1 else ''}"
            for t, _, g in rows
        ),
        png=_render(draw, (7.0, 0.3 * len(rows) + 1.0)),
    )


def make_charts(
    corpus: Corpus, themes: ThemeSet, summaries: Sequence[ThemeSummary], found: Mapping[str, Sequence[Headline]]
) -> tuple[Chart, ...]:
    """Every overview chart that has something to show, in document order (none without themes: every chart compares themes)."""
    if not themes.themes:
        return ()
    charts = [
        papers_per_theme(themes),
        theme_map(themes),
        top_terms(corpus, themes),
        reported_gains(themes, summaries, found),
        similarity_heatmap(themes),
        themes_over_time(corpus, themes),
    ]
    return tuple(c for c in charts if c is not None)

"""Charts: matplotlib figures returned as PNG bytes; never writes files, never leaks global state.

The only module that imports matplotlib.  Every chart uses one colour-blind-safe
palette (Okabe-Ito) and the same fonts, and comes with a caption and alt text.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from reportgen.model import Chart, ThemeSet

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "figure.dpi": 100,
    "svg.hashsalt": "reportgen",
}


def _render(draw: Callable[[Any], None], size: tuple[float, float]) -> bytes:
    """Draw on a fresh figure under our style and return PNG bytes (no pyplot state kept)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(_STYLE):
        figure = Figure(figsize=size, layout="constrained")
        draw(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def papers_per_theme(themes: ThemeSet) -> Chart:
    rows = [(t.label, t.size) for t in themes.themes]
    if themes.outliers:
        rows.append(("Other", len(themes.outliers)))

    def draw(figure: Any) -> None:
        ax = figure.add_subplot()
        labels = [f"{i}. {label}" if label != "Other" else label for i, (label, _) in enumerate(rows, 1)]
        ax.barh(range(len(rows)), [n for _, n in rows], color=[PALETTE[0]] * len(themes.themes) + [PALETTE[7]] * bool(themes.outliers))
        ax.set_yticks(range(len(rows)), labels)
        ax.invert_yaxis()
        ax.set_xlabel("papers")
        for y, (_, n) in enumerate(rows):
            ax.text(n, y, f" {n}", va="center", fontsize=8)

    png = _render(draw, (7.0, 0.3 * len(rows) + 1.0))
    total = sum(n for _, n in rows)
    return Chart(
        id="papers-per-theme",
        title="Papers per theme",
        caption=f"Number of papers in each of the {len(themes.themes)} themes ({total} papers in all).",
        alt="Bar chart of papers per theme: " + "; ".join(f"{label}: {n}" for label, n in rows),
        png=png,
    )


def make_charts(themes: ThemeSet) -> tuple[Chart, ...]:
    return (papers_per_theme(themes),)

"""Theme lineage across runs of a living survey: previous snapshot + new ThemeSet -> ids, changes.

Pure but for `read_state`, which reads the state a previous run left (the
pipeline writes it, through the writer).

BERTopic numbers its themes afresh on every fit; a reader's bookmark to
"themes/kv-cache-compression" must survive a weekly rebuild.  New themes are
matched to the previous run's by the overlap of their papers, and inherit the
old id and slug; unmatched themes get ids never used before.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from reportgen import codec
from reportgen.errors import OutputError
from reportgen.model import Changes, Snapshot, Theme, ThemeChange, ThemeRow, ThemeSet
from reportgen.strings import unique_slug

__all__ = [
    "Changes",
    "FitState",
    "Snapshot",
    "ThemeChange",
    "advance",
    "diff",
    "fit_bytes",
    "match_themes",
    "read_fit",
    "read_state",
    "snapshot",
]

STATE_FILE = "site-state.json"
FIT_FILE = "site-themes.json"  # the themes carried between runs (FitState)
MIN_OVERLAP = 0.3  # Jaccard of paper sets below which two themes are not "the same theme"


def snapshot(themes: ThemeSet, papers: tuple[str, ...], next_id: int) -> Snapshot:
    rows = tuple(ThemeRow(id=t.id, slug=t.slug, label=t.label, papers=sorted(t.paper_ids)) for t in themes.themes)
    return Snapshot(papers=tuple(sorted(papers)), themes=rows, next_id=next_id)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match_themes(themes: ThemeSet, previous: Snapshot | None) -> tuple[ThemeSet, int]:
    """Renumber `themes` so that a theme keeps the id and slug of the previous theme it continues.

    Greedy on the best overlaps (ties broken by ids, so the result is
    deterministic).  Returns the renumbered set and the next unused id.
    """
    if previous is None or not previous.themes:
        return themes, len(themes.themes) + 1
    pairs = sorted(
        (
            (_jaccard(set(t.paper_ids), set(old["papers"])), -i, -old["id"], i, old)
            for i, t in enumerate(themes.themes)
            for old in previous.themes
        ),
        key=lambda p: p[:3],
        reverse=True,
    )
    assigned: dict[int, ThemeRow] = {}
    used_old: set[int] = set()
    for score, _, _, index, old in pairs:
        if score < MIN_OVERLAP:
            break
        if index not in assigned and old["id"] not in used_old:
            assigned[index] = old
            used_old.add(old["id"])
    next_id = max([previous.next_id] + [o["id"] + 1 for o in previous.themes])
    taken_slugs = {old["slug"] for old in assigned.values()}
    renumbered: list[Theme] = []
    mapping: dict[int, int] = {}
    for index, theme in enumerate(themes.themes):
        if index in assigned:
            new_id, slug = assigned[index]["id"], assigned[index]["slug"]
        else:
            new_id, next_id = next_id, next_id + 1
            slug = unique_slug(theme.slug, taken_slugs)
        taken_slugs.add(slug)
        mapping[theme.id] = new_id
        renumbered.append(dataclasses.replace(theme, id=new_id, slug=slug))
    groups = tuple(
        dataclasses.replace(g, theme_ids=tuple(sorted(mapping[t] for t in g.theme_ids))) for g in themes.groups
    )
    return dataclasses.replace(themes, themes=tuple(renumbered), groups=groups), next_id


def diff(previous: Snapshot | None, current: Snapshot) -> Changes:
    if previous is None:
        return Changes(first_build=True, new_papers=current.papers)
    before = {t["id"]: t for t in previous.themes}
    after = {t["id"]: t for t in current.themes}

    def change(t: ThemeRow, old: ThemeRow | None) -> ThemeChange:
        return ThemeChange(
            id=t["id"],
            label=t["label"],
            slug=t["slug"],
            before=len(old["papers"]) if old else 0,
            after=len(t["papers"]),
        )

    matched = [change(t, before[i]) for i, t in after.items() if i in before]
    return Changes(
        first_build=False,
        new_papers=tuple(sorted(set(current.papers) - set(previous.papers))),
        removed_papers=tuple(sorted(set(previous.papers) - set(current.papers))),
        new_themes=tuple(change(t, None) for i, t in sorted(after.items()) if i not in before),
        grown=tuple(c for c in matched if c.after > c.before),
        shrunk=tuple(c for c in matched if c.after < c.before),
        gone=tuple(
            ThemeChange(id=i, label=t["label"], slug=t["slug"], before=len(t["papers"]), after=0)
            for i, t in sorted(before.items())
            if i not in after
        ),
    )


# When the living survey refits its themes instead of placing new papers in the existing ones.
REFIT_CHANGED_SHARE = 0.10  # papers added, or removed, since the last fit, as a share of the papers fitted
REFIT_UNPLACED_SHARE = 0.25  # share of the papers added since the last fit that fit no existing theme ...
REFIT_UNPLACED_MIN = 20  # ... once there are at least this many of them (a new topic, not noise)


@dataclass(frozen=True)
class FitNote:
    """Whether the run that last changed the survey refitted its themes, and why (the "What changed" page says it)."""

    refitted: bool
    reason: str


@dataclass(frozen=True)
class FitState:
    """The themes a living survey carries between runs, and the fit they come from.

    key names the model and theme settings of the fit (a change forces a
    refit); papers are those the fit saw; themes are as published (ids after
    matching); note is kept so an unchanged rerun writes the same pages.
    """

    key: str
    papers: tuple[str, ...]
    themes: ThemeSet
    note: FitNote | None = None


def refit_reason(fit: FitState | None, key: str, papers: set[str], *, forced: bool = False) -> str | None:
    """Why this run must refit before placing any paper, or None to place new papers in the existing themes."""
    if forced:
        return "asked for (--refit)"
    if fit is None:
        return "first build (no earlier themes in the state folder)"
    if fit.key != key:
        return "the embedding model or theme settings changed"
    fitted = set(fit.papers)
    added, removed = len(papers - fitted), len(fitted - papers)
    limit = REFIT_CHANGED_SHARE * len(fitted)
    if added > limit:
        return (
            f"{added} papers added since the last fit, more than {REFIT_CHANGED_SHARE:.0%} of the {len(fitted)} it saw"
        )
    if removed > limit:
        return f"{removed} papers removed since the last fit, more than {REFIT_CHANGED_SHARE:.0%} of the {len(fitted)} it saw"
    return None


def unplaced_reason(fit: FitState, outliers: set[str], papers: set[str]) -> str | None:
    """Why the placed result must be refitted after all: many papers added since the fit fit no theme."""
    added = papers - set(fit.papers)
    unplaced = len(added & outliers)
    if unplaced >= REFIT_UNPLACED_MIN and unplaced > REFIT_UNPLACED_SHARE * len(added):
        return f"{unplaced} of the {len(added)} papers added since the last fit fit no existing theme (more than {REFIT_UNPLACED_SHARE:.0%})"
    return None


def read_state(state_dir: Path) -> tuple[Snapshot | None, Snapshot | None]:
    """(baseline, latest): the snapshot "What changed" compares with, and the last run's."""
    path = state_dir / STATE_FILE
    if not path.is_file():
        return None, None
    try:
        data = codec.parse_json(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, found a {type(data).__name__}")
        return (
            Snapshot.from_json(data["baseline"]) if data.get("baseline") else None,
            Snapshot.from_json(data["latest"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise OutputError(
            f"{path}: unreadable site state ({exc})", hint="delete the file to start the change history afresh"
        ) from None


def read_fit(state_dir: Path) -> FitState | None:
    """The themes of the last run, or None when there is no file yet."""
    path = state_dir / FIT_FILE
    if not path.is_file():
        return None
    try:
        return codec.from_data(FitState, codec.parse_json(path.read_text(encoding="utf-8")), FIT_FILE)
    except (ValueError, TypeError) as exc:
        raise OutputError(
            f"{path}: unreadable theme state ({exc})", hint="delete the file: the next run refits the themes"
        ) from None


def fit_bytes(fit: FitState) -> bytes:
    return (json.dumps(codec.to_data(fit), sort_keys=True, separators=(",", ":")) + "\n").encode()


def state_bytes(baseline: Snapshot | None, latest: Snapshot) -> bytes:
    data = {"baseline": baseline.to_json() if baseline else None, "latest": latest.to_json()}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def advance(themes: ThemeSet, papers: tuple[str, ...], state_dir: Path) -> tuple[ThemeSet, Changes, bytes]:
    """One step of the history: themes renumbered to continue the last run's, what changed, the state to keep.

    "What changed" compares with the last *different* corpus, so a rerun on an
    unchanged corpus gives the same pages.
    """
    baseline, latest = read_state(state_dir)
    themes, next_id = match_themes(themes, latest)
    current = snapshot(themes, papers, next_id)
    if latest is not None and current != latest:
        baseline = latest
    return themes, diff(baseline, current), state_bytes(baseline, current)

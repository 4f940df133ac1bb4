"""Theme lineage across runs of a living survey.  Pure: previous snapshot + new ThemeSet -> ids, changes.

BERTopic numbers its themes afresh on every fit; a reader's bookmark to
"themes/kv-cache-compression" must survive a weekly rebuild.  New themes are
matched to the previous run's by the overlap of their papers, and inherit the
old id and slug; unmatched themes get ids never used before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from reportgen.model import Theme, ThemeSet

MIN_OVERLAP = 0.3  # Jaccard of paper sets below which two themes are not "the same theme"


@dataclass(frozen=True)
class Snapshot:
    """What a run leaves for the next one: its papers and its themes."""

    papers: tuple[str, ...]
    themes: tuple[dict[str, Any], ...]  # {"id", "slug", "label", "papers"}
    next_id: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"papers": list(self.papers), "themes": [dict(t) for t in self.themes], "next_id": self.next_id}

    @staticmethod
    def from_json(data: dict[str, Any]) -> "Snapshot":
        return Snapshot(papers=tuple(data["papers"]), themes=tuple(data["themes"]), next_id=int(data.get("next_id", 1)))


def snapshot(themes: ThemeSet, papers: tuple[str, ...], next_id: int) -> Snapshot:
    rows = tuple({"id": t.id, "slug": t.slug, "label": t.label, "papers": sorted(t.paper_ids)} for t in themes.themes)
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
        ((_jaccard(set(t.paper_ids), set(old["papers"])), -i, -old["id"], i, old) for i, t in enumerate(themes.themes) for old in previous.themes),
        key=lambda p: p[:3],
        reverse=True,
    )
    assigned: dict[int, dict[str, Any]] = {}
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
            slug = _unique(theme.slug, taken_slugs)
        taken_slugs.add(slug)
        mapping[theme.id] = new_id
        renumbered.append(dataclasses.replace(theme, id=new_id, slug=slug))
    groups = tuple(dataclasses.replace(g, theme_ids=tuple(sorted(mapping[t] for t in g.theme_ids))) for g in themes.groups)
    return dataclasses.replace(themes, themes=tuple(renumbered), groups=groups), next_id


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class ThemeChange:
    id: int
    label: str
    slug: str
    before: int
    after: int


@dataclass(frozen=True)
class Changes:
    """What a reader of the living survey wants to know since the last build."""

    first_build: bool
    new_papers: tuple[str, ...] = ()
    removed_papers: tuple[str, ...] = ()
    new_themes: tuple[ThemeChange, ...] = ()
    grown: tuple[ThemeChange, ...] = ()
    shrunk: tuple[ThemeChange, ...] = ()
    gone: tuple[ThemeChange, ...] = field(default=())
    refitted: bool = True  # whether this run fitted the themes afresh (else: new papers placed in the existing ones)
    refit_reason: str = ""  # why it refitted, or why not

    @property
    def empty(self) -> bool:
        return not (self.new_papers or self.removed_papers or self.new_themes or self.grown or self.shrunk or self.gone)


def diff(previous: Snapshot | None, current: Snapshot) -> Changes:
    if previous is None:
        return Changes(first_build=True, new_papers=current.papers)
    before = {t["id"]: t for t in previous.themes}
    after = {t["id"]: t for t in current.themes}

    def change(t: dict[str, Any], old: dict[str, Any] | None) -> ThemeChange:
        return ThemeChange(id=t["id"], label=t["label"], slug=t["slug"], before=len(old["papers"]) if old else 0, after=len(t["papers"]))

    matched = [change(t, before[i]) for i, t in after.items() if i in before]
    return Changes(
        first_build=False,
        new_papers=tuple(sorted(set(current.papers) - set(previous.papers))),
        removed_papers=tuple(sorted(set(previous.papers) - set(current.papers))),
        new_themes=tuple(change(t, None) for i, t in sorted(after.items()) if i not in before),
        grown=tuple(c for c in matched if c.after > c.before),
        shrunk=tuple(c for c in matched if c.after < c.before),
        gone=tuple(ThemeChange(id=i, label=t["label"], slug=t["slug"], before=len(t["papers"]), after=0) for i, t in sorted(before.items()) if i not in after),
    )


# When the living survey refits its themes instead of placing new papers in the existing ones.
REFIT_CHANGED_SHARE = 0.10  # papers added, or removed, since the last fit, as a share of the papers fitted
REFIT_UNPLACED_SHARE = 0.25  # share of the papers added since the last fit that fit no existing theme ...
REFIT_UNPLACED_MIN = 20  # ... once there are at least this many of them (a new topic, not noise)


@dataclass(frozen=True)
class FitState:
    """The themes a living survey carries between runs, and the fit they come from.

    key names the model and theme settings of the fit (a change forces a
    refit); papers are those the fit saw; note says whether the run that last
    changed the survey refitted, and why (kept so an unchanged rerun writes the
    same pages).
    """

    key: str
    papers: tuple[str, ...]
    themes: dict[str, Any]  # the ThemeSet as JSON (reportgen.themes.themeset_to_json), ids as published
    note: dict[str, Any] = field(default_factory=dict)  # {"refitted": bool, "reason": str}

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "papers": list(self.papers), "themes": self.themes, "note": dict(self.note)}

    @staticmethod
    def from_json(data: dict[str, Any]) -> "FitState":
        return FitState(key=str(data["key"]), papers=tuple(data["papers"]), themes=dict(data["themes"]), note=dict(data.get("note") or {}))


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
        return f"{added} papers added since the last fit, more than {REFIT_CHANGED_SHARE:.0%} of the {len(fitted)} it saw"
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

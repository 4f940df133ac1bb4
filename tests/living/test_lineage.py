from reportgen.living.lineage import Snapshot, diff, match_themes, snapshot
from reportgen.model import Theme, ThemeSet


def _set(*themes: tuple[int, str, tuple[str, ...]]) -> ThemeSet:
    return ThemeSet(
        themes=tuple(
            Theme(id=i, label=slug.title(), slug=slug, keywords=(), paper_ids=papers) for i, slug, papers in themes
        ),
        outliers=(),
        coords={},
    )


def test_first_run_keeps_bertopic_order() -> None:
    themes, next_id = match_themes(_set((1, "a", ("p1", "p2")), (2, "b", ("p3",))), None)
    assert [t.id for t in themes.themes] == [1, 2] and next_id == 3


def test_continuing_themes_keep_id_and_slug_new_ones_get_fresh_ids() -> None:
    previous = Snapshot(
        papers=("p1", "p2", "p3", "p4"),
        themes=(
            {"id": 1, "slug": "kv-cache", "label": "KV cache", "papers": ["p1", "p2"]},
            {"id": 2, "slug": "lora", "label": "LoRA", "papers": ["p3", "p4"]},
        ),
        next_id=3,
    )
    # BERTopic renumbers: the LoRA theme (grown) now comes first; a new theme appears; KV cache is renamed.
    current = _set(
        (1, "low-rank", ("p3", "p4", "p9")), (2, "kv-cache-compression", ("p1", "p2")), (3, "agents", ("p7", "p8"))
    )
    matched, next_id = match_themes(current, previous)
    assert [(t.id, t.slug) for t in matched.themes] == [(2, "lora"), (1, "kv-cache"), (3, "agents")]
    assert next_id == 4


def test_ids_are_never_reused() -> None:
    previous = Snapshot(papers=("p1",), themes=({"id": 5, "slug": "x", "label": "X", "papers": ["p1"]},), next_id=9)
    matched, next_id = match_themes(_set((1, "y", ("q1",))), previous)
    assert matched.themes[0].id == 9 and next_id == 10


def test_diff_lists_new_papers_and_theme_changes() -> None:
    before = snapshot(_set((1, "a", ("p1", "p2")), (2, "b", ("p3", "p4", "p5"))), ("p1", "p2", "p3", "p4", "p5"), 3)
    after = snapshot(
        _set((1, "a", ("p1", "p2", "p6")), (2, "b", ("p3",)), (3, "c", ("p7", "p8"))),
        ("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"),
        4,
    )
    changes = diff(before, after)
    assert changes.new_papers == ("p6", "p7", "p8")
    assert [t.id for t in changes.new_themes] == [3]
    assert [(t.id, t.before, t.after) for t in changes.grown] == [(1, 2, 3)]
    assert [(t.id, t.before, t.after) for t in changes.shrunk] == [(2, 3, 1)]
    assert diff(after, after).empty
    assert diff(None, after).first_build


def test_refit_rule() -> None:
    from reportgen.living.lineage import FitState, refit_reason, unplaced_reason

    fit = FitState(
        key="k", papers=tuple(f"p{i}" for i in range(100)), themes=ThemeSet(themes=(), outliers=(), coords={})
    )
    papers = set(fit.papers)
    assert refit_reason(None, "k", papers).startswith("first build")
    assert refit_reason(fit, "k", papers, forced=True) == "asked for (--refit)"
    assert refit_reason(fit, "other", papers) == "the embedding model or theme settings changed"
    assert refit_reason(fit, "k", papers | {f"n{i}" for i in range(10)}) is None  # 10% new: placed
    assert "11 papers added" in refit_reason(fit, "k", papers | {f"n{i}" for i in range(11)})
    assert "11 papers removed" in refit_reason(fit, "k", papers - {f"p{i}" for i in range(11)})
    grown = papers | {f"n{i}" for i in range(60)}
    assert unplaced_reason(fit, {f"n{i}" for i in range(15)}, grown) is None  # 25% of 60, under the rule
    assert (
        unplaced_reason(fit, {f"n{i}" for i in range(19)}, papers | {f"n{i}" for i in range(19)}) is None
    )  # too few to be a topic
    assert "20 of the 60 papers added" in unplaced_reason(fit, {f"n{i}" for i in range(20)}, grown)

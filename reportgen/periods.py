"""Time periods for a synthesis: by year, quarter or month, whichever the corpus's dates can tell apart.  Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PERIODS = 5  # older periods are merged into one range, so a sentence stays readable


@dataclass(frozen=True)
class Period:
    label: str  # "2024", "2025 Q3", "2025-07", or "2020 to 2022"
    bounds: tuple[str, str]  # first and last ISO prefix that falls in it: ("2025-07", "2025-09")
    papers: tuple[str, ...]


def grain_of(dates: Sequence[str]) -> str:
    """Years when the dates span three years or more (or carry no month); else quarters, or months within one quarter.

    A corpus crawled over twelve months (March to March) reads better by quarter than
    as "2025" against "2026".
    """
    if not dates or any(len(d) < 7 for d in dates):
        return "year"
    months = [int(d[:4]) * 12 + int(d[5:7]) - 1 for d in dates]
    span = max(months) - min(months)
    if span >= 36:
        return "year"
    return "quarter" if len({(d[:4], quarter(d)) for d in dates}) >= 2 else "month"


def quarter(date: str) -> int:
    return (int(date[5:7]) - 1) // 3 + 1


def period_of(date: str, grain: str) -> tuple[str, tuple[str, str]]:
    """(label, bounds) of the period a date falls in."""
    if grain == "year" or len(date) < 7:
        return date[:4], (date[:4], date[:4])
    if grain == "quarter":
        q = quarter(date)
        return f"{date[:4]} Q{q}", (f"{date[:4]}-{3 * q - 2:02d}", f"{date[:4]}-{3 * q:02d}")
    return date[:7], (date[:7], date[:7])


def within(date: str, bounds: tuple[str, str]) -> bool:
    """Whether an ISO date falls between two ISO prefixes, both inclusive."""
    low, high = bounds
    return date[: len(low)] >= low and date[: len(high)] <= high


def count_by_period(dated: Sequence[tuple[str, str]], grain: str) -> list[Period]:
    """(date, paper id) pairs -> the non-empty periods, oldest first, the oldest merged beyond MAX_PERIODS."""
    periods: dict[str, tuple[tuple[str, str], list[str]]] = {}
    for date, pid in sorted(dated):
        label, bounds = period_of(date, grain)
        periods.setdefault(label, (bounds, []))[1].append(pid)
    ordered = [Period(label, bounds, tuple(pids)) for label, (bounds, pids) in periods.items()]
    if len(ordered) <= MAX_PERIODS:
        return ordered
    old, recent = ordered[: len(ordered) - MAX_PERIODS + 1], ordered[len(ordered) - MAX_PERIODS + 1 :]
    merged = Period(
        f"{old[0].label} to {old[-1].label}",
        (old[0].bounds[0], old[-1].bounds[1]),
        tuple(p for o in old for p in o.papers),
    )
    return [merged, *recent]


def split(dates: Sequence[str], grain: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """Early and late halves of the corpus's time span (bounds), split at the period holding the median date."""
    if not dates:
        return None
    ordered = sorted(dates)
    labels = sorted({period_of(d, grain)[1] for d in ordered})
    if len(labels) < 2:
        return None
    median = period_of(ordered[len(ordered) // 2], grain)[1]
    cut = max(1, labels.index(median))
    return (labels[0][0], labels[cut - 1][1]), (labels[cut][0], labels[-1][1])

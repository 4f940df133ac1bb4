"""The cosine geometry the theme fit and the living survey share: unit rows and the nearest centre.  Pure numpy."""

from __future__ import annotations

import numpy as np

OTHER = -1  # the label of a paper close to no centre


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1, in float64 (a zero row stays zero)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    unit: np.ndarray = matrix / np.linalg.norm(matrix, axis=-1, keepdims=True).clip(min=1e-12)
    return unit


def nearest_centre(units: np.ndarray, centres: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """(index of the most similar centre, or OTHER below `threshold`; that cosine) for each unit row; ties: lower index."""
    if len(units) == 0 or len(centres) == 0:
        return np.full(len(units), OTHER, dtype=np.int64), np.zeros(len(units))
    similarity = units @ centres.T
    best = similarity.argmax(axis=1)
    score = similarity[np.arange(len(best)), best]
    return np.where(score >= threshold, best, OTHER), score

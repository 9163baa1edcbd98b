"""How one pair of members is scored: the reciprocal combination and the gentle adjustments.

The compiled loops of the bulk ranking (`kernels`) compute the same formulas pair by pair;
they take these constants as arguments, so the two stay in step.
"""

from __future__ import annotations

import numpy as np

ONE_SIDED_SHARE = 0.35
INDUSTRY_BONUS = 0.1
TYPE_WEIGHT = 0.1
DISTANCE_SCALE_KM = 1000.0
# No adjustment raises a score by more than this (the industry bonus, with room for rounding).
MAX_ADJUSTMENT = (1.0 + INDUSTRY_BONUS) * 1.001


def combine(they_meet: np.ndarray, you_meet: np.ndarray) -> np.ndarray:
    """Return the reciprocal score of two one-way scores in 0..1.

    Mostly their harmonic mean (RECON), plus a small share of their mean so that a one-sided
    match is still shown, below two-sided ones.
    """
    total = they_meet + you_meet
    # In place, as a bulk run combines millions of pairs: (1 - share) * 2ty / total + share *
    # total / 2, with the harmonic mean 0 where both are 0.
    score: np.ndarray = they_meet * you_meet
    score *= 2
    np.divide(score, total, out=score, where=total > 0)
    score[total <= 0] = 0.0
    score *= 1 - ONE_SIDED_SHARE
    total *= ONE_SIDED_SHARE
    total /= 2
    score += total
    return score


def town_tables(town_coords: dict[str, tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Return the distances between towns in km and the distance factor of each pair.

    Both have one row and column more than there are towns, for "no town": NaN km, factor 1.
    """
    count = len(town_coords)
    lat = np.array([c[0] for c in town_coords.values()], float)
    lon = np.array([c[1] for c in town_coords.values()], float)
    km = np.full((count + 1, count + 1), np.nan)
    km[:count, :count] = _haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    return km, np.where(np.isnan(km), 1.0, 1.0 / (1.0 + km / DISTANCE_SCALE_KM))


def _haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    km: np.ndarray = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    return km

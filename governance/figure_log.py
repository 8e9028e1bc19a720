"""An indicator's figures as they stand, folded from its append-only log: what every view reads.

The log keeps every entry (a figure, a correction, "not available", an undo, a note); a month's figure is its
latest entry that gives one, so history is never rewritten and the same fold serves the store and the views.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from governance.model import Figure, FigureKind, IndicatorValue

STANDING = (FigureKind.VALUE, FigureKind.NOT_AVAILABLE, FigureKind.WITHDRAWN)
"""The kinds that say what a month's figure is; a note only comments on it."""


def ordered(log: Iterable[Figure]) -> list[Figure]:
    """Oldest first, by when each entry was given and then by the order it was stored."""
    return sorted(log, key=lambda f: (f.at, f.id or 0))


def standing(log: Iterable[Figure]) -> dict[date, Figure]:
    """Each month's latest entry that says what its figure is, by month."""
    found: dict[date, Figure] = {}
    for figure in ordered(log):
        if figure.kind in STANDING:
            found[figure.month] = figure
    return found


def fold(log: Iterable[Figure]) -> tuple[tuple[IndicatorValue, ...], tuple[Figure, ...]]:
    """(each month's figure, oldest first; the months with no figure whose latest entry says it is not available).
    A note shows beside its month's figure until a later note replaces it (an empty one clears it)."""
    entries = ordered(log)
    notes = {f.month: f.comment for f in entries if f.kind is FigureKind.NOTE}
    values, missing = [], []
    for month, figure in sorted(standing(entries).items()):
        if figure.kind is FigureKind.VALUE and figure.value is not None:
            values.append(IndicatorValue(month, figure.value, figure.provenance, figure.by, figure.at, figure.via,
                                         figure.numerator, figure.denominator, notes.get(month, "")))
        elif figure.kind is FigureKind.NOT_AVAILABLE:
            missing.append(figure)
    return tuple(values), tuple(missing)

"""The BRAG key: what each rating means in this programme.

There is no national standard, so the key is data the PMO can change; the default is the one
the council papers use. An action nobody has rated yet is *Not rated*, never silently Green.
"""
from __future__ import annotations

from dataclasses import dataclass

NOT_RATED = "not_rated"
COMMENT = "Comment"
"""How a history shows an update that gave a comment and no rating."""


@dataclass(frozen=True)
class Rating:
    code: str
    label: str
    meaning: str
    colour: str
    complete: bool = False
    requires_evidence: bool = False
    off_track: bool = False


@dataclass(frozen=True)
class BragKey:
    ratings: tuple[Rating, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.ratings)

    def get(self, code: str) -> Rating:
        for rating in self.ratings:
            if rating.code == code:
                return rating
        if code == NOT_RATED:
            return NOT_RATED_RATING
        raise KeyError(code)

    def label(self, code: str | None) -> str:
        return self.get(code or NOT_RATED).label

    def said(self, code: str | None) -> str:
        """What an update gave, for its line in a history: its rating's label, or "Comment" when it gave no
        rating (None), which is not the same as setting the action back to Not rated."""
        return COMMENT if code is None else self.label(code)

    def is_complete(self, code: str | None) -> bool:
        return code is not None and code != NOT_RATED and self.get(code).complete

    def is_off_track(self, code: str | None) -> bool:
        return code is not None and code != NOT_RATED and self.get(code).off_track

    def parse(self, word: str) -> str | None:
        """The rating code for a word such as `Amber`, `a` or `AMBER`, or None."""
        cleaned = word.strip().lower()
        for rating in self.ratings:
            if cleaned in (rating.code, rating.label.lower(), rating.code[:1]):
                return rating.code
        return None


NOT_RATED_RATING = Rating(NOT_RATED, "Not rated", "No update has been given yet", "#9e9e9e")

DEFAULT_KEY = BragKey(
    (
        Rating("blue", "Blue", "Complete and evidenced", "#1f5fbf", complete=True, requires_evidence=True),
        Rating("green", "Green", "On track to meet its deadline", "#2e7d32"),
        Rating("amber", "Amber", "At risk or slipping", "#e69500"),
        Rating("red", "Red", "Off track: the deadline is missed or will be", "#c62828", off_track=True),
    )
)

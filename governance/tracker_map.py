"""The choices a PMO makes once about their own tracker, kept in a YAML file beside it (`--save-map`), so that
next month's copy imports with one command and reads the same way."""
from __future__ import annotations

from dataclasses import dataclass, field

IGNORE = "ignore"
"""A column mapped to this is left out; a rating word mapped to it gives no rating."""


@dataclass(frozen=True)
class TrackerMap:
    sheets: tuple[str, ...] = ()
    """Sheets that hold actions, by name; empty: every sheet the reader recognises."""
    header_row: int | None = None
    """The header row on every actions sheet (1-based); None: found by scanning."""
    columns: dict[str, str] = field(default_factory=dict)
    """A header as the sheet has it (matched without case or surrounding spaces) to a template column of the
    actions sheet, or IGNORE."""
    ratings: dict[str, str] = field(default_factory=dict)
    """A word in the rating column (without case) to a BRAG code, or IGNORE."""
    colours: dict[str, str] = field(default_factory=dict)
    """A fill colour `RRGGBB` to a BRAG code, besides those matched to the BRAG key's own colours."""
    owners: dict[str, str] = field(default_factory=dict)
    """A name the tracker gives an owner (without case) to the person's e-mail address."""
    ref_pattern: str | None = None
    """The plan's ref pattern for this import, when it is not the plan's setting."""

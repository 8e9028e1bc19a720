"""The improvement plan as plain data: themes, actions, updates, people, bodies, visits, indicators.

These are the words of the council papers. Nothing here knows about a database or Slack, so
the same objects serve the store, the command line, the scheduler and the Slack app.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

REF_PATTERN = re.compile(
    r"^(?:(?P<theme>[1-9][0-9]?)(?:[a-z]{1,2})?(?:\([ivxlc]+\))?"
    r"|(?P<dotted>[1-9][0-9]?)(?:\.[0-9]{1,3}){1,3}[a-z]?"
    r"|[a-z]{1,2}[0-9]{1,3}(?:\.[0-9]{1,3})?)$")
"""The refs council plans use, in lower case: `5b(ii)`, `1.1`, `1.1.2`, `A3`. A plan may set its own pattern
(PlanInfo.ref_pattern) for import to hold its refs to; this default is what every reader of typed words knows."""


def theme_of_ref(ref: str, pattern: re.Pattern[str] = REF_PATTERN) -> int | None:
    """The theme number a ref carries (`5b(ii)` and `5.2` are theme 5), or None when it carries none (`A3`) or is
    not a ref. A plan's own pattern says its theme with a group named `theme`."""
    match = pattern.match(ref.strip().lower())
    if not match:
        return None
    groups = match.groupdict()
    number = groups.get("theme") or groups.get("dotted")
    return int(number) if number else None


class Channel(StrEnum):
    """How an update reached the plan; kept so the PMO can trust where every record came from."""

    SLACK_DM = "slack_dm"
    MODAL = "modal"
    COMMAND = "command"
    IMPORT = "import"
    CONSOLE = "console"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Section(StrEnum):
    """Where a board paper puts an indicator, when the plan says so rather than leaving it to the target."""

    WORRIED_ABOUT = "worried about"
    WORKING_WELL = "working well"


ILLUSTRATIVE_MARK = "†"
ILLUSTRATIVE_KEY = "† illustrative: not taken from a council paper"
"""The mark every front end puts beside an illustrative fact, and the one line that explains it."""


@dataclass(frozen=True)
class Provenance:
    """Where a plan fact comes from, so a board can tell a figure from the papers from one made up to fill a gap:
    a `source` (document and paragraph), or `illustrative`, or neither when the plan does not say."""

    source: str = ""
    illustrative: bool = False

    @property
    def mark(self) -> str:
        return ILLUSTRATIVE_MARK if self.illustrative else ""


@dataclass(frozen=True)
class Theme:
    number: int
    title: str
    description: str = ""
    lead: str | None = None


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str = "owner"
    admin: bool = False
    slack_user_id: str | None = None
    aliases: tuple[str, ...] = ()
    """Other names a tracker gives the person as an owner, such as a job title ("HoS MASH")."""


@dataclass(frozen=True)
class Withdrawal:
    """An action closed as no longer needed: it stays in the plan and its history, shown as withdrawn."""

    at: datetime
    by: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Action:
    ref: str
    theme: int
    title: str
    owner: str
    due: date | None
    """None when the plan gives no date yet ("TBC", "Ongoing"): shown as no date and chased for one, never
    treated as overdue."""
    body: str | None = None
    provenance: Provenance = Provenance()
    """Of the due date."""
    raised_at: date | None = None
    """For an action arising, the day of the meeting (of `body`) it came out of."""
    withdrawn: Withdrawal | None = None


@dataclass(frozen=True)
class Update:
    """One append-only record; the current rating of an action is that of its latest update that gives one."""

    action: str
    at: datetime
    rating: str | None
    """None for a comment that gives no rating (a tracker's row with commentary only); NOT_RATED sets it back."""
    by: str | None = None
    via: Channel = Channel.IMPORT
    commentary: str = ""
    evidence: str | None = None
    forecast: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class Prompt:
    """A DM that asked an owner about one action; a reply in its thread is about that action."""

    channel: str
    ts: str
    action: str
    person: str
    sent_at: datetime


class MeetingChangeKind(StrEnum):
    """What one entry in a body's meeting log says about one meeting."""

    MOVED = "moved"
    CANCELLED = "cancelled"
    ADDED = "added"
    """A meeting outside the cadence (an extraordinary board)."""
    HELD = "held"
    NOT_HELD = "not_held"
    """The meeting's time passed and its chair says it did not happen."""


@dataclass(frozen=True)
class MeetingChange:
    """One change to one meeting of a body, kept for ever with who made it and when: the cadence stays as the plan
    gives it, and the calendar is the cadence with these applied in the order they were made."""

    body: str
    kind: MeetingChangeKind
    meeting: date
    """The meeting's day as the calendar showed it when changed; for ADDED, the new meeting's day."""
    at: datetime
    by: str | None = None
    via: Channel = Channel.COMMAND
    to: date | None = None
    """MOVED: the day it moves to."""
    time: time | None = None
    """MOVED and ADDED: the meeting's time; None keeps the time it had (the body's usual time for ADDED)."""
    id: int | None = None


@dataclass(frozen=True)
class Body:
    """A governance body; its meetings come from an rrule cadence and/or explicit dates."""

    key: str
    name: str
    chair: str | None = None
    cadence: str | None = None
    starts: date | None = None
    dates: tuple[date, ...] = ()
    time: time = time(10, 0)
    paper_deadline_days: int = 5
    description: str = ""
    whole_plan: bool = False
    """Responsible for the whole plan: every escalation reaches it, whichever body oversees the action."""
    provenance: Provenance = Provenance()
    """Of the cadence and dates."""
    changes: tuple[MeetingChange, ...] = ()
    """The body's meeting log, oldest first: moves, cancellations, meetings added, and whether past ones were held."""


@dataclass(frozen=True)
class FocusArea:
    name: str
    themes: tuple[int, ...]
    actions: tuple[str, ...] = ()
    """Refs of the actions the inspectors will examine under it, besides its themes."""


@dataclass(frozen=True)
class Visit:
    start: date
    end: date
    title: str
    focus_areas: tuple[FocusArea, ...] = ()
    cancelled: bool = False
    provenance: Provenance = Provenance()

    @property
    def themes(self) -> tuple[int, ...]:
        return tuple(sorted({n for area in self.focus_areas for n in area.themes}))

    @property
    def actions(self) -> tuple[str, ...]:
        """Refs the focus areas name, in the order they name them."""
        return tuple(dict.fromkeys(ref for area in self.focus_areas for ref in area.actions))


class FigureKind(StrEnum):
    """What one entry in an indicator's log says about a month."""

    VALUE = "value"
    NOT_AVAILABLE = "not_available"
    """The data owner says the figure cannot be given yet (`n/a - system outage, will send Tuesday`)."""
    WITHDRAWN = "withdrawn"
    """An undo of a month's only figure: the month has no figure again."""
    NOTE = "note"
    """A theme lead's one line on why the figure moved; it leaves the figure as it is."""


@dataclass(frozen=True)
class Figure:
    """One entry in an indicator's append-only log: a correction is a new entry, never an overwrite, so a board can
    see who gave each figure, when, through which channel and from what source."""

    indicator: str
    month: date
    kind: FigureKind
    at: datetime
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    """`155 of 224` keeps both, so the proportion can be checked."""
    by: str | None = None
    via: Channel = Channel.IMPORT
    comment: str = ""
    """Why a figure is not available, the note's words, or what an undo went back to."""
    provenance: Provenance = Provenance()
    id: int | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """A month's figure as it stands: the latest entry of the indicator's log for that month."""

    month: date
    value: float
    provenance: Provenance = Provenance()
    by: str | None = None
    at: datetime | None = None
    via: Channel | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    """The latest note on the month's figure (why it moved), empty when there is none."""


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    unit: str = "%"
    direction: Direction = Direction.HIGHER
    target: float | None = None
    amber_within: float | None = None
    themes: tuple[int, ...] = ()
    source: str = ""
    """Where the measure itself is reported; each value and the target say where they come from."""
    values: tuple[IndicatorValue, ...] = ()
    target_provenance: Provenance = Provenance()
    section: Section | None = None
    owner: str | None = None
    """The data owner: the person in the plan (by e-mail) who supplies the monthly figure."""
    collection_day: int | None = None
    """The working day of each month on which the figure for the month before is due (5: the 5th working day);
    None when the figure is not collected in Slack."""
    not_available: tuple[Figure, ...] = ()
    """Months with no figure whose latest entry says why (`n/a - system outage`), oldest first."""


@dataclass(frozen=True)
class PlanInfo:
    name: str = "Improvement Action Plan"
    organisation: str = ""
    ref_pattern: str = ""
    """The plan's own pattern for action refs (a regular expression, matched in lower case); empty for
    REF_PATTERN."""


@dataclass
class PlanDocument:
    """A whole plan as the PMO's template holds it: what import reads and export writes."""

    info: PlanInfo | None = None
    """None when the file carries no plan sheet: the plan's name and organisation stay as they are."""
    themes: list[Theme] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

"""The plan template: one set of sheets and columns for YAML, CSV and Excel.

A PMO's existing Excel action plan should need only its columns renamed, so headers are
matched loosely (case, spaces, a few common names such as "Due date" or "BRAG"), while every
value is checked strictly: a problem names its sheet, row and column, and nothing is imported.
"""
from __future__ import annotations

import calendar
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from governance.brag import NOT_RATED, BragKey
from governance.cadence import CadenceError, validate_cadence
from governance.grids import SourcedRow
from governance.model import (
    REF_PATTERN, Action, Body, Channel, Direction, FocusArea, Indicator, IndicatorValue, Person, PlanDocument,
    PlanInfo, Provenance, Section, Theme, Update, Visit, Withdrawal, theme_of_ref,
)
from governance.workdays import DEFAULT_TZ

Row = Mapping[str, Any]

UK_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%m-%Y")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BODY_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MAX_TEXT = 3000
MAX_PAPER_DEADLINE_DAYS = 60
"""Three months of working days is more notice than any body asks; a billion held every calendar in a loop."""
MAX_COLLECTION_DAY = 15
"""A monthly figure due later than the 15th working day would reach no board while it is news."""
COLLECTION_DAY = re.compile(r"^([0-9]{1,2})(?:st|nd|rd|th)?(?: working day)?$")
"""A collection day in words: `5th working day`, `5th`."""

EMAIL_LENGTH, NAME_LENGTH, SOURCE_LENGTH = 254, 200, 500
YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")
SOURCE_NOTE = "paper and paragraph"
ILLUSTRATIVE_NOTE = "yes/no: not from a paper"


@dataclass(frozen=True)
class Column:
    """One column of a plan-file sheet, declared once so that reading, writing, header matching and the
    README's table cannot disagree about it."""

    name: str
    required: bool = False
    length: int | None = None
    """The longest value the store's column holds (storage/models.py), when shorter than MAX_TEXT, so that a
    value too long is a problem naming its row on every database, not an error from PostgreSQL alone."""
    aliases: tuple[str, ...] = ()
    """Other names a PMO's own spreadsheet gives the column, already in canonical_column's lower_snake form."""
    note: str = ""
    """What the README adds in brackets after the name, for a column whose values are not self-evident."""

    def described(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template: its columns in the order export writes them."""

    name: str
    columns: tuple[Column, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)

    def headers(self) -> dict[str, str]:
        """Canonical column by header; a column's own name wins over another column's alias."""
        aliases = {alias: c.name for c in self.columns for alias in c.aliases}
        return aliases | {c.name: c.name for c in self.columns}

    def laid_out(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """One row as export writes it: exactly the declared columns, in order. A writer that leaves a column
        out, or writes one the sheet does not declare, fails here rather than exporting a file that import
        would read differently."""
        names = [c.name for c in self.columns]
        if set(values) != set(names):
            raise ValueError(f"{self.name}: written columns {sorted(values)} are not the declared {names}")
        return {name: values[name] for name in names}


TEMPLATE: tuple[Sheet, ...] = (
    Sheet("plan", (
        Column("name", required=True, length=NAME_LENGTH),
        Column("organisation", length=NAME_LENGTH),
        Column("ref_pattern", length=200, note="a regular expression; empty for 5b(ii), 1.1, 1.1.2 and A3"),
    )),
    Sheet("themes", (
        Column("number", required=True),
        Column("title", required=True, length=300),
        Column("description"),
        Column("lead", length=EMAIL_LENGTH),
    )),
    Sheet("people", (
        Column("email", required=True, length=EMAIL_LENGTH),
        Column("name", required=True, length=NAME_LENGTH),
        Column("role", length=40),
        Column("admin"),
        Column("slack_user_id", length=40),
        Column("aliases", length=500, note="other names a tracker gives them: HoS MASH; Head of Service - MASH"),
    )),
    Sheet("bodies", (
        Column("key", required=True, length=63),
        Column("name", required=True, length=NAME_LENGTH),
        Column("chair", length=EMAIL_LENGTH),
        Column("cadence", length=500, note="an iCalendar RRULE, daily or slower"),
        Column("starts"),
        Column("dates"),
        Column("time"),
        Column("paper_deadline_days"),
        Column("description"),
        Column("whole_plan", note="yes/no: every escalation reaches it"),
        Column("source", length=SOURCE_LENGTH, note=f"of its meetings: {SOURCE_NOTE}"),
        Column("illustrative", note=ILLUSTRATIVE_NOTE),
    )),
    Sheet("actions", (
        Column("ref", required=True, length=20, aliases=("action_ref", "reference", "no", "action_no")),
        Column("theme", required=True, aliases=("theme_number",),
               note="left out, each ref's own: 5b, 5.1"),
        Column("title", required=True, aliases=("action", "action_title")),
        Column("owner", required=True, length=EMAIL_LENGTH, aliases=("owner_email", "action_owner", "lead_officer")),
        Column("due", required=True, aliases=("due_date", "deadline", "target_date"),
               note="a date, a month (Jan 2018) or TBC"),
        Column("body", length=63, aliases=("governance_body", "overseen_by")),
        Column("rating", aliases=("brag", "rag", "brag_rating", "status")),
        Column("commentary", aliases=("comments", "comment", "update", "progress")),
        Column("evidence", length=2000, aliases=("evidence_link",)),
        Column("forecast", aliases=("forecast_date", "revised_date")),
        Column("updated", aliases=("date_last_updated", "last_updated", "date_updated"),
               note="when the rating or comment was given"),
        Column("source", length=SOURCE_LENGTH, note=f"of the due date: {SOURCE_NOTE}"),
        Column("illustrative", note=ILLUSTRATIVE_NOTE),
        Column("raised_at", note="for an action arising, the day of its body's meeting it arose at"),
        Column("withdrawn", note="the day it was closed as no longer needed"),
        Column("withdrawn_reason", note="why it is no longer needed"),
    )),
    Sheet("updates", (
        Column("action", required=True, length=20),
        Column("at", required=True),
        Column("rating", note="empty for a comment that gives none"),
        Column("by", length=EMAIL_LENGTH),
        Column("via"),
        Column("commentary"),
        Column("evidence", length=2000),
        Column("forecast"),
    )),
    Sheet("visits", (
        Column("start", required=True),
        Column("end", required=True),
        Column("title", required=True, length=300),
        Column("cancelled", note="yes/no: a cancelled visit gets no reminders"),
        Column("source", length=SOURCE_LENGTH, note=SOURCE_NOTE),
        Column("illustrative", note=ILLUSTRATIVE_NOTE),
    )),
    Sheet("focus_areas", (
        Column("visit", required=True, note="its start date"),
        Column("name", required=True, length=300),
        Column("themes", required=True),
        Column("actions", note="refs it examines: 1a; 1b"),
    )),
    Sheet("indicators", (
        Column("key", required=True, length=63),
        Column("name", required=True, length=300),
        Column("unit", length=20),
        Column("direction", note="higher/lower"),
        Column("target"),
        Column("amber_within"),
        Column("themes"),
        Column("source", length=SOURCE_LENGTH, note="where the measure is reported"),
        Column("section", note="worried about/working well"),
        Column("target_source", length=SOURCE_LENGTH, note=SOURCE_NOTE),
        Column("target_illustrative", note=ILLUSTRATIVE_NOTE),
        Column("data_owner", length=EMAIL_LENGTH, note="who gives the monthly figure"),
        Column("collection_day", note="the working day it is due for the month before: 5 or 5th working day"),
    )),
    Sheet("indicator_values", (
        Column("indicator", required=True, length=63),
        Column("month", required=True, note="YYYY-MM"),
        Column("value", required=True),
        Column("source", length=SOURCE_LENGTH, note=SOURCE_NOTE),
        Column("illustrative", note=ILLUSTRATIVE_NOTE),
    )),
)
"""Every plan-file sheet, in the order an Excel workbook holds them. Header aliases are declared on the actions
sheet alone: it is the one a PMO brings from their own spreadsheet."""

SHEETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {s.name: (s.required, s.optional) for s in TEMPLATE}
"""Each sheet's (required columns, optional columns)."""

COLUMN_LENGTHS: dict[tuple[str, str], int] = {
    (s.name, c.name): c.length for s in TEMPLATE for c in s.columns if c.length is not None}
"""The longest value of each (sheet, column) the store holds; any other text is at most MAX_TEXT."""

_HEADERS = {s.name: s.headers() for s in TEMPLATE}


def template_table() -> list[str]:
    """The README's table of the template, as markdown lines; a test holds the README to it."""
    lines = ["| sheet | required columns | optional columns |", "|---|---|---|"]
    for sheet in TEMPLATE:
        cells = [f"`{sheet.name}`"] + [", ".join(c.described() for c in sheet.columns if c.required is required)
                                       for required in (True, False)]
        lines.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
    return lines


def canonical_column(sheet: str, header: str) -> str:
    """The column a header names: its lower_snake form, or on the actions sheet the column it is an alias of."""
    name = re.sub(r"[^a-z0-9]+", "_", str(header).strip().lower()).strip("_")
    return _HEADERS.get(sheet, {}).get(name, name)


@dataclass
class Known:
    """What the store already holds, so a CSV of actions can refer to existing themes and people."""

    themes: set[int] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)
    refs: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    slack_ids: dict[str, str] = field(default_factory=dict)
    """Slack user id to the e-mail of the person it is linked to."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Another name for a person (lower case: a job title from the people sheet or a tracker map) to their e-mail."""
    ref_pattern: str = ""


@dataclass(frozen=True)
class DocumentReading:
    """What a plan file says, and what the PMO should hear about it before anything is stored."""

    doc: PlanDocument
    problems: list[str]
    """Any one of these and nothing is imported."""
    warnings: list[str] = field(default_factory=list)
    """Readings the PMO should check (a month read as its last day, a second owner), which do not stop import."""
    new_people: list[str] = field(default_factory=list)
    """E-mail addresses the file names that neither its people sheet nor the plan knows."""
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    """The columns each sheet has: what the file does not carry, import leaves as the plan has it."""


class _Notes:
    """Problems and warnings, each naming the sheet, row and column as the PMO's own file shows them."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.warnings: list[str] = []

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.items.append(_where(sheet, row, column) + message)

    def warn(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.warnings.append(_where(sheet, row, column) + message)


def _where(sheet: str, row: int | None, column: str | None) -> str:
    return f"{sheet}" + (f", row {row}" if row is not None else "") + (f", column {column}" if column else "") + ": "


class _RowReader:
    """Reads one row's values, recording a problem instead of raising, so all problems are reported. A row from
    a PMO's tracker names its own sheet, row and header; a row of the template names the template's."""

    def __init__(self, sheet: str, number: int, row: Row, problems: _Notes, tz: str) -> None:
        origin = row.origin if isinstance(row, SourcedRow) else None
        self.sheet = origin.sheet if origin else sheet
        self.row_number = origin.row if origin else number
        self.origin, self.row, self.problems, self.tz = origin, row, problems, tz
        self.ok = True

    def header(self, column: str) -> str:
        return self.origin.column(column) if self.origin else column

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.sheet, self.row_number, self.header(column), message)

    def warn(self, column: str, message: str) -> None:
        self.problems.warn(self.sheet, self.row_number, self.header(column), message)

    def raw(self, column: str) -> Any:
        value = self.row.get(column)
        if isinstance(value, str):
            value = value.strip()
        return None if value in ("", None) else value

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        limit = COLUMN_LENGTHS.get((self.sheet, column), MAX_TEXT)
        if len(text) > limit:
            self.fail(column, f"is {len(text)} characters; at most {limit}")
            return None
        return text

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty")
            return None
        number = whole_number(value)
        if number is None:
            self.fail(column, f"{value!r} is not a whole number")
        return number

    def number(self, column: str, *, required: bool = False) -> float | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty")
            return None
        try:
            number = float(str(value).rstrip("%"))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.fail(column, f"{value!r} is not a number")
            return None
        return number

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty")
            return None
        parsed = parse_day(value)
        if parsed is None:
            self.fail(column, f"{value} is not a date (use 2018-01-31 or 31/01/2018)")
        return parsed

    def plan_day(self, column: str, *, required: bool = False) -> date | None:
        """A due or forecast date as PMOs' trackers give one. A month becomes its last day and an Excel serial
        its date, each with a warning so the PMO can check the reading; "TBC" or "Ongoing" is no date yet,
        which the plan shows and chases as such."""
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty (write TBC when there is no date yet)")
            return None
        if (parsed := parse_day(value)) is not None:
            return parsed
        text = str(value).strip()
        if " ".join(text.lower().split()) in NO_DATE:
            self.warn(column, f"{text!r} is no date yet; shown and chased as no date")
            return None
        if (month := parse_month(text)) is not None:
            last = _last_day(month)
            self.warn(column, f"{text!r} is a month; read as {last:%d %b %Y}")
            return last
        if (serial := excel_serial(value)) is not None:
            self.warn(column, f"{text} read as the Excel date {serial:%d %b %Y}")
            return serial
        self.fail(column, f"{text} is not a date (use 31/01/2018 or 2018-01-31, a month such as Jan 2018, "
                          "or TBC when there is none yet)")
        return None

    def instant(self, column: str, *, required: bool = True) -> datetime | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "is empty")
            return None
        parsed = parse_instant(value, self.tz)
        if parsed is None:
            self.fail(column, f"{value} is not a date and time (use 2017-11-20T10:15:00+00:00)")
        return parsed

    def yes_no(self, column: str) -> bool:
        """A flag written as a person or a spreadsheet writes one (yes, TRUE, 1); anything else is refused rather
        than read as no, since a mistyped "illustrative" would show a made-up figure as if from a paper."""
        value = self.raw(column)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        number = whole_number(value)
        word = str(value if number is None else number).lower()
        if word in YES or word in NO:
            return word in YES
        self.fail(column, f"{value!r} must be yes or no")
        return False

    def provenance(self, source: str = "source", illustrative: str = "illustrative") -> Provenance:
        return Provenance(self.text(source) or "", self.yes_no(illustrative))

    def themes(self, column: str, known: set[int]) -> tuple[int, ...]:
        value = self.raw(column)
        if value is None:
            return ()
        items = value if isinstance(value, list) else re.split(r"[;,\s]+", str(value))
        numbers = []
        for item in items:
            if str(item).strip() == "":
                continue
            number = whole_number(item)
            if number is None:
                self.fail(column, f"{item!r} is not a theme number")
                continue
            if number not in known:
                self.fail(column, f"unknown theme {number}")
            numbers.append(number)
        return tuple(numbers)


THEME_NUMBER = re.compile(r"^\s*(?:theme\s*)?([1-9][0-9]?)\b", re.IGNORECASE)
NOT_RATED_WORDS = "not rated"
"""How export writes an update that set an action back to Not rated (the undo of its first rating)."""


def _compiled(pattern: str) -> re.Pattern[str]:
    """The plan's ref pattern, matched against the whole ref; empty is the default."""
    return re.compile(f"^(?:{pattern})$") if pattern else REF_PATTERN


def _naming_others(commentary: str | None, others: Sequence[str]) -> str | None:
    """The commentary with anyone else the tracker makes responsible named at its end."""
    if not others:
        return commentary
    also = f"Also responsible: {', '.join(others)}."
    return f"{commentary}\n{also}" if commentary else also


def whole_number(value: Any) -> int | None:
    """An integer from a cell (`3`, `3.0`, "3"), or None; never an overflow from "inf" or 1e400."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


def parse_day(value: Any) -> date | None:
    """A calendar date from ISO or UK day-first text, or an Excel date cell; never a guess."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return parse_uk_day(text)


MONTH_FORMATS = ("%b %Y", "%B %Y", "%b-%y", "%b-%Y", "%B-%y", "%B-%Y", "%b '%y", "%Y-%m", "%m/%Y")
NO_DATE = ("tbc", "tbd", "tba", "ongoing", "no date", "to be confirmed", "to be agreed", "n/a")
"""What trackers write for an action with no date yet."""
EXCEL_SERIALS = range(32874, 73051)
"""Excel's day numbers from 1990 to 2099: a number in a date column in this range is a date shown as a number."""


def parse_month(text: str) -> date | None:
    """The first day of a month written as one ("Jan 2018", "January 2018", "Jan-18", "2018-01"), or None."""
    for fmt in MONTH_FORMATS:
        try:
            day = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        return day if day.year >= 1990 else None
    return None


def _last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def excel_serial(value: Any) -> date | None:
    """The date an Excel serial number stands for (the 1900 date system), when it is a plausible one."""
    number = whole_number(value)
    if number is None or number not in EXCEL_SERIALS:
        return None
    return date(1899, 12, 30) + timedelta(days=number)


def parse_uk_day(text: str) -> date | None:
    for fmt in UK_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if day.year >= 1990 else None
    return None


def parse_instant(value: Any, tz: str) -> datetime | None:
    """An aware instant; a time given without an offset is read as local time in `tz`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(9, 0))
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            day = parse_uk_day(str(value).strip())
            if day is None:
                return None
            moment = datetime.combine(day, time(9, 0))
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tz))


def check_columns(sheet: str, headers: Iterable[str]) -> list[str]:
    required, _ = SHEETS[sheet]
    present = set(headers)
    return [f"{sheet}: missing column {c}" for c in required if c not in present and (sheet, c) not in DERIVED]


DERIVED = {("actions", "theme")}
"""Required columns a row may do without: an action's theme can come from its ref (5b, 1.1) or a heading."""

OWNERS_SPLIT = re.compile(r"\s*(?:/|;|,|\n|\s&\s|\sand\s)\s*")
"""How a tracker writes two owners in one cell: "HoS D&A / HoS MASH", "Jo Bloggs and Sam Roe"."""


def read_document(
    sheets: Mapping[str, Sequence[Row]],
    *,
    key: BragKey,
    known: Known,
    now: datetime,
    tz: str,
    allow_new_people: bool = False,
) -> DocumentReading:
    """The plan in `sheets` (canonical column names; a SourcedRow names its own sheet, row and header, any
    other row is numbered from 2 as in a spreadsheet).

    Returns the document with every problem and warning found; the caller imports nothing when there is a
    problem. Ratings and comments given on the actions sheet become updates by import, recorded when the
    row says it was updated or else now. An e-mail address given as an owner, lead, chair or author that
    neither the people sheet nor the store knows is a problem unless `allow_new_people`: in a re-imported
    spreadsheet it is far more often a typo that would hand the action to a stranger than a new colleague.
    """
    notes = _Notes()
    for sheet in sheets:
        if sheet not in SHEETS:
            notes.add(sheet, None, None, f"unknown sheet (expected one of: {', '.join(SHEETS)})")
    notes.items.extend(_missing_columns(sheets))
    if notes.items:
        return DocumentReading(PlanDocument(), notes.items)
    doc = PlanDocument()
    reader = _DocumentReader(doc, notes, key, known, now, tz, allow_new_people)
    reader.read(sheets)
    columns = {sheet: frozenset(column for row in rows for column in row) for sheet, rows in sheets.items()}
    return DocumentReading(doc, notes.items, notes.warnings, reader.new_people, columns)


def _missing_columns(sheets: Mapping[str, Sequence[Row]]) -> list[str]:
    """Required columns each sheet lacks; the rows of a template sheet may come from several of the PMO's
    sheets (one per theme), and each is named as the PMO named it."""
    missing: list[str] = []
    for sheet, rows in sheets.items():
        if sheet not in SHEETS:
            continue
        headers: dict[str, set[str]] = {}
        for row in rows:
            if isinstance(row, SourcedRow) and row.origin.heading:
                continue
            own = row.origin.sheet if isinstance(row, SourcedRow) else sheet
            headers.setdefault(own, set()).update(row)
        for own, present in headers.items():
            missing.extend(problem.replace(f"{sheet}:", f"{own}:", 1) for problem in check_columns(sheet, present))
    return list(dict.fromkeys(missing))


class _DocumentReader:
    def __init__(self, doc: PlanDocument, problems: _Notes, key: BragKey, known: Known, now: datetime,
                 tz: str, allow_new_people: bool) -> None:
        self.doc, self.problems, self.key, self.now, self.tz = doc, problems, key, now, tz
        self.themes = set(known.themes)
        self.people = dict(known.people)
        self.aliases = {alias.lower(): email for alias, email in known.aliases.items()}
        self.refs = set(known.refs)
        self.bodies = set(known.bodies)
        self.slack_ids = dict(known.slack_ids)
        self.whole_plan: str | None = None
        self.linked = {email: slack_id for slack_id, email in known.slack_ids.items()}
        self.allow_new_people = allow_new_people
        self.ref_pattern, self.ref_pattern_text = _compiled(known.ref_pattern), known.ref_pattern
        self.new_people: list[str] = []

    def rows(self, sheets: Mapping[str, Sequence[Row]], sheet: str) -> Iterable[_RowReader]:
        for number, row in enumerate(sheets.get(sheet, ()), start=2):
            if any(v not in (None, "") for v in row.values()):
                yield _RowReader(sheet, number, row, self.problems, self.tz)

    def read(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        for row in self.rows(sheets, "plan"):
            self._plan(row)
        self._people(sheets)
        self._themes(sheets)
        self._bodies(sheets)
        self._actions(sheets)
        self._updates(sheets)
        self._visits(sheets)
        self._indicators(sheets)

    def _plan(self, row: _RowReader) -> None:
        name, organisation, pattern = row.text("name", required=True), row.text("organisation"), row.text("ref_pattern")
        if pattern:
            try:
                self.ref_pattern, self.ref_pattern_text = _compiled(pattern), pattern
            except re.error as exc:
                row.fail("ref_pattern", f"{pattern!r} is not a regular expression ({exc})")
        self.doc.info = PlanInfo(name or "", organisation or "", pattern or "")

    def person(self, row: _RowReader, column: str, *, required: bool = False) -> str | None:
        value = row.text(column, required=required)
        if value is None:
            return None
        if (email := self._known_person(value)) is not None:
            return email
        if not EMAIL.match(value):
            row.fail(column, f"unknown person {value!r} (add them to the people sheet, give them as an alias "
                             "there or in the tracker map's owners, or give an e-mail address)")
            return None
        lowered = value.lower()
        if lowered not in self.new_people:
            self.new_people.append(lowered)
        if not self.allow_new_people:
            row.fail(column, self._not_a_person(lowered))
            return None
        if len(value) > NAME_LENGTH:
            row.fail(column, f"{value!r} is too long to name a new person; add them to the people sheet")
            return None
        self.people[lowered] = value
        self.doc.people.append(Person(email=lowered, name=value))
        return lowered

    def _known_person(self, value: str) -> str | None:
        """The e-mail of the person a cell names by e-mail, name or alias."""
        lowered = " ".join(value.lower().split())
        if lowered in self.people:
            return lowered
        by_name = [email for email, name in self.people.items() if " ".join(name.lower().split()) == lowered]
        return by_name[0] if by_name else self.aliases.get(lowered)

    def owners(self, row: _RowReader) -> tuple[str | None, list[str]]:
        """The action's owner and the names of anyone else the cell makes responsible. A tracker often names
        two ("HoS D&A / HoS MASH"): an action has one owner, so the first is it and the others are kept in the
        commentary rather than dropped."""
        value = row.text("owner")
        if value is None or self._known_person(value) is not None or EMAIL.match(value):
            return self.person(row, "owner", required=True), []
        names = [name for name in OWNERS_SPLIT.split(value) if name]
        if len(names) < 2:
            return self.person(row, "owner", required=True), []
        emails = [self._known_person(name) or (name.lower() if EMAIL.match(name) else None) for name in names]
        unknown = [name for name, email in zip(names, emails) if email is None]
        if unknown:
            row.fail("owner", f"unknown person {unknown[0]!r} in {value!r} (add them to the people sheet, give "
                              "them as an alias there or in the tracker map's owners)")
            return None, []
        first = emails[0]
        if first not in self.people:
            row.fail("owner", self._not_a_person(names[0].lower()))
            return None, []
        others = [self.people.get(email, name) for name, email in zip(names[1:], emails[1:])]
        row.warn("owner", f"{value!r} names {len(names)} owners; {self.people[first]} owns it and the "
                          f"commentary names {', '.join(others)}")
        return first, others

    def _not_a_person(self, email: str) -> str:
        closest = difflib.get_close_matches(email, list(self.people), n=1, cutoff=0.8)
        hint = f" (closest: {closest[0]})" if closest else ""
        return (f"{email} is not on the people sheet or in the plan{hint}; add them to the people sheet, "
                "or use --allow-new-people to add them")

    def _people(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        seen: set[str] = set()
        for row in self.rows(sheets, "people"):
            email = (row.text("email", required=True) or "").lower()
            if email and not EMAIL.match(email):
                row.fail("email", f"{email!r} is not an e-mail address")
            if email in seen:
                row.fail("email", f"duplicate person {email}")
            seen.add(email)
            name = row.text("name", required=True)
            admin = str(row.raw("admin") or "").lower() in ("true", "yes", "1", "y")
            role, slack_id, aliases = row.text("role"), self._slack_id(row, email), self._aliases(row, email)
            if row.ok and name:
                self.people[email] = name
                self.aliases.update((alias.lower(), email) for alias in aliases)
                self.doc.people.append(Person(email, name, role or "owner", admin, slack_id, aliases))

    def _aliases(self, row: _RowReader, email: str) -> tuple[str, ...]:
        """Other names for the person; one name for two people would make an owner a guess."""
        aliases = tuple(dict.fromkeys(" ".join(a.split()) for a in (row.text("aliases") or "").split(";")
                                      if a.strip()))
        for alias in aliases:
            holder = self.aliases.get(alias.lower())
            if holder is not None and holder != email:
                row.fail("aliases", f"{alias!r} is already another name for {holder}")
        return aliases

    def _slack_id(self, row: _RowReader, email: str) -> str | None:
        """A Slack user id links one person, and a link changes only by `people link`, which tells the PMO
        channel: a second holder (in the file or the store) or a different id for someone already linked is
        refused here, rather than by the database or silently."""
        slack_id = row.text("slack_user_id")
        if slack_id is None:
            return None
        linked = self.linked.get(email)
        if linked is not None and linked != slack_id:
            row.fail("slack_user_id", f"{email} is linked to Slack user {linked}; re-link with "
                                       f"`readiness people link {email} {slack_id}`")
        holder = self.slack_ids.setdefault(slack_id, email)
        if holder != email:
            row.fail("slack_user_id", f"Slack user {slack_id} is already linked to {holder}")
        return slack_id

    def _themes(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        seen: set[int] = set()
        for row in self.rows(sheets, "themes"):
            if row.origin and row.origin.heading:
                self._heading_theme(row)
                continue
            number = row.integer("number", required=True)
            if number is not None and not 1 <= number <= 99:
                row.fail("number", f"theme number {number} must be between 1 and 99")
            if number in seen:
                row.fail("number", f"duplicate theme {number}")
            seen.add(number)
            title, description = row.text("title", required=True), row.text("description")
            lead = self.person(row, "lead")
            if row.ok and number is not None and title:
                self.themes.add(number)
                self.doc.themes.append(Theme(number, title, description or "", lead))

    def _heading_theme(self, row: _RowReader) -> None:
        """A theme a tracker names in a heading or a sheet's name: new to the plan it is added with the title
        the heading gives; a theme the plan has keeps its title, description and lead."""
        number = row.integer("number", required=True)
        if number is None or number in self.themes:
            return
        if not 1 <= number <= 99:
            row.fail("number", f"theme number {number} must be between 1 and 99")
            return
        self.themes.add(number)
        self.doc.themes.append(Theme(number, row.text("title") or f"Theme {number}"))

    def _bodies(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        for row in self.rows(sheets, "bodies"):
            key_ = (row.text("key", required=True) or "").lower()
            if key_ and not BODY_KEY.match(key_):
                row.fail("key", f"{key_!r} must be lower-case letters, digits and dashes")
            name, description = row.text("name", required=True), row.text("description")
            cadence, starts = row.text("cadence"), row.day("starts")
            if cadence:
                try:
                    validate_cadence(cadence, starts)
                except CadenceError as exc:
                    row.fail("cadence", str(exc))
            dates = self._dates(row, "dates")
            meeting_time = self._time(row, "time")
            deadline = row.integer("paper_deadline_days")
            if deadline is not None and not 0 <= deadline <= MAX_PAPER_DEADLINE_DAYS:
                row.fail("paper_deadline_days",
                          f"{deadline} must be between 0 and {MAX_PAPER_DEADLINE_DAYS} working days")
            if not cadence and not dates and row.ok:
                row.fail("cadence", "a body needs a cadence (rrule) or meeting dates")
            if cadence and starts is None and row.ok:
                row.fail("starts", "a cadence needs the date it starts from")
            chair = self.person(row, "chair")
            whole_plan, provenance = self._whole_plan(row, key_), row.provenance()
            if row.ok and name:
                self.bodies.add(key_)
                self.doc.bodies.append(Body(
                    key=key_, name=name, chair=chair, cadence=cadence, starts=starts, dates=dates,
                    time=meeting_time or time(10, 0), paper_deadline_days=5 if deadline is None else deadline,
                    description=description or "", whole_plan=whole_plan, provenance=provenance,
                ))

    def _whole_plan(self, row: _RowReader, key_: str) -> bool:
        """One body answers for the whole plan: with two, an escalation would have no one place it must reach."""
        whole_plan = row.yes_no("whole_plan")
        if whole_plan and self.whole_plan is not None:
            row.fail("whole_plan", f"only one body is responsible for the whole plan, and {self.whole_plan} is")
        elif whole_plan:
            self.whole_plan = key_
        return whole_plan

    def _dates(self, row: _RowReader, column: str) -> tuple[date, ...]:
        value = row.raw(column)
        if value is None:
            return ()
        items = value if isinstance(value, list) else re.split(r"[;,]\s*", str(value))
        days = []
        for item in items:
            day = parse_day(item)
            if day is None:
                row.fail(column, f"{item} is not a date")
            else:
                days.append(day)
        return tuple(sorted(days))

    def _time(self, row: _RowReader, column: str) -> time | None:
        value = row.raw(column)
        if value is None or isinstance(value, time):
            return value
        try:
            return time.fromisoformat(str(value).strip())
        except ValueError:
            row.fail(column, f"{value} is not a time of day (use 10:00)")
            return None

    def _rating(self, row: _RowReader, column: str, *, required: bool) -> str | None:
        value = row.text(column, required=required)
        if value is None:
            return None
        if " ".join(value.lower().replace("_", " ").split()) == NOT_RATED_WORDS:
            return NOT_RATED
        code = self.key.parse(value)
        if code is None:
            row.fail(column, f"unknown rating {value!r} (use {', '.join(r.label for r in self.key.ratings)})")
        return code

    def _evidence(self, row: _RowReader) -> str | None:
        value = row.text("evidence")
        if value and not re.match(r"^https?://\S+$", value):
            row.fail("evidence", f"{value!r} is not a link (http:// or https://)")
        return value

    def _actions(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        seen: set[str] = set()
        for row in self.rows(sheets, "actions"):
            ref = self._ref(row, seen)
            theme = self._action_theme(row, ref)
            title = row.text("title", required=True)
            owner, others = self.owners(row)
            due = row.plan_day("due", required=True)
            body = (row.text("body") or "").lower() or None
            if body and body not in self.bodies:
                row.fail("body", f"unknown body {body!r}")
            rating = self._rating(row, "rating", required=False)
            commentary = _naming_others(row.text("commentary"), others)
            evidence, forecast, at = self._evidence(row), row.plan_day("forecast"), self._updated(row)
            provenance, raised_at, withdrawn = row.provenance(), self._raised_at(row), self._withdrawn(row)
            if row.ok and ref and title and owner and theme is not None:
                self.refs.add(ref)
                self.doc.actions.append(Action(ref, theme, title, owner, due, body, provenance, raised_at, withdrawn))
                if rating or commentary or evidence or forecast:
                    self.doc.updates.append(Update(ref, at, rating, None, Channel.IMPORT,
                                                   commentary or "", evidence, forecast))

    def _raised_at(self, row: _RowReader) -> date | None:
        """The day of the meeting an action arising came out of: a meeting is always some body's, so one given
        with no body says nothing the plan can show, and is more likely a body left out by mistake."""
        day = self._past_day(row, "raised_at")
        if day is not None and row.raw("body") is None:
            row.fail("raised_at", "there is no body for the meeting it arose at")
        return day

    def _withdrawn(self, row: _RowReader) -> Withdrawal | None:
        """A file gives the day an action was withdrawn: it counts as withdrawn from the start of that day, by no
        one the file names. A reason given with no day would leave the action open while seeming to close it."""
        day, reason = self._past_day(row, "withdrawn"), row.text("withdrawn_reason")
        if reason is not None and row.raw("withdrawn") is None:
            row.fail("withdrawn_reason", "there is no withdrawn day for it to explain")
        if day is None:
            return None
        return Withdrawal(datetime.combine(day, time(0), tzinfo=ZoneInfo(self.tz)), None, reason or "")

    def _past_day(self, row: _RowReader, column: str) -> date | None:
        """A day that has already come: a meeting an action arose at, or the day it was withdrawn."""
        day = row.day(column)
        if day is not None and day > self.now.astimezone(ZoneInfo(self.tz)).date():
            row.fail(column, f"{day:%Y-%m-%d} is in the future")
        return day

    def _ref(self, row: _RowReader, seen: set[str]) -> str:
        ref = (row.text("ref", required=True) or "").lower().replace(" ", "")
        if ref and not self.ref_pattern.match(ref):
            row.fail("ref", f"{ref!r} does not match the plan's ref pattern {self.ref_pattern_text}"
                     if self.ref_pattern_text else f"{ref!r} is not an action ref such as 5b(ii), 1.1 or A3")
        if ref in seen:
            row.fail("ref", f"duplicate ref {ref}")
        seen.add(ref)
        return ref

    def _action_theme(self, row: _RowReader, ref: str) -> int | None:
        """The theme column's number (`5` or "Theme 5"), else the theme the ref starts with (5b, 1.1)."""
        value = row.raw("theme")
        from_ref = theme_of_ref(ref, self.ref_pattern) if ref else None
        if value is None:
            if from_ref is None:
                row.fail("theme", "is empty (give a theme column, a theme heading above the action, or a ref that "
                                  "starts with its theme, such as 5b or 5.1)")
            theme = from_ref
        else:
            match = THEME_NUMBER.match(str(whole_number(value) or value))
            theme = int(match[1]) if match else None
            if theme is None:
                row.fail("theme", f"{value!r} is not a theme number")
            elif from_ref is not None and from_ref != theme:
                row.fail("ref", f"ref {ref} does not belong to theme {theme}")
        if theme is not None and theme not in self.themes:
            row.fail("theme", f"unknown theme {theme} (themes: {', '.join(map(str, sorted(self.themes)))})")
        return theme

    def _updated(self, row: _RowReader) -> datetime:
        """When the row's rating or comment was given: the tracker's own "last updated" date, else now."""
        at = row.instant("updated", required=False)
        if at is not None and at > self.now:
            row.fail("updated", f"{at:%Y-%m-%d %H:%M} is in the future")
        return at or self.now

    def _updates(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        for row in self.rows(sheets, "updates"):
            ref = (row.text("action", required=True) or "").lower().replace(" ", "")
            if ref and ref not in self.refs:
                row.fail("action", f"no action {ref}")
            at = row.instant("at")
            if at and at > self.now:
                row.fail("at", f"{at:%Y-%m-%d %H:%M} is in the future")
            rating = self._rating(row, "rating", required=False)
            by = self.person(row, "by")
            via_text = row.text("via") or Channel.IMPORT.value
            if via_text not in Channel.__members__.values():
                row.fail("via", f"unknown channel {via_text!r} (use {', '.join(c.value for c in Channel)})")
            commentary, evidence, forecast = row.text("commentary"), self._evidence(row), row.day("forecast")
            if rating is None and not commentary:
                row.fail("rating", "is empty (give a rating, or a commentary for a comment that gives none)")
            if row.ok and at:
                self.doc.updates.append(Update(ref, at, rating, by, Channel(via_text), commentary or "", evidence,
                                               forecast))

    def _visits(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        visits: dict[date, Visit] = {}
        for row in self.rows(sheets, "visits"):
            start, end = row.day("start", required=True), row.day("end", required=True)
            if start and end and end < start:
                row.fail("end", f"ends {end} before it starts {start}")
            if start in visits:
                row.fail("start", f"two visits start on {start}")
            title = row.text("title", required=True)
            cancelled = str(row.raw("cancelled") or "").lower() in ("true", "yes", "1", "y")
            provenance = row.provenance()
            if row.ok and start and end and title:
                visits[start] = Visit(start, end, title, cancelled=cancelled, provenance=provenance)
        areas: dict[date, list[FocusArea]] = {}
        for row in self.rows(sheets, "focus_areas"):
            visit = row.day("visit", required=True)
            if visit and visit not in visits:
                row.fail("visit", f"no visit starts on {visit}")
            name = row.text("name", required=True)
            themes, refs = row.themes("themes", self.themes), self._refs(row, "actions")
            if row.ok and visit and name:
                areas.setdefault(visit, []).append(FocusArea(name, themes, refs))
        self.doc.visits.extend(replace(visit, focus_areas=tuple(areas.get(start, ())))
                               for start, visit in visits.items())

    def _refs(self, row: _RowReader, column: str) -> tuple[str, ...]:
        """Refs of actions in the file or the store, in the order given, each once."""
        value = row.raw(column)
        if value is None:
            return ()
        items = value if isinstance(value, list) else re.split(r"[;,]", row.text(column) or "")
        refs = []
        for item in items:
            ref = "" if item is None else str(item).strip().lower().replace(" ", "")
            if ref and ref not in self.refs:
                row.fail(column, f"no action {ref}")
            elif ref:
                refs.append(ref)
        return tuple(dict.fromkeys(refs))

    def _indicators(self, sheets: Mapping[str, Sequence[Row]]) -> None:
        indicators: list[Indicator] = []
        for row in self.rows(sheets, "indicators"):
            key_ = (row.text("key", required=True) or "").lower()
            name = row.text("name", required=True)
            direction = (row.text("direction") or "higher").lower()
            if direction not in ("higher", "lower"):
                row.fail("direction", f"{direction!r} must be higher or lower")
            unit, source = row.text("unit") or "%", row.text("source")
            target, amber = row.number("target"), row.number("amber_within")
            themes, section = row.themes("themes", self.themes), self._section(row)
            target_provenance = self._target_provenance(row)
            owner, collection_day = self.person(row, "data_owner"), self._collection_day(row)
            if row.ok and name:
                indicators.append(Indicator(key_, name, unit, Direction(direction), target, amber, themes,
                                            source or "", target_provenance=target_provenance, section=section,
                                            owner=owner, collection_day=collection_day))
        values: dict[str, list[IndicatorValue]] = {}
        keys = {i.key for i in indicators}
        for row in self.rows(sheets, "indicator_values"):
            key_ = (row.text("indicator", required=True) or "").lower()
            if key_ and key_ not in keys:
                row.fail("indicator", f"no indicator {key_}")
            month = self._month(row)
            value, provenance = row.number("value", required=True), row.provenance()
            if row.ok and month and value is not None:
                values.setdefault(key_, []).append(IndicatorValue(month, value, provenance))
        self.doc.indicators.extend(
            replace(i, values=tuple(sorted(values.get(i.key, ()), key=lambda v: v.month))) for i in indicators)

    def _section(self, row: _RowReader) -> Section | None:
        value = row.text("section")
        if value is None:
            return None
        words = " ".join(value.lower().split())
        if words not in Section.__members__.values():
            row.fail("section", f"{value!r} must be {' or '.join(Section)}")
            return None
        return Section(words)

    def _collection_day(self, row: _RowReader) -> int | None:
        """The working day of each month the figure for the month before is due; one with no data owner would
        be asked of no one, so it is refused rather than left to pass silently."""
        value = row.raw("collection_day")
        if value is None:
            return None
        day = whole_number(value)
        if day is None and (words := COLLECTION_DAY.match(" ".join(str(value).lower().split()))):
            day = int(words[1])
        if day is None or not 1 <= day <= MAX_COLLECTION_DAY:
            row.fail("collection_day", f"{value!r} is not a working day from 1 to {MAX_COLLECTION_DAY} "
                                       "(use 5 or 5th working day)")
            return None
        if row.raw("data_owner") is None:
            row.fail("collection_day", "there is no data_owner to ask for the figure")
            return None
        return day

    def _target_provenance(self, row: _RowReader) -> Provenance:
        """Where the target comes from; given without a target it describes nothing, and the target is more
        likely left out by mistake than not set."""
        provenance = row.provenance("target_source", "target_illustrative")
        if provenance != Provenance() and row.raw("target") is None:
            column = "target_source" if provenance.source else "target_illustrative"
            row.fail(column, "there is no target for it to describe")
        return provenance

    def _month(self, row: _RowReader) -> date | None:
        value = row.raw("month")
        if value is None:
            row.fail("month", "is empty")
            return None
        if isinstance(value, date):
            return date(value.year, value.month, 1)
        match = re.match(r"^(\d{4})-(\d{1,2})$", str(value).strip())
        if match and 1 <= int(match[2]) <= 12:
            return date(int(match[1]), int(match[2]), 1)
        row.fail("month", f"{value} is not a month (use 2017-11)")
        return None


def write_document(doc: PlanDocument, *, tz: str = DEFAULT_TZ) -> dict[str, list[dict[str, Any]]]:
    """The document as template sheets: what export writes and import reads back.

    The actions sheet carries each action's current rating too, as a PMO's spreadsheet does;
    importing it back records nothing new because it repeats the latest update. A withdrawn action shows the
    day, in `tz`, it was withdrawn.
    """
    values = _sheet_values(doc, ZoneInfo(tz))
    return {sheet.name: [sheet.laid_out(row) for row in values[sheet.name]] for sheet in TEMPLATE}


def _sheet_values(doc: PlanDocument, tz: ZoneInfo) -> dict[str, list[dict[str, Any]]]:
    latest = {u.action: u for u in sorted(doc.updates, key=lambda u: u.at)}
    info = doc.info or PlanInfo()
    return {
        "plan": [{"name": info.name, "organisation": info.organisation, "ref_pattern": info.ref_pattern}],
        "themes": [{"number": t.number, "title": t.title, "description": t.description, "lead": t.lead}
                   for t in doc.themes],
        "people": [{"email": p.email, "name": p.name, "role": p.role, "admin": p.admin,
                    "slack_user_id": p.slack_user_id, "aliases": "; ".join(p.aliases)} for p in doc.people],
        "bodies": [{"key": b.key, "name": b.name, "chair": b.chair, "cadence": b.cadence, "starts": b.starts,
                    "dates": "; ".join(d.isoformat() for d in b.dates) or None, "time": b.time.strftime("%H:%M"),
                    "paper_deadline_days": b.paper_deadline_days, "description": b.description,
                    "whole_plan": b.whole_plan, **_provenance(b.provenance)}
                   for b in doc.bodies],
        "actions": [{"ref": a.ref, "theme": a.theme, "title": a.title, "owner": a.owner, "due": a.due or NO_DATE[0].upper(),
                     "body": a.body, **_current(latest.get(a.ref)), **_provenance(a.provenance),
                     **_arising(a, tz)}
                    for a in doc.actions],
        "updates": [{"action": u.action, "at": u.at.isoformat(), "rating": _rating_written(u.rating), "by": u.by,
                     "via": u.via.value, "commentary": u.commentary, "evidence": u.evidence,
                     "forecast": u.forecast} for u in doc.updates],
        "visits": [{"start": v.start, "end": v.end, "title": v.title, "cancelled": v.cancelled,
                    **_provenance(v.provenance)} for v in doc.visits],
        "focus_areas": [{"visit": v.start, "name": f.name, "themes": "; ".join(map(str, f.themes)),
                         "actions": "; ".join(f.actions)}
                        for v in doc.visits for f in v.focus_areas],
        "indicators": [{"key": i.key, "name": i.name, "unit": i.unit, "direction": i.direction.value,
                        "target": i.target, "amber_within": i.amber_within,
                        "themes": "; ".join(map(str, i.themes)), "source": i.source,
                        "section": i.section.value if i.section else None,
                        **_provenance(i.target_provenance, "target_source", "target_illustrative"),
                        "data_owner": i.owner, "collection_day": i.collection_day}
                       for i in doc.indicators],
        "indicator_values": [{"indicator": i.key, "month": f"{v.month:%Y-%m}", "value": v.value,
                              **_provenance(v.provenance)}
                             for i in doc.indicators for v in i.values],
    }


def _provenance(provenance: Provenance, source: str = "source", illustrative: str = "illustrative"
                ) -> dict[str, Any]:
    return {source: provenance.source, illustrative: provenance.illustrative}


def _arising(action: Action, tz: ZoneInfo) -> dict[str, Any]:
    """The meeting an action arose at and the day it was withdrawn, each empty when it has none."""
    withdrawn = action.withdrawn
    return {"raised_at": action.raised_at, "withdrawn": withdrawn.at.astimezone(tz).date() if withdrawn else None,
            "withdrawn_reason": withdrawn.reason if withdrawn else None}


def _current(update: Update | None) -> dict[str, Any]:
    """An action's latest rating as the actions sheet shows it; an action never rated shows none."""
    if update is None:
        return dict.fromkeys(("rating", "commentary", "evidence", "forecast", "updated"))
    return {"rating": _rating_written(update.rating), "commentary": update.commentary, "evidence": update.evidence,
            "forecast": update.forecast, "updated": update.at.isoformat()}


def _rating_written(code: str | None) -> str | None:
    """A rating as a sheet holds it: Not rated (an undo of a first rating) in words, a comment's none as empty."""
    return NOT_RATED_WORDS if code == NOT_RATED else code

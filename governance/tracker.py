"""The tracker reader: a PMO's workbook laid out as the template's sheets, the way the PMO laid it out.

A council's programme office keeps its action plan as it always has: a title banner over the header row, theme
heading rows or one sheet per theme beside a Key and a Summary, a BRAG kept as cell fill, a column per month,
columns hidden rather than deleted. This reader finds the header row, the themes and what each column means,
says how it read them (the layout, shown by a preview), and records its reading as a map the PMO can correct and
pass back. It checks no value: the template reader does that, naming the sheet's own rows and headers.
"""
from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Iterable, Sequence

from governance.brag import BragKey
from governance.grids import Cell, Grid, Origin, SourcedRow
from governance.template import TEMPLATE, canonical_column
from governance.tracker_map import IGNORE, TrackerMap


@dataclass(frozen=True)
class ColumnUse:
    letter: str
    header: str
    field: str | None
    """A template actions column, NOTE (appended to the commentary as "Header: value"), or None: ignored."""
    note: str = ""
    """Why, for the preview: "hidden", "from the map", "competes with C (Action owner) for owner"."""


@dataclass(frozen=True)
class SheetUse:
    name: str
    role: str
    """A template sheet name ("actions", "people", ...) or SKIPPED."""
    header_row: int | None = None
    note: str = ""
    """Where the themes came from, or why the sheet is skipped."""
    columns: tuple[ColumnUse, ...] = ()


@dataclass
class Tracked:
    sheets: dict[str, list[SourcedRow]]
    """Template sheet name to its rows, with canonical columns, for template.read_document."""
    layout: list[SheetUse]
    warnings: list[str]
    problems: list[str]
    """Layout problems: with any, nothing is imported."""
    found_map: TrackerMap
    """The map that reads the file exactly as it was read: what --save-map writes."""


SKIPPED = "skipped"
NOTE = "note"
ACTIONS = next(sheet for sheet in TEMPLATE if sheet.name == "actions")
ACTION_FIELDS = tuple(column.name for column in ACTIONS.columns)
MAP_FIELDS = ACTION_FIELDS + (NOTE, IGNORE)
SEVERAL = ("commentary", NOTE)
"""Fields several columns may feed: each is added to the commentary. Any other field has one column."""
HEADER_SCAN = 20
NO_HEADER = f"no header row with a ref, an action and an owner in the first {HEADER_SCAN} rows"
NOT_ACTIONS = re.compile(r"\b(key|legend|summary|dashboard|instructions?|guidance|contents|cover|cover sheet|"
                         r"lists?|lookups?|read me|readme)$")
"""Names of the sheets a tracker keeps beside its actions: a BRAG key, a summary, drop-down lists."""

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = re.compile(r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                   r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:\s+(?P<year>\d{4}|\d{2})\b)?")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rule)) for name, rule in (
    ("updated", r"\b(last updated|date updated|updated on)\b|^updated$"),
    ("forecast", r"\b(forecast|revised|expected completion)\b"),
    (NOTE, r"\b(success measures?|measures? of success|outcomes?|impact|rationale|notes)\b"),
    ("rating", r"\b(b?rag|rating)\b"),
    ("owner", r"\bowners?\b|^(lead|responsible|accountable)( officers?| persons?| managers?)?$"),
    ("due", r"\b(due|deadline|timescales?)\b|^(target|completion|target completion) date$|^by when$"),
    ("ref", r"^(action )?(ref|reference|no|number|id)( no| number)?$"),
    ("theme", r"^theme( no| number| ref| title| name)?$"),
    ("title", r"^(actions?|action title|title|description|description of action|action description|"
              r"actions? required)$"),
    ("body", r"\b(board|body|overseen by|reporting to|governance)\b"),
    ("commentary", r"\b(comments?|commentary|progress|update|narrative)\b"),
    ("evidence", r"\b(evidence|links?)\b"),
))
"""Common council wording for each field, matched on a header's lower-case words with any month left out, in this
order: "Revised due date" is a forecast before it is a due date, "Evidence of impact" a note before evidence."""
RATING_HEADER = re.compile(r"\b(b?rag|rating)\b")
"""A header that says it holds ratings; a "Status" column holds them only when its values read as ratings."""
LINK = re.compile(r"^https?://\S+$")

THEME_HEADING = re.compile(r"^theme\s*(?P<number>\d{1,2})\b\s*[:.)\-–—]?\s*(?P<title>.*)$", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2})\s*[.:)\-–—]?\s+(?P<title>[^\W\d].*)$")
"""A heading such as "5. Improving assessment": a theme only on a sheet with no theme column."""
SHEET_THEME = re.compile(r"^(?:theme\s*|t\s*)?(?P<number>\d{1,2})(?:\s*[:.\-–—]\s*|\s+|$)(?P<title>.*)$",
                         re.IGNORECASE)
"""A sheet named for its theme: "Theme 5", "T5", "5 Assessment"."""

COMMON_WORDS = {"complete": None, "completed": None, "done": None, "on track": "green", "at risk": "amber",
                "slipping": "amber", "off track": "red", "behind": "red"}
"""Words trackers use for a rating; None stands for the key's complete rating."""
HUE_TOLERANCE = 45.0
"""Degrees of hue within which a fill is the key's colour: Excel's yellow (FFFF00) is Amber, its light green
(92D050) Green, its light blue (00B0F0) Blue."""
PALEST, LEAST_SATURATED = 0.85, 0.25
"""Fills paler or greyer than these are shading, not a rating."""


def read_tracker(grids: Sequence[Grid], tracker_map: TrackerMap, key: BragKey) -> Tracked:
    """The grids as template sheets. Sheets named as template sheets (people, themes, ...) are read as the template
    lays them out; every other sheet is read as actions if it has a header row the reader recognises, and
    otherwise skipped with the reason in the layout. A bad map entry is a problem and is left out of the reading."""
    checked, problems = _checked(tracker_map, key)
    reader = _TrackerReader(checked, key)
    for grid in grids:
        reader.read(grid)
    return reader.tracked(problems)


def _checked(tracker_map: TrackerMap, key: BragKey) -> tuple[TrackerMap, list[str]]:
    problems: list[str] = []
    codes = key.codes() + (IGNORE,)
    columns = {header: field for header, field in tracker_map.columns.items() if field in MAP_FIELDS}
    problems.extend(f"map: columns: {field!r} is not a column (use: {', '.join(MAP_FIELDS)})"
                    for field in tracker_map.columns.values() if field not in MAP_FIELDS)
    ratings = {word: code for word, code in tracker_map.ratings.items() if code in codes}
    problems.extend(f"map: ratings: {code!r} is not a BRAG code (use: {', '.join(codes)})"
                    for code in tracker_map.ratings.values() if code not in codes)
    colours: dict[str, str] = {}
    for fill, code in tracker_map.colours.items():
        if (colour := _colour(fill)) is None:
            problems.append(f"map: colours: {fill!r} is not a colour (use RRGGBB, such as FFC000)")
        elif code not in codes:
            problems.append(f"map: colours: {code!r} is not a BRAG code (use: {', '.join(codes)})")
        else:
            colours[colour] = code
    header_row = tracker_map.header_row
    if header_row is not None and header_row < 1:
        problems.append(f"map: header_row: {header_row} is not a row number (rows start at 1)")
        header_row = None
    return replace(tracker_map, header_row=header_row, columns=columns, ratings=ratings, colours=colours), problems


class _TrackerReader:
    def __init__(self, tracker_map: TrackerMap, key: BragKey) -> None:
        self.map = tracker_map
        self.ratings = _Ratings(key, tracker_map)
        self.sheets: dict[str, list[SourcedRow]] = {}
        self.layout: list[SheetUse] = []
        self.warnings: list[str] = []
        self.problems: list[str] = []
        self.themes: set[int] = set()
        self.names: list[str] = []

    def read(self, grid: Grid) -> None:
        self.names.append(grid.name)
        template = canonical_column("", grid.name)
        if template in (sheet.name for sheet in TEMPLATE) and template != "actions":
            self._template_sheet(grid, template)
            return
        reason = self._skipped(grid)
        header_row = None if reason else _header_row(grid, self.map)
        if reason or header_row is None:
            self.layout.append(SheetUse(grid.name, SKIPPED, note=reason or self._no_header()))
            return
        sheet = _ActionsSheet(grid, header_row, self)
        self.layout.append(sheet.read())

    def _skipped(self, grid: Grid) -> str | None:
        """Why a sheet is not read for actions; a sheet the map names is read whatever its name or state."""
        named = _key(grid.name) in map(_key, self.map.sheets)
        if self.map.sheets and not named:
            return "not in the map"
        if grid.hidden and not named:
            return "hidden"
        if NOT_ACTIONS.search(_words(grid.name)) and not named:
            return "a key/summary, not actions"
        if not any(_text(cell) for row in grid.rows for cell in row):
            return "empty"
        return None

    def _no_header(self) -> str:
        if self.map.header_row is not None:
            return f"the map's header row {self.map.header_row} is empty"
        return NO_HEADER

    def _template_sheet(self, grid: Grid, sheet: str) -> None:
        """A sheet of the template (an export, or a people sheet added to a tracker): its header is row 1."""
        headers = [_text(cell) for cell in (grid.rows[0] if grid.rows else ())]
        columns = {index: canonical_column(sheet, header) for index, header in enumerate(headers) if header}
        rows = self.sheets.setdefault(sheet, [])
        for number, cells in enumerate(grid.rows[1:], start=2):
            values = {name: _cell(cells, index).value for index, name in columns.items()}
            if any(_filled(value) for value in values.values()):
                rows.append(SourcedRow(values, Origin(grid.name, number, {columns[i]: headers[i] for i in columns})))
        self.layout.append(SheetUse(grid.name, sheet, 1, columns=tuple(
            ColumnUse(_letter(index), headers[index], name) for index, name in columns.items())))

    def theme(self, sheet: str, row: int, number: int, title: str) -> None:
        """A theme a heading or a sheet's name gives: a themes row, once per number."""
        if number in self.themes:
            return
        self.themes.add(number)
        values: dict[str, Any] = {"number": number} | ({"title": title} if title else {})
        self.sheets.setdefault("themes", []).append(SourcedRow(values, Origin(sheet, row, {}, heading=True)))

    def tracked(self, problems: list[str]) -> Tracked:
        read = [use for use in self.layout if use.role == "actions"]
        if not read and not any(use.role != SKIPPED for use in self.layout):
            skipped = "; ".join(f"{use.name}: {use.note}" for use in self.layout)
            self.problems.append("no sheet of actions found" + (f" ({skipped})" if skipped else ""))
        self.warnings.extend(f"map: sheets: {name!r} is not a sheet of this file (sheets: {', '.join(self.names)})"
                             for name in self.map.sheets if _key(name) not in map(_key, self.names))
        return Tracked(self.sheets, self.layout, self.warnings + self.ratings.warnings, problems + self.problems,
                       self._found_map(read))

    def _found_map(self, read: list[SheetUse]) -> TrackerMap:
        """The map of what was read. A header read one way on one sheet and another way on another (hidden on
        one, say) is left out, so that each sheet reads it again as it did."""
        header_rows = {use.header_row for use in read}
        readings: dict[str, set[str]] = {}
        for use in (column for sheet in read for column in sheet.columns):
            readings.setdefault(use.header, set()).add(use.field or IGNORE)
        columns = {header: fields.pop() for header, fields in readings.items() if len(fields) == 1}
        return TrackerMap(
            sheets=tuple(use.name for use in read),
            header_row=header_rows.pop() if len(header_rows) == 1 else None,
            columns=columns, ratings=self.ratings.met_words, colours=self.ratings.met_colours, owners={},
            ref_pattern=self.map.ref_pattern)


def _header_row(grid: Grid, tracker_map: TrackerMap) -> int | None:
    """The map's header row, else the first row that names at least three action fields, one of them the ref or
    the action itself: a title banner or a date line above it names none."""
    if tracker_map.header_row is not None:
        row = grid.rows[tracker_map.header_row - 1] if tracker_map.header_row <= len(grid.rows) else ()
        return tracker_map.header_row if any(_text(cell) for cell in row) else None
    for number, cells in enumerate(grid.rows[:HEADER_SCAN], start=1):
        fields = {_field_named(_text(cell), tracker_map) for cell in cells if _text(cell)}
        if len(fields - {None, NOTE, IGNORE}) >= 3 and fields & {"ref", "title"}:
            return number
    return None


def _field_named(header: str, tracker_map: TrackerMap) -> str | None:
    """The field a header names by the map, the template's own names, or common wording."""
    named = _mapped(header, tracker_map)
    return named if named is not None else _recognised(header)


def _mapped(header: str, tracker_map: TrackerMap) -> str | None:
    return {_key(name): field for name, field in tracker_map.columns.items()}.get(_key(header))


def _recognised(header: str) -> str | None:
    canonical = canonical_column("actions", header)
    if canonical in ACTION_FIELDS:
        return canonical
    words = _undated(_words(header))
    return next((field for field, rule in RULES if rule.search(words)), None)


class _ActionsSheet:
    """One sheet read for actions, below its header row."""

    def __init__(self, grid: Grid, header_row: int, reader: _TrackerReader) -> None:
        self.grid, self.header_row, self.reader = grid, header_row, reader
        self.uses = self._columns()
        self.fields: dict[str, list[int]] = {}
        for index, use in self.uses.items():
            if use.field is not None:
                self.fields.setdefault(use.field, []).append(index)
        self.sheet_theme = None if "theme" in self.fields else SHEET_THEME.match(grid.name.strip())
        self.sources: list[str] = []

    def read(self) -> SheetUse:
        rows = self.reader.sheets.setdefault("actions", [])
        heading: tuple[int, str] | None = None
        for number, cells in enumerate(self.grid.rows[self.header_row:], start=self.header_row + 1):
            if (found := _heading(cells, numbered="theme" not in self.fields)) is not None:
                heading = found
                self._theme_from("themes from heading rows", number, *found)
            elif (row := self._row(number, cells, heading)) is not None:
                rows.append(row)
        return SheetUse(self.grid.name, "actions", self.header_row, "; ".join(self.sources),
                        tuple(self.uses.values()))

    def _theme_from(self, source: str, row: int, number: int, title: str) -> None:
        if source not in self.sources:
            self.sources.append(source)
        self.reader.theme(self.grid.name, row, number, title)

    def _columns(self) -> dict[int, ColumnUse]:
        header = self.grid.rows[self.header_row - 1]
        uses = {index: self._use(index, " ".join(_text(cell).split()))
                for index, cell in enumerate(header) if _text(cell)}
        return self._settled(uses)

    def _use(self, index: int, header: str) -> ColumnUse:
        letter, tracker_map = _letter(index), self.reader.map
        named = _mapped(header, tracker_map)
        if named is not None:
            return ColumnUse(letter, header, None if named == IGNORE else named, "from the map")
        if index in self.grid.hidden_columns:
            return ColumnUse(letter, header, None, "hidden")
        field = _recognised(header)
        texts = [text for cell in self._cells(index) if (text := _text(cell))]
        if field == "rating" and not RATING_HEADER.search(_words(header)):
            odd = list(dict.fromkeys(text for text in texts if self.reader.ratings.code(text) is None))
            if odd:
                return ColumnUse(letter, header, None, f"its values are not ratings ({_few(odd)})")
        if field == "evidence" and not all(LINK.match(text) for text in texts):
            return ColumnUse(letter, header, NOTE, "its values are not links; added to the commentary")
        return ColumnUse(letter, header, field)

    def _cells(self, index: int) -> list[Cell]:
        return [_cell(cells, index) for cells in self.grid.rows[self.header_row:]]

    def _settled(self, uses: dict[int, ColumnUse]) -> dict[int, ColumnUse]:
        """One column per field: of columns for one month each the latest; of any others the left-most, with a
        problem asking the PMO to choose in the map."""
        for field in dict.fromkeys(use.field for use in uses.values() if use.field is not None):
            indexes = [index for index, use in uses.items() if use.field == field]
            indexes = self._latest(uses, indexes)
            if field in SEVERAL or len(indexes) < 2:
                continue
            first = uses[indexes[0]]
            for index in indexes[1:]:
                uses[index] = replace(uses[index], field=None,
                                      note=f"competes with {first.letter} ({first.header}) for {field}")
            named = [f"{uses[index].letter} ({uses[index].header})" for index in indexes]
            ignored = ", ".join(f"{uses[index].header}: {IGNORE}" for index in indexes[1:])
            self.reader.problems.append(
                f"{self.grid.name}: columns {_listed(named)} {'both' if len(named) == 2 else 'all'} read as "
                f"{field}; choose one in the map (columns: {{{ignored}}})")
        return uses

    def _latest(self, uses: dict[int, ColumnUse], indexes: list[int]) -> list[int]:
        """Columns of one field for different months ("BRAG Nov 17", "BRAG Dec 17"): the latest is this month's
        reading, the others history. Returns the columns still in use."""
        months = {index: month for index in indexes if (month := _month(uses[index].header)) is not None}
        if len(months) < 2:
            return indexes
        latest = max(months, key=months.__getitem__)
        if list(months.values()).count(months[latest]) > 1:
            return indexes
        kept = uses[latest]
        for index in months:
            if index != latest:
                uses[index] = replace(uses[index], field=None,
                                      note=f"an earlier month than {kept.letter} ({kept.header})")
        return [index for index in indexes if index == latest or index not in months]

    def _row(self, number: int, cells: tuple[Cell, ...], heading: tuple[int, str] | None) -> SourcedRow | None:
        single = {field: indexes[0] for field, indexes in self.fields.items() if field not in SEVERAL}
        if not any(_text(_cell(cells, index)) for indexes in self.fields.values() for index in indexes):
            return None
        values = {field: _value(_cell(cells, index)) for field, index in single.items()}
        columns = {field: self.uses[index].header for field, index in single.items()}
        if "rating" in single:
            header = self.uses[single["rating"]].header
            values["rating"] = self.reader.ratings.read(_cell(cells, single["rating"]), self.grid.name, number, header)
        notes = self.fields.get("commentary", []) + self.fields.get(NOTE, [])
        if notes:
            values["commentary"], columns["commentary"] = self._commentary(cells), self.uses[notes[0]].header
        theme = self._theme(values.get("theme"), heading)
        if theme is not None:
            values["theme"] = theme
        return SourcedRow(values, Origin(self.grid.name, number, columns))

    def _commentary(self, cells: tuple[Cell, ...]) -> str | None:
        """The first commentary column as it is, with every other comment or note column added as "Header: value"
        on a line of its own, so that nothing the PMO wrote is dropped."""
        commentary = self.fields.get("commentary", [])
        first = _text(_cell(cells, commentary[0])) if commentary else ""
        others = sorted(commentary[1:] + self.fields.get(NOTE, []))
        lines = [first] + [f"{self.uses[index].header}: {text}" for index in others
                           if (text := _text(_cell(cells, index)))]
        return "\n".join(line for line in lines if line) or None

    def _theme(self, value: Any, heading: tuple[int, str] | None) -> Any:
        """The row's theme: its theme column, else the heading above it, else the sheet's name."""
        if _filled(value):
            found = THEME_HEADING.match(_text(Cell(value)))
            return int(found["number"]) if found else value
        if heading is not None:
            return heading[0]
        if self.sheet_theme is not None:
            theme = int(self.sheet_theme["number"])
            self._theme_from(f"theme {theme} from the sheet's name", self.header_row, theme,
                             self.sheet_theme["title"].strip())
            return theme
        return None


def _heading(cells: Iterable[Cell], *, numbered: bool) -> tuple[int, str] | None:
    """A theme heading row ("Theme 5: Improving Assessment", or "5. Improving assessment" where `numbered`): its
    only text is in one or two cells, and it is a heading, not an action."""
    texts = [text for cell in cells if (text := _text(cell))]
    if not 1 <= len(texts) <= 2:
        return None
    line = " ".join(texts)
    found = THEME_HEADING.match(line) or (NUMBERED_HEADING.match(line) if numbered else None)
    return (int(found["number"]), found["title"].strip()) if found else None


class _Ratings:
    """Reads a rating cell: its text by the key, the map or common words, else its fill by the map or the key's
    colours; and remembers the words and fills it read by anything but the key, for the found map."""

    def __init__(self, key: BragKey, tracker_map: TrackerMap) -> None:
        self.key = key
        self.words = {_key(word): code for word, code in tracker_map.ratings.items()}
        self.colours = dict(tracker_map.colours)
        complete = next((rating.code for rating in key.ratings if rating.complete), None)
        self.common = {word: code or complete for word, code in COMMON_WORDS.items()
                       if (code or complete) in key.codes()}
        self.met_words: dict[str, str] = {}
        self.met_colours: dict[str, str] = {}
        self.warnings: list[str] = []
        self.unknown: set[tuple[str, str]] = set()

    def code(self, text: str) -> str | None:
        """The code (or IGNORE) a word reads as, or None when it is not a rating."""
        return self.key.parse(text) or self.words.get(_key(text)) or self.common.get(_key(text))

    def fill_code(self, fill: str | None) -> str | None:
        return None if fill is None else self.colours.get(fill) or _hue_match(fill, self.key)

    def read(self, cell: Cell, sheet: str, row: int, header: str) -> str | None:
        text = _text(cell)
        if not text:
            return self._by_fill(cell.fill)
        code = self.code(text)
        if code is None:
            self._unknown(sheet, header, text)
            return text
        if self.key.parse(text) is None and _key(text) not in map(_key, self.met_words):
            self.met_words[" ".join(text.split())] = code
        by_fill = self.fill_code(cell.fill)
        if code != IGNORE and by_fill not in (None, IGNORE, code):
            self.warnings.append(f"{_where(sheet, row, header)}the fill is {self.key.label(by_fill)} but the text "
                                 f"says {self.key.label(code)}; {self.key.label(code)} kept")
        return None if code == IGNORE else code

    def _by_fill(self, fill: str | None) -> str | None:
        code = self.fill_code(fill)
        if code is None or fill is None:
            return None
        self.met_colours.setdefault(fill, code)
        return None if code == IGNORE else code

    def _unknown(self, sheet: str, header: str, text: str) -> None:
        """Once per word and sheet: the template refuses each row, naming the column; this says how to fix them all."""
        if (sheet, _key(text)) in self.unknown:
            return
        self.unknown.add((sheet, _key(text)))
        self.warnings.append(f"{_where(sheet, None, header)}{text!r} is not a BRAG rating; give it one in the map's "
                             f"ratings ({text}: {self.key.codes()[0]}) and import with --map")


def _hue_match(fill: str, key: BragKey) -> str | None:
    """The rating whose key colour has the nearest hue to the fill, within HUE_TOLERANCE; None for white, grey and
    very pale fills, which are shading."""
    hue, lightness, saturation = _hls(fill)
    if lightness > PALEST or saturation < LEAST_SATURATED:
        return None
    distances = {rating.code: _hue_distance(hue, _hls(colour)[0]) for rating in key.ratings
                 if (colour := _colour(rating.colour)) is not None}
    nearest = min(distances, key=distances.__getitem__, default=None)
    return nearest if nearest is not None and distances[nearest] <= HUE_TOLERANCE else None


def _hls(colour: str) -> tuple[float, float, float]:
    hexes = colour.lstrip("#")
    red, green, blue = (int(hexes[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    return hue * 360, lightness, saturation


def _hue_distance(first: float, second: float) -> float:
    distance = abs(first - second) % 360
    return min(distance, 360 - distance)


def _colour(fill: str) -> str | None:
    """A map's fill colour as Cell.fill gives it (`RRGGBB`, upper case), or None when it is not one."""
    cleaned = str(fill).strip().lstrip("#").upper()
    return cleaned if re.fullmatch(r"[0-9A-F]{6}", cleaned) else None


def _month(header: str) -> tuple[int, int] | None:
    """The (year, month) a header is for ("BRAG Dec 17", "Progress (Dec)"); a month without a year sorts by month."""
    found = MONTH.search(_words(header))
    if found is None:
        return None
    year = found["year"] or ""
    return (2000 + int(year) if len(year) == 2 else int(year or 0)), MONTH_NAMES.index(found["month"][:3]) + 1


def _undated(words: str) -> str:
    return " ".join(YEAR.sub(" ", MONTH.sub(" ", words)).split())


def _value(cell: Cell) -> Any:
    """A cell's value for the template; a date typed as a month is the month, which the template reads as its last
    day with a warning rather than as the 1st."""
    if cell.month_only and isinstance(cell.value, date):
        return f"{cell.value:%b %Y}"
    return cell.value


def _cell(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else Cell()


def _text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _key(text: str) -> str:
    return " ".join(str(text).lower().split())


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _few(values: list[str]) -> str:
    return ", ".join(values[:3]) + (", …" if len(values) > 3 else "")


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _where(sheet: str, row: int | None, column: str | None) -> str:
    """The form of template.read_document's messages: "<sheet>, row <n>, column <header>: "."""
    return sheet + (f", row {row}" if row is not None else "") + (f", column {column}" if column else "") + ": "

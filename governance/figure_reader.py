"""Reading an indicator's monthly figure from the words a data owner types.

A data owner asked for December's figures answers from a DM in a few seconds: `69%`, `155 of 224`,
`repeat referrals 18.1%`, `n/a - system outage, will send Tuesday`. This module reads those words and
nothing looser, because the same DMs carry BRAG updates, questions and instructions: a reply is a
figure only when every word of it has a place.

- One figure: a number (`18.1`, `1,234`, `-3`), a percentage (`69%`, `69 %`, `69 per cent`) or a
  part of a whole (`155 of 224`, `155/224`, `155 out of 224`); or a figure not available (`n/a`,
  `N/A`, `not available`), whose reason follows it, after a dash or colon or straight on.
- Before it, the indicator and the month, either way round: the indicator by its key
  (`repeat-referrals-12m`) or by words that start words of one indicator's name, or of its key,
  in order (`repeat referrals`, `cp visits`); the month as a name (`Dec`, `December 2017`, `for
  December`) or `last month`. The month may instead follow the figure with `for` or `in` (`69% for
  December`). A bare day or year next to a month name is part of a date (`12 Feb`, `Dec 12`,
  `December 2017`), not a figure.
- After a figure, a comment only after a dash or on a new line (`69% - two teams late`); any other
  word after it makes the reply something else ("80% done" is progress on an action).
- Words that start words of several indicators' names are not a failure to read: the reading has no
  indicator and lists the candidates in `ambiguous`, so the use case can ask which one was meant.
  Words that name no indicator make the reply something else (`status theme 5`, `not mine 5b`).
- Never a figure: a BRAG rating before it (`green - 80% done`, `5b(ii) amber 60%`), or a rating
  straight after a bare number (`5.2 - G training done`), where the number is a plan's dotted ref.
- A month named without a year is the latest such month before today's month (`January`, said in
  January 2018, is January 2017); a month named with a year after today's is not a month a figure
  can be for, so the words are not read as one.

The reader knows only the words; `doubts` and `impossible` judge the figure against its indicator,
so the use case can ask before it stores a percentage over 100 or a figure five times the last.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from governance.model import FigureKind, Indicator
from governance.readiness import format_value
from governance.reply_reader import MONTHS

FIVE_TIMES = 5
"""A figure this many times the last, or as small as this fraction of it, is asked about before it is stored."""


@dataclass(frozen=True)
class FigureReading:
    """What a reply says about a figure; the month and indicator only when the words name them."""

    kind: FigureKind
    """VALUE or NOT_AVAILABLE."""
    indicator: str | None
    """The key of the indicator the words name."""
    value: float | None = None
    """For `155 of 224` on a percentage indicator, 69.2 (one decimal); else the number typed."""
    numerator: float | None = None
    denominator: float | None = None
    percent: bool = False
    """Typed with `%`."""
    month: date | None = None
    """The month the words name, as its first day."""
    comment: str = ""
    """Why the figure is not available, or what follows a dash after the figure, as written."""
    ambiguous: tuple[str, ...] = ()
    """The keys of the indicators the words could name when they name more than one (then `indicator` is None)."""


def read_figure(text: str, *, indicators: Sequence[Indicator], today: date) -> FigureReading | None:
    """The figure some words give as of `today` (the giver's local date), or None when they are not a figure.
    `indicators` are those the words may name; with only one, a `155 of 224` is read on its unit."""
    if not text or not text.strip():
        return None
    for found in FIGURE.finditer(text):
        head = _head(text[:found.start()], found, indicators, today)
        if head is REFUSED:
            return None
        if head is None:
            continue
        reading = _reading(found, text[found.end():], head, indicators, today)
        if reading is not None:
            return reading
    return None


def indicator_named(words: str, indicators: Sequence[Indicator]) -> Indicator | None:
    """The one indicator whose key the words are, or whose name (or key) they name; None for none or several."""
    keys = _named(words, indicators)
    return next(i for i in indicators if i.key == keys[0]) if len(keys) == 1 else None


def value_for(reading: FigureReading, indicator: Indicator) -> float | None:
    """The value to store for `indicator`: a part of a whole is a percentage on a `%` indicator, else its part.
    None for a figure not available or a whole of nought."""
    if reading.kind is not FigureKind.VALUE:
        return None
    if reading.numerator is None or reading.denominator is None:
        return reading.value
    return _share(reading.numerator, reading.denominator) if _is_percent(indicator) else reading.numerator


def doubts(reading: FigureReading, indicator: Indicator, last: float | None) -> list[str]:
    """What is odd about the figure for `indicator`, given the `last` one, each a short phrase that reads as a
    sentence of its own when capitalised ("Over 100%."); empty when nothing is. An odd figure is often a slip
    (a count in the percentage box, a misplaced point), and one stored with confidence misleads a board."""
    value = value_for(reading, indicator)
    if value is None:
        return []
    found = []
    if reading.percent and not _is_percent(indicator):
        found.append(f"given as a percentage, but the unit is {indicator.unit}")
    if reading.denominator is not None and not _is_percent(indicator):
        found.append(f"given as {_number(reading.numerator)} of {_number(reading.denominator)}, "
                     f"but the unit is {indicator.unit}")
    if _is_percent(indicator) and value > 100:
        found.append("over 100%")
    if value < 0:
        found.append("below zero")
    if last:
        shown = format_value(indicator, last)
        if abs(value) >= FIVE_TIMES * abs(last):
            found.append(f"five times the last figure ({shown}) or more")
        elif abs(value) <= abs(last) / FIVE_TIMES:
            found.append(f"a fifth of the last figure ({shown}) or less")
    return found


def impossible(reading: FigureReading) -> str | None:
    """Why the figure cannot be one, in a few words shown to its giver; None when it can."""
    numbers = (reading.value, reading.numerator, reading.denominator)
    if any(n is not None and not math.isfinite(n) for n in numbers):
        return "that number is too large to be a figure"
    if reading.numerator is None or reading.denominator is None:
        return None
    part = f"“{_number(reading.numerator)} of {_number(reading.denominator)}”"
    if reading.denominator == 0:
        return f"{part} is a part of nothing"
    if reading.numerator < 0:
        return f"{part} has a part below zero"
    if reading.numerator > reading.denominator:
        return f"{part} has a part larger than the whole"
    return None


# --- The figure --------------------------------------------------------------------------------------

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)"
FIGURE = re.compile(
    r"(?<![\w.,/£$€])(?<!\w[-/])(?:"
    r"(?P<sign>[-−])?(?P<number>" + NUMBER + r")"
    r"(?:\s*(?P<percent>%|per\s?cent(?!\w))"
    r"|(?:\s*/\s*|\s+(?:out\s+of|of)\s+)(?P<whole>" + NUMBER + r"))?"
    r"|(?P<missing>n\s*/\s*a(?!\w)|n\.a\.|not\s+(?:yet\s+)?available(?!\w))"
    r")",
    re.IGNORECASE,
)
"""A number, a percentage, a part of a whole, or a figure not available; never part of a word, a date or a
key (`12m`, `12/02/2018`, `s47`, `cp-visits-10d`)."""


def _parsed(number: str) -> float:
    return float(number.replace(",", ""))


def _share(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _is_percent(indicator: Indicator) -> bool:
    return indicator.unit.strip() == "%"


def _number(number: float | None) -> str:
    return f"{number:g}"


# --- The words before it: indicator and month --------------------------------------------------------

MONTH = (r"(?:(?P<name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
         r"|(?P<last>last\s+month))(?!\w)")
MONTH_AT_END = re.compile(r"(?:^|(?<=\s))(?:(?:for|in)\s+)?" + MONTH + r"$", re.IGNORECASE)
MONTH_AT_START = re.compile(r"^(?:(?:for|in)\s+)?" + MONTH + r"(?=[\s:=,;\-–—]|$)", re.IGNORECASE)
MONTH_NEXT = re.compile(r"\s*(?:for|in)\s+" + MONTH, re.IGNORECASE)
"""After the figure a month is said with `for` or `in`: `12 Feb` is a date."""
DAY_OR_YEAR = re.compile(r"(?:19|20)\d{2}|0?[1-9]|[12]\d|3[01]")
EDGES = " \t\r\n:=,;-–—"

RATING_ALONE = re.compile(
    r"(?:blue|black|red|amber|green|[brag]|b?rag|completed?|done|on\s+track|off\s+track|at\s+risk|not\s+started)",
    re.IGNORECASE,
)
"""Words that are a BRAG rating on their own: before a figure they make it an update's progress."""
RATING_FIRST = re.compile(r"(?:blue|black|red|amber|green|(?-i:[BRAG]))(?!\w)", re.IGNORECASE)
"""A rating leading the words after a bare number, which then was an action's dotted ref (`5.2 - G done`)."""


@dataclass(frozen=True)
class Head:
    """What the words before the figure name."""

    indicators: tuple[str, ...]
    month: date | None


REFUSED = Head((), None)
"""The words before the figure are a BRAG rating: no later figure in the reply is one either."""


def _head(before: str, found: re.Match[str], indicators: Sequence[Indicator], today: date) -> Head | None:
    """The indicator and month named before the figure; None when other words are there too."""
    if _in_a_date(before, found):
        return None
    words = before.strip(EDGES)
    if RATING_ALONE.fullmatch(words):
        return REFUSED
    month = None
    written = MONTH_AT_END.search(words) or MONTH_AT_START.search(words)
    if written:
        month = _month(written, today)
        if month is None:
            return None
        words = (words[:written.start()] + words[written.end():]).strip(EDGES)
    named = _named(words, indicators) if words else ()
    if words and not named:
        return None
    return Head(named, month)


def _in_a_date(before: str, found: re.Match[str]) -> bool:
    """`December 2017` is a month and `Dec 12` a day, not figures of 2017 and 12 for December."""
    bare = not (found["sign"] or found["percent"] or found["whole"] or found["missing"])
    if not bare or not DAY_OR_YEAR.fullmatch(found["number"]):
        return False
    month = MONTH_AT_END.search(before.rstrip(" ,"))
    return month is not None and not month["last"]


def _month(written: re.Match[str], today: date) -> date | None:
    """The first day of the month written, never one after today's."""
    this_month = today.replace(day=1)
    if written["last"]:
        return date(today.year - 1, 12, 1) if today.month == 1 else this_month.replace(month=today.month - 1)
    number = MONTHS[written["name"][:3].lower()]
    if written["year"]:
        month = date(int(written["year"]), number, 1)
        return month if month <= this_month else None
    return date(today.year if number < today.month else today.year - 1, number, 1)


def _named(words: str, indicators: Sequence[Indicator]) -> tuple[str, ...]:
    """The keys of the indicators the words name: the one whose key or whole name they are, else every one whose
    name or key has words starting with them, in order."""
    typed = _words(words)
    if not typed:
        return ()
    exact = [i.key for i in indicators if words.strip().lower() == i.key.lower() or typed == _words(i.name)]
    if exact:
        return tuple(exact)
    return tuple(i.key for i in indicators
                 if _start_in_order(typed, _words(i.name)) or _start_in_order(typed, _words(i.key)))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))


def _start_in_order(typed: list[str], words: list[str]) -> bool:
    remaining = iter(words)
    return all(any(word.startswith(piece) for word in remaining) for piece in typed)


# --- The words after it: month and comment -----------------------------------------------------------

VALUE_REST = re.compile(r"(?:\s*(?:[-–—]|\n)\s*(?P<comment>.*?))?[\s.!]*", re.DOTALL)
MISSING_REST = re.compile(r"\s*[-–—:,;.]?\s*(?P<comment>.*?)\s*", re.DOTALL)


def _reading(found: re.Match[str], after: str, head: Head, indicators: Sequence[Indicator],
             today: date) -> FigureReading | None:
    """The reading, when the words after the figure are only a month and a comment."""
    month = head.month
    written = MONTH_NEXT.match(after)
    if written:
        if month is not None:
            return None
        month = _month(written, today)
        if month is None:
            return None
        after = after[written.end():]
    rest = (MISSING_REST if found["missing"] else VALUE_REST).fullmatch(after)
    if rest is None:
        return None
    comment = (rest["comment"] or "").strip()
    indicator = head.indicators[0] if len(head.indicators) == 1 else None
    ambiguous = head.indicators if len(head.indicators) > 1 else ()
    if found["missing"]:
        return FigureReading(FigureKind.NOT_AVAILABLE, indicator, month=month, comment=comment, ambiguous=ambiguous)
    if _ref_and_rating(found, head, comment):
        return None
    sign = -1 if found["sign"] else 1
    number = sign * _parsed(found["number"])
    if not found["whole"]:
        return FigureReading(FigureKind.VALUE, indicator, number, percent=bool(found["percent"]), month=month,
                             comment=comment, ambiguous=ambiguous)
    whole = _parsed(found["whole"])
    on = [i for i in indicators if i.key == indicator] if indicator else list(indicators)
    value = _share(number, whole) if len(on) == 1 and _is_percent(on[0]) else number
    return FigureReading(FigureKind.VALUE, indicator, value, number, whole, month=month, comment=comment,
                         ambiguous=ambiguous)


def _ref_and_rating(found: re.Match[str], head: Head, comment: str) -> bool:
    """A bare number alone before a rating is an action's ref with its BRAG update (`5.2 - G training done`)."""
    bare = not (found["percent"] or found["whole"] or head.indicators or head.month)
    return bare and bool(RATING_FIRST.match(comment))

"""Reading a free-text BRAG reply: rating, commentary, forecast date and action ref.

Action owners answer a reminder in a few seconds, in their own words, from a DM: "amber -
recruitment delayed, forecast 12 Feb", "5b(ii) G training done", "on track". Asking them to
learn a syntax would cost answers, so this module reads what people actually type.

It reads as a PMO officer would, and where one would check with the owner it says why in
`Reading.unsure` (short words shown to them); the caller stores nothing until they confirm,
because a wrong rating stored with confidence is worse than a question back. The choices:

- Ratings, surest first: the key's own words, a lone first letter, "RAG - G" / "BRAG: A" forms and
  the colour words; a colour with one slip (a letter missing or wrong, or two adjacent letters
  swapped, never the first letter, never where the slip is an English word such as "greet", and
  never for "red", nearly every slip of which is a word: bed, rod, ref), confirmed ("read “ambr”
  as Amber"); a coloured-circle emoji (yellow and orange are Amber; white is no rating); then plain
  phrases ("going well", "slipping", "signed off") mapped onto the key by meaning.
- A change told as a story is read confidently as its later state: "was X, now Y", "previously X,
  Y now", "X last month, Y this month", "X → Y" (letters too: "G → A"), "from X to Y", "moved X to
  Y". The rating then stays in the commentary, which tells the change as written. A reply that
  tells only what the rating was ("Red last month") has no rating: today's is asked for, not
  guessed. "Was" before a participle tells what happened to the work ("training was delivered").
- Two different ratings with no such marker are read as before (the surest, then the first) and
  confirmed ("two ratings named"); an emoji that disagrees with the word is one of them. Once a
  rating is given in words or heads the reply ("On track - testing complete"), a plain phrase
  further on describes part of the work ("Green - audit done"), unless it leads the reply itself
  or is said to be now; "audit done, recruitment delayed" names two.
- A negated phrase is read and confirmed ("read from a negative"): "not on track" is at risk, "no
  longer at risk" on track. "Not done", "not started", "not off track" and a negated colour say
  what is not so, not what is: no rating. Neither is a future one ("will be complete").
- A forecast is a date today or later offered as when the action will be done: after a trigger
  ("forecast", "by", "new date", "due", "expected to complete", "slipping to") or straight after
  the rating ("Amber 12/02"). A change word ("new date", "slipping to", "now expect", "forecast",
  "moved to") replaces what was due and a bare date, the last such one winning; two dates offered
  without one are confirmed ("two forecast dates named"). A date told as an event or checkpoint
  ("held", "launched", "since", "review at", "board on 6/2", "6/2 board meeting", "panel moved to
  6/2") or as what the forecast was ("was due", "originally") is commentary; so is a date in the
  past (confirmed when it was offered as the forecast) and any date on a complete rating, which is
  when it was completed. Any other date could be context: it is taken as the forecast and
  confirmed ("the date may not be a forecast"), since a click costs the owner less than a lost
  forecast costs the board.
- "next Friday" said Monday to Thursday is the Friday of the following week, as British speakers
  often mean it, confirmed with the date it was read as; said on the Friday or at the weekend it
  is simply the coming one. A day and month without a year is next year's only when this year's
  is long gone: one that has just passed ("forecast 5 Jan" on 20 Jan) is a date in the past.

A date is taken only in forms a UK reader would agree on (day first), resolved against `today`;
a date that does not exist ("31/02") is refused with a message naming what was written. A reply
with no rating is not an error here: the caller decides what to ask.

Everything the reader did not take stays in the commentary exactly as written (case,
punctuation, emoji, `<!channel>`); escaping for Slack happens where the text is shown.
"""
from __future__ import annotations

import calendar
import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache
from itertools import chain
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from governance.brag import BragKey
from governance.errors import ReadinessError

T = TypeVar("T")
Span = tuple[int, int]


@dataclass(frozen=True)
class Reading:
    """What a reply says, in the plan's terms; any part may be missing."""

    rating: str | None
    commentary: str
    forecast: date | None
    ref: str | None
    unsure: tuple[str, ...] = ()
    """Why a person should check the reading before it is stored, in words shown to them ("two ratings named")."""

    @property
    def confirm(self) -> bool:
        """A reading with a rating that the owner confirms before anything is recorded."""
        return bool(self.unsure) and self.rating is not None


class UnreadableDate(ReadinessError):
    """The reply clearly gives a date that does not exist; we ask again rather than guess."""

    def __init__(self, written: str, why: str = "") -> None:
        self.written = written
        super().__init__(f"{written} is not a date{why}")


def read_reply(text: str, *, key: BragKey, today: date, refs: Iterable[str] = ()) -> Reading:
    """Read one reply as of `today` (the owner's local date); raises UnreadableDate only. `refs` are the plan's
    own: a ref such as `1.1` or `a3` is read only when the plan has it, since in other words it is a number or a
    paper size."""
    if not text or not text.strip():
        return Reading(None, "", None, None)
    hidden = _hidden_spans(text)
    ref = _find_ref(text, avoid=hidden, plan_refs=refs)
    ref_spans = [ref.span] if ref else []
    dates = list(_dates_in(text, today, hidden + ref_spans))
    date_spans = [(found.start, found.end) for found in dates]
    rating = _find_rating(text, key, lead=_lead(text, ref), avoid=hidden + ref_spans + date_spans)
    forecast, date_doubts = _find_forecast(text, dates, rating, key, today)
    removed = ref_spans + ([forecast.span] if forecast else []) + ([rating.span] if rating and rating.span else [])
    return Reading(
        rating=rating.code if rating else None,
        commentary=_commentary(text, removed),
        forecast=forecast.value if forecast else None,
        ref=ref.value if ref else None,
        unsure=(rating.doubts if rating else ()) + date_doubts,
    )


def read_day(text: str, *, today: date) -> tuple[date | None, str]:
    """The first day some words name ("5 Feb", "Monday", "05/01/2018") and the words left around it, for an
    instruction such as `snooze until …`. Unlike a forecast, a day gone by is returned as it was written, so the
    caller can say it has passed rather than that it could not be read."""
    found = next((f for f in _dates_in(text, today, _hidden_spans(text)) if f.value is not None), None)
    if found is None:
        return None, text.strip()
    return found.value, _commentary(text, [(found.start, found.end)])


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from the reply and where it was written."""

    value: T
    start: int
    end: int

    @property
    def span(self) -> Span:
        return self.start, self.end


# --- Text the reader must not look into --------------------------------------------------------

HIDDEN = re.compile(
    r"<[^<>\n]*>"              # Slack markup: <!channel>, <@U123>, <https://...|label>
    r"|https?://\S+"           # bare links (evidence) may contain dates and colour words
    r"|:[a-z0-9_+\-]+:",       # emoji shortcodes such as :large_green_circle:
    re.IGNORECASE,
)
EMOJI_AT_START = re.compile(r"^:[a-z0-9_+\-]+:", re.IGNORECASE)
EMOJI_AT_END = re.compile(r":[a-z0-9_+\-]+:$", re.IGNORECASE)


def _hidden_spans(text: str) -> list[Span]:
    """Links, mentions and emoji: a date in a SharePoint URL is not a forecast."""
    return [m.span() for m in HIDDEN.finditer(text)]


def _clashes(start: int, end: int, avoid: Iterable[Span]) -> bool:
    return any(start < a_end and a_start < end for a_start, a_end in avoid)


# --- Ref -----------------------------------------------------------------------------------------

REF = re.compile(
    r"(?<![\w£$€.(/-])"
    r"(?P<ref>[1-9][0-9]?(?P<letter>[a-z]{1,2})(?:\([ivxlc]+\))?)"
    r"(?![\w%])",
    re.IGNORECASE,
)
NOT_REF_SUFFIXES = frozenset({"st", "nd", "rd", "th", "am", "pm"})  # 12th, 2nd, 10am


def _find_ref(text: str, *, avoid: list[Span], plan_refs: Iterable[str] = ()) -> Found[str] | None:
    """The first action ref: a theme number with at least one letter, so `45` or `17` never count, and
    `10am` or `2nd` only with a sub-item, as in `3am(x)` of a theme with many actions; or one of the plan's
    refs of another form (`1.1`, `a3`) written as a word of its own."""
    found = [Found(m["ref"].lower(), *m.span()) for m in REF.finditer(text)
             if not (m["letter"].lower() in NOT_REF_SUFFIXES and not m["ref"].endswith(")"))]
    found += [Found(m.group().lower(), *m.span()) for m in _other_refs(tuple(sorted(plan_refs))).finditer(text)]
    unclashed = [f for f in found if not _clashes(f.start, f.end, avoid)]
    return min(unclashed, key=lambda f: f.start) if unclashed else None


@lru_cache(maxsize=8)
def _other_refs(plan_refs: tuple[str, ...]) -> re.Pattern[str]:
    """The plan's refs that REF does not find, longest first so `1.1.2` is not read as `1.1`."""
    others = sorted((ref for ref in plan_refs if not REF.fullmatch(ref)), key=len, reverse=True)
    if not others:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, others)) + r")(?![\w%]|\.\d)", re.IGNORECASE)


# --- Forecast date -------------------------------------------------------------------------------

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
          "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

# "may" is a month only when written May: "2 may withdraw" is not the 2nd of May.
MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?"
         r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
NAMED_DAY = r"(?:(?:this\s+|next\s+)?(?P<named_weekday>" + "|".join(WEEKDAYS) + r")\s*,?\s+)?"
ORDINAL = r"(?:st|nd|rd|th)?"

TRIGGER = re.compile(
    r"(?<!\w)(?:"
    r"(?:new|revised|updated)\s+(?:forecast\s+)?(?:completion\s+)?date"
    r"|(?:new|revised|updated)\s+forecast"
    r"|forecast(?:\s+(?:completion\s+)?date)?"
    r"|(?:target|completion)\s+date"
    r"|(?:now\s+)?due"
    r"|(?:now\s+)?expect(?:s|ed|ing)?(?:\s+to\s+(?:complete|finish|be\s+(?:complete|completed|done|finished)))?"
    r"|(?:slipp(?:ing|ed)|pushed\s+back|put\s+back|deferred|delayed)\s+(?:to|until|till)"
    r"|(?P<moved>moved\s+(?:to|until|till)|now)"
    r"|by"
    r")(?:\s*(?:[:=\-–—]|is\b|of\b|now\b|on\b|by\b))*\s*$",
    re.IGNORECASE,
)
DEADLINE = re.compile(r"(?:due|by|(?:target|completion)\s+date)(?!\w)", re.IGNORECASE)
"""Triggers that name the date the action was due by, which a change word later in the reply replaces."""

def _numeric(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w/.])" + body + r"(?![\w/'’]|[.\-]\d)", re.IGNORECASE)


def _worded(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + body + r"(?![\w'’])", re.IGNORECASE)


DateReader = Callable[[re.Match[str], date], "date | None"]


def _iso(match: re.Match[str], today: date) -> date:
    return _exact(match[0], int(match["year"]), int(match["mon"]), int(match["day"]))


def _numeric_with_year(match: re.Match[str], today: date) -> date:
    return _exact(match[0], _full_year(match["year"]), int(match["mon"]), int(match["day"]))


def _numeric_without_year(match: re.Match[str], today: date) -> date | None:
    """`12/02` is a date; `12/15` or `40/60` are scores or fractions, not a try at a date."""
    day, month = int(match["day"]), int(match["mon"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return _next_occurrence(match[0], month, day, today)


def _day_month(match: re.Match[str], today: date) -> date:
    month = _month_number(match["month"])
    year = match["year"] or match["year2"]
    found = (_exact(match[0], _full_year(year), month, int(match["day"])) if year
             else _next_occurrence(match[0], month, int(match["day"]), today))
    return _on_named_weekday(match, found)


def _month_day(match: re.Match[str], today: date) -> date:
    month = _month_number(match["month"])
    found = (_exact(match[0], int(match["year"]), month, int(match["day"])) if match["year"]
             else _next_occurrence(match[0], month, int(match["day"]), today))
    return _on_named_weekday(match, found)


def _today_or_tomorrow(match: re.Match[str], today: date) -> date:
    return today if match["word"].lower() == "today" else today + timedelta(days=1)


def _weekday(match: re.Match[str], today: date) -> date | None:
    """`Friday`: the next Friday after today; `this Friday` may be today; `next Friday` said before
    Friday in the week is the one after the coming one, as British speakers often mean it."""
    which = " ".join((match["which"] or "").lower().split())
    if which == "last":
        return None  # "panel met last Friday" is news, not a forecast
    weekday = WEEKDAYS.index(match["weekday"].lower())
    ahead = (weekday - today.weekday()) % 7
    if which == "next" and today.weekday() < weekday:
        ahead += 7
    elif ahead == 0 and not which.startswith("this"):
        ahead = 7
    return today + timedelta(days=ahead)


def _next_week(match: re.Match[str], today: date) -> date:
    """Monday of next week: the first day it could honestly be said to have started."""
    return today + timedelta(days=7 - today.weekday())


def _end_of_relative_month(match: re.Match[str], today: date) -> date:
    if (match["rel"] or "").lower() == "next":
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    else:
        year, month = today.year, today.month
    return date(year, month, calendar.monthrange(year, month)[1])


def _end_of_named_month(match: re.Match[str], today: date) -> date:
    month = _month_number(match["month"])
    year = int(match["year"]) if match["year"] else today.year
    if not match["year"] and month < today.month:
        year += 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _in_count(match: re.Match[str], today: date) -> date:
    count = match["count"].lower()
    number = int(count) if count.isdigit() else COUNTS[count]
    unit = match["unit"].lower()
    days_per = 14 if unit.startswith("fortnight") else 7 if unit.startswith("week") else 1
    return today + timedelta(days=number * days_per)


DATE_FORMS: tuple[tuple[re.Pattern[str], DateReader], ...] = (
    (_numeric(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})"), _iso),
    (_numeric(r"(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<mon>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"), _numeric_with_year),
    (_numeric(r"(?P<day>\d{1,2})/(?P<mon>\d{1,2})(?!\s+of\b)"), _numeric_without_year),
    (_worded(NAMED_DAY + r"(?P<day>\d{1,2})" + ORDINAL + r"(?:\s*|-)(?:of\s+)?" + MONTH
             + r"(?:,?\s+(?P<year>\d{4})|-(?P<year2>\d{4}|\d{2}))?"), _day_month),
    (_worded(NAMED_DAY + MONTH + r"\s+(?P<day>\d{1,2})" + ORDINAL + r"(?:,?\s+(?P<year>\d{4}))?"), _month_day),
    (_worded(r"(?P<word>today|tomorrow)"), _today_or_tomorrow),
    (_worded(r"(?:(?P<which>this\s+coming|this|next|coming|last)\s+)?" + WEEKDAY), _weekday),
    (_worded(r"next\s+week"), _next_week),
    (_worded(r"(?:the\s+)?end\s+of\s+(?:(?P<rel>the|this|next)\s+)?month"), _end_of_relative_month),
    (_worded(r"(?:the\s+)?end\s+of\s+" + MONTH + r"(?:\s+(?P<year>\d{4}))?"), _end_of_named_month),
    (_worded(r"in\s+(?P<count>\d{1,3}|" + "|".join(COUNTS) + r")\s+(?P<unit>days?|weeks?|fortnights?)"), _in_count),
)

CONTEXT = re.compile(
    r"(?<!\w)(?:since|from|on|at|in|for|during|after|before|last|of"
    r"|held|starts|started|starting|begins|began|launched|met|meets|meeting|opened|closed|agreed|presented|completed"
    r"|signed\s+off|went\s+live|review(?:ed)?|checkpoint|board|panel|visit|session|workshop|conference)"
    r"\s*[:\-–—]?\s*$",
    re.IGNORECASE,
)
"""Words that make the date after them an event or checkpoint in the story, not a forecast."""
TOLD_AS_WAS = re.compile(
    r"(?<!\w)(?:was|were|previously|originally|formerly|had\s+been|used\s+to\s+be)"
    r"(?:\s+(?:due|forecast|expected|planned|scheduled|targeted|set|for|on|by"
    r"|to\s+(?:complete|finish|be\s+(?:complete|completed|done|finished))))*\s*[:\-–—]?\s*$",
    re.IGNORECASE,
)
"""Words that make the date after them what the forecast was ("was due 12 Jan"), which is never today's."""
EVENT = r"(?:meetings?|boards?|panels?|sessions?|visits?|reviews?|events?|workshops?|training|conferences?)"
EVENT_AFTER = re.compile(r"[ \t]+(?:(?-i:[A-Z][\w&]*)[ \t]+)?" + EVENT + r"(?!\w)", re.IGNORECASE)
"""An event named after a date ("6/2 board meeting", "26/1 CPOG panel"): the date is when it meets."""
EVENT_MOVED = re.compile(
    r"(?<!\w)" + EVENT + r"\s+(?:(?:has|have|had|was|were|been|is|are|being|now|since|then|just)\s+)*$",
    re.IGNORECASE,
)
"""An event moved to a date ("panel moved to next week", "board now 6 Feb"): its date, not the action's."""
STRAIGHT_AFTER = re.compile(r"[\s\-–—,.;:!(]*")
NEXT_WEEKDAY = re.compile(r"next\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")", re.IGNORECASE)
YEAR_WRITTEN = re.compile(r"\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}")
JUST_PASSED = timedelta(days=183)
"""A day and month without a year that fell this recently is a day gone by, not next year's."""


@dataclass(frozen=True)
class Offered:
    """A date offered as the forecast: after a trigger (`triggered`, and cut from `cut_from`) or straight
    after the rating; `replaces` when the words say it replaces any date offered before ("new date")."""

    found: Found[date]
    cut_from: int
    triggered: bool
    replaces: bool


def _find_forecast(text: str, dates: list[Found[date | None]], rating: Rated | None, key: BragKey,
                   today: date) -> tuple[Found[date] | None, tuple[str, ...]]:
    """The forecast and any doubt about it: the last date offered with a change word that is not past, else
    the first date offered, else the first that could be one (confirmed); none on a complete rating, whose
    dates are when it was done."""
    offered: list[Offered] = []
    possible: list[Found[date]] = []
    for found in (Found(f.value, f.start, f.end) for f in dates if f.value is not None):
        if TOLD_AS_WAS.search(text, 0, found.start):
            continue
        trigger = _trigger(text, found.start)
        if trigger:
            offered.append(Offered(found, trigger.start(), triggered=True, replaces=not DEADLINE.match(trigger[0])))
        elif EVENT_AFTER.match(text, found.end):
            continue
        elif rating and STRAIGHT_AFTER.match(text, rating.end).end() == found.start:
            offered.append(Offered(found, found.start, triggered=False, replaces=False))
        elif not CONTEXT.search(text, 0, found.start):
            possible.append(found)
    if rating and key.is_complete(rating.code):
        still_to_come = any(o.triggered and not _passed(text, o.found, today) for o in offered)
        return None, (f"{key.label(rating.code)} with a date still to come",) if still_to_come else ()
    ahead = [o for o in offered if not _passed(text, o.found, today)]
    if ahead:
        return _taken(text, ahead, today)
    if offered:
        return None, ("the forecast date has passed",)
    maybe = next((found for found in possible if not _passed(text, found, today)), None)
    if maybe is None:
        return None, ()
    return maybe, ("the date may not be a forecast",) + _date_doubts(text, maybe, today)


def _trigger(text: str, start: int) -> re.Match[str] | None:
    """The words offering the date at `start` as the forecast, unless it is an event that moved."""
    trigger = TRIGGER.search(text, 0, start)
    if trigger and trigger["moved"] and EVENT_MOVED.search(text, 0, trigger.start()):
        return None
    return trigger


def _taken(text: str, ahead: list[Offered], today: date) -> tuple[Found[date], tuple[str, ...]]:
    """A later change word replaces what was due ("due 31 Jan but slipping to 9 Feb"); two dates offered
    without one are both forecasts as far as the reader can tell, so the first is confirmed."""
    changes = [offered for offered in ahead if offered.replaces]
    chosen = changes[-1] if changes else ahead[0]
    doubts = _date_doubts(text, chosen.found, today)
    if not changes and len({offered.found.value for offered in ahead}) > 1:
        doubts = ("two forecast dates named",) + doubts
    return Found(chosen.found.value, chosen.cut_from, chosen.found.end), doubts


def _passed(text: str, found: Found[date], today: date) -> bool:
    """Before today, or a day and month without a year whose day this year has only just gone: "forecast
    5 Jan" said on 20 Jan is a forecast missed, not one for next January."""
    if found.value < today:
        return True
    if found.value.year == today.year or YEAR_WRITTEN.search(text[found.start:found.end]):
        return False
    try:
        this_year = found.value.replace(year=today.year)
    except ValueError:
        return False
    return this_year < today and today - this_year <= JUST_PASSED


def _date_doubts(text: str, found: Found[date], today: date) -> tuple[str, ...]:
    """How a forecast date was read, when the owner may have meant another day."""
    written = " ".join(text[found.start:found.end].split())
    said_next = NEXT_WEEKDAY.fullmatch(written)
    if said_next and today.weekday() < WEEKDAYS.index(said_next["weekday"].lower()):
        return (f"“{written}” read as {_day(found.value)}",)
    return ()


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _dates_in(text: str, today: date, avoid: list[Span]) -> Iterator[Found[date | None]]:
    """Date phrases in reading order; where two forms overlap, the one starting first (then longer) wins.

    Every date-like phrase is read, so an impossible one anywhere is refused, not skipped.
    """
    matches = sorted(
        ((match, reader) for pattern, reader in DATE_FORMS for match in pattern.finditer(text)
         if not _clashes(*match.span(), avoid)),
        key=lambda pair: (pair[0].start(), -pair[0].end()),
    )
    taken_until = 0
    for match, reader in matches:
        if match.start() < taken_until:
            continue
        taken_until = match.end()
        yield Found(reader(match, today), *match.span())


def _exact(written: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UnreadableDate(written.strip()) from None


def _next_occurrence(written: str, month: int, day: int, today: date) -> date:
    """A day and month without a year: this year if not yet past, else next year; never shifted."""
    if not _exists_in_some_year(month, day):
        raise UnreadableDate(written.strip())
    year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    if not _exists_in_some_year(month, day, year):
        raise UnreadableDate(written.strip(), f" in {year}")
    return date(year, month, day)


def _exists_in_some_year(month: int, day: int, year: int = 2000) -> bool:
    """2000 is a leap year, so the default asks whether the day exists at all."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _on_named_weekday(match: re.Match[str], found: date) -> date:
    """`Friday 27 Jan` when 27 Jan is a Saturday: one of them is wrong, and we cannot tell which."""
    named = match["named_weekday"]
    if named and WEEKDAYS.index(named.lower()) != found.weekday():
        raise UnreadableDate(match[0].strip(), f": {found.day} {found:%b %Y} is a {WEEKDAYS[found.weekday()].title()}")
    return found


def _month_number(name: str) -> int:
    return MONTHS[name.lower()[:3]]


def _full_year(year: str) -> int:
    return 2000 + int(year) if len(year) == 2 else int(year)


# --- Rating --------------------------------------------------------------------------------------

COLOURS = {"blue": "complete", "green": "on_track", "amber": "at_risk", "red": "off_track"}
"""Each colour's meaning ("complete", "on_track", "at_risk", "off_track"), mapped onto the key's codes."""
PLAIN_PHRASES: dict[str, str] = {
    "done": "complete", "complete": "complete", "completed": "complete", "finished": "complete",
    "achieved": "complete", "closed": "complete", "signed off": "complete", "delivered": "complete",
    "on track": "on_track", "on target": "on_track", "going well": "on_track", "progressing": "on_track",
    "at risk": "at_risk", "behind": "at_risk", "slipping": "at_risk", "slipped": "at_risk",
    "some slippage": "at_risk", "delayed": "at_risk",
    "off track": "off_track", "off target": "off_track", "stalled": "off_track", "blocked": "off_track",
    "missed": "off_track", "will miss": "off_track", "will not meet": "off_track", "won't meet": "off_track",
    "overdue": "off_track",
}
NEGATED_MEANING = {"on_track": "at_risk", "at_risk": "on_track"}
"""What a negated phrase says is so; "not done" or "not off track" say only what is not."""
CIRCLES = {
    "🔵": "blue", "🟢": "green", "🟡": "amber", "🟠": "amber", "🔴": "red",
    ":large_blue_circle:": "blue", ":blue_circle:": "blue", ":large_green_circle:": "green",
    ":green_circle:": "green", ":large_yellow_circle:": "amber", ":yellow_circle:": "amber",
    ":large_orange_circle:": "amber", ":orange_circle:": "amber", ":red_circle:": "red", ":large_red_circle:": "red",
}
CIRCLE = re.compile("|".join(re.escape(circle) for circle in sorted(CIRCLES, key=len, reverse=True)), re.IGNORECASE)
RAG_FORM = re.compile(
    r"(?<!\w)B?RAG(?:\s+(?:status|rating))?(?:\s*[:=\-–—]\s*|\s+is\s+)(?P<value>[brag]|blue|green|amber|red)(?!\w)",
    re.IGNORECASE,
)
RAG_LETTERS = {"b": "blue", "r": "red", "a": "amber", "g": "green"}
ENGLISH_SLIPS = frozenset({"blub", "blur", "greed", "greek", "greet"})


def _slips(word: str) -> Iterator[str]:
    """One letter missing or wrong, or two adjacent letters swapped; never the first letter, which people
    rarely get wrong and which turns "amber" into "ember" and "umber"."""
    for i in range(1, len(word)):
        yield word[:i] + word[i + 1:]
        yield from (word[:i] + letter + word[i + 1:] for letter in string.ascii_lowercase)
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]


SLIPS = {slip: colour for colour in ("blue", "green", "amber") for slip in _slips(colour)
         if slip not in COLOURS and slip not in ENGLISH_SLIPS}
"""Slips of the colours read as them (confirmed); none of "red", nearly every slip of which is a word."""

SEPARATOR = re.compile(r"[ \t]*(?:[-–—,.;!]|:(?![\w+\-]+:))+")
# Words just before a rating that say it is not (yet) so: "not done yet", "will be complete by".
HEDGED = re.compile(
    r"(?<!\w)(?:not|never|no\s+longer|\w+n['’]t|will|shall|should|would|could|must|might|may|"
    r"yet\s+to|nearly|almost|once|when|until|if|to\s+be)\s+(?:(?:be|been|yet|quite|fully|now|all)\s+)*$",
    re.IGNORECASE,
)
NEGATED = re.compile(
    r"(?<!\w)(?:not|never|no\s+longer|\w+n['’]t)\s+(?:(?:be|been|yet|quite|fully|now|all|really|currently)\s+)*$",
    re.IGNORECASE,
)
INTENDED = re.compile(r"(?<!\w)to\s+$", re.IGNORECASE)  # "plan to complete the audit"
ARTICLE_FOLLOWS = re.compile(r"[ \t]+[^\s\-–—:,.;!]")
LONE_LETTER = re.compile(r"([a-z])(?=$|[\s\-–—:,.;!])", re.IGNORECASE)

# A change told as a story: what the rating was, and what it is now.
LAST_TIME = r"last\s+(?:week|month|time|update|report|quarter)"
THIS_TIME = r"this\s+(?:week|month|time|update|report|quarter)"
WAS = re.compile(
    r"(?<!\w)(?:(?P<was>was|were)|previously|formerly|had\s+been|used\s+to\s+be|from|(?P<last>" + LAST_TIME + r"))"
    r"\s*[:,\-–—]?\s*(?:(?:at|rated|as)\s+)?$",
    re.IGNORECASE,
)
WAS_AFTER = re.compile(r"\s*[(,;]?\s*(?:" + LAST_TIME + r"|previously|before|earlier)(?!\w)", re.IGNORECASE)
PASSIVE = re.compile(r"\w+ed|done|signed[\s_\-]+off", re.IGNORECASE)
"""Phrases that after "was" tell what happened to the work, not what its rating was: "training was delivered"."""
NOW = re.compile(
    r"(?<!\w)(?:(?:now|currently)\s+(?:(?:back|up|down|moved|gone|rated|at|to|is)\s+)*"
    r"|" + THIS_TIME + r"\s*[:,\-–—]?\s*)$",
    re.IGNORECASE,
)
NOW_AFTER = re.compile(r"\s*,?\s*(?:now|currently|at\s+present|" + THIS_TIME + r")(?!\w)", re.IGNORECASE)
ARROW = re.compile(r"\s*(?:→|->|-->|=>|⇒|➡️?|⟶)\s*")
TO = re.compile(r"\s+to\s+", re.IGNORECASE)
MOVED = re.compile(r"(?<!\w)(?:moved|moving|changed|changing|gone|went|going|improved|dropped|slipped|re-?rated)\s+$",
                   re.IGNORECASE)


class Written(IntEnum):
    """How a rating was written, surest first."""

    WORD = 0     # the key's word, a colour, a lone first letter, "RAG: A"
    SLIP = 1     # "ambr"
    EMOJI = 2    # 🟢, :large_green_circle:
    PHRASE = 3   # "on track", "not on track"


@dataclass(frozen=True)
class Mention:
    """A rating written in the reply; `cut_to` is where the commentary resumes when it is the one read
    (None: its words stay in the commentary)."""

    code: str
    start: int
    end: int
    written: Written
    cut_to: int | None
    doubt: str = ""


@dataclass(frozen=True)
class Rated:
    """The rating read, where its words end, what leaves the commentary, and any doubt about it."""

    code: str
    end: int
    span: Span | None
    doubts: tuple[str, ...]


def _find_rating(text: str, key: BragKey, *, lead: int, avoid: list[Span]) -> Rated | None:
    """Today's rating: the later state of a change told as a story, else the surest written, then the first.
    A different rating left standing beside it is a doubt."""
    mentions = _mentions(text, key, lead, avoid)
    earlier, said_now = _in_time(text, mentions)
    current = [mention for mention in mentions if mention not in earlier]
    if not current:
        return None  # "Red last month" says what it was, not what it is
    chosen = min(current, key=lambda mention: (mention.written, mention.start))
    rivals = any(mention.code != chosen.code and (mention in said_now or _states_a_rating(mention, chosen, lead))
                 for mention in current)
    told_as_change = any(mention.code != chosen.code for mention in earlier)
    doubts = (("two ratings named",) if rivals else ()) + ((chosen.doubt,) if chosen.doubt else ())
    cut = None if chosen.cut_to is None or told_as_change else (chosen.start, chosen.cut_to)
    return Rated(chosen.code, chosen.end, cut, doubts)


def _states_a_rating(mention: Mention, chosen: Mention, lead: int) -> bool:
    """Beside a rating given in words or heading the reply ("On track - testing complete"), a plain phrase
    further on describes part of the work; without one, every phrase is a rating."""
    heads_the_reply = chosen.cut_to is not None
    return mention.written < Written.PHRASE or mention.start == lead or not heads_the_reply


def _mentions(text: str, key: BragKey, lead: int, avoid: list[Span]) -> list[Mention]:
    """Every rating written, in reading order; where two readings overlap ("RAG: Amber"), the surer one."""
    found: list[Mention] = []
    for mention in chain(_leading_letter(text, key, lead), _rag_forms(text, key, avoid), _words(text, key, avoid),
                         _slipped_colours(text, key, avoid), _circles(text, key, avoid),
                         _plain_phrases(text, key, lead, avoid)):
        if not _clashes(mention.start, mention.end, [(taken.start, taken.end) for taken in found]):
            found.append(mention)
    return _with_letters_after_arrows(text, key, sorted(found, key=lambda mention: mention.start), avoid)


def _with_letters_after_arrows(text: str, key: BragKey, mentions: list[Mention], avoid: list[Span]) -> list[Mention]:
    """A lone letter is otherwise read only as the reply's first word; after an arrow from a rating it is the
    state the rating moved to ("G → A", "Amber -> G", "R → A → G")."""
    letters = _letters(key)
    found = list(mentions)
    for mention in found:  # grows as it goes, so a chain of arrows is followed to its end
        arrow = ARROW.match(text, mention.end)
        letter = LONE_LETTER.match(text, arrow.end()) if arrow else None
        code = letters.get(letter[1].lower()) if letter else None
        taken = avoid + [(other.start, other.end) for other in found]
        if letter and code is not None and not _clashes(*letter.span(), taken):
            found.append(Mention(code, *letter.span(), Written.WORD, _after_separator(text, letter.end())))
    return sorted(found, key=lambda mention: mention.start)


def _in_time(text: str, mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The ratings told as what was, and those said to be now.

    What was: "was Amber", "Red last month", the first of "Red → Amber", "from Red to Amber" and "moved Red to
    Amber", and a rating named before another written alike and said to be now ("Amber, now Green"). A phrase
    said to be now does not overrule a rating given in words ("Amber - recruitment now on track"): both stand.
    A rating said to be now ("Amber now", "amber this month") is never one that was.
    """
    earlier: set[int] = set()
    now: set[int] = set()
    for i, mention in enumerate(mentions):
        previous = mentions[i - 1] if i else None
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (_told_as_was(text, mention, previous) or WAS_AFTER.match(text, mention.end)
                or (following and _moves_on(text, mention, following))):
            earlier.add(i)
        if _said_now(text, mention, following):
            now.add(i)
            earlier.update(j for j, before in enumerate(mentions[:i])
                           if before.code != mention.code and _alike(before, mention))
    return ([mention for i, mention in enumerate(mentions) if i in earlier - now],
            [mention for i, mention in enumerate(mentions) if i in now])


def _told_as_was(text: str, mention: Mention, previous: Mention | None) -> bool:
    """"was Amber", "last month: Red"; not "training was delivered", which is done still, nor the rating after
    "Red last month, ", whose "last month" is the earlier rating's."""
    was = WAS.search(text, 0, mention.start)
    if was is None:
        return False
    if was["was"] and mention.written == Written.PHRASE and PASSIVE.fullmatch(text[mention.start:mention.end]):
        return False
    return not (was["last"] and previous and not text[previous.end:was.start()].strip(" \t,;:(-–—"))


def _said_now(text: str, mention: Mention, following: Mention | None) -> bool:
    """"now Green", or "Green now" where that "now" is not the next rating's ("Amber, now Green")."""
    if NOW.search(text, 0, mention.start):
        return True
    after = NOW_AFTER.match(text, mention.end)
    claimed = following and NOW.search(text, 0, following.start)
    return bool(after) and not (claimed and claimed.start() < after.end())


def _alike(one: Mention, other: Mention) -> bool:
    return (one.written == Written.PHRASE) == (other.written == Written.PHRASE)


def _moves_on(text: str, before: Mention, after: Mention) -> bool:
    between = text[before.end:after.start]
    return bool(ARROW.fullmatch(between) or (TO.fullmatch(between) and MOVED.search(text, 0, before.start)))


def _lead(text: str, ref: Found[str] | None) -> int:
    """Where the reply's first word starts, after a ref the owner may have typed first."""
    start = len(text) - len(text.lstrip())
    if ref and ref.start == start:
        start = ref.end
        start += len(text[start:]) - len(text[start:].lstrip(" \t\r\n-–—:,."))
    return start


def _leading_letter(text: str, key: BragKey, lead: int) -> Iterator[Mention]:
    """`A - recruitment delayed` is Amber; `A new panel was set up` starts with an article."""
    match = LONE_LETTER.match(text, lead)
    if not match:
        return
    letter = match[1].lower()
    code = _letters(key).get(letter)
    article = letter == "a" and ARTICLE_FOLLOWS.match(text, match.end()) and not ARROW.match(text, match.end())
    if code is not None and not article:
        yield Mention(code, lead, match.end(), Written.WORD, _after_separator(text, match.end()))


def _letters(key: BragKey) -> dict[str, str]:
    """First letters of codes and labels, kept only where they name exactly one rating."""
    owners: dict[str, set[str]] = {}
    for rating in key.ratings:
        for word in (rating.code, rating.label):
            if word:
                owners.setdefault(word[0].lower(), set()).add(rating.code)
    return {letter: codes.pop() for letter, codes in owners.items() if len(codes) == 1}


def _rag_forms(text: str, key: BragKey, avoid: list[Span]) -> Iterator[Mention]:
    """`RAG - G`, `BRAG: A`, `RAG status: Amber`: the letters are the colours' whatever the key calls them."""
    for match in RAG_FORM.finditer(text):
        value = match["value"].lower()
        code = _code_for(COLOURS[RAG_LETTERS.get(value, value)], key)
        if code is not None and not _clashes(*match.span(), avoid):
            yield Mention(code, *match.span(), Written.WORD, _after_separator(text, match.end()))


def _words(text: str, key: BragKey, avoid: list[Span]) -> Iterator[Mention]:
    words = _key_words(key)
    for match in _phrases(tuple(words)).finditer(text):
        if not (_clashes(*match.span(), avoid) or HEDGED.search(text, 0, match.start())):
            yield Mention(words[_normal(match[0])], *match.span(), Written.WORD, _after_separator(text, match.end()))


def _key_words(key: BragKey) -> dict[str, str]:
    """Every code and label of the key (`on_track` and `On track` alike), then the colours by meaning."""
    words: dict[str, str] = {}
    for rating in key.ratings:
        for word in (rating.code, rating.label):
            words.setdefault(_normal(word), rating.code)
    for colour, meaning in COLOURS.items():
        code = _code_for(meaning, key)
        if code is not None:
            words.setdefault(colour, code)
    return words


def _slipped_colours(text: str, key: BragKey, avoid: list[Span]) -> Iterator[Mention]:
    for match in _phrases(tuple(SLIPS)).finditer(text):
        code = _code_for(COLOURS[SLIPS[match[0].lower()]], key)
        if code is None or _clashes(*match.span(), avoid) or HEDGED.search(text, 0, match.start()):
            continue
        yield Mention(code, *match.span(), Written.SLIP, _after_separator(text, match.end()),
                      doubt=f"read “{match[0]}” as {key.label(code)}")


def _circles(text: str, key: BragKey, avoid: list[Span]) -> Iterator[Mention]:
    """Coloured circles, as Unicode or as Slack shortcodes (which are otherwise hidden from the reader)."""
    for match in CIRCLE.finditer(text):
        code = _code_for(COLOURS[CIRCLES[match[0].lower()]], key)
        if code is not None and not _clashes(*match.span(), [span for span in avoid if span != match.span()]):
            yield Mention(code, *match.span(), Written.EMOJI, _after_separator(text, match.end()))


def _plain_phrases(text: str, key: BragKey, lead: int, avoid: list[Span]) -> Iterator[Mention]:
    """Phrases such as "on track" read by meaning, negated ones ("not on track") turned round; a phrase stays
    in the commentary unless it leads the reply as a rating would."""
    for match in _phrases(tuple(PLAIN_PHRASES)).finditer(text):
        if _clashes(*match.span(), avoid):
            continue
        meaning = PLAIN_PHRASES[_normal(match[0])]
        negation = NEGATED.search(text, 0, match.start())
        if negation:
            code = _code_for(NEGATED_MEANING[meaning], key) if meaning in NEGATED_MEANING else None
            if code is not None:
                yield Mention(code, negation.start(), match.end(), Written.PHRASE, None, "read from a negative")
        elif not _hedged(text, match.start(), meaning) and (code := _code_for(meaning, key)) is not None:
            yield Mention(code, *match.span(), Written.PHRASE, _standing_alone(text, match, lead))


def _standing_alone(text: str, match: re.Match[str], lead: int) -> int | None:
    """Where the commentary resumes after a phrase that leads the reply as its rating ("On track - ...")."""
    end = _after_separator(text, match.end())
    rest = text[end:].lstrip(" \t")
    alone = match.start() == lead and (end > match.end() or not rest or rest[:1] in "\r\n")
    return end if alone else None


def _hedged(text: str, start: int, meaning: str) -> bool:
    return bool(HEDGED.search(text, 0, start) or (meaning == "complete" and INTENDED.search(text, 0, start)))


def _code_for(meaning: str, key: BragKey) -> str | None:
    """The key's code for a meaning: flags for complete and off track, else Green/Amber by name or order."""
    if meaning == "complete":
        return next((r.code for r in key.ratings if r.complete), None)
    if meaning == "off_track":
        return next((r.code for r in key.ratings if r.off_track), None)
    colour = "green" if meaning == "on_track" else "amber"
    named = next((r.code for r in key.ratings if colour in (r.code.lower(), r.label.lower())), None)
    if named:
        return named
    between = [r.code for r in key.ratings if not r.complete and not r.off_track]
    if meaning == "on_track":
        return between[0] if between else None
    return between[-1] if len(between) >= 2 else None


@lru_cache(maxsize=32)
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word alternatives, longest first, so "greenhouse" and "Redbridge" never match."""
    ordered = sorted({_normal(w) for w in words}, key=len, reverse=True)
    parts = [r"[\s_\-]+".join(re.escape(piece).replace("'", "['’]") for piece in word.split()) for word in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _normal(word: str) -> str:
    return " ".join(re.split(r"[\s_\-]+", word.lower().replace("’", "'"))).strip()


def _after_separator(text: str, end: int) -> int:
    """A rating word takes the dash, colon or comma after it with it: "Amber - delayed" → "delayed"."""
    match = SEPARATOR.match(text, end)
    return match.end() if match else end


# --- Commentary ----------------------------------------------------------------------------------

SEPARATORS = ",;:-–—."
LEADING_JUNK = SEPARATORS + "!"
TRAILING_JUNK = ",;:-–—"


def _commentary(text: str, removed: list[Span]) -> str:
    """The owner's words minus what was read, tidied only where something was taken out."""
    pieces, cursor = [], 0
    for start, end in sorted(removed):
        pieces.append(text[cursor:max(start, cursor)])
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = _join(joined, piece)
    lines = (" ".join(line.split()) for line in joined.splitlines())
    return _trim_edges("\n".join(line for line in lines if line))


def _join(left: str, right: str) -> str:
    """Close the gap a removal left: no doubled commas, no empty brackets, one space."""
    left, right = left.rstrip(" \t"), right.lstrip(" \t")
    if not left or not right:
        return left + right
    if left.endswith("(") and right.startswith(")"):
        return _join(left[:-1], right[1:])
    if left[-1] in SEPARATORS and right[0] in SEPARATORS and not EMOJI_AT_END.search(left):
        right = right[1:].lstrip(" \t")
    if not right or left.endswith(("\n", "\r")) or right[0] in "\r\n,.;:!?)":
        return left + right
    return left + " " + right


def _trim_edges(text: str) -> str:
    """Drop separators left dangling at either end, but never the colons of an emoji."""
    while text and text[0] in LEADING_JUNK and not EMOJI_AT_START.match(text):
        text = text[1:].lstrip()
    while text and text[-1] in TRAILING_JUNK and not EMOJI_AT_END.search(text):
        text = text[:-1].rstrip()
    return text

"""Reading a free-text BRAG reply: rating, commentary, forecast date and action ref.

Action owners answer a reminder in a few seconds, in their own words, from a DM: "amber -
recruitment delayed, forecast 12 Feb", "5b(ii) G training done", "on track". Asking them to
learn a syntax would cost answers, so this module reads what people actually type.

It reads generously but never guesses. A rating comes from the key's own words first, then
from plain phrases ("on track", "at risk", "done") mapped to the key by meaning. A date is
taken only in forms a UK reader would agree on (day first), resolved against `today`; a date
that does not exist ("31/02") is refused with a message naming what was written, because a
silently wrong forecast is worse than a question back. A reply with no rating is not an error
here: the caller decides what to ask.

Everything the reader did not take stays in the commentary exactly as written (case,
punctuation, emoji, `<!channel>`); escaping for Slack happens where the text is shown.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
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


class UnreadableDate(ReadinessError):
    """The reply clearly gives a date that does not exist; we ask again rather than guess."""

    def __init__(self, written: str, why: str = "") -> None:
        self.written = written
        super().__init__(f"{written} is not a date{why}")


def read_reply(text: str, *, key: BragKey, today: date) -> Reading:
    """Read one reply as of `today` (the owner's local date); raises UnreadableDate only."""
    if not text or not text.strip():
        return Reading(None, "", None, None)
    hidden = _hidden_spans(text)
    ref = _find_ref(text, avoid=hidden)
    ref_spans = [ref.span] if ref else []
    forecast = _find_forecast(text, today, avoid=hidden + ref_spans)
    forecast_spans = [forecast.span] if forecast else []
    rating = _find_rating(text, key, lead=_lead(text, ref), avoid=hidden + ref_spans + forecast_spans)
    removed = ref_spans + forecast_spans + ([rating.span] if rating and rating.span else [])
    return Reading(
        rating=rating.value if rating else None,
        commentary=_commentary(text, removed),
        forecast=forecast.value if forecast else None,
        ref=ref.value if ref else None,
    )


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value read from the reply and where it was written (`span` is None when kept in the text)."""

    value: T
    start: int
    end: int
    removable: bool = True

    @property
    def span(self) -> Span | None:
        return (self.start, self.end) if self.removable else None


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


def _find_ref(text: str, *, avoid: list[Span]) -> Found[str] | None:
    """The first action ref: a theme number with at least one letter, so `45` or `17` never count, and
    `10am` or `2nd` only with a sub-item, as in `3am(x)` of a theme with many actions."""
    for match in REF.finditer(text):
        looks_like_a_time = match["letter"].lower() in NOT_REF_SUFFIXES and not match["ref"].endswith(")")
        if looks_like_a_time or _clashes(*match.span(), avoid):
            continue
        return Found(match["ref"].lower(), *match.span())
    return None


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
    r"|(?:now\s+)?(?:due|expected)(?:\s+(?:by|on))?"
    r"|by"
    r")(?:\s*(?:[:=\-–—]|is\b|of\b|now\b|on\b|by\b))*\s*$",
    re.IGNORECASE,
)


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
    """`Friday` and `next Friday`: the next Friday after today; `this Friday` may be today."""
    which = " ".join((match["which"] or "").lower().split())
    if which == "last":
        return None  # "panel met last Friday" is news, not a forecast
    ahead = (WEEKDAYS.index(match["weekday"].lower()) - today.weekday()) % 7
    if ahead == 0 and not which.startswith("this"):
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
    r"(?<!\w)(?:since|from|on|at|in|for|during|after|before|held|started|starting|last|of)\s*$",
    re.IGNORECASE,
)
"""Words that make the date after them part of the story, not a forecast."""


def _find_forecast(text: str, today: date, *, avoid: list[Span]) -> Found[date] | None:
    """The date after a trigger word ("forecast", "new date", "by"...), else the first date written
    that is not told as context ("since 8 Jan", "booked for Friday", "held on 23 Jan").

    Every date-like phrase is checked, so an impossible one anywhere is refused, not skipped.
    """
    dates = [found for found in _dates_in(text, today, avoid) if found.value is not None]
    for found in dates:
        trigger = TRIGGER.search(text, 0, found.start)
        if trigger:
            return Found(found.value, trigger.start(), found.end)
    return next((found for found in dates if not CONTEXT.search(text, 0, found.start)), None)


def _dates_in(text: str, today: date, avoid: list[Span]) -> Iterator[Found[date | None]]:
    """Date phrases in reading order; where two forms overlap, the one starting first (then longer) wins."""
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

SEPARATOR = re.compile(r"[ \t]*(?:[-–—,.;!]|:(?![\w+\-]+:))+")
SYNONYMS: dict[str, str] = {
    # phrase: meaning ("complete", "on_track", "at_risk", "off_track"), mapped onto the key's codes
    "done": "complete", "complete": "complete", "completed": "complete", "finished": "complete",
    "delivered and evidenced": "complete", "signed off": "complete", "blue": "complete",
    "on track": "on_track", "on target": "on_track", "green": "on_track",
    "at risk": "at_risk", "slipping": "at_risk", "slipped": "at_risk", "behind": "at_risk",
    "delayed": "at_risk", "amber": "at_risk",
    "off track": "off_track", "off target": "off_track", "missed": "off_track", "will miss": "off_track",
    "will not meet": "off_track", "won't meet": "off_track", "overdue": "off_track", "red": "off_track",
}
# Words just before a rating that say it is not (yet) so: "not done yet", "will be complete by".
HEDGED = re.compile(
    r"(?<!\w)(?:not|never|no\s+longer|\w+n['’]t|will|shall|should|would|could|must|might|may|"
    r"yet\s+to|nearly|almost|once|when|until|if|to\s+be)\s+(?:(?:be|been|yet|quite|fully|now|all)\s+)*$",
    re.IGNORECASE,
)
INTENDED = re.compile(r"(?<!\w)to\s+$", re.IGNORECASE)  # "plan to complete the audit"
ARTICLE_FOLLOWS = re.compile(r"[ \t]+[^\s\-–—:,.;!]")
LONE_LETTER = re.compile(r"([a-z])(?=$|[\s\-–—:,.;!])", re.IGNORECASE)


def _find_rating(text: str, key: BragKey, *, lead: int, avoid: list[Span]) -> Found[str] | None:
    """The key's own words win (a lone letter only as the first word); plain phrases come second."""
    return (_leading_letter(text, key, lead)
            or _first_key_word(text, key, avoid)
            or _first_synonym(text, key, lead, avoid))


def _lead(text: str, ref: Found[str] | None) -> int:
    """Where the reply's first word starts, after a ref the owner may have typed first."""
    start = len(text) - len(text.lstrip())
    if ref and ref.start == start:
        start = ref.end
        start += len(text[start:]) - len(text[start:].lstrip(" \t\r\n-–—:,."))
    return start


def _leading_letter(text: str, key: BragKey, lead: int) -> Found[str] | None:
    """`A - recruitment delayed` is Amber; `A new panel was set up` starts with an article."""
    match = LONE_LETTER.match(text, lead)
    if not match:
        return None
    letter = match[1].lower()
    code = _letters(key).get(letter)
    if code is None or (letter == "a" and ARTICLE_FOLLOWS.match(text, match.end())):
        return None
    return Found(code, lead, _after_separator(text, match.end()))


def _letters(key: BragKey) -> dict[str, str]:
    """First letters of codes and labels, kept only where they name exactly one rating."""
    owners: dict[str, set[str]] = {}
    for rating in key.ratings:
        for word in (rating.code, rating.label):
            if word:
                owners.setdefault(word[0].lower(), set()).add(rating.code)
    return {letter: codes.pop() for letter, codes in owners.items() if len(codes) == 1}


def _first_key_word(text: str, key: BragKey, avoid: list[Span]) -> Found[str] | None:
    words = _key_words(key)
    for match in _phrases(tuple(words)).finditer(text):
        if _clashes(*match.span(), avoid) or HEDGED.search(text, 0, match.start()):
            continue
        return Found(words[_normal(match[0])], match.start(), _after_separator(text, match.end()))
    return None


def _key_words(key: BragKey) -> dict[str, str]:
    """Every code and label of the key (`on_track` and `On track` alike), to its code."""
    words: dict[str, str] = {}
    for rating in key.ratings:
        for word in (rating.code, rating.label):
            words.setdefault(_normal(word), rating.code)
    return words


def _first_synonym(text: str, key: BragKey, lead: int, avoid: list[Span]) -> Found[str] | None:
    """A phrase such as "on track" read by meaning; it stays in the commentary unless it leads the reply."""
    for match in _phrases(tuple(SYNONYMS)).finditer(text):
        meaning = SYNONYMS[_normal(match[0])]
        code = _code_for(meaning, key)
        if code is None or _clashes(*match.span(), avoid) or _hedged(text, match.start(), meaning):
            continue
        end = _after_separator(text, match.end())
        stands_alone = match.start() == lead and (end > match.end() or not text[end:].strip(" \t")
                                                  or text[end:].lstrip(" \t")[:1] in "\r\n")
        return Found(code, match.start(), end, removable=stands_alone)
    return None


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

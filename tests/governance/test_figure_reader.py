"""A data owner's figure in words, as typed in a DM: read only when every word has a place, so BRAG updates,
questions and instructions in the same DMs are never taken for figures.

Unless a row says otherwise, words are read on Monday 8 January 2018 (the demo's collection day) against the
indicators below. The doubts and refusals are shown to the data owner, so their wording is pinned here.
"""
from __future__ import annotations

import math
from datetime import date

import pytest

from governance.figure_reader import FigureReading, doubts, impossible, indicator_named, read_figure, value_for
from governance.model import FigureKind, Indicator

COLLECTION_DAY = date(2018, 1, 8)
DECEMBER, NOVEMBER = date(2017, 12, 1), date(2017, 11, 1)
JANUARY_2017, JANUARY_2018 = date(2017, 1, 1), date(2018, 1, 1)
VALUE, NOT_AVAILABLE = FigureKind.VALUE, FigureKind.NOT_AVAILABLE

REPEAT = Indicator("repeat-referrals-12m", "Repeat referrals within 12 months", themes=(4,))
IN_45 = Indicator("assessments-45wd", "Assessments completed within 45 working days", themes=(3,))
COMPLETED = Indicator("assessments-completed", "Assessments completed in the month", unit="count", themes=(3,))
CP_VISITS = Indicator("cp-visits-10d", "Child Protection visits within 10 days", themes=(5,))
CIN_VISITS = Indicator("cin-visits-6wk", "Child in Need visits completed within 6 weeks", themes=(5,))
S47 = Indicator("s47-to-icpc-15wd", "Section 47 enquiries leading to an ICPC within 15 working days", themes=(5,))
LAC = Indicator("lac-review-participation", "Participation in Looked After Child (LAC) reviews", themes=(7,))
ALL = (REPEAT, IN_45, COMPLETED, CP_VISITS, CIN_VISITS, S47, LAC)


def figure(text: str, expected: FigureReading, *, on: tuple[Indicator, ...] = ALL, today: date = COLLECTION_DAY,
           id: str) -> object:
    return pytest.param(text, on, today, expected, id=id)


FIGURES = [
    # --- the figure alone ----------------------------------------------------------------------------------
    figure("69%", FigureReading(VALUE, None, 69, percent=True), id="percentage"),
    figure("69 %", FigureReading(VALUE, None, 69, percent=True), id="percentage-spaced"),
    figure("69.25%", FigureReading(VALUE, None, 69.25, percent=True), id="percentage-with-decimals-kept"),
    figure("69 per cent", FigureReading(VALUE, None, 69, percent=True), id="per-cent-in-words"),
    figure("18.1", FigureReading(VALUE, None, 18.1), id="decimal"),
    figure("5.2", FigureReading(VALUE, None, 5.2), id="bare-dotted-number-is-a-figure"),
    figure("1,234", FigureReading(VALUE, None, 1234), id="thousands"),
    figure("  614.  ", FigureReading(VALUE, None, 614), id="full-stop-and-spaces"),
    figure("-3", FigureReading(VALUE, None, -3), id="negative"),
    figure("0", FigureReading(VALUE, None, 0), id="nought"),
    # --- part of a whole -----------------------------------------------------------------------------------
    figure("155 of 224", FigureReading(VALUE, None, 155, 155, 224), id="of-with-several-indicators-keeps-x"),
    figure("155/224", FigureReading(VALUE, None, 155, 155, 224), id="slash-with-several-indicators"),
    figure("155 of 224", FigureReading(VALUE, None, 69.2, 155, 224), on=(REPEAT,), id="of-on-the-one-percentage"),
    figure("155 out of 224", FigureReading(VALUE, None, 69.2, 155, 224), on=(REPEAT,), id="out-of"),
    figure("155 / 224", FigureReading(VALUE, None, 69.2, 155, 224), on=(REPEAT,), id="slash-spaced"),
    figure("155 of 224", FigureReading(VALUE, None, 155, 155, 224), on=(COMPLETED,), id="of-on-the-one-count"),
    figure("repeat referrals 155 of 224", FigureReading(VALUE, REPEAT.key, 69.2, 155, 224),
           id="of-on-a-named-percentage"),
    figure("assessments completed in the month 155 of 224", FigureReading(VALUE, COMPLETED.key, 155, 155, 224),
           id="of-on-a-named-count"),
    figure("1,155 of 2,224", FigureReading(VALUE, None, 51.9, 1155, 2224), on=(IN_45,), id="of-with-thousands"),
    figure("155 of 0", FigureReading(VALUE, None, None, 155, 0), on=(REPEAT,), id="of-nought-has-no-share"),
    # --- the indicator named -------------------------------------------------------------------------------
    figure("repeat referrals 18.1%", FigureReading(VALUE, REPEAT.key, 18.1, percent=True), id="name-words"),
    figure("Repeat Referrals: 18.1%", FigureReading(VALUE, REPEAT.key, 18.1, percent=True), id="name-words-colon"),
    figure("rep ref 18.1", FigureReading(VALUE, REPEAT.key, 18.1), id="word-starts"),
    figure("repeat-referrals-12m 18.1", FigureReading(VALUE, REPEAT.key, 18.1), id="key"),
    figure("REPEAT-REFERRALS-12M = 18.1", FigureReading(VALUE, REPEAT.key, 18.1), id="key-upper-case-equals"),
    figure("Repeat referrals within 12 months 17.5", FigureReading(VALUE, REPEAT.key, 17.5),
           id="whole-name-with-a-number-in-it"),
    figure("cp visits - 80%", FigureReading(VALUE, CP_VISITS.key, 80, percent=True), id="key-words"),
    figure("s47 40%", FigureReading(VALUE, S47.key, 40, percent=True), id="key-word-with-digits"),
    figure("LAC reviews 92%", FigureReading(VALUE, LAC.key, 92, percent=True), id="word-in-brackets"),
    figure("child protection visits 80%", FigureReading(VALUE, CP_VISITS.key, 80, percent=True),
           id="name-words-not-key-words"),
    figure("visits 80%", FigureReading(VALUE, None, 80, percent=True, ambiguous=(CP_VISITS.key, CIN_VISITS.key)),
           id="two-indicators-named"),
    figure("assessments completed 12",
           FigureReading(VALUE, None, 12, ambiguous=(IN_45.key, COMPLETED.key)), id="two-named-by-the-same-words"),
    figure("visits 155 of 224",
           FigureReading(VALUE, None, 155, 155, 224, ambiguous=(CP_VISITS.key, CIN_VISITS.key)),
           id="two-named-keeps-x"),
    # --- the month named -----------------------------------------------------------------------------------
    figure("Dec 69%", FigureReading(VALUE, None, 69, percent=True, month=DECEMBER), id="month-abbreviated"),
    figure("December 2017: 69%", FigureReading(VALUE, None, 69, percent=True, month=DECEMBER), id="month-and-year"),
    figure("69% for December", FigureReading(VALUE, None, 69, percent=True, month=DECEMBER), id="month-after"),
    figure("18.1 in Nov", FigureReading(VALUE, None, 18.1, month=NOVEMBER), id="month-after-with-in"),
    figure("last month 18.1", FigureReading(VALUE, None, 18.1, month=DECEMBER), id="last-month"),
    figure("January 69%", FigureReading(VALUE, None, 69, percent=True, month=JANUARY_2017),
           id="month-without-year-is-before-this-one"),
    figure("January 2018 69%", FigureReading(VALUE, None, 69, percent=True, month=JANUARY_2018),
           id="this-month-with-its-year-is-not-future"),
    figure("November 69%", FigureReading(VALUE, None, 69, percent=True, month=date(2018, 11, 1)),
           today=date(2018, 12, 3), id="month-earlier-this-year"),
    figure("repeat referrals December 18.1%",
           FigureReading(VALUE, REPEAT.key, 18.1, percent=True, month=DECEMBER), id="indicator-then-month"),
    figure("Dec: repeat referrals - 18.1%",
           FigureReading(VALUE, REPEAT.key, 18.1, percent=True, month=DECEMBER), id="month-then-indicator"),
    figure("repeat referrals 18.1% for December - up after the MASH change",
           FigureReading(VALUE, REPEAT.key, 18.1, percent=True, month=DECEMBER, comment="up after the MASH change"),
           id="everything"),
    # --- a comment after a dash ----------------------------------------------------------------------------
    figure("69% - two teams late", FigureReading(VALUE, None, 69, percent=True, comment="two teams late"),
           id="comment-after-dash"),
    figure("69% – two teams late.", FigureReading(VALUE, None, 69, percent=True, comment="two teams late"),
           id="comment-after-en-dash"),
    figure("69%\nTwo teams late", FigureReading(VALUE, None, 69, percent=True, comment="Two teams late"),
           id="comment-on-a-new-line"),
    figure("18.1 - a fair month", FigureReading(VALUE, None, 18.1, comment="a fair month"),
           id="lower-case-a-is-no-rating"),
    # --- not available -------------------------------------------------------------------------------------
    figure("n/a - system outage, will send Tuesday",
           FigureReading(NOT_AVAILABLE, None, comment="system outage, will send Tuesday"), id="n/a-with-reason"),
    figure("N/A", FigureReading(NOT_AVAILABLE, None), id="n/a-alone"),
    figure("not available: system outage", FigureReading(NOT_AVAILABLE, None, comment="system outage"),
           id="not-available-in-words"),
    figure("n/a system outage", FigureReading(NOT_AVAILABLE, None, comment="system outage"), id="n/a-straight-on"),
    figure("repeat referrals n/a - LCS down",
           FigureReading(NOT_AVAILABLE, REPEAT.key, comment="LCS down"), id="n/a-for-a-named-indicator"),
    figure("Dec n/a", FigureReading(NOT_AVAILABLE, None, month=DECEMBER), id="n/a-for-a-month"),
    figure("not yet available for December - audit pending",
           FigureReading(NOT_AVAILABLE, None, month=DECEMBER, comment="audit pending"), id="not-yet-available"),
]


@pytest.mark.parametrize(("text", "indicators", "today", "expected"), FIGURES)
def test_reads_a_figure(text: str, indicators: tuple[Indicator, ...], today: date, expected: FigureReading) -> None:
    assert read_figure(text, indicators=indicators, today=today) == expected


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("green - 80% done", id="brag-with-progress"),
    pytest.param("Green: 80%", id="brag-then-percentage"),
    pytest.param("G 80%", id="brag-letter-then-percentage"),
    pytest.param("complete 100%", id="complete-then-percentage"),
    pytest.param("5b(ii) amber 60%", id="ref-rating-percentage"),
    pytest.param("amber", id="rating-alone"),
    pytest.param("80% done", id="progress-words-after"),
    pytest.param("5.2 green", id="dotted-ref-then-rating"),
    pytest.param("5.2 - G training done", id="dotted-ref-dash-rating"),
    pytest.param("1.1: Amber - delayed", id="dotted-ref-colon-rating"),
    pytest.param("status theme 5", id="question"),
    pytest.param("status indicator repeat-referrals-12m", id="question-naming-a-key"),
    pytest.param("snooze", id="instruction"),
    pytest.param("snooze until 12 Feb", id="instruction-with-a-date"),
    pytest.param("not mine 5b", id="not-mine"),
    pytest.param("12 Feb", id="day-and-month"),
    pytest.param("Dec 12", id="month-and-day"),
    pytest.param("12/02/2018", id="date"),
    pytest.param("December 2017", id="month-and-year-alone"),
    pytest.param("repeat referrals", id="indicator-without-figure"),
    pytest.param("waiting lists 40%", id="words-naming-no-indicator"),
    pytest.param("18.1% (was 17.5%)", id="other-words-after"),
    pytest.param("69% for March 2018", id="month-to-come"),
    pytest.param("March 2018: 69%", id="month-to-come-before"),
    pytest.param("Dec 69% for November", id="two-months"),
    pytest.param("£40", id="money"),
    pytest.param("12m", id="number-in-a-word"),
    pytest.param("1,5", id="decimal-comma"),
])
def test_reads_no_figure(text: str) -> None:
    assert read_figure(text, indicators=ALL, today=COLLECTION_DAY) is None


def test_words_naming_an_indicator_need_an_indicator_to_name() -> None:
    assert read_figure("repeat referrals 18.1%", indicators=(), today=COLLECTION_DAY) is None


def test_whole_name_wins_over_a_longer_name_that_starts_the_same() -> None:
    short = Indicator("referrals", "Referrals")
    reading = read_figure("referrals 412", indicators=(short, REPEAT), today=COLLECTION_DAY)
    assert reading is not None and reading.indicator == "referrals"


@pytest.mark.parametrize(("words", "expected"), [
    ("repeat referrals", REPEAT),
    ("repeat-referrals-12m", REPEAT),
    ("cp visits", CP_VISITS),
    ("visits", None),
    ("waiting lists", None),
    ("", None),
])
def test_indicator_named(words: str, expected: Indicator | None) -> None:
    assert indicator_named(words, ALL) == expected


@pytest.mark.parametrize(("reading", "indicator", "expected"), [
    (FigureReading(VALUE, None, 155, 155, 224), REPEAT, 69.2),
    (FigureReading(VALUE, None, 69.2, 155, 224), COMPLETED, 155),
    (FigureReading(VALUE, None, 155, 155, 0), REPEAT, None),
    (FigureReading(VALUE, None, 18.1), COMPLETED, 18.1),
    (FigureReading(NOT_AVAILABLE, None, comment="outage"), REPEAT, None),
])
def test_value_for_the_indicator_it_is_given_for(reading: FigureReading, indicator: Indicator,
                                                  expected: float | None) -> None:
    assert value_for(reading, indicator) == expected


def read(text: str, on: Indicator = REPEAT) -> FigureReading:
    reading = read_figure(text, indicators=(on,), today=COLLECTION_DAY)
    assert reading is not None
    return reading


@pytest.mark.parametrize(("text", "indicator", "last", "expected"), [
    ("18.1%", REPEAT, 17.5, []),
    ("18.1", REPEAT, None, []),
    ("155 of 224", REPEAT, 70, []),
    ("614", COMPLETED, 600, []),
    ("0", COMPLETED, 0, []),
    ("n/a - outage", REPEAT, 17.5, []),
    ("240%", REPEAT, None, ["over 100%"]),
    ("-3", COMPLETED, None, ["below zero"]),
    ("69%", COMPLETED, None, ["given as a percentage, but the unit is count"]),
    ("155 of 224", COMPLETED, None, ["given as 155 of 224, but the unit is count"]),
    ("87.5", REPEAT, 17.5, ["five times the last figure (17.5%) or more"]),
    ("87.4", REPEAT, 17.5, []),
    ("3.5", REPEAT, 17.5, ["a fifth of the last figure (17.5%) or less"]),
    ("3.6", REPEAT, 17.5, []),
    ("0", COMPLETED, 600, ["a fifth of the last figure (600) or less"]),
    ("3000", COMPLETED, 600, ["five times the last figure (600) or more"]),
    ("175%", REPEAT, 17.5, ["over 100%", "five times the last figure (17.5%) or more"]),
])
def test_doubts(text: str, indicator: Indicator, last: float | None, expected: list[str]) -> None:
    assert doubts(read(text, indicator), indicator, last) == expected


def test_no_doubt_about_a_share_of_nothing_which_is_impossible_instead() -> None:
    reading = read("155 of 0")
    assert doubts(reading, REPEAT, 17.5) == []
    assert impossible(reading) == "“155 of 0” is a part of nothing"


@pytest.mark.parametrize(("text", "expected"), [
    ("155 of 224", None),
    ("224 of 224", None),
    ("0 of 224", None),
    ("18.1%", None),
    ("-3", None),
    ("n/a", None),
    ("155 of 0", "“155 of 0” is a part of nothing"),
    ("225 of 224", "“225 of 224” has a part larger than the whole"),
    ("-5 of 224", "“-5 of 224” has a part below zero"),
    ("9" * 400, "that number is too large to be a figure"),
])
def test_impossible(text: str, expected: str | None) -> None:
    assert impossible(read(text)) == expected


def test_a_number_too_large_is_read_so_it_can_be_refused() -> None:
    assert math.isinf(read("9" * 400).value or 0)

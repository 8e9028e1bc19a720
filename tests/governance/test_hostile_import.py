"""Hostile plan files: every bad value is a problem naming its sheet, row and column, and no cadence can
make the bot spend more than the window asked about."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import dateutil.rrule
import pytest
from dateutil.rrule import rrulestr

from governance.brag import DEFAULT_KEY
from governance.cadence import last_meeting_before, meeting_days, next_meeting, parse_cadence, rule_days
from governance.model import Body, PlanDocument
from governance.template import Known, read_document
from scheduling.calendar import MEETING, calendar_entries

TZ = "Europe/London"
NOW = datetime(2018, 1, 8, 9, 0, tzinfo=ZoneInfo(TZ))
THEMES = [{"number": 1, "title": "Practice"}]
PEOPLE = [{"email": "jo.bloggs@example.org", "name": "Jo Bloggs"}]


def read(sheets: dict[str, Any], known: Known | None = None, **options: Any) -> tuple[PlanDocument, list[str]]:
    reading = read_document({"themes": THEMES, "people": PEOPLE, **sheets}, key=DEFAULT_KEY, known=known or Known(),
                            now=NOW, tz=TZ, **options)
    return reading.doc, reading.problems


def action(**overrides: Any) -> dict[str, Any]:
    return {"ref": "1a", "theme": 1, "title": "Do the thing", "owner": "jo.bloggs@example.org", "due": "2018-01-31",
            **overrides}


def body(**overrides: Any) -> dict[str, Any]:
    return {"key": "board", "name": "Improvement Board", "cadence": "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2",
            "starts": "2017-09-01", **overrides}


class RunawayExpansion(AssertionError):
    """The rule stepped through more periods than the test allows."""


class Steps:
    """Periods (days, weeks, months, years) dateutil steps through while expanding rules."""

    def __init__(self) -> None:
        self.count = 0
        self.budget = 10_000

    def allow(self, steps: int) -> None:
        self.budget = self.count + steps

    def take(self) -> None:
        self.count += 1
        if self.count > self.budget:
            raise RunawayExpansion(f"a rule stepped through more than {self.budget} periods")


@pytest.fixture
def rule_steps(monkeypatch: pytest.MonkeyPatch) -> Iterator[Steps]:
    """Counts every period any rule is stepped through, and stops a runaway one: a structural bound in
    place of a timing, and a fast failure where the old code spent minutes of CPU."""
    steps = Steps()
    info = dateutil.rrule._iterinfo  # the one place dateutil steps from period to period
    for name in ("ydayset", "mdayset", "wdayset", "ddayset"):
        original = getattr(info, name)

        def counted(self: Any, *args: Any, _original: Any = original) -> Any:
            steps.take()
            return _original(self, *args)

        monkeypatch.setattr(info, name, counted)
    yield steps


# --- numbers ---------------------------------------------------------------------------------------------------

NOT_FINITE = ["inf", "nan", "Infinity", "-inf", "1e999", float("inf"), float("-inf"), float("nan")]
"""`float("inf")` is what YAML's `.inf` and `.nan` become."""


@pytest.mark.parametrize("value", NOT_FINITE)
@pytest.mark.parametrize("column", ["target", "amber_within"])
def test_an_indicator_threshold_that_is_not_finite_is_a_problem(column: str, value: Any) -> None:
    indicator = {"key": "visits", "name": "Visits on time", "target": 90, "amber_within": 5, column: value}

    doc, problems = read({"indicators": [indicator]})

    assert problems == [f"indicators, row 2, column {column}: {value!r} is not a number"]
    assert doc.indicators == []


@pytest.mark.parametrize("value", NOT_FINITE)
def test_an_indicator_value_that_is_not_finite_is_a_problem(value: Any) -> None:
    doc, problems = read({"indicators": [{"key": "visits", "name": "Visits on time"}],
                          "indicator_values": [{"indicator": "visits", "month": "2017-11", "value": 80},
                                               {"indicator": "visits", "month": "2017-12", "value": value}]})

    assert problems == [f"indicator_values, row 3, column value: {value!r} is not a number"]
    assert [v.value for v in doc.indicators[0].values] == [80]


@pytest.mark.parametrize("value", ["inf", "nan", 1e300, float("inf"), "1; inf"])
def test_a_theme_list_with_a_number_too_big_or_not_finite_is_a_problem(value: Any) -> None:
    _, problems = read({"indicators": [{"key": "visits", "name": "Visits on time", "themes": value}]})

    assert len(problems) == 1
    assert problems[0].startswith("indicators, row 2, column themes:")


@pytest.mark.parametrize("value", ["1e400", float("inf"), float("nan"), True])
def test_a_whole_number_that_is_not_finite_is_a_problem(value: Any) -> None:
    _, problems = read({"themes": [{"number": value, "title": "Practice"}]})

    assert problems == [f"themes, row 2, column number: {value!r} is not a whole number"]


def test_a_whole_number_too_big_for_a_float_is_a_problem() -> None:
    """YAML reads a long run of digits as an int that `float()` cannot hold."""
    _, problems = read({"themes": [{"number": 10 ** 400, "title": "Practice"}]})

    assert len(problems) == 1
    assert problems[0].startswith("themes, row 2, column number: theme number 1000")


@pytest.mark.parametrize("value", [2, -1, 0.5, float("inf"), float("nan"), ["yes"], {"yes": True}])
def test_a_flag_that_is_not_yes_or_no_in_any_form_is_a_problem(value: Any) -> None:
    doc, problems = read({"actions": [action(illustrative=value)]})

    assert problems == [f"actions, row 2, column illustrative: {value!r} must be yes or no"]
    assert doc.actions == []


@pytest.mark.parametrize(("value", "problem"), [
    ({"1a": True}, "no action {'1a':true}"),
    ([["1a"]], "no action ['1a']"),
    (["1a", None, "", 7], "no action 7"),
    ("1a" + ";" * 5000, "is 5002 characters; at most 3000"),
])
def test_a_focus_area_s_actions_that_are_not_refs_are_one_problem(value: Any, problem: str) -> None:
    area = {"visit": "2018-01-30", "name": "Practice", "themes": "1", "actions": value}
    doc, problems = read({"actions": [action()], "focus_areas": [area],
                          "visits": [{"start": "2018-01-30", "end": "2018-01-31", "title": "Visit 2"}]})

    assert problems == [f"focus_areas, row 2, column actions: {problem}"]
    assert doc.visits[0].focus_areas == ()


@pytest.mark.parametrize("days", [-1, 61, 10 ** 9])
def test_a_paper_deadline_out_of_range_is_a_problem(days: int) -> None:
    """A billion working days before a meeting would hold every calendar view in a loop."""
    doc, problems = read({"bodies": [body(paper_deadline_days=days)]})

    assert problems == [f"bodies, row 2, column paper_deadline_days: {days} must be between 0 and 60 working days"]
    assert doc.bodies == []


# --- cadences --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_cadence_faster_than_daily_is_a_problem(frequency: str) -> None:
    doc, problems = read({"bodies": [body(cadence=f"FREQ={frequency}")]})

    assert problems == [f"bodies, row 2, column cadence: cadence 'FREQ={frequency}' repeats {frequency.lower()}: "
                        "a body meets at most daily (use DAILY, WEEKLY, MONTHLY or YEARLY)"]
    assert doc.bodies == []


@pytest.mark.parametrize(("cadence", "reason"), [
    ("FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))), "the meeting's time goes in the time column"),
    ("FREQ=DAILY;BYMINUTE=0,30", "the meeting's time goes in the time column"),
    ("FREQ=MONTHLY;COUNT=12", "COUNT counts meetings from the start"),
    ("FREQ=YEARLY;BYEASTER=0", "BYEASTER is not part of the iCalendar standard"),
    ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be 1 or more"),
    ("FREQ=WEEKLY;UNTIL=1", "UNTIL must be a date such as 20190131"),
    ("FREQ=WEEKLY;FREQ=SECONDLY", "gives FREQ twice"),
    ("DTSTART:19900101T100000\nRRULE:FREQ=DAILY", "must be one RRULE line"),
    ("RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", "must be one RRULE line"),
    ("DTSTART;TZID=Europe/London:20180101T100000\nRRULE:FREQ=WEEKLY", "must be one RRULE line"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "gives no meeting in the 5 years from 01 Sep 2017"),
    ("FREQ=YEARLY;BYWEEKNO=60", "gives no meeting in the 5 years from 01 Sep 2017"),
    ("DTSTART:53", "is not an rrule"),
])
def test_a_cadence_the_bot_would_not_expand_is_a_problem(cadence: str, reason: str) -> None:
    doc, problems = read({"bodies": [body(cadence=cadence)]})

    assert len(problems) == 1
    assert problems[0].startswith("bodies, row 2, column cadence: cadence ")
    assert reason in problems[0]
    assert doc.bodies == []


@pytest.mark.parametrize("cadence", ["FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=MONTHLY;BYMONTHDAY=-1",
                                     "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO", "RRULE:FREQ=WEEKLY;UNTIL=20190131"])
def test_a_daily_or_slower_cadence_is_accepted(cadence: str) -> None:
    doc, problems = read({"bodies": [body(cadence=cadence)]})

    assert problems == []
    assert doc.bodies[0].cadence == cadence


def test_a_rule_stored_before_fast_rules_were_refused_gives_no_meetings_and_says_why(
        rule_steps: Steps, caplog: pytest.LogCaptureFixture) -> None:
    stored = Body(key="stored-secondly", name="Board", cadence="FREQ=SECONDLY", starts=date(2017, 9, 1),
                  dates=(date(2018, 1, 17),))

    with caplog.at_level(logging.WARNING, logger="readiness.cadence"):
        days = meeting_days(stored, date(2018, 1, 1), date(2018, 12, 31))

    assert days == [date(2018, 1, 17)]
    assert rule_steps.count == 0
    assert [r.getMessage() for r in caplog.records] == [
        "body stored-secondly: cadence 'FREQ=SECONDLY' repeats secondly: a body meets at most daily "
        "(use DAILY, WEEKLY, MONTHLY or YEARLY); its cadence gives no meetings until the plan is imported again"]


def test_a_stored_rule_that_never_meets_costs_at_most_one_calendar_cycle(rule_steps: Steps) -> None:
    """30 February never comes: the old expansion stepped day by day to the year 9999 on every view."""
    rule_steps.allow(400 * 366)
    stored = Body(key="stored-never", name="Board", cadence="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
                  starts=date(2017, 9, 1))

    assert meeting_days(stored, date(2018, 1, 1), date(2018, 12, 31)) == []
    assert meeting_days(stored, date(2019, 1, 1), date(2019, 12, 31)) == []


def test_a_daily_rule_from_1990_costs_the_window_not_its_history(rule_steps: Steps) -> None:
    rule_steps.allow(400)
    daily = Body(key="daily-1990", name="Daily huddle", cadence="FREQ=DAILY", starts=date(1990, 1, 1))

    days = meeting_days(daily, date(2018, 1, 1), date(2018, 12, 31))

    assert len(days) == 365 and (days[0], days[-1]) == (date(2018, 1, 1), date(2018, 12, 31))


def test_a_rule_spanning_eight_thousand_years_costs_the_window(rule_steps: Steps) -> None:
    rule_steps.allow(20)
    ancient = Body(key="ancient", name="Standing group", cadence="FREQ=DAILY;INTERVAL=3", starts=date(1000, 1, 1))

    days = meeting_days(ancient, date(9000, 6, 1), date(9000, 6, 10))

    assert days == [d for d in (date(9000, 6, 1) + timedelta(n) for n in range(10))
                    if (d - date(1000, 1, 1)).days % 3 == 0]


def test_last_and_next_meeting_of_an_old_weekday_body_cost_two_years_of_weeks(rule_steps: Steps) -> None:
    rule_steps.allow(2 * 56)
    weekdays = Body(key="weekdays", name="Daily huddle", cadence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                 starts=date(1990, 1, 1))

    assert last_meeting_before(weekdays, date(2018, 1, 17)).day == date(2018, 1, 16)
    assert next_meeting(weekdays, date(2018, 1, 20)).day == date(2018, 1, 22)


def test_the_calendar_leaves_out_a_stored_fast_rule_and_shows_the_rest(rule_steps: Steps) -> None:
    rule_steps.allow(100)
    bodies = [Body(key="calendar-secondly", name="Runaway", cadence="FREQ=SECONDLY", starts=date(2017, 9, 1)),
              Body(key="cpog", name="CPOG", cadence="FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3", starts=date(2017, 9, 1))]

    entries = calendar_entries(bodies, [], start=date(2018, 1, 1), end=date(2018, 2, 28), tz=TZ)

    assert [(e.body, e.day) for e in entries if e.kind == MEETING] == [("cpog", date(2018, 1, 17)),
                                                                       ("cpog", date(2018, 2, 21))]


RULES = [
    ("FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3", date(2017, 9, 1)),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", date(2017, 9, 12)),
    ("FREQ=WEEKLY;INTERVAL=3", date(2016, 2, 29)),
    ("FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO", date(1997, 8, 5)),
    ("FREQ=MONTHLY", date(2016, 1, 31)),
    ("FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1", date(2015, 3, 14)),
    ("FREQ=YEARLY", date(2016, 2, 29)),
    ("FREQ=YEARLY;INTERVAL=3;BYMONTH=6", date(2011, 6, 30)),
    ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", date(2010, 1, 1)),
    ("FREQ=YEARLY;BYYEARDAY=-1,100", date(2012, 4, 1)),
    ("FREQ=DAILY;INTERVAL=10;BYDAY=MO,FR", date(1990, 1, 2)),
    ("FREQ=WEEKLY;BYDAY=FR;UNTIL=20180301", date(2017, 1, 6)),
    ("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20180330T090000", date(2017, 1, 1)),
]
WINDOWS = [(date(2017, 12, 1), date(2018, 3, 31)), (date(2008, 1, 1), date(2011, 12, 31)),
           (date(2041, 2, 1), date(2041, 8, 31)), (date(2016, 12, 25), date(2017, 1, 8))]


@pytest.mark.parametrize("window", WINDOWS, ids=str)
@pytest.mark.parametrize(("cadence", "starts"), RULES, ids=[r for r, _ in RULES])
def test_a_bounded_expansion_gives_the_days_the_whole_rule_gives(cadence: str, starts: date,
                                                                 window: tuple[date, date]) -> None:
    """Restarting a rule near the window, 400-year cycles later, must not move a single meeting."""
    start, end = window
    whole = rrulestr(cadence, dtstart=datetime.combine(starts, time(10, 0)))
    expected = [o.date() for o in whole.between(datetime.combine(start, time.min), datetime.combine(end, time.max),
                                                inc=True)]

    assert rule_days(parse_cadence(cadence, starts), start, end) == expected


# --- Slack ids, new people, long values ----------------------------------------------------------------------

def test_two_people_with_one_slack_id_is_a_problem() -> None:
    people = PEOPLE + [{"email": "ann@example.org", "name": "Ann", "slack_user_id": "U1"},
                       {"email": "bob@example.org", "name": "Bob", "slack_user_id": "U1"}]

    doc, problems = read({"people": people})

    assert problems == ["people, row 4, column slack_user_id: Slack user U1 is already linked to ann@example.org"]
    assert [p.email for p in doc.people] == ["jo.bloggs@example.org", "ann@example.org"]


def test_a_slack_id_linked_to_someone_else_in_the_store_is_a_problem() -> None:
    people = PEOPLE + [{"email": "bob@example.org", "name": "Bob", "slack_user_id": "UANN"}]

    _, problems = read({"people": people}, Known(people={"ann@example.org": "Ann"},
                                                 slack_ids={"UANN": "ann@example.org"}))

    assert problems == ["people, row 3, column slack_user_id: Slack user UANN is already linked to ann@example.org"]


def test_a_person_keeps_their_own_slack_id() -> None:
    people = [{"email": "ann@example.org", "name": "Ann Smith", "slack_user_id": "UANN"}]

    doc, problems = read({"people": PEOPLE + people}, Known(people={"ann@example.org": "Ann"},
                                                            slack_ids={"UANN": "ann@example.org"}))

    assert problems == []
    assert doc.people[-1].slack_user_id == "UANN"


def test_an_import_never_moves_a_persons_slack_link() -> None:
    people = [{"email": "ann@example.org", "name": "Ann", "slack_user_id": "UOTHER"}]

    _, problems = read({"people": PEOPLE + people}, Known(people={"ann@example.org": "Ann"},
                                                          slack_ids={"UANN": "ann@example.org"}))

    assert problems == ["people, row 3, column slack_user_id: ann@example.org is linked to Slack user UANN; "
                        "re-link with `readiness people link ann@example.org UOTHER`"]


def test_a_ref_longer_than_the_store_holds_is_a_problem() -> None:
    ref = "5a(" + "i" * 40 + ")"

    doc, problems = read({"themes": [{"number": 5, "title": "Assessment"}], "actions": [action(ref=ref, theme=5)]})

    assert problems == ["actions, row 2, column ref: is 44 characters; at most 20"]
    assert doc.actions == []


def test_an_owner_unknown_to_file_and_store_is_a_problem_naming_the_closest() -> None:
    doc, problems = read({"actions": [action(), action(ref="1b", owner="jo.blogs@example.org")]})

    assert problems == ["actions, row 3, column owner: jo.blogs@example.org is not on the people sheet or in the plan "
                        "(closest: jo.bloggs@example.org); add them to the people sheet, or use --allow-new-people "
                        "to add them"]
    assert [a.ref for a in doc.actions] == ["1a"] and [p.email for p in doc.people] == ["jo.bloggs@example.org"]


@pytest.mark.parametrize(("sheet", "row", "column"), [
    ("themes", {"number": 1, "title": "Practice", "lead": "zed@elsewhere.net"}, "lead"),
    ("bodies", body(chair="zed@elsewhere.net"), "chair"),
    ("updates", {"action": "1a", "at": "2017-12-01T10:00", "rating": "green", "by": "zed@elsewhere.net"}, "by"),
])
def test_a_lead_chair_or_author_unknown_to_file_and_store_is_a_problem(sheet: str, row: dict[str, Any],
                                                                        column: str) -> None:
    _, problems = read({sheet: [row]}, Known(themes={1}, refs={"1a"}))

    assert problems == [f"{sheet}, row 2, column {column}: zed@elsewhere.net is not on the people sheet or in the "
                        "plan; add them to the people sheet, or use --allow-new-people to add them"]


def test_new_people_are_added_when_allowed() -> None:
    doc, problems = read({"actions": [action(owner="Jane.Smith@Example.org")]}, allow_new_people=True)

    assert problems == []
    assert doc.actions[0].owner == "jane.smith@example.org"
    assert [p.email for p in doc.people] == ["jo.bloggs@example.org", "jane.smith@example.org"]


def test_an_owner_the_store_knows_is_not_new() -> None:
    doc, problems = read({"actions": [action(owner="ann@example.org")]}, Known(people={"ann@example.org": "Ann"}))

    assert problems == []
    assert doc.actions[0].owner == "ann@example.org"

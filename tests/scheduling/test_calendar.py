"""The governance calendar from the Barnet example: meetings, paper deadlines, visits, and its ICS."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from rich.console import Console

from governance.brag import DEFAULT_KEY
from governance.model import Body, FocusArea, MeetingChange, MeetingChangeKind, PlanDocument, Provenance, Visit
from governance.template import Known, read_document
from governance.workdays import add_working_days, is_working_day
from scheduling.calendar import (
    MEETING, MEETING_LENGTH, PAPERS, VISIT, CalendarEntry, calendar_entries, to_ical,
)
from handlers.cli.views import calendar_view
from storage.plan_files import example_path, read_plan_file

TZ = "Europe/London"
LONDON = ZoneInfo(TZ)
UTC = ZoneInfo("UTC")
STAMP = datetime(2018, 1, 20, 12, 0, tzinfo=LONDON)
CPOG = "Corporate Parenting Officers Group"
CELS = "Children, Education, Libraries and Safeguarding (CELS) Committee"
VISIT_2 = "Ofsted monitoring visit 2: the front door and care planning"
CANCELLED = Visit(date(2018, 3, 6), date(2018, 3, 7), "Ofsted monitoring visit (stood down)",
                  (FocusArea("Care leavers", (6,)),), cancelled=True)


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    reading = read_document(read_plan_file(example_path("barnet-2018")), key=DEFAULT_KEY,
                            known=Known(), now=STAMP, tz=TZ)
    assert reading.problems == []
    return reading.doc


def entries(plan: PlanDocument, start: date, end: date, *, visits: list[Visit] | None = None,
            chairs: dict[str, str] | None = None) -> list[CalendarEntry]:
    return calendar_entries(plan.bodies, plan.visits + (visits or []), start=start, end=end, tz=TZ, chairs=chairs)


def find(found: list[CalendarEntry], kind: str, title: str) -> list[CalendarEntry]:
    return [e for e in found if e.kind == kind and e.title == title]


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def events(calendar: Calendar) -> dict[str, Event]:
    """Each event by its title, without the illustrative mark its summary may carry."""
    return {str(e["SUMMARY"]).removesuffix("†"): e for e in calendar.walk("VEVENT")}


# --- entries -----------------------------------------------------------------------------------

def test_cpog_meets_on_the_third_wednesday_at_two_with_papers_three_working_days_before(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 1), date(2018, 1, 31))

    [meeting] = find(found, MEETING, CPOG)
    [papers] = find(found, PAPERS, f"Papers due: {CPOG}")
    assert meeting.starts == datetime(2018, 1, 17, 14, 0, tzinfo=LONDON)
    assert (meeting.day, meeting.end_day, meeting.body) == (date(2018, 1, 17), date(2018, 1, 17), "cpog")
    assert (papers.day, papers.end_day, papers.starts) == (date(2018, 1, 12), date(2018, 1, 12), None)
    assert papers.detail == "for the meeting on Wed 17 Jan 2018"


def test_meeting_detail_names_the_chair_and_falls_back_to_the_address(plan: PlanDocument) -> None:
    window = (date(2018, 1, 17), date(2018, 1, 17))
    named = entries(plan, *window, chairs={"chair.cpog@example.org": "Cllr Chair"})
    unnamed = entries(plan, *window)

    assert find(named, MEETING, CPOG)[0].detail == "Chair: Cllr Chair"
    assert find(unnamed, MEETING, CPOG)[0].detail == "Chair: chair.cpog@example.org"


def test_cels_papers_are_due_ten_working_days_before_the_committee(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 1), date(2018, 1, 31))

    [meeting] = find(found, MEETING, CELS)
    [papers] = find(found, PAPERS, f"Papers due: {CELS}")
    assert meeting.starts == datetime(2018, 1, 16, 19, 0, tzinfo=LONDON)
    assert papers.day == add_working_days(date(2018, 1, 16), -10) == date(2018, 1, 2)
    assert not is_working_day(date(2018, 1, 1))  # the bank holiday before it is never a deadline
    assert papers.detail == "for the meeting on Tue 16 Jan 2018"


def test_a_deadline_in_the_window_is_listed_even_when_its_meeting_is_after_it(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 8), date(2018, 1, 12))

    assert find(found, MEETING, CPOG) == []
    [papers] = find(found, PAPERS, f"Papers due: {CPOG}")
    assert papers.day == date(2018, 1, 12)
    assert papers.detail == "for the meeting on Wed 17 Jan 2018"


def test_a_meeting_in_the_window_does_not_drag_in_its_earlier_deadline(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 15), date(2018, 1, 17))

    assert [e.day for e in find(found, MEETING, CPOG)] == [date(2018, 1, 17)]
    assert find(found, PAPERS, f"Papers due: {CPOG}") == []


def test_christmas_bank_holidays_push_deadlines_back_and_hold_no_entries(plan: PlanDocument) -> None:
    found = entries(plan, date(2017, 12, 21), date(2018, 1, 3))

    oig = find(found, PAPERS, "Papers due: Operational Improvement Group")
    # Wed 27 Dec less two working days: 26 and 25 Dec are skipped, so Thu 21 Dec.
    assert [(e.day, e.detail) for e in oig] == [(date(2017, 12, 21), "for the meeting on Wed 27 Dec 2017")]
    board = find(found, PAPERS, "Papers due: Barnet Safeguarding Children's Board (BSCB)")
    # Wed 3 Jan less five working days: 1 Jan, 26 and 25 Dec are skipped, so Fri 22 Dec.
    assert [(e.day, e.detail) for e in board] == [(date(2017, 12, 22), "for the meeting on Wed 03 Jan 2018")]
    assert all(is_working_day(e.day) for e in found if e.kind == PAPERS)
    assert not {e.day for e in found} & {date(2017, 12, 25), date(2017, 12, 26), date(2018, 1, 1)}


def test_a_ten_oclock_meeting_stays_at_ten_local_across_the_clocks_going_forward(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 3, 1), date(2018, 4, 30))

    board = find(found, MEETING, "Children's Services Improvement Board")
    assert [e.starts.time() for e in board] == [time(10, 0), time(10, 0)]
    assert [e.starts.astimezone(UTC).hour for e in board] == [10, 9]  # 8 Mar GMT, 12 Apr BST


def test_a_visit_lists_its_focus_areas_with_their_themes(plan: PlanDocument) -> None:
    [visit] = find(entries(plan, date(2018, 1, 29), date(2018, 2, 2)), VISIT, VISIT_2)

    assert (visit.day, visit.end_day, visit.starts, visit.body) == (date(2018, 1, 30), date(2018, 1, 31), None, None)
    assert visit.detail == ("MASH (theme 4); Duty and assessment (theme 5); "
                            "Care planning for children and young people (theme 6)")
    assert not visit.cancelled


def test_a_visit_overlapping_either_edge_of_the_window_is_listed(plan: PlanDocument) -> None:
    assert find(entries(plan, date(2018, 1, 31), date(2018, 2, 5)), VISIT, VISIT_2)
    assert find(entries(plan, date(2018, 1, 22), date(2018, 1, 30)), VISIT, VISIT_2)
    assert not find(entries(plan, date(2018, 2, 1), date(2018, 2, 5)), VISIT, VISIT_2)


def test_a_visit_area_with_several_themes_says_themes(plan: PlanDocument) -> None:
    [visit] = [e for e in entries(plan, date(2018, 4, 24), date(2018, 4, 24)) if e.kind == VISIT]

    assert "Care leavers (themes 6, 2)" in visit.detail


def test_a_cancelled_visit_is_still_listed_as_cancelled(plan: PlanDocument) -> None:
    [visit] = [e for e in entries(plan, date(2018, 3, 1), date(2018, 3, 31), visits=[CANCELLED]) if e.kind == VISIT]

    assert visit.title == CANCELLED.title
    assert visit.cancelled
    assert visit.detail == "Care leavers (theme 6)"


def test_entries_run_by_day_then_time_with_all_day_entries_first(plan: PlanDocument) -> None:
    found = entries(plan, date(2017, 11, 1), date(2018, 1, 31))

    assert [e.day for e in found] == sorted(e.day for e in found)
    on_15_nov = [(e.kind, e.title) for e in found if e.day == date(2017, 11, 15)]
    # 09:30, 14:00, 19:00
    assert on_15_nov == [(MEETING, "Operational Improvement Group"), (MEETING, CPOG), (MEETING, CELS)]
    on_1_nov = [e.kind for e in found if e.day == date(2017, 11, 1)]
    assert on_1_nov == [PAPERS, MEETING]
    on_30_jan = [e.kind for e in found if e.day == date(2018, 1, 30)]
    assert on_30_jan == [VISIT, MEETING]


def test_an_empty_window_of_a_weekend_without_meetings_is_empty(plan: PlanDocument) -> None:
    assert entries(plan, date(2018, 1, 20), date(2018, 1, 21)) == []


# --- iCalendar ---------------------------------------------------------------------------------

def test_ics_holds_one_event_per_entry_of_the_month(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 1), date(2018, 1, 31))

    calendar = parse(to_ical(found, calendar_name="Barnet governance", stamp=STAMP))

    assert [(e.day, e.kind, e.body) for e in found] == [
        (date(2018, 1, 2), PAPERS, "cels-committee"),
        (date(2018, 1, 3), MEETING, "safeguarding-board"),
        (date(2018, 1, 4), PAPERS, "improvement-board"),
        (date(2018, 1, 8), PAPERS, "operational-improvement-group"),
        (date(2018, 1, 10), MEETING, "operational-improvement-group"),
        (date(2018, 1, 11), MEETING, "improvement-board"),
        (date(2018, 1, 12), PAPERS, "cpog"),
        (date(2018, 1, 16), MEETING, "cels-committee"),
        (date(2018, 1, 17), MEETING, "cpog"),
        (date(2018, 1, 18), PAPERS, "health-wellbeing-board"),
        (date(2018, 1, 22), PAPERS, "operational-improvement-group"),
        (date(2018, 1, 23), PAPERS, "full-council"),
        (date(2018, 1, 24), MEETING, "operational-improvement-group"),
        (date(2018, 1, 25), MEETING, "health-wellbeing-board"),
        (date(2018, 1, 30), VISIT, None),
        (date(2018, 1, 30), MEETING, "full-council"),
    ]
    assert len(calendar.walk("VEVENT")) == len(found)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == sorted(
        e.title + e.provenance.mark for e in found)
    assert str(calendar["X-WR-CALNAME"]) == "Barnet governance"


def test_ics_meetings_are_timed_in_london_for_one_hour(plan: PlanDocument) -> None:
    calendar = parse(to_ical(entries(plan, date(2018, 1, 17), date(2018, 1, 17)), calendar_name="c", stamp=STAMP))

    meeting = events(calendar)[CPOG]
    assert meeting["DTSTART"].params["TZID"] == TZ
    assert meeting.start == datetime(2018, 1, 17, 14, 0, tzinfo=LONDON)
    assert meeting.end - meeting.start == MEETING_LENGTH == timedelta(hours=1)
    assert str(meeting["SUMMARY"]) == f"{CPOG}†", "its cadence is the example's own reading"
    assert str(meeting["DESCRIPTION"]) == "Chair: chair.cpog@example.org\n† illustrative: not taken from a council paper"
    assert str(meeting["UID"]) == "meeting-cpog-20180117@readiness"


def test_ics_carries_a_vtimezone_covering_the_dst_change(plan: PlanDocument) -> None:
    ics = to_ical(entries(plan, date(2018, 3, 1), date(2018, 4, 30)), calendar_name="c", stamp=STAMP)
    calendar = parse(ics)

    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == TZ
    assert zone.walk("DAYLIGHT"), "the clocks go forward on 25 Mar 2018"
    assert b"DTSTART;TZID=Europe/London:20180412T100000" in ics
    april = [e for e in calendar.walk("VEVENT") if e.start == datetime(2018, 4, 12, 10, tzinfo=LONDON)]
    assert april[0].start.astimezone(UTC).hour == 9


def test_ics_visit_is_all_day_with_an_exclusive_end(plan: PlanDocument) -> None:
    calendar = parse(to_ical(entries(plan, date(2018, 1, 30), date(2018, 1, 31)), calendar_name="c", stamp=STAMP))

    visit = events(calendar)[VISIT_2]
    assert visit["DTSTART"].params.get("VALUE") == "DATE"
    assert (visit.start, visit.end) == (date(2018, 1, 30), date(2018, 2, 1))
    assert "Care planning for children and young people (theme 6)" in str(visit["DESCRIPTION"])
    assert str(visit["UID"]) == "visit-20180130@readiness"
    assert "STATUS" not in visit


def test_ics_paper_deadline_is_a_free_all_day_event_named_after_its_meeting(plan: PlanDocument) -> None:
    calendar = parse(to_ical(entries(plan, date(2018, 1, 12), date(2018, 1, 12)), calendar_name="c", stamp=STAMP))

    papers = events(calendar)[f"Papers due: {CPOG}"]
    assert (papers.start, papers.end) == (date(2018, 1, 12), date(2018, 1, 13))
    assert str(papers["UID"]) == "papers-cpog-20180117@readiness"
    assert str(papers["TRANSP"]) == "TRANSPARENT"


def test_ics_marks_a_cancelled_visit_cancelled(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 3, 6), date(2018, 3, 7), visits=[CANCELLED])

    calendar = parse(to_ical(found, calendar_name="c", stamp=STAMP))

    visit = events(calendar)[CANCELLED.title]
    assert str(visit["STATUS"]) == "CANCELLED"
    assert (visit.start, visit.end) == (date(2018, 3, 6), date(2018, 3, 8))


def test_ics_uids_are_stable_across_runs_and_stamp_is_utc(plan: PlanDocument) -> None:
    first = entries(plan, date(2018, 1, 1), date(2018, 1, 31))
    later = entries(plan, date(2018, 1, 15), date(2018, 2, 28))
    a = parse(to_ical(first, calendar_name="c", stamp=STAMP))
    b = parse(to_ical(later, calendar_name="c", stamp=STAMP + timedelta(days=7)))

    uids_a = {str(e["UID"]) for e in a.walk("VEVENT")}
    uids_b = {str(e["UID"]) for e in b.walk("VEVENT")}
    assert len(uids_a) == len(first)
    assert {"meeting-cpog-20180117@readiness", "visit-20180130@readiness"} <= uids_a & uids_b
    assert events(a)[CPOG]["DTSTAMP"].dt == datetime(2018, 1, 20, 12, 0, tzinfo=UTC)
    assert events(b)[VISIT_2]["DTSTAMP"].dt == datetime(2018, 1, 27, 12, 0, tzinfo=UTC)


def test_ics_is_byte_identical_for_the_same_input(plan: PlanDocument) -> None:
    found = entries(plan, date(2018, 1, 1), date(2018, 1, 31))

    assert to_ical(found, calendar_name="c", stamp=STAMP) == to_ical(found, calendar_name="c", stamp=STAMP)


def test_ics_of_no_entries_is_still_a_calendar() -> None:
    calendar = parse(to_ical([], calendar_name="Quiet month", stamp=STAMP))

    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE") == []
    assert str(calendar["VERSION"]) == "2.0"


def test_an_illustrative_cadence_or_visit_is_marked_in_the_calendar() -> None:
    visit = Visit(date(2018, 4, 24), date(2018, 4, 25), "Monitoring visit 3", provenance=Provenance(illustrative=True))
    body = Body("oig", "Operational Improvement Group", cadence="FREQ=WEEKLY;BYDAY=WE", starts=date(2018, 1, 1),
                provenance=Provenance(illustrative=True))
    sourced = Body("council", "Full Council", dates=(date(2018, 1, 30),), provenance=Provenance("Full Council paper"))
    entries = calendar_entries([body, sourced], [visit], start=date(2018, 1, 22), end=date(2018, 4, 30), tz=TZ)
    marked = {e.title for e in entries if e.provenance.mark == "†"}
    assert {"Operational Improvement Group", "Papers due: Operational Improvement Group", "Monitoring visit 3"} <= marked
    assert "Full Council" not in marked
    console = Console(width=120, record=True)
    console.print(calendar_view(entries, "Coming"))
    assert "† illustrative: not taken from a council paper" in console.export_text()


# --- the meeting log ---------------------------------------------------------------------------

def with_log(plan: PlanDocument, *entries: tuple[MeetingChangeKind, date, date | None]) -> list[Body]:
    """The plan's bodies with CPOG's log holding (kind, meeting, to) entries, in that order."""
    changes = tuple(MeetingChange("cpog", kind, meeting, STAMP + timedelta(minutes=n), to=to)
                    for n, (kind, meeting, to) in enumerate(entries))
    return [replace(b, changes=changes) if b.key == "cpog" else b for b in plan.bodies]


def cpog_entries(bodies: list[Body], start: date, end: date) -> list[CalendarEntry]:
    chairs = {"chair.cpog@example.org": "Cllr Chair"}
    return [e for e in calendar_entries(bodies, [], start=start, end=end, tz=TZ, chairs=chairs) if e.body == "cpog"]


def test_a_moved_meeting_and_its_papers_keep_their_uids_and_say_where_they_moved_from(plan: PlanDocument) -> None:
    moved = with_log(plan, (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)))

    papers, meeting = cpog_entries(moved, date(2018, 1, 1), date(2018, 1, 31))
    assert (meeting.kind, meeting.day, meeting.uid) == (MEETING, date(2018, 1, 24), "meeting-cpog-20180117@readiness")
    assert meeting.detail == "moved from Wed 17 Jan; Chair: Cllr Chair" and not meeting.cancelled
    assert (papers.kind, papers.day, papers.uid) == (PAPERS, date(2018, 1, 19), "papers-cpog-20180117@readiness")
    assert papers.detail == "for the meeting on Wed 24 Jan 2018"
    assert meeting.provenance.mark == "", "its day was set by a person, not made up for the example"

    event = events(parse(to_ical([meeting], calendar_name="c", stamp=STAMP)))[CPOG]
    assert str(event["UID"]) == "meeting-cpog-20180117@readiness"
    assert event.start == datetime(2018, 1, 24, 14, 0, tzinfo=LONDON)


def test_a_cancelled_meeting_is_a_cancelled_event_without_its_papers(plan: PlanDocument) -> None:
    cancelled = with_log(plan, (MeetingChangeKind.CANCELLED, date(2018, 1, 17), None))

    [meeting] = cpog_entries(cancelled, date(2018, 1, 1), date(2018, 1, 31))
    assert (meeting.day, meeting.cancelled, meeting.uid) == (date(2018, 1, 17), True, "meeting-cpog-20180117@readiness")
    assert meeting.detail == "cancelled; Chair: Cllr Chair"
    event = events(parse(to_ical([meeting], calendar_name="c", stamp=STAMP)))[CPOG]
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_moved_meeting_cancelled_or_one_that_did_not_take_place_is_cancelled_under_its_first_uid(
        plan: PlanDocument) -> None:
    moved_then_cancelled = with_log(plan, (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)),
                                    (MeetingChangeKind.CANCELLED, date(2018, 1, 24), None))
    not_held = with_log(plan, (MeetingChangeKind.NOT_HELD, date(2018, 1, 17), None))

    [off] = cpog_entries(moved_then_cancelled, date(2018, 1, 18), date(2018, 1, 31))
    assert (off.day, off.cancelled, off.uid) == (date(2018, 1, 24), True, "meeting-cpog-20180117@readiness")
    assert off.detail == "cancelled; moved from Wed 17 Jan; Chair: Cllr Chair"
    [gone] = cpog_entries(not_held, date(2018, 1, 1), date(2018, 1, 31))
    assert (gone.cancelled, gone.detail) == (True, "did not take place; Chair: Cllr Chair")


def test_an_added_meeting_is_marked_added_with_a_uid_of_its_own(plan: PlanDocument) -> None:
    added = with_log(plan, (MeetingChangeKind.MOVED, date(2018, 1, 17), date(2018, 1, 24)),
                     (MeetingChangeKind.ADDED, date(2018, 1, 17), None))

    found = cpog_entries(added, date(2018, 1, 1), date(2018, 1, 31))
    meetings = {e.day: e for e in found if e.kind == MEETING}
    assert meetings[date(2018, 1, 17)].detail == "added; Chair: Cllr Chair"
    assert meetings[date(2018, 1, 17)].uid == "meeting-cpog-20180117-added@readiness"
    assert meetings[date(2018, 1, 24)].uid == "meeting-cpog-20180117@readiness"
    assert len({e.uid for e in found}) == len(found) == 4

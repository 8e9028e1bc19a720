"""A body's calendar is its cadence and dates with its meeting log applied in the order the log was written: meetings
moved (in chains, and back), cancelled, added, and said held or not held, looked at through any window."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from governance.cadence import (
    called_off, last_meeting_before, meeting_days, meeting_on, meetings, next_meeting,
)
from governance.model import Body, MeetingChange, MeetingChangeKind
from tests.governance.test_hostile_import import Steps, rule_steps  # noqa: F401 (a fixture)

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
MOVED, CANCELLED, ADDED = MeetingChangeKind.MOVED, MeetingChangeKind.CANCELLED, MeetingChangeKind.ADDED
HELD, NOT_HELD = MeetingChangeKind.HELD, MeetingChangeKind.NOT_HELD

CPOG = Body(key="cpog", name="Corporate Parenting Officers Group", cadence="FREQ=MONTHLY;BYDAY=WE;BYSETPOS=3",
            starts=date(2017, 9, 1), time=time(14, 0), paper_deadline_days=3)
"""Third Wednesday at 14:00: 20 Dec 2017, 17 Jan, 21 Feb, 21 Mar 2018."""

JAN_17, JAN_24, JAN_31 = date(2018, 1, 17), date(2018, 1, 24), date(2018, 1, 31)
FEB_21, FEB_28 = date(2018, 2, 21), date(2018, 2, 28)


def logged(*entries: tuple[MeetingChangeKind, date] | tuple[MeetingChangeKind, date, date | None, time | None],
           body: Body = CPOG) -> Body:
    """The body with a log of (kind, meeting[, to, time]) entries, written a minute apart in that order."""
    changes = tuple(
        MeetingChange(body.key, entry[0], entry[1], datetime(2018, 1, 2, 9, n, tzinfo=LONDON),
                      to=entry[2] if len(entry) > 2 else None, time=entry[3] if len(entry) > 3 else None, id=n + 1)
        for n, entry in enumerate(entries))
    return replace(body, changes=changes)


def days(body: Body, start: date = date(2017, 12, 1), end: date = date(2018, 3, 31)) -> list[date]:
    return meeting_days(body, start, end)


def test_a_body_without_a_log_meets_as_its_cadence_says() -> None:
    assert days(CPOG) == [date(2017, 12, 20), JAN_17, FEB_21, date(2018, 3, 21)]
    assert [m.day for m in called_off(CPOG, date(2017, 12, 1), date(2018, 3, 31))] == []


def test_a_moved_meeting_leaves_its_day_keeps_its_time_and_remembers_where_it_was() -> None:
    body = logged((MOVED, JAN_17, JAN_24))

    assert days(body) == [date(2017, 12, 20), JAN_24, FEB_21, date(2018, 3, 21)]
    [moved] = meetings(body, JAN_17, JAN_31)
    assert moved.starts == datetime(2018, 1, 24, 14, 0, tzinfo=LONDON)
    assert (moved.scheduled, moved.added, moved.held) == (JAN_17, False, None)
    assert moved.paper_deadline == date(2018, 1, 19), "three working days before the new day"
    assert meeting_on(body, JAN_17) is None and meeting_on(body, JAN_24) == moved


def test_a_move_may_give_the_meeting_a_new_time() -> None:
    [moved] = meetings(logged((MOVED, JAN_17, JAN_24, time(9, 30))), JAN_24, JAN_24)
    assert moved.starts == datetime(2018, 1, 24, 9, 30, tzinfo=LONDON)


def test_a_chain_of_moves_keeps_the_day_the_cadence_gave_and_the_last_time_given() -> None:
    body = logged((MOVED, JAN_17, JAN_24, time(16, 0)), (MOVED, JAN_24, JAN_31))

    [moved] = meetings(body, JAN_17, JAN_31)
    assert (moved.day, moved.scheduled, moved.starts.time()) == (JAN_31, JAN_17, time(16, 0))
    assert meeting_on(body, JAN_24) is None


def test_a_meeting_moved_back_to_its_day_is_no_longer_moved() -> None:
    body = logged((MOVED, JAN_17, JAN_24), (MOVED, JAN_24, JAN_17))

    [back] = meetings(body, JAN_17, JAN_31)
    assert (back.day, back.scheduled) == (JAN_17, None)


def test_a_cancelled_meeting_is_not_a_meeting_but_is_listed_as_cancelled() -> None:
    body = logged((CANCELLED, JAN_17))

    assert days(body) == [date(2017, 12, 20), FEB_21, date(2018, 3, 21)]
    assert [m.day for m in called_off(body, date(2018, 1, 1), date(2018, 1, 31))] == [JAN_17]
    assert meeting_on(body, JAN_17) is None
    assert last_meeting_before(body, date(2018, 1, 20)).day == date(2017, 12, 20)


def test_a_moved_meeting_cancelled_is_cancelled_on_its_new_day_and_keeps_its_first_day() -> None:
    body = logged((MOVED, JAN_17, JAN_24), (CANCELLED, JAN_24))

    [off] = called_off(body, date(2018, 1, 1), date(2018, 1, 31))
    assert (off.day, off.scheduled, off.held) == (JAN_24, JAN_17, None)
    assert days(body, date(2018, 1, 1), date(2018, 1, 31)) == []


def test_an_added_meeting_is_marked_added_at_the_time_given_or_the_bodys_time() -> None:
    body = logged((ADDED, JAN_31, None, time(10, 0)), (ADDED, FEB_28))

    assert days(body) == [date(2017, 12, 20), JAN_17, JAN_31, FEB_21, FEB_28, date(2018, 3, 21)]
    extra, later = (meeting_on(body, JAN_31), meeting_on(body, FEB_28))
    assert extra is not None and later is not None
    assert (extra.added, extra.scheduled, extra.starts.time()) == (True, None, time(10, 0))
    assert (later.added, later.starts.time()) == (True, time(14, 0))


def test_a_meeting_added_on_a_cancelled_day_takes_its_place() -> None:
    body = logged((CANCELLED, JAN_17), (ADDED, JAN_17, None, time(15, 0)))

    assert [m.day for m in called_off(body, JAN_17, JAN_17)] == []
    assert meeting_on(body, JAN_17).starts.time() == time(15, 0)


def test_held_and_not_held_the_latest_word_wins() -> None:
    held = logged((HELD, JAN_17))
    not_held = logged((HELD, JAN_17), (NOT_HELD, JAN_17))
    held_after_all = logged((NOT_HELD, JAN_17), (HELD, JAN_17))

    assert meeting_on(held, JAN_17).held is True and meeting_on(CPOG, JAN_17).held is None
    assert meeting_on(not_held, JAN_17) is None
    assert [m.day for m in called_off(not_held, JAN_17, JAN_17)] == [JAN_17]
    assert called_off(not_held, JAN_17, JAN_17)[0].held is False
    assert meeting_on(held_after_all, JAN_17).held is True


def test_the_last_meeting_is_the_last_one_that_took_place() -> None:
    """Stale since the body last met: a meeting said not held does not count, a moved one counts on its new day."""
    assert last_meeting_before(logged((NOT_HELD, JAN_17)), date(2018, 1, 25)).day == date(2017, 12, 20)
    assert last_meeting_before(logged((MOVED, JAN_17, JAN_24)), date(2018, 1, 25)).day == JAN_24
    assert last_meeting_before(logged((MOVED, JAN_17, JAN_24)), date(2018, 1, 20)).day == date(2017, 12, 20)


def test_the_next_meeting_follows_the_log() -> None:
    assert next_meeting(logged((MOVED, FEB_21, FEB_28)), date(2018, 1, 18)).day == FEB_28
    assert next_meeting(logged((CANCELLED, FEB_21)), date(2018, 1, 18)).day == date(2018, 3, 21)
    assert next_meeting(logged((ADDED, JAN_31)), date(2018, 1, 18)).day == JAN_31


def test_a_change_to_a_day_without_a_meeting_changes_nothing() -> None:
    body = logged((MOVED, JAN_24, JAN_31), (CANCELLED, JAN_24), (HELD, JAN_24), (NOT_HELD, JAN_24))
    assert days(body) == days(CPOG)
    assert [m.day for m in called_off(body, JAN_17, JAN_31)] == []


def test_a_meeting_said_not_held_or_cancelled_cannot_then_be_moved() -> None:
    body = logged((NOT_HELD, JAN_17), (MOVED, JAN_17, JAN_24), (CANCELLED, FEB_21), (MOVED, FEB_21, FEB_28))
    assert days(body) == [date(2017, 12, 20), date(2018, 3, 21)]


def test_a_meeting_moved_out_of_the_window_leaves_it_and_one_moved_in_joins_it() -> None:
    out_of = logged((MOVED, JAN_17, date(2018, 2, 7)))
    into = logged((MOVED, FEB_21, JAN_31))

    assert days(out_of, date(2018, 1, 1), date(2018, 1, 31)) == []
    assert days(out_of, date(2018, 2, 1), date(2018, 2, 28)) == [date(2018, 2, 7), FEB_21]
    assert days(into, date(2018, 1, 1), date(2018, 1, 31)) == [JAN_17, JAN_31]
    assert days(into, date(2018, 2, 1), date(2018, 2, 28)) == []


def test_the_window_is_inclusive_of_a_moved_meeting_on_either_edge() -> None:
    body = logged((MOVED, JAN_17, JAN_24))
    assert days(body, JAN_24, JAN_24) == [JAN_24]
    assert days(body, date(2018, 1, 18), date(2018, 1, 23)) == []
    assert days(body, date(2018, 1, 25), FEB_21) == [FEB_21]


def test_a_meeting_moved_across_the_clocks_going_forward_stays_at_its_local_time() -> None:
    body = logged((MOVED, date(2018, 3, 21), date(2018, 3, 28)))

    [moved] = meetings(body, date(2018, 3, 1), date(2018, 3, 31))
    assert moved.starts.astimezone(UTC) == datetime(2018, 3, 28, 13, 0, tzinfo=UTC)   # 14:00 BST
    assert meetings(CPOG, date(2018, 3, 21), date(2018, 3, 21))[0].starts.astimezone(UTC) == \
        datetime(2018, 3, 21, 14, 0, tzinfo=UTC)                                       # 14:00 GMT


def test_a_log_costs_its_own_length_not_the_cadences_history(rule_steps: Steps) -> None:
    """A weekly board since 1990 with a year of moves: each day the log names is expanded alone, some 1,400 weeks
    of history are not."""
    weekly = Body(key="weekly-1990", name="Weekly board", cadence="FREQ=WEEKLY;BYDAY=WE", starts=date(1990, 1, 3))
    moves = [(MOVED, day, date.fromordinal(day.toordinal() + 1)) for day in meeting_days(weekly, date(2017, 1, 1),
                                                                                          date(2017, 12, 31))]
    body = logged(*moves, body=weekly)
    rule_steps.allow(4 * len(moves) + 20)

    found = meeting_days(body, date(2017, 12, 1), date(2018, 1, 31))

    assert found[:4] == [date(2017, 12, 7), date(2017, 12, 14), date(2017, 12, 21), date(2017, 12, 28)]
    assert found[4] == date(2018, 1, 3), "the cadence again once the moves end"

"""The governance loop's use cases on a real store: meetings moved, cancelled, added and said held or not, who may,
actions arising (next ref, owner told through the outbox, added once), withdrawal, and the agenda paper."""
from __future__ import annotations

import threading
from datetime import date, datetime, time

import pytest

from governance.clock import FixedClock
from governance.errors import ReadinessError
from governance.meetings import MeetingRequest, NewAction, next_ref, parse_meeting
from governance.model import Channel, MeetingChangeKind
from governance.programme import Programme
from governance.recording import NewUpdate
from governance.questions import ActionQuestion, BoardQuestion
from governance.reminders import Kind, Status
from storage.store import Store
from tests.conftest import LONDON

NOW = datetime(2018, 1, 12, 11, 0, tzinfo=LONDON)
"""The day after the Improvement Board met (second Thursday: 11 Jan; next 8 Feb 2018)."""
CHAIR = "chair.improvement.board@example.org"
PMO = "pmo@example.org"
OWNER = "head.mash@example.org"


@pytest.fixture
def programme(example_store: Store) -> Programme:
    return Programme(example_store.uow, FixedClock(NOW), "Europe/London")


def _move(programme: Programme, words: str, *, by: str = CHAIR, key: str | None = None):
    return programme.change_meeting(parse_meeting(words), by=by, via=Channel.COMMAND, request_key=key)


def _next_meeting(programme: Programme) -> datetime | None:
    meeting = programme.answer(BoardQuestion("improvement-board")).meeting
    return meeting.starts if meeting else None


def test_the_words_of_a_change_are_read_once_for_every_front_end() -> None:
    assert parse_meeting("csib move 2018-02-15 14:00") == MeetingRequest(
        "csib", MeetingChangeKind.MOVED, to=date(2018, 2, 15), time=time(14, 0))
    assert parse_meeting("improvement board move 8 Feb 2018 to 15/02/2018") == MeetingRequest(
        "improvement board", MeetingChangeKind.MOVED, meeting=date(2018, 2, 8), to=date(2018, 2, 15))
    assert parse_meeting("cpog not-held") == MeetingRequest("cpog", MeetingChangeKind.NOT_HELD)
    for words, said in (("csib move 31/02/2018", "is not a date"), ("csib move 2018-02-15 25:00", "not a time"),
                        ("csib postpone 2018-02-15", "Say what happens"), ("move 2018-02-15", "Say which body"),
                        ("csib cancel", "Say which meeting")):
        with pytest.raises(ReadinessError, match=said):
            parse_meeting(words)


def test_the_chair_moves_the_next_meeting_and_the_calendar_follows(programme: Programme) -> None:
    changed = _move(programme, "csib move 2018-02-15 14:00")
    assert changed.change.meeting == date(2018, 2, 8) and changed.change.by == CHAIR
    assert changed.said() == ("Children's Services Improvement Board: the meeting of Thu 08 Feb 2018 moves to "
                              "Thu 15 Feb 2018 at 14:00; papers due Thu 08 Feb.")
    assert _next_meeting(programme) == datetime(2018, 2, 15, 14, 0, tzinfo=LONDON)


def test_the_same_request_twice_records_one_change(programme: Programme) -> None:
    first = _move(programme, "csib move 2018-02-15", key="view:V1")
    again = _move(programme, "csib move 2018-02-15", key="view:V1")
    assert again.repeated and again.change.id == first.change.id
    assert "(already recorded)" in again.said()
    assert _next_meeting(programme) == datetime(2018, 2, 15, 10, 0, tzinfo=LONDON)


REFUSED_CHANGES = (
    ("csib move 2018-02-15", OWNER, "Only Independent Chair"),
    ("csib move 2018-01-05", CHAIR, "is in the past"),
    ("csib move 2018-01-11 to 2018-02-15", CHAIR, "is in the past: say whether it was held"),
    ("csib cancel 2018-02-09", CHAIR, "has no meeting on Fri 09 Feb 2018: its next are Thu 08 Feb"),
    ("csib move 2020-06-01", CHAIR, "more than two years ahead"),
    ("csib add 2018-02-08", PMO, "already meets on Thu 08 Feb 2018"),
    ("csib held 2018-02-08", CHAIR, "has not taken place yet"),
    ("no-such-body cancel 2018-02-08", CHAIR, "no body"),
)


def test_a_change_that_cannot_be_made_is_one_line_and_changes_nothing(programme: Programme) -> None:
    for words, by, said in REFUSED_CHANGES:
        with pytest.raises(ReadinessError, match=said):
            _move(programme, words, by=by)
    assert _next_meeting(programme) == datetime(2018, 2, 8, 10, 0, tzinfo=LONDON)


def test_cancelling_and_adding_a_meeting_and_the_programme_office_may_too(programme: Programme) -> None:
    _move(programme, "csib cancel 2018-02-08", by=PMO)
    assert _next_meeting(programme) == datetime(2018, 3, 8, 10, 0, tzinfo=LONDON)
    added = _move(programme, "csib add 2018-02-22 16:30", by=PMO)
    assert added.meeting is not None and added.meeting.added
    assert _next_meeting(programme) == datetime(2018, 2, 22, 16, 30, tzinfo=LONDON)


def test_a_past_meeting_is_said_held_or_not_and_saying_it_again_records_nothing(programme: Programme) -> None:
    held = _move(programme, "csib held")
    assert held.change.meeting == date(2018, 1, 11) and held.meeting is not None and held.meeting.held
    assert _move(programme, "csib held 2018-01-11").repeated
    not_held = _move(programme, "csib not-held 11/01/2018")
    assert not not_held.repeated and not_held.meeting is None
    assert "staleness counts from the meeting before it" in not_held.said()
    assert not _move(programme, "csib held 2018-01-11").repeated


def _arising(**given: object) -> NewAction:
    fields: dict[str, object] = {"body": "csib", "title": "Audit of strategy discussions in MASH", "owner": OWNER,
                                 "due": date(2018, 2, 23), "theme": 5}
    fields.update(given)
    return NewAction(**fields)  # type: ignore[arg-type]


def test_an_action_arising_takes_the_next_ref_and_its_owner_is_told_through_the_outbox(programme: Programme,
                                                                                        example_store: Store) -> None:
    raised = programme.raise_action(_arising(), by=CHAIR)
    action = raised.action
    assert (action.ref, action.body, action.raised_at, action.owner) == ("5g", "improvement-board",
                                                                        date(2018, 1, 11), OWNER)
    assert raised.said().startswith("Added 5g Audit of strategy discussions in MASH (theme 5), owned by")
    status = programme.answer(ActionQuestion("5g"))
    assert status.history == [] and status.state.rating == "not_rated"
    with example_store.uow() as uow:
        told = [i for i in uow.outbox.items(statuses=[Status.PENDING]) if i.reminder.kind is Kind.NEW_ACTION]
    assert [(i.reminder.subject, i.reminder.recipient, i.due_at) for i in told] == [("5g", OWNER, NOW)]
    assert "arising from the CSIB on Thu 11 Jan" in told[0].reminder.reason


def test_the_same_action_arising_twice_is_added_once(programme: Programme) -> None:
    first = programme.raise_action(_arising(), by=CHAIR)
    again = programme.raise_action(_arising(title="audit of  strategy discussions in MASH"), by=CHAIR)
    assert again.repeated and again.action.ref == first.action.ref == "5g"
    assert "nothing was added" in again.said()


REFUSED_ARISING = (
    ({}, OWNER, "Only Independent Chair"),
    ({"owner": "nobody@example.org"}, CHAIR, "not in the plan's people"),
    ({"ref": "5a"}, CHAIR, "5a is already an action"),
    ({"ref": "4z"}, CHAIR, "4z is a ref of theme 4, not theme 5"),
    ({"ref": "not a ref"}, CHAIR, "is not a ref the plan uses"),
    ({"due": date(2018, 1, 2)}, CHAIR, "in the past"),
    ({"due": None}, CHAIR, "Give the action a due date"),
    ({"title": "   "}, CHAIR, "Give the action a title"),
    ({"theme": 9}, CHAIR, "no theme 9"),
    ({"meeting": date(2018, 2, 8)}, CHAIR, "has not taken place yet"),
    ({"meeting": date(2018, 1, 10)}, CHAIR, "had no meeting on Wed 10 Jan 2018"),
)


def test_an_action_arising_that_cannot_be_added_is_one_line_and_adds_nothing(programme: Programme,
                                                                             example_store: Store) -> None:
    for given, by, said in REFUSED_ARISING:
        with pytest.raises(ReadinessError, match=said):
            programme.raise_action(_arising(**given), by=by)
    with pytest.raises(ReadinessError, match="no action 5g"):
        programme.answer(ActionQuestion("5g"))
    with example_store.uow() as uow:
        assert uow.outbox.items(statuses=[Status.PENDING]) == []


def test_a_given_ref_and_a_named_owner_are_taken(programme: Programme) -> None:
    raised = programme.raise_action(_arising(ref="5z", owner="Head of Service, MASH", meeting=date(2017, 12, 14)), by=PMO)
    assert (raised.action.ref, raised.action.raised_at) == ("5z", date(2017, 12, 14))


def test_next_ref_follows_the_themes_style() -> None:
    assert next_ref(5, ["5a", "5b(i)", "5b(ii)", "5f", "6a"]) == "5g"
    assert next_ref(5, ["5y", "5z"]) == "5aa"
    assert next_ref(1, ["1.1", "1.2", "1.10", "2.1"]) == "1.11"
    assert next_ref(3, ["1.1", "2.1"]) == "3.1"
    assert next_ref(8, ["5a"]) == "8a"


def test_a_withdrawn_action_stays_in_the_plan_shown_as_withdrawn(programme: Programme) -> None:
    programme.raise_action(_arising(), by=CHAIR)
    withdrawn = programme.withdraw_action("5g", "merged into 5c(i)", by=CHAIR)
    assert withdrawn.action.withdrawn is not None and withdrawn.action.withdrawn.by == CHAIR
    assert "withdrawn as no longer needed (merged into 5c(i))" in withdrawn.said()
    assert programme.withdraw_action("5g", "", by=CHAIR).repeated
    status = programme.answer(ActionQuestion("5g"))
    assert status.state.action.withdrawn is not None and not status.state.overdue
    board = programme.answer(BoardQuestion("csib"))
    assert "5g" not in [s.action.ref for s in board.readiness.states]
    assert [a.ref for a in board.readiness.withdrawn] == ["5g"]
    with pytest.raises(ReadinessError, match="Only Independent Chair"):
        programme.withdraw_action("5g", "", by=OWNER)


def test_the_agenda_paper_holds_the_bodys_actions_and_what_arose_at_its_last_meeting(programme: Programme) -> None:
    programme.raise_action(_arising(), by=CHAIR)
    programme.raise_action(_arising(title="Review the front door dashboard", theme=4), by=CHAIR)
    programme.withdraw_action("4e", "covered by 4a", by=CHAIR)
    paper = programme.agenda("csib")
    assert paper.meeting is not None and paper.meeting.day == date(2018, 2, 8)
    assert paper.last is not None and paper.last.day == date(2018, 1, 11)
    assert [s.action.ref for s in paper.arising] == ["5g"]
    assert [a.ref for a in paper.withdrawn] == ["4e"]
    assert paper.indicators and paper.illustrative
    assert all(s.action.body == "improvement-board" for s in paper.readiness.states)


def test_two_actions_arising_in_one_theme_at_once_each_get_a_ref_of_their_own(postgres_url: str) -> None:
    """The chair and the programme office add an action to theme 5 at the same moment, from two bodies: the second
    to store takes the next free ref instead of overwriting the first."""
    from governance import services
    from storage.plan_files import example_path, read_plan_file
    from storage.store import open_store
    from tests.conftest import PLAN_HELD

    store = open_store(postgres_url)
    store.migrate()
    services.import_plan(read_plan_file(example_path("barnet-2018")), uow=store.uow(), now=PLAN_HELD)
    programme = Programme(store.uow, FixedClock(NOW), "Europe/London")
    start, raised = threading.Barrier(2), []

    def add(body: str, by: str) -> None:
        start.wait()
        raised.append(programme.raise_action(_arising(body=body, title=f"Raised at {body}"), by=by))

    threads = [threading.Thread(target=add, args=("csib", CHAIR)), threading.Thread(target=add, args=("cpog", PMO))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.action.ref for r in raised) == ["5g", "5h"]
    for done in raised:
        assert programme.answer(ActionQuestion(done.action.ref)).state.action.title == done.action.title
    store.close()


def test_a_ref_longer_than_the_plan_allows_is_one_line(programme: Programme) -> None:
    with pytest.raises(ReadinessError, match="is not a ref the plan uses"):
        programme.raise_action(_arising(ref="5" + "a" * 25), by=CHAIR)


def test_a_withdrawn_action_takes_no_updates(programme: Programme) -> None:
    programme.raise_action(_arising(), by=CHAIR)
    programme.withdraw_action("5g", "", by=CHAIR)
    with pytest.raises(ReadinessError, match="5g was withdrawn as no longer needed, so it takes no updates"):
        programme.record_update(NewUpdate("5g", "green", OWNER, Channel.COMMAND))


def test_on_the_day_of_a_meeting_after_it_began_the_paper_is_for_the_next_one(example_store: Store) -> None:
    afternoon = Programme(example_store.uow, FixedClock(datetime(2018, 2, 8, 15, 0, tzinfo=LONDON)), "Europe/London")
    paper = afternoon.agenda("csib")
    assert paper.last is not None and paper.last.day == date(2018, 2, 8)
    assert paper.meeting is not None and paper.meeting.day == date(2018, 3, 8)

"""The daily check-in in the terminal: delivered through the real dispatcher to one person's session, replied
to without a ref, and held back with words; a reading in doubt recorded only on its owner's word; and every kind
of message and outcome the core has is shown."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, get_args

import pytest
from rich.console import Console

from governance import recording
from governance.brag import BragKey
from governance.clock import FixedClock
from governance.conversation import Outcome, Reply
from governance.figures import FigureRecorded, FigureUnsure
from governance.messages import CheckInView, View, view_of
from governance.model import ILLUSTRATIVE_KEY, Action, Person, Provenance, Theme, Update
from governance.ports import Speaker
from governance.programme import Programme
from governance.reminders import PMO_CHANNEL, Ask, CheckIn, Kind, OutboxItem, Reason, Reminder, Status
from governance.reply_reader import Reading
from handlers.console.delivery import ConsoleSender, terminal_dispatcher
from handlers.console.session import CHANGE_HINT, CHOICES, ConsoleSession, check_in_text
from scheduling.tick import tick
from storage.store import Store
from tests.conftest import AS_OF
from tests.scheduling.conftest import SETTINGS, at

CARE = "head.cic.careleavers@example.org"
OWNER = "olive@example.org"
DOUBT = "two ratings named"


def doubt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes the reader unsure of any reply that says "perhaps", whatever else it makes of it, so these tests hold as
    the reader's own reasons for doubt change."""
    read_reply = recording.read_reply

    def read(text: str, *, key: BragKey, today: date, refs: Iterable[str] = ()) -> Reading:
        reading = read_reply(text, key=key, today=today, refs=refs)
        return replace(reading, unsure=(DOUBT,)) if "perhaps" in text else reading

    monkeypatch.setattr(recording, "read_reply", read)


@pytest.fixture
def doubting(monkeypatch: pytest.MonkeyPatch) -> None:
    doubt(monkeypatch)


@dataclass(frozen=True)
class Heard(Programme):
    """The programme, noting each outcome the core hands the console."""

    outcomes: list[Outcome] = field(default_factory=list)

    def converse(self, reply: Reply, *, speaker: Speaker, event_id: str | None = None) -> Outcome:
        outcome = super().converse(reply, speaker=speaker, event_id=event_id)
        self.outcomes.append(outcome)
        return outcome


def session_at(store: Store, when: str, programme: type[Programme] = Programme) -> tuple[ConsoleSession, Console]:
    console = Console(record=True, width=200)
    session = ConsoleSession(programme(store.uow, FixedClock(at("2018-01-16", when)), "Europe/London"), CARE, console)
    tick(terminal_dispatcher(session.programme, ConsoleSender({CARE: session}), SETTINGS, worker="console",
                             recipient=CARE), store.uow)
    return session, console


def said(console: Console) -> str:
    return " ".join(console.export_text().split())


def test_the_check_in_arrives_once_and_a_reply_without_a_ref_asks_which_of_its_actions(example_store: Store) -> None:
    session, console = session_at(example_store, "09:00")
    shown = said(console)
    assert "Your check-in for Tue 16 Jan: 2 actions need you, most pressing first." in shown
    assert shown.index("1. 6c") < shown.index("2. 6k") and "— overdue since 29 Dec 2017" in shown
    session.say("green - advocacy offer extended, tender out")
    assert "Which action is this about? Type its number. 1. 6c" in said(console)
    session.say("2")
    assert "Recorded Green for 6k" in said(console)
    _, console = session_at(example_store, "11:00")
    assert "check-in" not in said(console), "one check-in a day"


def test_words_hold_check_ins_back_and_tell_the_pmo(example_store: Store) -> None:
    session, console = session_at(example_store, "09:00")
    session.say("snooze until 31/02")
    session.say("not mine")
    session.say("6c is not mine")
    session.say("on leave until 5 Feb")
    session.say("on leave until 5 Feb")
    lines = said(console)
    assert "31/02 is not a date" in lines
    assert "Which action isn't yours? Say its ref, e.g. `not mine 5b(ii)`." in lines
    assert "Thanks: I've told the programme office that 6c needs a new owner" in lines
    assert "Noted: you're on leave until Mon 05 Feb" in lines and "(Already noted.)" in lines
    with example_store.uow() as uow:
        notices = [i.reminder for i in uow.outbox.items(statuses=[Status.PENDING]) if i.reminder.kind.value == "notice"]
    assert sorted(n.recipient for n in notices) == [PMO_CHANNEL, PMO_CHANNEL, "od.social.care@example.org"]


def test_only_a_refusal_to_rate_what_is_not_yours_counts_as_refused(example_store: Store) -> None:
    session, console = session_at(example_store, "09:00")
    session.say("5c(ii) green - all fine")
    session.say("purple - no idea")
    session.say("status theme 9")
    lines = said(console)
    assert "Nothing was recorded: 5c(ii) is owned by someone else" in lines and "no theme 9" in lines
    assert session.refusals == 1


def test_every_outcome_of_a_reply_is_shown(example_store: Store, doubting: None) -> None:
    session, console = session_at(example_store, "09:00", Heard)
    for line in ("6k green perhaps - tender out", "no", "green - advocacy offer extended, tender out", "2", "undo",
                 "6c amber - analysis late, forecast 30 Jan https://barnet.example.org/6c", "status theme 5",
                 "update 6k", "snooze", "snooze"):
        session.say(line)
    lines = said(console)
    assert f"I read Green, no forecast date for 6k ({DOUBT})." in lines and "Nothing recorded for 6k." in lines
    assert "Which action is this about? Type its number. 1. 6c" in lines
    assert "Recorded Green for 6k" in lines and "Undone: 6k is back to Not rated" in lines
    assert ("Recorded Amber for 6c Review every child in care's plan; analysis of findings · “analysis late, "
            "https://barnet.example.org/6c” · forecast 30 Jan 2018 · evidence linked · type undo to take it back"
            ) in lines
    assert "Theme 5: Improving Assessment for children" in lines
    assert "Reply with a rating and a line" in lines
    assert "Snoozed: no check-in before" in lines and "(Already noted.)" in lines
    assert isinstance(session.programme, Heard)
    figures = {FigureRecorded, FigureUnsure}
    assert {type(outcome) for outcome in session.programme.outcomes} == set(get_args(Outcome)) - figures, \
        "a figure's outcomes are shown in tests/test_console_figures.py, to a data owner"


def test_a_message_of_every_view_is_shown(example_store: Store) -> None:
    """The check-in comes through the dispatcher; the PMO's notices and digests are handed in as sent."""
    session, console = session_at(example_store, "09:00")
    shown_views = {CheckInView}
    for kind in Kind:
        if not isinstance(view_of(kind), CheckInView):
            subject = "6k" if kind is Kind.NEW_ACTION else "plan"
            reminder = Reminder(kind, subject, PMO_CHANNEL, date(2018, 1, 16), f"The {kind.value} reason.")
            session.receive(OutboxItem(1, reminder, at("2018-01-16", "09:00"), Status.PENDING))
            shown_views.add(type(view_of(kind)))
    assert shown_views == set(get_args(View))
    lines = said(console)
    assert "Your check-in for Tue 16 Jan" in lines
    assert "The notice reason." in lines
    assert "The visit_digest reason." in lines and "Ofsted monitoring visit 2" in lines
    assert "The weekly_digest reason." in lines and "The whole plan — as of Tue 16 Jan 2018" in lines
    assert "The new_action reason. 6k Extend advocacy to more young people" in lines


# --- a reading in doubt, on a plan built here -------------------------------------------------------------------

def owner_session(store: Store) -> tuple[ConsoleSession, Console]:
    """Olive owns 9a (its due date illustrative) and 9b; it is Saturday 20 January 2018."""
    with store.uow() as uow:
        uow.plan.save_person(Person(OWNER, "Olive Owner"))
        uow.plan.save_theme(Theme(9, "Front door"))
        uow.plan.save_action(Action("9a", 9, "Triage every contact", OWNER, date(2018, 1, 31),
                                    provenance=Provenance(illustrative=True)))
        uow.plan.save_action(Action("9b", 9, "Audit strategy meetings", OWNER, date(2018, 3, 30)))
        uow.commit()
    console = Console(record=True, width=200)
    return ConsoleSession(Programme(store.uow, FixedClock(AS_OF), "Europe/London"), OWNER, console), console


def updates(session: ConsoleSession, ref: str) -> list[Update]:
    return [entry.update for entry in session.programme.history(ref).entries]


def test_a_reading_in_doubt_is_stored_only_when_its_owner_records_it(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("9a amber perhaps - provider delayed, forecast 26 Jan")
    lines = said(console)
    assert f"I read Amber, forecast Fri 26 Jan 2018 for 9a ({DOUBT}). “perhaps - provider delayed” {CHOICES}" \
        in lines
    assert updates(session, "9a") == []
    session.say("yes")
    assert "Recorded Amber for 9a" in said(console)
    [update] = updates(session, "9a")
    assert (update.rating, update.forecast, update.via.value) == ("amber", date(2018, 1, 26), "console")
    assert "provider delayed" in update.commentary


def test_change_takes_the_owners_rating_and_keeps_the_rest_of_the_reading(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("9a amber perhaps - forecast 26 Jan, report published https://council.example.org/r")
    session.say("change")
    assert CHANGE_HINT in said(console) and updates(session, "9a") == []
    session.say("blue")
    assert "Recorded Blue for 9a" in said(console)
    [update] = updates(session, "9a")
    assert (update.rating, update.forecast, update.evidence) == ("blue", date(2018, 1, 26),
                                                                 "https://council.example.org/r")
    assert "report published" in update.commentary


def test_a_change_read_with_a_doubt_is_offered_back_before_it_is_stored(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("9a amber perhaps - late, forecast 26 Jan")
    session.say("change")
    session.say("green perhaps")
    assert f"I read Green, forecast Fri 26 Jan 2018 for 9a ({DOUBT})." in said(console)
    assert updates(session, "9a") == []
    session.say("record")
    [update] = updates(session, "9a")
    assert (update.rating, update.forecast) == ("green", date(2018, 1, 26))


def test_anything_else_records_nothing_and_is_read_as_usual(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("9a amber perhaps - late")
    session.say("no")
    session.say("9a amber perhaps - late")
    session.say("9b green - all fine")
    lines = said(console)
    assert lines.count("Nothing recorded for 9a.") == 2 and "Recorded Green for 9b" in lines
    assert "couldn't find a rating" not in lines, "a plain no is not read as a reply"
    assert updates(session, "9a") == [] and [u.rating for u in updates(session, "9b")] == ["green"]


def test_a_letter_is_never_taken_for_record_or_change_nor_for_a_rating_while_a_reading_waits(
        store: Store, doubting: None) -> None:
    """"r" alone is Red to the reader: a second "r" typed to record must not store a Red."""
    session, console = owner_session(store)
    session.say("9a amber perhaps - late")
    session.say("r")
    session.say("r")
    assert said(console).count("Nothing recorded yet for 9a: answer in a whole word") == 2
    assert updates(session, "9a") == [] and updates(session, "9b") == []
    session.say("record")
    assert [u.rating for u in updates(session, "9a")] == ["amber"]


def test_an_update_command_in_doubt_is_kept_and_recorded_as_the_owner_typed_it(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("/readiness update 9a amber perhaps - late")
    session.say("record")
    session.say("update 9b red perhaps - blocked")
    session.say("record")
    lines = said(console)
    assert f"I read Amber, no forecast date for 9a ({DOUBT})." in lines and "Recorded Amber for 9a" in lines
    assert f"I read Red, no forecast date for 9b ({DOUBT})." in lines and "Recorded Red for 9b" in lines
    [amber], [red] = updates(session, "9a"), updates(session, "9b")
    assert "late" in amber.commentary and "blocked" in red.commentary
    assert not any(word in f"{amber.commentary} {red.commentary}" for word in ("update", "9a", "9b"))


def test_a_reply_about_one_of_several_actions_is_confirmed_after_it_is_chosen(store: Store, doubting: None) -> None:
    session, console = owner_session(store)
    session.say("amber perhaps - late")
    session.say("2")
    assert f"I read Amber, no forecast date for 9b ({DOUBT})." in said(console) and updates(session, "9b") == []
    session.say("record")
    assert [u.rating for u in updates(session, "9b")] == ["amber"] and updates(session, "9a") == []


def test_a_prompt_and_a_check_in_mark_an_illustrative_due_date_with_the_key(store: Store) -> None:
    session, console = owner_session(store)
    session.say("update 9b")
    lines = said(console)
    assert "Due Fri 30 Mar 2018 ·" in lines and ILLUSTRATIVE_KEY not in lines
    session.say("update 9a")
    lines = said(console)
    assert "Due Wed 31 Jan 2018† ·" in lines and lines.endswith(ILLUSTRATIVE_KEY)
    asks = tuple(Ask(Reason.DEADLINE, ref, "due soon", due, True, True)
                 for ref, due in (("9a", date(2018, 1, 31)), ("9b", date(2018, 3, 30))))
    check_in = CheckIn(OWNER, date(2018, 1, 22), asks)
    shown = " ".join(check_in_text(check_in, session.programme.check_in_statuses(check_in)).plain.split())
    assert "Due Wed 31 Jan 2018† ·" in shown and "Due Fri 30 Mar 2018 ·" in shown
    assert shown.endswith(ILLUSTRATIVE_KEY)

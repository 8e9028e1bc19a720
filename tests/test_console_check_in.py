"""The daily check-in in the terminal: delivered through the real dispatcher to one person's session, replied
to without a ref, and held back with words; and every kind of message and outcome the core has is shown."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import get_args

from rich.console import Console

from governance.clock import FixedClock
from governance.conversation import Outcome, Reply
from governance.messages import CheckInView, View, view_of
from governance.ports import Speaker
from governance.programme import Programme
from governance.reminders import PMO_CHANNEL, Kind, OutboxItem, Reminder, Status
from handlers.console.delivery import ConsoleSender, terminal_dispatcher
from handlers.console.session import ConsoleSession
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, at

CARE = "head.cic.careleavers@example.org"


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


def test_every_outcome_of_a_reply_is_shown(example_store: Store) -> None:
    session, console = session_at(example_store, "09:00", Heard)
    for line in ("green - advocacy offer extended, tender out", "2", "undo",
                 "6c amber - analysis late, forecast 30 Jan https://barnet.example.org/6c", "status theme 5",
                 "update 6k", "snooze", "snooze"):
        session.say(line)
    lines = said(console)
    assert "Which action is this about? Type its number. 1. 6c" in lines
    assert "Recorded Green for 6k" in lines and "Undone: 6k is back to Not rated" in lines
    assert ("Recorded Amber for 6c Review every child in care's plan; analysis of findings · “analysis late, "
            "https://barnet.example.org/6c” · forecast 30 Jan 2018 · evidence linked · type undo to take it back"
            ) in lines
    assert "Theme 5: Improving Assessment for children" in lines
    assert "Reply with a rating and a line" in lines
    assert "Snoozed: no check-in before" in lines and "(Already noted.)" in lines
    assert isinstance(session.programme, Heard)
    assert {type(outcome) for outcome in session.programme.outcomes} == set(get_args(Outcome))


def test_a_message_of_every_view_is_shown(example_store: Store) -> None:
    """The check-in comes through the dispatcher; the PMO's notices and digests are handed in as sent."""
    session, console = session_at(example_store, "09:00")
    shown_views = {CheckInView}
    for kind in Kind:
        if not isinstance(view_of(kind), CheckInView):
            reminder = Reminder(kind, "plan", PMO_CHANNEL, date(2018, 1, 16), f"The {kind.value} reason.")
            session.receive(OutboxItem(1, reminder, at("2018-01-16", "09:00"), Status.PENDING))
            shown_views.add(type(view_of(kind)))
    assert shown_views == set(get_args(View))
    lines = said(console)
    assert "Your check-in for Tue 16 Jan" in lines
    assert "The notice reason." in lines
    assert "The visit_digest reason." in lines and "Ofsted monitoring visit 2" in lines
    assert "The weekly_digest reason." in lines and "The whole plan — as of Tue 16 Jan 2018" in lines

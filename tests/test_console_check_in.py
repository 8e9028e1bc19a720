"""The daily check-in in the terminal: delivered through the real dispatcher to one person's session, replied
to without a ref, and held back with words."""
from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from governance.clock import FixedClock
from governance.programme import Programme
from governance.reminders import PMO_CHANNEL, Status
from handlers.console.delivery import ConsoleSender
from handlers.console.session import ConsoleSession
from scheduling.dispatch import Dispatcher
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, at

CARE = "head.cic.careleavers@example.org"


def session_at(store: Store, when: str) -> tuple[ConsoleSession, Console]:
    console = Console(record=True, width=200)
    session = ConsoleSession(Programme(store.uow, FixedClock(at("2018-01-16", when)), "Europe/London"), CARE, console)
    dispatcher = Dispatcher(store.uow, ConsoleSender({CARE: session}), clock=session.programme.clock,
                            tz="Europe/London", settings=replace(SETTINGS, pace=0), worker="console", recipient=CARE)
    tick(dispatcher, store.uow)
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

"""Indicator figures in the terminal: the data owner's check-in on the collection day lists the figures due, replies
in words record them through the same core as a Slack DM, an odd figure waits for its giver's word, `undo` takes
back the last thing recorded, and a theme lead (only a theme lead) notes why a figure moved."""
from __future__ import annotations

from datetime import date

from rich.console import Console

from governance.clock import FixedClock
from governance.figures import FigureRecorded, FigureUnsure
from governance.model import Channel, Figure, FigureKind
from governance.programme import Programme
from handlers.console.delivery import ConsoleSender, terminal_dispatcher
from handlers.console.session import CHOICES, FIGURE_CHANGE_HINT, ConsoleSession
from scheduling.tick import tick
from storage.store import Store
from tests.scheduling.conftest import SETTINGS, at
from tests.test_console_check_in import Heard, said

DATA_OWNER = "performance.lead@example.org"
THEME_4_LEAD = "od.early.help@example.org"
DECEMBER = date(2017, 12, 1)


def session_on(store: Store, day: str, email: str, programme: type[Programme] = Programme
               ) -> tuple[ConsoleSession, Console]:
    """`email`'s session at 09:00 on `day`, after the reminders due then have been delivered to it."""
    console = Console(record=True, width=200)
    session = ConsoleSession(programme(store.uow, FixedClock(at(day, "09:00")), "Europe/London"), email, console)
    tick(terminal_dispatcher(session.programme, ConsoleSender({email: session}), SETTINGS, worker="console",
                             recipient=email), store.uow)
    return session, console


def december(session: ConsoleSession, key: str) -> list[Figure]:
    return [f for f in session.programme.indicator_history(key).entries if f.month == DECEMBER]


def test_the_check_in_on_the_collection_day_asks_the_data_owner_for_each_figure(example_store: Store) -> None:
    _, console = session_on(example_store, "2018-01-08", DATA_OWNER)
    shown = said(console)
    assert "Your check-in for Mon 08 Jan: 4 figures are due from you." in shown
    assert ("• Repeat referrals within 12 months — December's figure is due today last 18.1% (Nov 2017) · "
            "target 18%") in shown
    assert "• Contacts leading to a referral — December's figure is due today last 33% (Nov 2017) · no target" in shown
    assert "e.g. `repeat referrals 18.1%`" in shown and "Reply with a ref and a rating" not in shown
    _, console = session_on(example_store, "2018-01-08", DATA_OWNER)
    assert "check-in" not in said(console), "one check-in a day"


def test_figures_in_words_are_recorded_an_odd_one_on_its_givers_word_and_undo_takes_the_last_back(
        example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-08", DATA_OWNER, Heard)
    for line in ("repeat referrals 18.3%", "assessments-45wd 155 of 224", "contacts to referral 6%", "record",
                 "undo"):
        session.say(line)
    shown = said(console)
    assert ("Recorded December 2017 for Repeat referrals within 12 months: 18.3%. Type undo to take it back."
            in shown)
    assert "Recorded December 2017 for Assessments completed within 45 working days: 69.2% (155 of 224)." in shown
    assert "Is 6% right for Contacts leading to a referral (December 2017)? A fifth of the last" in shown
    assert CHOICES in shown and "Recorded December 2017 for Contacts leading to a referral: 6%." in shown
    assert "Undone: Contacts leading to a referral has no figure for December 2017 again." in shown
    referrals, = december(session, "repeat-referrals-12m")
    assert (referrals.value, referrals.by, referrals.via) == (18.3, DATA_OWNER, Channel.CONSOLE)
    assessments, = december(session, "assessments-45wd")
    assert (assessments.value, assessments.numerator, assessments.denominator) == (69.2, 155, 224)
    assert [(f.kind, f.value) for f in december(session, "contacts-to-referral")] == [
        (FigureKind.VALUE, 6), (FigureKind.WITHDRAWN, None)], "the undo is a new entry; the log only grows"
    assert isinstance(session.programme, Heard)
    assert {FigureRecorded, FigureUnsure} <= {type(outcome) for outcome in session.programme.outcomes}


def test_an_odd_figure_changed_is_recorded_as_typed_again_and_anything_else_records_nothing(
        example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-08", DATA_OWNER)
    for line in ("cp visits 720%", "r", "change", "72%", "contacts to referral 6%", "no"):
        session.say(line)
    shown = said(console)
    assert "Is 720% right for Child Protection visits within 10 days (December 2017)? Over 100%" in shown
    assert "Nothing recorded yet for Child Protection visits within 10 days: answer in a whole word." in shown
    assert FIGURE_CHANGE_HINT in shown
    assert "Recorded December 2017 for Child Protection visits within 10 days: 72%." in shown
    assert "Nothing recorded for Contacts leading to a referral." in shown
    assert [(f.value, f.via) for f in december(session, "cp-visits-10d")] == [(72, Channel.CONSOLE)]
    assert december(session, "contacts-to-referral") == []


def test_a_theme_lead_notes_why_a_figure_moved_and_undo_takes_back_the_note_then_an_update(
        example_store: Store) -> None:
    owner, owner_console = session_on(example_store, "2018-01-22", DATA_OWNER)
    owner.say("repeat referrals 17.6%")
    owner.say("note repeat referrals: fell after the MASH change")
    refused = [line for line in owner_console.export_text().splitlines() if "Nothing was recorded" in line]
    assert refused == ["bot › Nothing was recorded: notes on Repeat referrals within 12 months are added by the "
                       "leads of its themes and the programme office."], "one line"
    lead, console = session_on(example_store, "2018-01-22", THEME_4_LEAD)
    lead.say("update 4b(ii) green - panel terms agreed")
    lead.say("note repeat referrals: fell after the MASH change")
    lead.say("status indicator repeat referrals")
    lead.say("undo")
    lead.say("undo")
    shown = said(console)
    assert ("Noted on Repeat referrals within 12 months (December 2017): “fell after the MASH change”. Type undo to "
            "take it back.") in shown
    assert "Note fell after the MASH change" in shown and "Given by Head of Performance and Business Intelligence" \
        in shown
    assert "Undone: Repeat referrals within 12 months (December 2017) has no note again." in shown
    assert "Undone: 4b(ii) is back to" in shown
    notes = [f for f in december(lead, "repeat-referrals-12m") if f.kind is FigureKind.NOTE]
    assert [(n.comment, n.by) for n in notes] == [("fell after the MASH change", THEME_4_LEAD), ("", THEME_4_LEAD)]

"""The governance loop in the terminal: a chair's check-in the day after their meeting asks whether it was held, and
the words of the answer record it; a body's meetings changed and an action withdrawn in the words Slack reads, the
forms Slack opens given as the words to type instead, refused to anyone but the chair and the programme office; an
action arising reaches its owner as its prompt, so a reply without a ref is about it; and the paper is shown."""
from __future__ import annotations

from datetime import date

from governance.clock import FixedClock
from governance.meetings import NewAction
from governance.programme import Programme
from storage.store import Store
from tests.scheduling.conftest import at
from tests.test_console_check_in import said
from tests.test_console_figures import session_on

CPOG_CHAIR = "chair.cpog@example.org"
CARE = "head.cic.careleavers@example.org"


def meeting_log(store: Store) -> list[tuple[str, str]]:
    with store.uow() as uow:
        return [(change.kind.value, f"{change.meeting}") for body in uow.plan.bodies() for change in body.changes]


def test_the_chairs_check_in_after_the_meeting_asks_once_whether_it_was_held(example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-18", CPOG_CHAIR)
    shown = said(console)
    assert "Your check-in for Thu 18 Jan: 1 meeting to say held or not." in shown
    assert ("• CPOG met Wed 17 Jan at 14:00: was it held? Reply `meeting cpog held 2018-01-17` or "
            "`meeting cpog not-held 2018-01-17`.") in shown
    assert "Reply with a ref and a rating" not in shown, "nothing else is asked of the chair today"
    session.say("meeting cpog held 2018-01-17")
    assert "bot › Corporate Parenting Officers Group: the meeting of Wed 17 Jan 2018 is recorded as held." in said(
        console)
    assert meeting_log(example_store) == [("held", "2018-01-17")]
    _, later = session_on(example_store, "2018-01-19", CPOG_CHAIR)
    assert "was it held?" not in said(later)


def test_a_chair_changes_meetings_and_withdraws_an_action_in_words(example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-22", CPOG_CHAIR)
    for line in ("/readiness meeting cpog move 2018-02-28", "meeting cpog cancel 2018-03-21",
                 "/readiness action close 6k merged into 6j", "meeting cpog"):
        session.say(line)
    shown = said(console)
    assert ("bot › Corporate Parenting Officers Group: the meeting of Wed 21 Feb 2018 moves to Wed 28 Feb 2018 at "
            "14:00; papers due Fri 23 Feb.") in shown
    assert "the meeting of Wed 21 Mar 2018 is cancelled" in shown
    assert "bot › 6k is withdrawn as no longer needed (merged into 6j)" in shown
    assert ("The Corporate Parenting Officers Group's coming meetings: Wed 28 Feb 2018 14:00, Wed 18 Apr 2018 14:00"
            in shown)
    assert ("Type `meeting cpog move 2018-02-28 to DATE [HH:MM]` (or `meeting cpog move DATE` for the next one), "
            "`meeting cpog cancel 2018-02-28` or `meeting cpog add DATE [HH:MM]`.") in shown
    assert meeting_log(example_store) == [("moved", "2018-02-21"), ("cancelled", "2018-03-21")]


def test_the_action_arising_form_is_the_command_to_type(example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-22", CPOG_CHAIR)
    session.say("action add cpog")
    shown = said(console)
    assert ("Add an action arising from the Corporate Parenting Officers Group (its meeting of Wed 17 Jan 2018, or "
            "another with --meeting DATE) on the command line: readiness action add --body cpog --title \"…\" "
            f"--owner EMAIL --due DATE --theme N --by {CPOG_CHAIR}") in shown
    assert "theme 6 → 6l" in shown


def test_anyone_else_is_refused_in_one_line_and_nothing_changes(example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-22", CARE)
    for line in ("meeting cpog cancel 2018-02-21", "/readiness meeting cpog", "action add cpog",
                 "action close 6k not needed"):
        session.say(line)
    shown = said(console)
    assert shown.count("Only Chair, Corporate Parenting Officers Group (chair) and the programme office can") == 4
    assert meeting_log(example_store) == []
    with example_store.uow() as uow:
        assert uow.plan.action("6k").withdrawn is None


def test_an_action_arising_reaches_its_owner_as_its_prompt_and_a_reply_is_about_it(example_store: Store) -> None:
    chair = Programme(example_store.uow, FixedClock(at("2018-01-20", "08:00")), "Europe/London")
    chair.raise_action(NewAction("cpog", "Audit visits to children placed out of area", CARE, date(2018, 3, 30), 6),
                       by=CPOG_CHAIR)
    session, console = session_on(example_store, "2018-01-20", CARE)
    session.say("amber - audit tool agreed, first visits booked")
    shown = said(console)
    assert ("bot › New action 6l for you, arising from the CPOG on Wed 17 Jan, due Fri 30 Mar 2018: how is it going? "
            "6l Audit visits to children placed out of area Due Fri 30 Mar 2018 · not rated yet") in shown
    assert "Recorded Amber for 6l Audit visits to children placed out of area" in shown


def test_the_paper_is_shown_in_the_terminal(example_store: Store) -> None:
    session, console = session_on(example_store, "2018-01-22", CARE)
    session.say("agenda cpog")
    shown = said(console)
    assert "Corporate Parenting Officers Group — readiness paper for Wednesday 21 February 2018†" in shown
    assert "Meeting Wed 21 Feb 2018 14:00† · papers due Fri 16 Feb 2018† · chair: Chair, Corporate Parenting" in shown
    assert shown.index("Actions it oversees") < shown.index("Actions arising from the meeting of Wed 17 Jan 2018")
    assert "The body has not met yet." not in shown and shown.endswith("† illustrative: not taken from a council paper")

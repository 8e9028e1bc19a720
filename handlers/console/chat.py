"""`readiness console --as EMAIL`: chat with the bot in the terminal, reminders arriving as they fall due."""
from __future__ import annotations

import os
import sys
import threading
from typing import Callable

from rich.console import Console

from governance.people import ByEmail
from governance.programme import Programme
from handlers.console.delivery import ConsoleSender, terminal_dispatcher
from handlers.console.session import HELP, ConsoleSession
from handlers.text.printable import shown
from scheduling.settings import ReminderSettings
from scheduling.tick import tick


def run_console(*, programme: Programme, email: str, settings: ReminderSettings, console: Console,
                every: float = 60) -> int:
    person = programme.person(ByEmail(email))
    session = ConsoleSession(programme, person.email, console)
    dispatcher = terminal_dispatcher(programme, ConsoleSender({person.email: session}), settings,
                                     worker=f"console:{os.getpid()}", recipient=person.email)
    turn = threading.Lock()

    def deliver_reminders() -> None:
        with turn:
            tick(dispatcher, programme.uow)

    console.rule(shown(f"Readiness bot · you are {person.name} ({person.email})"))
    console.print(f"It is {programme.now():%a %d %b %Y %H:%M}. {HELP}")
    deliver_reminders()
    stopped = threading.Event()
    ticker = threading.Thread(target=_every, args=(every, stopped, deliver_reminders, console), daemon=True)
    ticker.start()
    try:
        while True:
            try:
                line = console.input("[bold green]you ›[/] ")
            except EOFError:
                break
            if not sys.stdin.isatty():
                console.print(shown(line))
            with turn:
                if not session.say(line):
                    break
    finally:
        stopped.set()
    console.print("Bye.")
    return 0


def _every(seconds: float, stopped: threading.Event, work: Callable[[], None], console: Console) -> None:
    """Checks for reminders in the background; a failure is told in a line and tried again next time."""
    while not stopped.wait(seconds):
        try:
            work()
        except Exception as problem:
            console.print(shown(f"(reminders could not be checked just now: {problem})"))

"""`readiness console --as EMAIL`: chat with the bot in the terminal, reminders arriving as they fall due."""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import replace
from typing import Callable

from rich.console import Console

from governance.clock import Clock
from governance.errors import UnknownPerson
from handlers.cli.render import shown
from handlers.console.delivery import ConsoleSender
from handlers.console.session import HELP, ConsoleSession
from scheduling.dispatch import Dispatcher
from scheduling.settings import ReminderSettings
from scheduling.tick import tick
from storage.store import Store


def run_console(*, store: Store, clock: Clock, tz: str, email: str, settings: ReminderSettings, console: Console,
                every: float = 60) -> int:
    with store.uow() as uow:
        person = uow.plan.person(email.strip().lower())
    if person is None:
        raise UnknownPerson(email)
    session = ConsoleSession(store, clock, tz, person.email, console)
    dispatcher = Dispatcher(store.uow, ConsoleSender({person.email: session}), clock=clock, tz=tz,
                            settings=replace(settings, pace=0), worker=f"console:{os.getpid()}",
                            recipient=person.email)
    turn = threading.Lock()

    def deliver_reminders() -> None:
        with turn:
            tick(dispatcher, store.uow)

    console.rule(shown(f"Readiness bot · you are {person.name} ({person.email})"))
    console.print(f"It is {clock.now():%a %d %b %Y %H:%M}. {HELP}")
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

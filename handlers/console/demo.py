"""`readiness demo`: the run-up to the 30–31 January 2018 monitoring visit, played in about a minute.

Everything runs for real on a fresh SQLite store with the example plan: the scheduler plans and
sends each working day's check-ins (one per person, every action that needs them) and the PMO's
digests, owners answer in free text read by the real reader (one reply is ambiguous and one is refused;
"3e amber going green" names two ratings, so its owner is asked and changes it to Green, and "forecast
next Friday" is read as a date its owner is asked to record), one says an action is not theirs, one goes
on leave and one snoozes, the Improvement Board's chair adds an action arising from its meeting and says the
meeting was held, the Operational Improvement Group's chair moves its next meeting by a day, a chair asks
`status theme 5` and `/readiness status visit`, and the readiness pack is written at the end. Only Slack is
replaced, by the terminal.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date, datetime, time as clock_time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.text import Text

from governance.meetings import NewAction
from governance.model import Channel
from governance.programme import Programme
from governance.questions import ThemeQuestion
from governance.readiness import ThemeReadiness
from governance.reminders import PMO_CHANNEL, CheckIn, OutboxItem, Status, short_name
from governance.services import PlanPack
from governance.workdays import is_working_day
from handlers.console.delivery import terminal_dispatcher
from handlers.console.session import ConsoleSession
from handlers.text.printable import printable
from scheduling.delivery import Delivery
from scheduling.settings import ReminderSettings
from scheduling.tick import tick
from storage.plan_files import example_path, read_plan_file
from storage.store import Store, open_store

FIRST_DAY, LAST_DAY = date(2018, 1, 8), date(2018, 1, 31)
PLAN_HELD = date(2018, 1, 19)
"""The example plan is the programme office's as it stood that evening: the scene imports it then and goes back to
the 8th, so each owner's January update (the plan's own, and the script's) counts from the moment it was given."""
DAY_PAUSE = 3.0
"""Seconds each working day stays on screen: the eighteen of them take about a minute."""


@dataclass(frozen=True)
class Line:
    """Something a person types on a day of the demo; with `form`, the figure they type into the check-in's form
    for that indicator instead."""

    day: date
    at: clock_time
    who: str
    text: str
    form: str | None = None


def _jan(day: int, hour: int, minute: int, who: str, text: str, *, form: str | None = None) -> Line:
    return Line(date(2018, 1, day), clock_time(hour, minute), f"{who}@example.org", text, form)


ARISING_FORM = "action arising"
ARISING = NewAction(body="improvement-board", title="Audit strategy discussions without health involvement and "
                    "report the findings to the Board", owner="head.duty.assessment@example.org",
                    due=date(2018, 2, 9), theme=5)
"""What the Improvement Board's chair types into the *Add action arising* form after the board of Thu 11 Jan."""


SCRIPT = (
    _jan(8, 9, 40, "performance.lead", "repeat referrals 17.6%"),
    _jan(8, 9, 42, "performance.lead", "assessments within 45 working days 155 of 224"),
    _jan(8, 9, 50, "performance.lead", "74%", form="cp-visits-10d"),
    _jan(8, 10, 15, "head.mash", "4a green - threshold document signed off by the safeguarding board, "
                                 "launch events booked for 29 Jan"),
    _jan(9, 9, 40, "od.early.help", "5d amber - return home interview analysis late, the new provider "
                                    "reports from February, forecast 16 Feb"),
    _jan(9, 11, 30, "head.duty.assessment", "5c(ii) red - 60 of 224 strategy discussions had no health "
                                            "involvement, raised at the MASH board; forecast end of March"),
    _jan(9, 14, 5, "hr.recruitment", "2b(i) green - advertising round live since 8 Jan, 14 applications so far"),
    _jan(9, 15, 20, "comms.lead", "7d blue, report published with the committee agenda "
                                  "https://barnet.example.org/cels/2018-01-16"),
    _jan(9, 16, 10, "finance.bp", "not mine"),
    _jan(10, 10, 0, "qa.lead", "/readiness update 3g amber - transfer meetings now weekly, backlog down to 40, "
                               "forecast 9/2/2018"),
    _jan(11, 9, 25, "od.social.care", "green - timeliness audit done, supervision dip sample booked for Friday"),
    _jan(11, 12, 10, "head.intervention.planning", "5e amber - SEAM tracker built but not yet used in every "
                                                   "strategy meeting, forecast 2 Feb"),
    _jan(11, 14, 0, "chair.improvement.board", ARISING.title, form=ARISING_FORM),
    _jan(12, 9, 20, "chair.improvement.board", "meeting csib held"),
    _jan(12, 10, 5, "head.duty.assessment", "5g green - audit booked with health colleagues for 5 Feb"),
    _jan(12, 16, 45, "head.disability", "3e amber going green - packages review 80% done"),
    _jan(12, 16, 46, "head.disability", "change"),
    _jan(12, 16, 47, "head.disability", "green"),
    _jan(15, 9, 10, "strategic.director.cyp", "meeting oig move 2018-01-24 to 2018-01-25 09:30"),
    _jan(15, 9, 50, "od.social.care", "5c(ii) red - health rota agreed from 22 Jan; compliance measured in "
                                      "February"),
    _jan(15, 11, 0, "virtual.school", "green - UASC induction running at Whitefields, 6 young people enrolled"),
    _jan(15, 11, 1, "virtual.school", "2"),
    _jan(16, 9, 35, "head.cic.careleavers", "6c amber - all plans reviewed, analysis of findings to OIG on "
                                            "24 Jan, forecast 24 Jan"),
    _jan(16, 9, 41, "head.cic.careleavers", "6k green - advocacy offer extended, Independent Visitor tender out"),
    _jan(17, 10, 30, "comms.lead", "update 5b(ii) green training delivered"),
    _jan(18, 9, 15, "head.disability", "done, review complete https://barnet.example.org/evidence/3e-packages"),
    _jan(19, 13, 0, "qa.lead", "1b green - care planning audits analysed, report to OIG on 24 Jan"),
    _jan(19, 16, 30, "hr.recruitment", "on leave until 29 Jan"),
    _jan(22, 9, 30, "head.intervention.planning", "5e red - SEAM tracker not adopted by two teams, "
                                                  "forecast next Friday"),
    _jan(22, 9, 31, "head.intervention.planning", "record"),
    _jan(23, 10, 20, "head.mash", "3a green - decision tracker live for managers since 15 Jan"),
    _jan(23, 10, 22, "head.mash", "5c(i) at risk - LCS change to record agency involvement delayed by the "
                                  "supplier, forecast 12/03/2018"),
    _jan(23, 11, 5, "comms.lead", "remind me Thursday"),
    _jan(25, 9, 45, "head.duty.assessment", "5a green - double-locked QA in place in all Duty and Assessment "
                                            "teams"),
    _jan(26, 15, 0, "ad.strategy", "2c blue - second member training session held 25 Jan "
                                   "https://barnet.example.org/evidence/2c-members"),
    _jan(29, 8, 30, "strategic.director.cyp", "status theme 5"),
    _jan(29, 8, 32, "strategic.director.cyp", "/readiness status visit"),
    _jan(29, 9, 30, "performance.lead", "contacts to referral 31% - late: the December extract failed"),
    _jan(31, 16, 0, "head.mash", "4a blue - threshold document live from 29 Jan "
                                 "https://barnet.example.org/thresholds-2018"),
)


class DemoClock:
    """The demo's "now", moved along the days as the scene plays."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


class DemoSender:
    """Shows each message in a line and leaves a check-in's actions with its recipient, as its Slack thread would."""

    def __init__(self, console: Console, sessions: dict[str, ConsoleSession], names: dict[str, str]) -> None:
        self.console, self.sessions, self.names = console, sessions, names
        self._numbers = itertools.count(1)

    def send(self, item: OutboxItem, *, now: datetime) -> Delivery:
        reminder = item.reminder
        to = "#pmo" if reminder.recipient == PMO_CHANNEL else self.names.get(reminder.recipient, reminder.recipient)
        what, shown_as = reminder.reason, str(next(self._numbers))
        if item.check_in is not None:
            shown_as = self.sessions[reminder.recipient].remember(item.check_in)
            what = _outline(item.check_in)
        self.console.print(Text.assemble(("  → ", "dim"), (printable(to), "bold"),
                                         printable(f" · {reminder.kind.value.replace('_', ' ')} · {what}")))
        return Delivery("demo", shown_as)

    def find(self, item: OutboxItem) -> Delivery | None:
        return None


def _outline(check_in: CheckIn) -> str:
    """A check-in in one line: each action with its reason, most pressing first, then figures and meetings."""
    parts = [*check_in.summaries, *(f"{ask.ref} ({ask.reason})" for ask in check_in.shown),
             *(f"{figure.indicator.name} ({figure.reason})" for figure in check_in.figures),
             *(f"was the {short_name(held.body)} meeting of {held.meeting.starts:%a %d %b} held?"
               for held in check_in.meetings)]
    return "; ".join(parts) + (f"; and {len(check_in.more)} more" if check_in.more else "")


@dataclass(frozen=True)
class DemoOutcome:
    reminders: dict[str, int]
    updates: int
    refused: int
    figures: int
    """Figures the data owners gave in the scene (the plan's imported ones are not counted)."""
    theme_5: dict[str, int]
    pack: PlanPack
    """The readiness pack as the scene ends, for the command line to write."""
    store: Path


def play_demo(*, console: Console, workdir: Path, tz: str, fast: bool) -> DemoOutcome:
    """Plays on a store of its own, beside (never in) the one DATABASE_URL names: the scene writes a month of
    scripted updates and sent reminders that no real plan should hold, and each run starts from the example plan
    afresh."""
    store_path = workdir / "readiness-demo.db"
    store = _fresh_store(store_path)
    clock = DemoClock(datetime.combine(PLAN_HELD, clock_time(18), tzinfo=ZoneInfo(tz)))
    programme = Programme(store.uow, clock, tz)
    try:
        programme.import_plan(read_plan_file(example_path("barnet-2018")))
        imported = len(programme.export_plan().updates)
        clock.instant = datetime.combine(FIRST_DAY, clock_time(8), tzinfo=ZoneInfo(tz))
        refused = _play(programme, clock, console=console, pause=0 if fast else DAY_PAUSE)
        clock.instant = datetime.combine(LAST_DAY, clock_time(17, 30), tzinfo=ZoneInfo(tz))
        return _outcome(programme, store_path, imported, refused)
    finally:
        store.close()


def _fresh_store(path: Path) -> Store:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    store.migrate()
    return store


def _play(programme: Programme, clock: DemoClock, *, console: Console, pause: float) -> int:
    """Each working day: the scheduler's pass, then what people type, each line followed by a pass as the
    running bot's scheduler would make. Returns how many updates were refused."""
    zone = ZoneInfo(programme.tz)
    people = programme.export_plan().people
    names = {p.email: p.name for p in people}
    sessions = {p.email: ConsoleSession(programme, p.email, console) for p in people}
    dispatcher = terminal_dispatcher(programme, DemoSender(console, sessions, names),
                                     ReminderSettings(pmo_channel="#pmo"), worker="demo")
    days = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    working = [d for d in days if is_working_day(d)]
    console.rule("The run-up to Ofsted monitoring visit 2 (30–31 January 2018)")
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} days"),
                  console=console, transient=True) as progress:
        task = progress.add_task("Playing", total=len(working))
        for day in working:
            progress.update(task, description=f"{day:%a %d %b}")
            console.rule(f"{day:%A %d %B %Y}", style="dim")
            clock.instant = datetime.combine(day, ReminderSettings().send_at, tzinfo=zone)
            console.print(Text(f"{clock.instant:%H:%M} the scheduler sends today's reminders", style="dim"))
            tick(dispatcher, programme.uow)
            for line in (line for line in SCRIPT if line.day == day):
                clock.instant = datetime.combine(day, line.at, tzinfo=zone)
                said = f"[form: {line.form}] {line.text}" if line.form else line.text
                console.print(Text.assemble((printable(f"{line.at:%H:%M} {names[line.who]} › "), "bold green"), said))
                if line.form:
                    _submit_form(programme, line, console)
                else:
                    sessions[line.who].say(line.text)
                tick(dispatcher, programme.uow)
            progress.advance(task)
            time.sleep(pause)
    return sum(s.refusals for s in sessions.values())


def _submit_form(programme: Programme, line: Line, console: Console) -> None:
    """The action arising, or the figure typed into the check-in's form, recorded as Slack's form records it."""
    assert line.form is not None
    if line.form == ARISING_FORM:
        said = programme.raise_action(ARISING, by=line.who).said()
    else:
        said = programme.record_figure(line.text, key=line.form, by=line.who, via=Channel.MODAL,
                                       request_key=f"demo-form:{line.day}:{line.at}").said()
    console.print(Text.assemble(("bot › ", "bold cyan"), printable(said)))


def _outcome(programme: Programme, store_path: Path, imported: int, refused: int) -> DemoOutcome:
    """What the scene did: the reminders it sent, the updates and figures its people recorded (the plan's own are
    not counted), and theme 5 as it ends."""
    kinds: dict[str, int] = {}
    for item in programme.outbox([Status.SENT], limit=100_000).items:
        kinds[item.reminder.kind.value] = kinds.get(item.reminder.kind.value, 0) + 1
    plan = programme.export_plan()
    figures = sum(1 for indicator in plan.indicators for entry in programme.indicator_history(indicator.key).entries
                  if entry.by is not None)
    theme = programme.answer(ThemeQuestion("5"))
    assert isinstance(theme, ThemeReadiness)
    return DemoOutcome(kinds, len(plan.updates) - imported, refused, figures, theme.readiness.spread,
                       programme.readiness_pack(), store_path)

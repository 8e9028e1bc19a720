"""A conversation with the bot in the terminal, as one person: the Slack conversation without Slack.

The same use cases and the same free-text reader serve it: `status ...`, `update ...`, a reply
to the last check-in or prompt, a number to answer "which action?", `undo`, and the words that
hold check-ins back: `snooze`, `remind me Monday`, `on leave until 5 Feb`, `not mine 5b(ii)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from governance import services
from governance.availability import Instruction, follow, read_instruction
from governance.checkin import check_in_statuses
from governance.clock import Clock
from governance.errors import ReadinessError
from governance.model import Channel
from governance.recording import EXAMPLE, Choice, NewUpdate, Recorded, record_reply, record_update, undo
from governance.reminders import CheckIn, Kind, OutboxItem
from governance.services import ActionStatus
from governance.workdays import local_date
from handlers.cli.render import brag_badge, printable, shown
from handlers.console.status import status_view
from handlers.status_query import DEFAULT_COMMAND, Request, StatusQuery, direct_request, parse_request, parse_status
from storage.store import Store

QUIT = ("/quit", "/exit", "quit", "exit")
HELP = ("Type what you would send the bot in Slack: `status theme 5` (or `help` for the list), "
        "`update 5b(ii) amber - provider delayed`, `update 5b(ii)` to be asked, a reply to the last check-in "
        "such as `amber - recruitment delayed, forecast 12 Feb`, `undo`, `snooze`, `remind me Monday`, "
        "`on leave until 5 Feb`, `not mine 5b(ii)`, or `/quit`.")


@dataclass
class ConsoleSession:
    store: Store
    clock: Clock
    tz: str
    email: str
    console: Console
    speaker: str = "bot"
    thread: tuple[str, ...] = ()
    """The actions of the last check-in or prompt: a reply without a ref is about one of them, as in its
    Slack thread (asked which when there are several)."""
    choice: Choice | None = None
    recorded: list[Recorded] = field(default_factory=list)
    refusals: int = 0

    def say(self, line: str) -> bool:
        """Handles one line the person typed; False when they leave."""
        text = line.strip()
        if text.lower() in QUIT:
            return False
        if text:
            try:
                self._answer(text)
            except ReadinessError as problem:
                self.refusals += "Nothing was recorded" in str(problem)
                self._bot(shown(str(problem), "red"))
        return True

    def receive(self, item: OutboxItem) -> None:
        """A message arrives: the day's check-in, a notice (someone on leave), or a digest with its readiness view."""
        reminder = item.reminder
        if reminder.kind is Kind.CHECK_IN and item.check_in is not None:
            self.check_in(item.check_in)
            return
        self._bot(shown(reminder.reason, "bold"))
        query = {Kind.VISIT_DIGEST: "visit", Kind.WEEKLY_DIGEST: "plan"}.get(reminder.kind)
        if query:
            self.console.print(status_view(parse_status(query), store=self.store, now=self.clock.now(), tz=self.tz,
                                           email=self.email))

    def check_in(self, check_in: CheckIn) -> None:
        """The day's check-in: each action with its reason and status, most pressing first."""
        statuses = check_in_statuses(check_in, uow=self.store.uow(), now=self.clock.now(), tz=self.tz)
        self.remember(check_in)
        self._bot(check_in_text(check_in, statuses))

    def remember(self, check_in: CheckIn) -> None:
        """A reply without a ref is about the check-in's actions from now on."""
        self.thread, self.choice = check_in.thread_refs, None

    def prompt(self, ref: str, *, intro: str = "") -> None:
        status = services.action_status(ref, uow=self.store.uow(), now=self.clock.now(), tz=self.tz)
        self.thread, self.choice = (status.state.action.ref,), None
        self._bot(prompt_text(status, intro))

    def _answer(self, text: str) -> None:
        """The DM's rules, as in Slack: an instruction, then a question or `update …`, else an update to read.
        `/readiness …` is the app's command, with the same words after it."""
        command = text.split()[0].lower()
        if self.choice and text.isdigit():
            self._choose(int(text))
        elif text.lower() in ("undo", "/undo"):
            self._undo()
        elif command == DEFAULT_COMMAND:
            self._request(parse_request(text[len(command):]))
        elif text.startswith("/"):
            self._bot(f"I don't know {text.split()[0]!r}. {HELP}")
        elif (instruction := read_instruction(text, today=local_date(self.clock.now(), self.tz))) is not None:
            self._follow(instruction)
        elif (request := direct_request(text)) is not None:
            self._request(request)
        else:
            self._reply(text, self.thread, Channel.CONSOLE)

    def _request(self, request: Request) -> None:
        if isinstance(request, StatusQuery):
            self.console.print(status_view(request, store=self.store, now=self.clock.now(), tz=self.tz,
                                           email=self.email))
        elif len(request.text.split()) == 1:
            self.prompt(request.ref)
        else:
            self._reply(request.text, (request.ref,), Channel.CONSOLE)

    def _follow(self, instruction: Instruction) -> None:
        """Snooze, leave or "not mine": stored at once; the notices go out with the next scheduled pass."""
        answered = follow(instruction, person=self.email, uow=self.store.uow(), now=self.clock.now(), tz=self.tz,
                          thread_refs=self.thread)
        self._bot(answered.text + (" (Already noted.)" if answered.repeated else ""))

    def _reply(self, text: str, refs: Sequence[str], via: Channel) -> None:
        outcome = record_reply(text, by=self.email, via=via, uow=self.store.uow(), now=self.clock.now(), tz=self.tz,
                               thread_refs=refs)
        if isinstance(outcome, Choice):
            self.choice = outcome
            lines = [f"  {n}. {a.ref} {a.title}" for n, a in enumerate(outcome.actions, 1)]
            self._bot("Which action is this about? Type its number.\n" + "\n".join(lines))
            return
        self._confirm(outcome)

    def _choose(self, number: int) -> None:
        choice = self.choice
        assert choice is not None
        if not 1 <= number <= len(choice.actions):
            raise ReadinessError(f"Type a number from 1 to {len(choice.actions)}.")
        reading, action = choice.reading, choice.actions[number - 1]
        recorded = record_update(NewUpdate(action.ref, reading.rating or "", self.email, Channel.CONSOLE,
                                           reading.commentary, None, reading.forecast),
                                 uow=self.store.uow(), now=self.clock.now())
        self.choice = None
        self._confirm(recorded)

    def _undo(self) -> None:
        if not self.recorded:
            raise ReadinessError("There is nothing to undo.")
        last = self.recorded.pop()
        restored = undo(last.update.id or 0, by=self.email, via=Channel.CONSOLE, uow=self.store.uow(),
                        now=self.clock.now())
        self._bot(Text.assemble(f"Undone: {restored.action.ref} is back to ",
                                brag_badge(restored.key, restored.update.rating)))

    def _confirm(self, recorded: Recorded) -> None:
        self.recorded.append(recorded)
        self.thread = (recorded.action.ref,)
        update = recorded.update
        parts = [f" for {recorded.action.ref} {recorded.action.title}"]
        if update.commentary:
            parts.append(f" · “{update.commentary}”")
        if update.forecast:
            parts.append(f" · forecast {update.forecast:%d %b %Y}")
        if update.evidence:
            parts.append(" · evidence linked")
        parts.append(" · type undo to take it back")
        self._bot(Text.assemble("Recorded ", brag_badge(recorded.key, update.rating), printable("".join(parts))))

    def _bot(self, message: RenderableType) -> None:
        """Plain strings are shown as typed: text from people and the plan is never read as markup or obeyed as
        control characters."""
        self.console.print(Text(f"{self.speaker} › ", style="bold cyan"),
                           shown(message) if isinstance(message, str) else message, sep="")


def prompt_text(status: ActionStatus, intro: str) -> Text:
    state, key = status.state, status.key
    last = state.last_update
    text = Text()
    if intro:
        text.append(printable(intro + "\n"), style="bold")
    text.append(printable(f"{state.action.ref} {state.action.title}\n"), style="bold")
    text.append(f"Due {state.action.due:%a %d %b %Y} · ")
    if last:
        text.append(f"last update {last.at:%d %b}: ")
        text.append_text(brag_badge(key, last.rating))
        text.append(printable(f" {last.commentary}") if last.commentary else "")
    else:
        text.append("not rated yet")
    text.append(f"\nReply with a rating and a line, e.g. {EXAMPLE.split(' or ')[0].strip('`')}", style="dim")
    return text


def check_in_text(check_in: CheckIn, statuses: dict[str, ActionStatus]) -> Text:
    count = len(check_in.asks)
    text = Text(f"Your check-in for {check_in.day:%a %d %b}", style="bold")
    if count:
        text.append(f": {count} action{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you, "
                    "most pressing first.", style="bold")
    for line in check_in.summaries:
        text.append(printable(f"\n{line}"))
    for number, ask in enumerate((a for a in check_in.shown if a.ref in statuses), 1):
        state, key = statuses[ask.ref].state, statuses[ask.ref].key
        text.append(printable(f"\n{number}. {ask.ref} {state.action.title}"), style="bold")
        text.append(printable(f" — {ask.reason}"), style="italic")
        text.append(f"\n   Due {state.action.due:%a %d %b %Y} · ")
        last = state.last_update
        if last:
            text.append(f"last update {last.at:%d %b}: ")
            text.append_text(brag_badge(key, last.rating))
        else:
            text.append("not rated yet")
        if not ask.may_rate:
            text.append(" (for your information: you read it, its owner rates it)", style="dim")
    if check_in.more:
        text.append(f"\nand {len(check_in.more)} more ({', '.join(a.ref for a in check_in.more)}) — reply "
                    "`REF rating …`")
    text.append("\nReply with a ref and a rating, e.g. `amber - recruitment delayed, forecast 12 Feb` (with the ref "
                "when several are asked), or `snooze`, `remind me Monday`, `on leave until 5 Feb`, `not mine REF`.",
                style="dim")
    return text

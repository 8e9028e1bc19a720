"""A conversation with the bot in the terminal, as one person: the Slack conversation without Slack.

The same use cases and the same free-text reader serve it: `/status ...`, `/update ...`, a reply
to the last prompt, a number to answer "which action?", and `undo`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, RenderableType
from rich.text import Text

from governance import services
from governance.clock import Clock
from governance.errors import ReadinessError
from governance.model import REF_PATTERN, Channel
from governance.recording import EXAMPLE, Choice, NewUpdate, Recorded, record_reply, record_update, undo
from governance.reminders import OutboxItem
from governance.services import ActionStatus
from handlers.cli.render import brag_badge
from handlers.console.status import status_view
from handlers.status_query import parse_status
from storage.store import Store

QUIT = ("/quit", "/exit", "quit", "exit")
HELP = ("Type `/status theme 5` (or `/status` for the list), `/update 5b(ii) amber - provider delayed`, "
        "`/update 5b(ii)` to be asked, a reply to the last prompt such as "
        "`amber - recruitment delayed, forecast 12 Feb`, `undo`, or `/quit`.")


@dataclass
class ConsoleSession:
    store: Store
    clock: Clock
    tz: str
    email: str
    console: Console
    speaker: str = "bot"
    prompted: str | None = None
    """The action of the last prompt: a reply without a ref is about it, as in its Slack thread."""
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
                self._bot(Text(str(problem), style="red"))
        return True

    def receive(self, item: OutboxItem) -> None:
        """A reminder arrives: with the update prompt when this person may update the action."""
        reminder = item.reminder
        if reminder.asks_update:
            self.prompt(reminder.subject, intro=reminder.reason)
            return
        self._bot(Text(reminder.reason, style="bold"))
        query = {"papers": f"board {reminder.subject}", "visit_digest": "visit", "escalation": f"action {reminder.subject}",
                 "weekly_digest": "plan"}.get(reminder.kind.value, "plan")
        self.console.print(status_view(parse_status(query), store=self.store, now=self.clock.now(), tz=self.tz,
                                       email=self.email))

    def prompt(self, ref: str, *, intro: str = "") -> None:
        status = services.action_status(ref, uow=self.store.uow(), now=self.clock.now(), tz=self.tz)
        self.prompted, self.choice = status.state.action.ref, None
        self._bot(prompt_text(status, intro))

    def _answer(self, text: str) -> None:
        if self.choice and text.isdigit():
            self._choose(int(text))
        elif text.lower() in ("undo", "/undo"):
            self._undo()
        elif text.lower() in ("help", "/help"):
            self._bot(HELP)
        elif text.lower().startswith("/status"):
            query = parse_status(text[len("/status"):])
            self.console.print(status_view(query, store=self.store, now=self.clock.now(), tz=self.tz, email=self.email))
        elif text.lower().startswith("/update"):
            self._update_command(text[len("/update"):].strip())
        elif text.startswith("/"):
            self._bot(f"I don't know {text.split()[0]!r}. {HELP}")
        else:
            self._reply(text, self.prompted, Channel.CONSOLE)

    def _update_command(self, text: str) -> None:
        words = text.split()
        if not words or not REF_PATTERN.match(words[0].lower()):
            raise ReadinessError("Start with the action's ref, e.g. `/update 5b(ii) amber - provider delayed`.")
        if len(words) == 1:
            self.prompt(words[0])
            return
        self._reply(text, words[0], Channel.CONSOLE)

    def _reply(self, text: str, ref: str | None, via: Channel) -> None:
        outcome = record_reply(text, by=self.email, via=via, uow=self.store.uow(), now=self.clock.now(), tz=self.tz,
                               thread_ref=ref)
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
        self.prompted = recorded.action.ref
        update = recorded.update
        parts = [f" for {recorded.action.ref} {recorded.action.title}"]
        if update.commentary:
            parts.append(f" · “{update.commentary}”")
        if update.forecast:
            parts.append(f" · forecast {update.forecast:%d %b %Y}")
        if update.evidence:
            parts.append(" · evidence linked")
        parts.append(" · type undo to take it back")
        self._bot(Text.assemble("Recorded ", brag_badge(recorded.key, update.rating), "".join(parts)))

    def _bot(self, message: RenderableType) -> None:
        """Plain strings are shown as typed: text from people and the plan is never read as markup."""
        shown = Text(message) if isinstance(message, str) else message
        self.console.print(Text(f"{self.speaker} › ", style="bold cyan"), shown, sep="")


def prompt_text(status: ActionStatus, intro: str) -> Text:
    state, key = status.state, status.key
    last = state.last_update
    text = Text()
    if intro:
        text.append(intro + "\n", style="bold")
    text.append(f"{state.action.ref} {state.action.title}\n", style="bold")
    text.append(f"Due {state.action.due:%a %d %b %Y} · ")
    if last:
        text.append(f"last update {last.at:%d %b}: ")
        text.append_text(brag_badge(key, last.rating))
        text.append(f" {last.commentary}" if last.commentary else "")
    else:
        text.append("not rated yet")
    text.append(f"\nReply with a rating and a line, e.g. {EXAMPLE.split(' or ')[0].strip('`')}", style="dim")
    return text

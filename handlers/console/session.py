"""A conversation with the bot in the terminal, as one person: the Slack conversation without Slack.

The core reads each line as it reads a Slack DM (`governance.conversation`): `snooze`, `remind me
Monday`, `on leave until 5 Feb` or `not mine 5b(ii)`, then `status ...` or `update ...`, then a data
owner's figure (`repeat referrals 18.1%`) or a note on one, else a reply about the last check-in or
prompt shown. The session keeps only what a terminal has instead of a Slack thread: which message was
shown last, the reply waiting for "which action?", the reading or figure waiting for its giver's word,
and what `undo` takes back. `/readiness ...` is the app's command, with the same
words after it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Sequence, assert_never

from rich.console import Console, RenderableType
from rich.text import Text

from governance.availability import Answered
from governance.brag import BragKey
from governance.conversation import Asked, Outcome, PromptWanted, Reply
from governance.errors import ReadinessError
from governance.figures import FigureRecorded, FigureUnsure, shown as figure_words
from governance.meetings import ArisingForm, MeetingForm, MeetingRequest
from governance.messages import CheckInView, DigestView, NoticeView, PromptView, view_of
from governance.model import ILLUSTRATIVE_KEY, Action, Channel, IndicatorValue
from governance.people import ByEmail
from governance.programme import Programme
from governance.questions import (
    COMMAND, AgendaRequest, ArisingRequest, GovernanceRequest, MeetingFormRequest, Question, UpdateRequest,
    WithdrawRequest, parse_request,
)
from governance.readiness import ActionState, target_shown
from governance.recording import EXAMPLE, Choice, NewUpdate, Recorded, Refused, Unsure, evidence_in
from governance.reminders import CheckIn, FigureAsk, HeldAsk, OutboxItem, short_name
from governance.services import ActionStatus
from handlers.text.agenda import agenda_view
from handlers.text.answers import answer_view
from handlers.text.printable import printable, shown
from handlers.text.views import brag_badge, due_on, undone_line
from scheduling.delivery import PermanentFailure

QUIT = ("/quit", "/exit", "quit", "exit")
HELP = ("Type what you would send the bot in Slack: `status theme 5` (or `help` for the list), "
        "`update 5b(ii) amber - provider delayed`, `update 5b(ii)` to be asked, a reply to the last check-in "
        "such as `amber - recruitment delayed, forecast 12 Feb`, a figure such as `repeat referrals 18.1%` or "
        "`n/a - system outage`, `note repeat referrals: why it moved`, `undo`, `snooze`, `remind me Monday`, "
        "`on leave until 5 Feb`, `not mine 5b(ii)`; as a chair, `meeting csib move 2018-01-18 14:00`, "
        "`meeting csib held`, `action close 5l merged into 5k`; `agenda csib`; or `/quit`.")
RECORD, CHANGE, DISMISS = ("record", "yes"), ("change",), ("n", "no", "cancel", "nothing")
"""The answers to a reading in doubt, whole words since a letter may be a rating ("r" is Red); a dismissal records
nothing and is not read as a reply."""
CHOICES = "Record it? Type `record` (or `yes`), `change`, or anything else to record nothing."
CHANGE_HINT = ("Type the rating, with a forecast or commentary only if they change (the rest is kept), e.g. `green` "
               "or `amber - forecast 2 Feb`.")
FIGURE_CHANGE_HINT = "Type the figure again, e.g. `18.1%`, `155 of 224` or `n/a - why`."
FIGURE_HINT = ("Reply with each figure, naming the indicator when several are due: e.g. `repeat referrals 18.1%`, "
               "`155 of 224` or `n/a - system outage, will send Tuesday`.")


@dataclass(frozen=True)
class Choosing:
    """A reply kept by the core until the person types the number of the action it is about."""

    event_id: str
    choice: Choice


@dataclass(frozen=True)
class Confirming:
    """A reading in doubt, waiting for its owner to record or change it: nothing is stored until they do."""

    unsure: Unsure
    kept: str | None
    """The id under which the core keeps the reply, so that `record` stores it as the core reads it (as of the day
    it was sent); None for a reading the owner changed, which only this session holds."""
    changing: bool = False
    """`change` was typed: the next line gives the rating."""


@dataclass(frozen=True)
class Weighing:
    """A figure in doubt, waiting for its giver to record it or give another: nothing is stored until they do."""

    unsure: FigureUnsure
    kept: str | None
    """The id under which the core keeps the reply, so that `record` stores it as the core reads it; None for a
    figure typed again after `change`, which `words` hold."""
    words: str = ""
    changing: bool = False
    """`change` was typed: the next line is the figure again."""


@dataclass(frozen=True)
class Done:
    """Something recorded in this session that `undo` takes back: an update, or an entry in an indicator's log."""

    id: int
    figure: bool = False


@dataclass
class ConsoleSession:
    programme: Programme
    email: str
    console: Console
    speaker: str = "bot"
    last_shown: str | None = None
    """The id of the last check-in, prompt or confirmation shown: a reply without a ref is about its actions,
    as a reply in its Slack thread would be (asked which when there are several)."""
    choosing: Choosing | None = None
    confirming: Confirming | None = None
    weighing: Weighing | None = None
    recorded: list[Done] = field(default_factory=list)
    """What was recorded in this session, oldest first, for `undo`."""
    refusals: int = 0

    @property
    def channel(self) -> str:
        """The conversation, as a Slack DM's id names one: where the messages shown are remembered."""
        return f"console:{self.email}"

    def say(self, line: str) -> bool:
        """Handles one line the person typed; False when they leave."""
        text = line.strip()
        if text.lower() in QUIT:
            return False
        if text:
            try:
                self._answer(text)
            except ReadinessError as problem:
                self.refusals += isinstance(problem, Refused)
                self._bot(shown(str(problem), "red"))
        return True

    def receive(self, item: OutboxItem) -> str:
        """A message arrives, shown as its kind's view says; returns the id it is shown under."""
        reminder = item.reminder
        view = view_of(reminder.kind)
        match view:
            case CheckInView():
                if item.check_in is None:
                    raise PermanentFailure("a check-in reached the console before its content was planned")
                return self.check_in(item.check_in)
            case NoticeView():
                self._bot(shown(reminder.reason, "bold"))
            case PromptView():
                return self.prompt(reminder.subject, intro=reminder.reason)
            case DigestView(question):
                self._bot(shown(reminder.reason, "bold"))
                self.console.print(self._view(self.programme.answer(question, asker=self.email)))
            case _:
                assert_never(view)
        return _new_id()

    def check_in(self, check_in: CheckIn) -> str:
        """The day's check-in: each action with its reason and status, most pressing first."""
        statuses = self.programme.check_in_statuses(check_in)
        shown_as = self.remember(check_in)
        self._bot(check_in_text(check_in, statuses))
        return shown_as

    def remember(self, check_in: CheckIn) -> str:
        """A reply without a ref is about the check-in's actions from now on; returns the id it is shown under."""
        self.choosing = None
        return self._about(check_in.thread_refs)

    def prompt(self, ref: str, *, intro: str = "") -> str:
        """The action's prompt, `intro` first; a reply without a ref is about it from now on. Returns the id it is
        shown under."""
        status = self.programme.action_status(ref)
        self.choosing = None
        shown_as = self._about([status.state.action.ref])
        self._bot(prompt_text(status, intro))
        return shown_as

    def _answer(self, text: str) -> None:
        command = text.split()[0].lower()
        if self.confirming:
            self._settle(text)
        elif self.weighing:
            self._settle_figure(text)
        elif self.choosing and text.isdigit():
            self._choose(int(text))
        elif text.lower() in ("undo", "/undo"):
            self._undo()
        elif command == COMMAND:
            self._command(text[len(command):])
        elif text.startswith("/"):
            self._bot(f"I don't know {text.split()[0]!r}. {HELP}")
        else:
            self._converse(text)

    def _command(self, words: str) -> None:
        """The app's command reads its words strictly, as Slack's slash command does: no free-text reply."""
        request = parse_request(words)
        if isinstance(request, UpdateRequest):
            key = _new_id()
            self._show(self.programme.give_update(request, by=self.email, via=Channel.CONSOLE, request_key=key,
                                                  keep=request.text), kept=key)
        elif isinstance(request, Question):
            self._show(Asked(request))
        else:
            self._govern(request)

    def _govern(self, request: GovernanceRequest) -> None:
        """A body's meetings, its actions arising and its paper: recorded and said in the line every front end says,
        or, for what Slack asks in a form, the words to type instead."""
        programme = self.programme
        match request:
            case MeetingRequest():
                self._bot(programme.change_meeting(request, by=self.email, via=Channel.CONSOLE).said())
            case WithdrawRequest(ref, reason):
                self._bot(programme.withdraw_action(ref, reason, by=self.email).said())
            case AgendaRequest(body):
                self.console.print(agenda_view(programme.agenda(body)))
            case MeetingFormRequest(body):
                self._bot(meeting_words(programme.meeting_form(body, by=self.email)))
            case ArisingRequest(body):
                self._bot(arising_words(programme.arising_form(body, by=self.email), self.email))
            case _:
                assert_never(request)

    def _converse(self, text: str) -> None:
        """The reply is kept first, so that "which action?" can be answered with a number, and a reading in doubt
        recorded, afterwards."""
        event_id = _new_id()
        self.programme.take_event(event_id, reply=text)
        reply = Reply(text, Channel.CONSOLE, channel=self.channel, thread=self.last_shown,
                      commands_via=Channel.CONSOLE)
        outcome = self.programme.converse(reply, speaker=ByEmail(self.email), event_id=event_id)
        if isinstance(outcome, Choice):
            self.choosing = Choosing(event_id, outcome)
        self._show(outcome, kept=event_id)

    def _show(self, outcome: Outcome, *, kept: str | None = None) -> None:
        """What the core made of a line; `kept` is where the core keeps the reply, for a reading in doubt."""
        match outcome:
            case Asked(question) if isinstance(question, Question):
                self.console.print(self._view(self.programme.answer(question, asker=self.email)))
            case Asked(request):
                self._govern(request)
            case PromptWanted(ref):
                self.prompt(ref)
            case Answered():
                self._bot(outcome.said)
            case Recorded():
                self._confirm(outcome)
            case Choice(actions=actions):
                lines = [f"  {n}. {a.ref} {a.title}" for n, a in enumerate(actions, 1)]
                self._bot("Which action is this about? Type its number.\n" + "\n".join(lines))
            case Unsure():
                self._offer(Confirming(outcome, kept))
            case FigureRecorded():
                self._figure_recorded(outcome)
            case FigureUnsure():
                self._weigh(Weighing(outcome, kept))
            case _:
                assert_never(outcome)

    def _choose(self, number: int) -> None:
        choosing = self.choosing
        assert choosing is not None
        actions = choosing.choice.actions
        if not 1 <= number <= len(actions):
            raise ReadinessError(f"Type a number from 1 to {len(actions)}.")
        outcome = self.programme.choose(choosing.event_id, actions[number - 1].ref, speaker=ByEmail(self.email),
                                        unpack=self._kept_reply)
        self.choosing = None
        self._show(outcome, kept=choosing.event_id)

    def _kept_reply(self, kept: str) -> Reply:
        """The reply the core kept, as typed here: the core reads an `update REF …` in it as the command's words."""
        return Reply(kept, Channel.CONSOLE, channel=self.channel, commands_via=Channel.CONSOLE)

    def _offer(self, confirming: Confirming) -> None:
        """Asks the owner about the reading: "I read Amber, forecast Fri 26 Jan 2018 for 5b(ii) (two ratings
        named)", what the commentary will say, whether a link goes with it, and what they may answer."""
        self.choosing, self.confirming = None, confirming
        unsure = confirming.unsure
        text = Text.assemble("I read ", shown(unsure.rating_label, "bold"),
                             printable(f", {unsure.forecast_words()} for {unsure.action.ref} ({unsure.doubts})."))
        if unsure.reading.commentary:
            text.append(printable(f"\n“{unsure.reading.commentary}”"))
        if unsure.evidence:
            text.append("\nevidence linked")
        text.append(f"\n{CHOICES}", style="bold")
        self._bot(text)

    def _settle(self, text: str) -> None:
        """The owner's answer to a reading in doubt. Anything but record or change leaves it unrecorded, and is then
        read as usual unless it only said no. A single letter is asked about again instead: it may be a rating
        ("r" is Red) or a guess at record or change, and either way no reply is a letter alone."""
        confirming, word = self.confirming, text.lower()
        assert confirming is not None
        if len(word) == 1 and word not in DISMISS and not confirming.changing:
            self._bot(f"Nothing recorded yet for {confirming.unsure.action.ref}: answer in a whole word, since a letter "
                      f"may be a rating. {CHOICES}")
            return
        self.confirming = None
        if confirming.changing:
            self._change(confirming, text)
        elif word in RECORD:
            self._record(confirming)
        elif word in CHANGE:
            self.confirming = replace(confirming, changing=True)
            self._bot(CHANGE_HINT)
        else:
            self._bot(f"Nothing recorded for {confirming.unsure.action.ref}.")
            if word not in DISMISS:
                self._answer(text)

    def _record(self, confirming: Confirming) -> None:
        """The reply the core keeps is recorded through it, confirmed; a changed reading as the owner gave it."""
        unsure = confirming.unsure
        if confirming.kept is None:
            reading = unsure.reading
            assert reading.rating is not None, "a reading in doubt always has a rating"
            self._confirm(self.programme.record_update(NewUpdate(
                unsure.action.ref, reading.rating, self.email, Channel.CONSOLE, reading.commentary,
                unsure.evidence, reading.forecast)))
            return
        self._show(self.programme.choose(confirming.kept, unsure.action.ref, speaker=ByEmail(self.email),
                                         unpack=self._kept_reply, confirmed=True), kept=confirming.kept)

    def _change(self, confirming: Confirming, text: str) -> None:
        """The owner's rating, with the commentary and forecast kept unless the line gives new ones: recorded at
        once, or offered back when the line is itself read with a doubt."""
        unsure = confirming.unsure
        ref, kept = unsure.action.ref, unsure.reading
        said = self.programme.read(text)
        if said.rating is None:
            raise ReadinessError(f"I couldn't find a rating in that, so nothing was recorded for {ref}: send your "
                                 "update again.")
        reading = replace(said, ref=ref, commentary=said.commentary or kept.commentary,
                          forecast=said.forecast or kept.forecast)
        changed = Confirming(replace(unsure, reading=reading, evidence=evidence_in(text) or unsure.evidence), None)
        if reading.confirm:
            self._offer(changed)
        else:
            self._record(changed)

    def _weigh(self, weighing: Weighing) -> None:
        """Asks the giver about a figure in doubt ("Is 6% right for Contacts leading to a referral (December 2017)?"
        and why not), and what they may answer."""
        self.choosing, self.weighing = None, weighing
        self._bot(Text.assemble(printable(weighing.unsure.said()), (f"\n{CHOICES}", "bold")))

    def _settle_figure(self, text: str) -> None:
        """The giver's answer to a figure in doubt, as to a reading in doubt: record, change (the next line is the
        figure again), or anything else to record nothing, read as usual unless it only said no."""
        weighing, word = self.weighing, text.lower()
        assert weighing is not None
        name = weighing.unsure.indicator.name
        if len(word) == 1 and word not in DISMISS and not weighing.changing:
            self._bot(f"Nothing recorded yet for {name}: answer in a whole word. {CHOICES}")
            return
        self.weighing = None
        if weighing.changing:
            self._figure_again(weighing.unsure, text)
        elif word in RECORD:
            self._record_figure(weighing)
        elif word in CHANGE:
            self.weighing = replace(weighing, changing=True)
            self._bot(FIGURE_CHANGE_HINT)
        else:
            self._bot(f"Nothing recorded for {name}.")
            if word not in DISMISS:
                self._answer(text)

    def _record_figure(self, weighing: Weighing) -> None:
        """The reply the core keeps is recorded through it, confirmed; a figure typed again as its giver typed it."""
        unsure = weighing.unsure
        if weighing.kept is None:
            self._show(self.programme.record_figure(weighing.words, key=unsure.indicator.key, by=self.email,
                                                    via=Channel.CONSOLE, month=unsure.figure.month, confirmed=True))
            return
        self._show(self.programme.confirm_figure(weighing.kept, speaker=ByEmail(self.email), unpack=self._kept_reply))

    def _figure_again(self, unsure: FigureUnsure, text: str) -> None:
        """The figure typed again for the same indicator and month: recorded at once, or weighed again when it is
        itself in doubt."""
        outcome = self.programme.record_figure(text, key=unsure.indicator.key, by=self.email, via=Channel.CONSOLE,
                                               month=unsure.figure.month)
        if isinstance(outcome, FigureUnsure):
            self._weigh(Weighing(outcome, None, words=text))
        else:
            self._figure_recorded(outcome)

    def _figure_recorded(self, recorded: FigureRecorded) -> None:
        """Said as every front end says it; `undo` takes it back, as it does an update."""
        assert recorded.figure.id is not None, "the store numbers every entry it records"
        self.recorded.append(Done(recorded.figure.id, figure=True))
        self._bot(f"{recorded.said()} Type undo to take it back.")

    def _undo(self) -> None:
        """Takes back the last thing recorded in the session, an update or a figure."""
        if not self.recorded:
            raise ReadinessError("There is nothing to undo.")
        done = self.recorded.pop()
        if done.figure:
            self._bot(undone_line(self.programme.undo_figure(done.id, by=self.email, via=Channel.CONSOLE)))
            return
        restored = self.programme.undo(done.id, by=self.email, via=Channel.CONSOLE)
        self._bot(Text.assemble(f"Undone: {restored.action.ref} is back to ",
                                brag_badge(restored.key, restored.update.rating)))

    def _confirm(self, recorded: Recorded) -> None:
        """A reply after the confirmation is about the action just updated, as in the thread it was asked in."""
        update, action = recorded.update, recorded.action
        assert update.id is not None, "the store numbers every update it records"
        self.recorded.append(Done(update.id))
        self._about([action.ref])
        said = " · ".join((f"for {action.ref} {action.title}", *recorded.details(), "type undo to take it back"))
        self._bot(Text.assemble("Recorded ", brag_badge(recorded.key, update.rating), printable(f" {said}")))

    def _about(self, refs: Sequence[str]) -> str:
        """Shows a message about these actions under a new id, remembered by the core as a Slack prompt is."""
        self.last_shown = _new_id()
        if refs:
            self.programme.remember_prompt(channel=self.channel, ts=self.last_shown, refs=list(refs),
                                           person=self.email)
        return self.last_shown

    def _view(self, answer: object) -> RenderableType:
        return answer_view(answer, self.programme.tz)

    def _bot(self, message: RenderableType) -> None:
        """Plain strings are shown as typed: text from people and the plan is never read as markup or obeyed as
        control characters."""
        self.console.print(Text(f"{self.speaker} › ", style="bold cyan"),
                           shown(message) if isinstance(message, str) else message, sep="")


def _new_id() -> str:
    """Unique across sessions and runs, since the store keeps what was shown under it."""
    return uuid.uuid4().hex


def prompt_text(status: ActionStatus, intro: str) -> Text:
    state, key = status.state, status.key
    last = state.last_update
    text = Text()
    if intro:
        text.append(printable(intro + "\n"), style="bold")
    text.append(printable(f"{state.action.ref} {state.action.title}\n"), style="bold")
    text.append(f"{_due_heading(state.action)} · ")
    text.append_text(_last_update(state, key))
    text.append(printable(f" {last.commentary}") if last and last.commentary else "")
    text.append(f"\nReply with a rating and a line, e.g. {EXAMPLE.split(' or ')[0].strip('`')}", style="dim")
    if state.action.provenance.illustrative:
        text.append(f"\n{ILLUSTRATIVE_KEY}", style="dim")
    return text


def _due_heading(action: Action) -> str:
    """`Due Mon 22 Jan 2018`, or that the plan gives the action no date yet."""
    return f"Due {due_on(action, '%a %d %b %Y')}" if action.due else f"No due date yet{action.provenance.mark}"


def _last_update(state: ActionState, key: BragKey) -> Text:
    """`last update 19 Jan: Amber`; a comment without a rating also shows the rating it leaves in place, which
    the comment alone does not."""
    last = state.last_update
    if last is None:
        return Text("not rated yet")
    text = Text(f"last update {last.at:%d %b}: ")
    text.append_text(brag_badge(key, last.rating))
    if last.rating is None:
        text.append(" (BRAG ")
        text.append_text(brag_badge(key, state.rating))
        text.append(")")
    return text


def _figure_ask(ask: FigureAsk) -> Text:
    """`• Repeat referrals within 12 months — December's figure is due today`, then the last figure given and the
    target, so the data owner sees at once whether the new one is in line."""
    indicator, given = ask.indicator, _last_given(ask)
    last = (f"last {figure_words(indicator, given)}{given.provenance.mark} ({given.month:%b %Y})" if given
            else "no figure given yet")
    target = f"target {target_shown(indicator)}" if indicator.target is not None else "no target"
    text = Text()
    text.append(printable(f"\n• {indicator.name}"), style="bold")
    text.append(printable(f" — {ask.reason}"), style="italic")
    text.append(printable(f"\n   {last} · {target}"))
    return text


def _last_given(ask: FigureAsk) -> IndicatorValue | None:
    earlier = [v for v in ask.indicator.values if v.month < ask.month]
    return earlier[-1] if earlier else None


def _marked(ask: FigureAsk) -> bool:
    """The last figure or the target a figure's line shows is illustrative."""
    last, indicator = _last_given(ask), ask.indicator
    return bool(last and last.provenance.illustrative) or (indicator.target is not None
                                                           and indicator.target_provenance.illustrative)


def meeting_words(form: MeetingForm) -> str:
    """What Slack asks in the meeting form, as the words to type: the body's coming meetings and each change."""
    key, coming = form.body.key, form.coming
    listed = ", ".join(f"{m.starts:%a %d %b %Y %H:%M}" for m in coming) or "none planned"
    first = f"{coming[0].day:%Y-%m-%d}" if coming else "DATE"
    return (f"The {form.body.name}'s coming meetings: {listed}.\n"
            f"Type `meeting {key} move {first} to DATE [HH:MM]` (or `meeting {key} move DATE` for the next one), "
            f"`meeting {key} cancel {first}` or `meeting {key} add DATE [HH:MM]`.")


def arising_words(form: ArisingForm, email: str) -> str:
    """What Slack asks in the action-arising form, as the command that adds one, with the meeting it would arise
    from and the ref each theme would give it."""
    body = form.body
    if not form.meetings:
        return f"The {body.name} has not met in the past year, so nothing has arisen from it yet."
    refs = ", ".join(f"theme {number} → {ref}" for number, ref in sorted(form.next_refs.items()))
    return (f"Add an action arising from the {body.name} (its meeting of {form.meetings[0].day:%a %d %b %Y}, or "
            f"another with --meeting DATE) on the command line:\n  readiness action add --body {body.key} --title "
            f"\"…\" --owner EMAIL --due DATE --theme N --by {email}\nNext refs: {refs}.")


def held_text(ask: HeldAsk) -> Text:
    """`• CSIB met Thu 11 Jan at 10:00: was it held?`, then the two replies, each the words of the command."""
    key, day = ask.body.key, f"{ask.meeting.day:%Y-%m-%d}"
    text = Text()
    text.append(printable(f"\n• {short_name(ask.body)} met {ask.meeting.starts:%a %d %b at %H:%M}: was it held?"),
                style="bold")
    text.append(printable(f"\n   Reply `meeting {key} held {day}` or `meeting {key} not-held {day}`."))
    return text


def check_in_text(check_in: CheckIn, statuses: dict[str, ActionStatus]) -> Text:
    count, figures, held = len(check_in.asks), len(check_in.figures), len(check_in.meetings)
    text = Text(f"Your check-in for {check_in.day:%a %d %b}", style="bold")
    needs = ([f"{count} action{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you, most pressing first"]
             if count else []) + ([f"{figures} figure{'s are' if figures != 1 else ' is'} due from you"]
                                  if figures else []) + ([f"{held} meeting{'s' if held != 1 else ''} to say held or "
                                                          "not"] if held else [])
    if needs:
        text.append(f": {'; '.join(needs)}.", style="bold")
    for line in check_in.summaries:
        text.append(printable(f"\n{line}"))
    for number, ask in enumerate((a for a in check_in.shown if a.ref in statuses), 1):
        state, key = statuses[ask.ref].state, statuses[ask.ref].key
        text.append(printable(f"\n{number}. {ask.ref} {state.action.title}"), style="bold")
        text.append(printable(f" — {ask.reason}"), style="italic")
        text.append(f"\n   {_due_heading(state.action)} · ")
        text.append_text(_last_update(state, key))
        if not ask.may_rate:
            text.append(" (for your information: you read it, its owner rates it)", style="dim")
    if check_in.more:
        text.append(f"\nand {len(check_in.more)} more ({', '.join(a.ref for a in check_in.more)}) — reply "
                    "`REF rating …`")
    for figure in check_in.figures:
        text.append_text(_figure_ask(figure))
    for ask in check_in.meetings:
        text.append_text(held_text(ask))
    if check_in.asks or not (check_in.figures or check_in.meetings):
        text.append("\nReply with a ref and a rating, e.g. `amber - recruitment delayed, forecast 12 Feb` (with the "
                    "ref when several are asked), or `snooze`, `remind me Monday`, `on leave until 5 Feb`, "
                    "`not mine REF`.", style="dim")
    if check_in.figures:
        text.append(f"\n{FIGURE_HINT}", style="dim")
    if (any(statuses[ask.ref].state.action.provenance.illustrative for ask in check_in.shown if ask.ref in statuses)
            or any(_marked(figure) for figure in check_in.figures)):
        text.append(f"\n{ILLUSTRATIVE_KEY}", style="dim")
    return text

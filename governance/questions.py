"""What people ask the bot, read once into a typed question and answered by one use case.

The words after the app's command (`/readiness status theme 5`), the same words in a DM or an
@mention, the console and `readiness status …` on the command line all become one of these
questions. Each question knows its words, its place in the help and the use case that answers it,
so a new question is one class here and one renderer per front end.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from governance import figures, services
from governance.meetings import VERBS as MEETING_VERBS, MeetingRequest, parse_meeting
from governance.answers import Answer, HelpAnswer, NoVisit, Overdue, OwnedActions, PlanAnswer
from governance.errors import ReadinessError
from governance.model import REF_PATTERN
from governance.ports import UnitOfWork

COMMAND = "/readiness"
"""The app's slash command unless a council names it otherwise; the console reads it too."""
VERBS = ("status", "update", "help", "meeting", "agenda")
UPDATE_EXAMPLE = "update 5b(ii) amber - provider delayed"
GOVERNANCE_HELP = (
    ("meeting csib move 2018-01-18 14:00", "move a body's next meeting (or `cancel DATE`, `add DATE [TIME]`, "
     "`held [DATE]`, `not-held [DATE]`; `meeting csib` alone opens its form): its chair and the programme office"),
    ("action add csib", "add an action arising from a body's last meeting (its chair and the programme office)"),
    ("action close 5l merged into 5k", "withdraw an action as no longer needed: it stays in the plan, shown as "
     "withdrawn"),
    ("agenda csib", "the readiness paper for a body's next meeting"),
)


@dataclass(frozen=True)
class Question(ABC):
    """One kind of question. A subclass names its word, what it takes after the word, and how it is answered."""

    word: ClassVar[str]
    example: ClassVar[str]
    meaning: ClassVar[str]
    argument: ClassVar[str] = ""
    """What follows the word, e.g. "a theme number"; empty when the question takes nothing."""
    several_words: ClassVar[bool] = False
    """A body's name may have several words; a theme number or a ref is one."""
    about_asker: ClassVar[bool] = False
    """Answered about whoever asks (`status mine`), so the command line must say who that is."""
    hint: ClassVar[str] = ""
    """A shorter way to ask, which the help adds after the meaning."""

    @property
    def words(self) -> str:
        """What comes after the word, as typed."""
        return ""

    @property
    def text(self) -> str:
        """The question as words again (`theme 5`): what a paging button carries to ask it once more."""
        return f"{self.word} {self.words}".strip()

    @abstractmethod
    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        """The question's use case, answered as of `now`; `asker` is whoever asked, by e-mail."""


@dataclass(frozen=True)
class Help(Question):
    word, example, meaning = "help", "help", "what I can tell you"

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return HelpAnswer(help_lines())


@dataclass(frozen=True)
class ThemeQuestion(Question):
    word, example, meaning = "theme", "status theme 5", "readiness of a theme"
    argument, hint = "a theme number", "or just `theme 5`"
    number: str

    @property
    def words(self) -> str:
        return self.number

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return services.theme_readiness(self.number, uow=uow, now=now, tz=tz)


@dataclass(frozen=True)
class ActionQuestion(Question):
    word, example, meaning = "action", "status action 5b(ii)", "one action and its updates"
    argument = "an action ref"
    ref: str

    @property
    def words(self) -> str:
        return self.ref

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return services.action_status(self.ref, uow=uow, now=now, tz=tz)


@dataclass(frozen=True)
class PlanQuestion(Question):
    word, example, meaning = "plan", "status plan", "the whole plan"

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return PlanAnswer(services.plan_readiness(uow=uow, now=now, tz=tz))


@dataclass(frozen=True)
class OverdueQuestion(Question):
    word, example, meaning = "overdue", "status overdue", "every overdue action"

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return Overdue(services.overdue_readiness(uow=uow, now=now, tz=tz))


@dataclass(frozen=True)
class VisitQuestion(Question):
    word, example, meaning = "visit", "status visit", "the next Ofsted monitoring visit"

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return services.visit_readiness(uow=uow, now=now, tz=tz) or NoVisit()


@dataclass(frozen=True)
class BoardQuestion(Question):
    word, example, meaning = "board", "status board cpog", "the next meeting of a governance body"
    argument, several_words = "a body's name", True
    name: str

    @property
    def words(self) -> str:
        return self.name

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return services.body_readiness(self.name, uow=uow, now=now, tz=tz)


@dataclass(frozen=True)
class MineQuestion(Question):
    word, example, meaning = "mine", "status mine", "the actions you own"
    about_asker = True

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        if not asker:
            raise ReadinessError("Say whose actions: `status mine` answers about the person asking.")
        return OwnedActions(services.my_actions(asker, uow=uow, now=now, tz=tz))


@dataclass(frozen=True)
class IndicatorsQuestion(Question):
    word, example, meaning = "indicators", "status indicators", "every indicator against its target, and its trend"

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return services.indicators_readiness(uow=uow, now=now, tz=tz)


@dataclass(frozen=True)
class IndicatorQuestion(Question):
    word, example = "indicator", "status indicator repeat referrals"
    meaning = "one indicator: its trend, who gave it, what is owed"
    argument, several_words = "an indicator's key or name", True
    name: str

    @property
    def words(self) -> str:
        return self.name

    def answer(self, *, uow: UnitOfWork, now: datetime, tz: str, asker: str | None) -> Answer:
        return figures.indicator_status(self.name, uow=uow, now=now, tz=tz)


ASKED: tuple[type[Question], ...] = (Help, ThemeQuestion, ActionQuestion, PlanQuestion, OverdueQuestion, VisitQuestion,
                                     BoardQuestion, MineQuestion, IndicatorsQuestion, IndicatorQuestion)
"""Every question, in the order the help lists them."""
BY_WORD = {question.word: question for question in ASKED}


@dataclass(frozen=True)
class UpdateRequest:
    """`update REF [rating and commentary]`: the words after the verb, as typed."""

    text: str

    @property
    def ref(self) -> str:
        return self.text.split()[0] if self.text.split() else ""

    @property
    def asks_for_prompt(self) -> bool:
        """`update 5b(ii)` alone asks to be sent the action's prompt rather than giving an update."""
        return len(self.text.split()) == 1


@dataclass(frozen=True)
class MeetingFormRequest:
    """`meeting BODY` alone: the form that moves, cancels or adds one of the body's meetings."""

    body: str


@dataclass(frozen=True)
class ArisingRequest:
    """`action add BODY`: the form that adds an action arising from the body's last meeting."""

    body: str


@dataclass(frozen=True)
class WithdrawRequest:
    """`action close REF [reason]`: the action is no longer needed."""

    ref: str
    reason: str = ""


@dataclass(frozen=True)
class AgendaRequest:
    """`agenda BODY`: the readiness paper for the body's next meeting."""

    body: str


GovernanceRequest = MeetingRequest | MeetingFormRequest | ArisingRequest | WithdrawRequest | AgendaRequest
Request = Question | UpdateRequest | GovernanceRequest


def help_lines() -> tuple[tuple[str, str], ...]:
    """What the bot answers to, as (example, meaning): the one list every front end's help shows."""
    asked = tuple((q.example, f"{q.meaning} ({q.hint})" if q.hint else q.meaning) for q in ASKED if q is not Help)
    return (*asked, (UPDATE_EXAMPLE, "give an update (`update 5b(ii)` sends you its form)"), *GOVERNANCE_HELP)


def usage() -> str:
    examples = [*(q.example for q in ASKED if q is not Help), UPDATE_EXAMPLE, *(e for e, _ in GOVERNANCE_HELP)]
    return "try " + ", ".join(f"`{e}`" for e in examples) + " or `help`"


def parse_request(text: str) -> Request:
    """`status …` (the default verb, so `theme 5` alone works too), `update …` or `help`."""
    words = text.split()
    if not words:
        return Help()
    verb, rest = words[0].lower(), text.strip()[len(words[0]):].strip()
    if verb == "update":
        return parse_update(rest)
    if verb in ("meeting", "agenda") or (verb == "action" and len(words) > 1 and words[1].lower() in ("add", "close")):
        return parse_governance(verb, rest)
    if verb == "status":
        return parse_status(rest)
    if verb in BY_WORD:
        return parse_status(text)
    raise ReadinessError(f"I can't read `{text.strip()[:80]}`: {usage()}")


def parse_governance(verb: str, rest: str) -> GovernanceRequest:
    """`meeting BODY [VERB …]`, `agenda BODY`, `action add BODY` or `action close REF [reason]`."""
    words = rest.split()
    if verb == "meeting":
        if not words:
            raise ReadinessError(f"Say which body, e.g. `{GOVERNANCE_HELP[0][0]}`.")
        named = any(w.lower().replace("_", "-") in MEETING_VERBS for w in words[1:])
        return parse_meeting(rest) if named else MeetingFormRequest(rest)
    if verb == "agenda":
        if not words:
            raise ReadinessError("Say which body, e.g. `agenda csib`.")
        return AgendaRequest(rest)
    what, after = words[0].lower(), words[1:]
    if what == "add":
        if not after:
            raise ReadinessError("Say which body it arose at, e.g. `action add csib`.")
        return ArisingRequest(" ".join(after))
    if not after:
        raise ReadinessError("Say which action, e.g. `action close 5l merged into 5k`.")
    return WithdrawRequest(after[0], " ".join(after[1:]))


def parse_status(text: str) -> Question:
    """The question in the words after `status`."""
    words = text.split()
    if not words:
        return Help()
    kind = BY_WORD.get(words[0].lower())
    if kind is None:
        raise ReadinessError(f"I can't read `{text.strip()[:80]}`: {usage()}")
    return ask(kind, words[1:])


def ask(kind: type[Question], words: list[str]) -> Question:
    """The question `kind` with the words after it, refused when they are not what it takes."""
    if kind.argument and not words:
        raise ReadinessError(f"`{kind.word}` needs {kind.argument}: {usage()}")
    if not kind.argument and words:
        raise ReadinessError(f"`{kind.word}` takes nothing after it: {usage()}")
    if kind.argument and not kind.several_words and len(words) > 1:
        raise ReadinessError(f"`{kind.word}` takes just {kind.argument}: {usage()}")
    return kind(" ".join(words)) if kind.argument else kind()  # type: ignore[call-arg]


def parse_update(text: str) -> UpdateRequest:
    request = UpdateRequest(text.strip())
    if not request.text:
        raise ReadinessError("Say which action and how it is going, e.g. `update 5b(ii) amber - recruitment "
                             "delayed, forecast 12 Feb`, or `update 5b(ii)` to be sent its prompt.")
    if not REF_PATTERN.match(request.ref.lower()):
        raise ReadinessError("Start with the action's ref, e.g. `update 5b(ii) amber - provider delayed`.")
    return request


def direct_request(text: str) -> Request | None:
    """What a DM asks, or None when it is an update to read. A DM is a question only when it reads exactly
    as one of the command's requests: "status theme 5" is one, but "Status: green - training done" and
    "status for 5b(ii): red, deadline missed" are owners' updates."""
    words = text.split()
    if not words or words[0].lower() not in (*VERBS, *BY_WORD):
        return None
    try:
        return parse_request(text)
    except ReadinessError:
        return None

"""Reading what people ask the bot: the words after the app's command (`/readiness status theme 5`), the
same words in a DM or an @mention, and the terminal console. Every front end reads them here, once."""
from __future__ import annotations

from dataclasses import dataclass

from governance.errors import ReadinessError
from governance.model import REF_PATTERN

DEFAULT_COMMAND = "/readiness"
KINDS = {"help": 0, "theme": 1, "action": 1, "plan": 0, "overdue": 0, "visit": 0, "board": -1, "mine": 0}
"""How many words each question takes after it; -1 for a body's name, which may have several."""
ARGUMENT = {"theme": "a theme number", "action": "an action ref", "board": "a body's name"}
USAGE = ("try `status theme 5`, `status action 5b(ii)`, `status plan`, `status overdue`, `status visit`, "
         "`status board cpog`, `status mine`, `update 5b(ii) amber - provider delayed` or `help`")
VERBS = ("status", "update", "help")
QUESTIONS = (
    ("status theme 5", "readiness of a theme (or just `theme 5`)"),
    ("status action 5b(ii)", "one action and its updates"),
    ("status plan", "the whole plan"),
    ("status overdue", "every overdue action"),
    ("status visit", "the next Ofsted monitoring visit"),
    ("status board cpog", "the next meeting of a governance body"),
    ("status mine", "the actions you own"),
    ("update 5b(ii) amber - provider delayed", "give an update (`update 5b(ii)` sends you its form)"),
)
"""What the bot answers to: the one list every front end's help shows."""


@dataclass(frozen=True)
class StatusQuery:
    kind: str
    arg: str = ""

    @property
    def text(self) -> str:
        return f"{self.kind} {self.arg}".strip()


@dataclass(frozen=True)
class UpdateRequest:
    """`update REF [rating and commentary]`: the words after the verb, as typed."""

    text: str

    @property
    def ref(self) -> str:
        return self.text.split()[0] if self.text.split() else ""


Request = StatusQuery | UpdateRequest


def parse_request(text: str) -> Request:
    """`status …` (the default verb, so `theme 5` alone works too), `update …` or `help`."""
    words = text.split()
    if not words:
        return StatusQuery("help")
    verb, rest = words[0].lower(), text.strip()[len(words[0]):].strip()
    if verb == "update":
        return parse_update(rest)
    if verb == "status":
        return parse_status(rest)
    if verb in KINDS:
        return parse_status(text)
    raise ReadinessError(f"I can't read `{text.strip()[:80]}`: {USAGE}")


def parse_status(text: str) -> StatusQuery:
    words = text.split()
    if not words:
        return StatusQuery("help")
    kind, rest = words[0].lower(), words[1:]
    if kind not in KINDS:
        raise ReadinessError(f"I can't read `{text.strip()[:80]}`: {USAGE}")
    takes = KINDS[kind]
    if takes and not rest:
        raise ReadinessError(f"`{kind}` needs {ARGUMENT[kind]}: {USAGE}")
    if takes == 0 and rest:
        raise ReadinessError(f"`{kind}` takes nothing after it: {USAGE}")
    if takes == 1 and len(rest) > 1:
        raise ReadinessError(f"`{kind}` takes just {ARGUMENT[kind]}: {USAGE}")
    return StatusQuery(kind, " ".join(rest))


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
    if not words or words[0].lower() not in (*VERBS, *KINDS):
        return None
    try:
        return parse_request(text)
    except ReadinessError:
        return None

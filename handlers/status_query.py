"""Reading `/status ...` text, shared by Slack and the terminal console."""
from __future__ import annotations

from dataclasses import dataclass

from governance.errors import ReadinessError

KINDS = {"help": 0, "theme": 1, "action": 1, "plan": 0, "overdue": 0, "visit": 0, "board": 1, "mine": 0}
ARGUMENT = {"theme": "a theme number", "action": "an action ref", "board": "a body's name"}
USAGE = "try `/status theme 5`, `/status action 5b(ii)`, `/status plan`, `/status overdue`, `/status visit`, `/status board cpog` or `/status mine`"


@dataclass(frozen=True)
class StatusQuery:
    kind: str
    arg: str = ""

    @property
    def text(self) -> str:
        return f"{self.kind} {self.arg}".strip()


def parse_status(text: str) -> StatusQuery:
    words = text.split()
    if not words:
        return StatusQuery("help")
    kind, rest = words[0].lower(), " ".join(words[1:])
    if kind not in KINDS:
        raise ReadinessError(f"I can't read `{text.strip()[:80]}`: {USAGE}")
    if KINDS[kind] and not rest:
        raise ReadinessError(f"`{kind}` needs {ARGUMENT[kind]}: {USAGE}")
    if not KINDS[kind] and rest:
        raise ReadinessError(f"`{kind}` takes nothing after it: {USAGE}")
    return StatusQuery(kind, rest)

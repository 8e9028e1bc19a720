"""What a question is answered with: one type per kind of answer, so each front end draws each once.

Several questions roll up the same way (`status plan`, `status overdue`, `status mine` all read a
`Readiness`); each still gets its own type here, because each is shown differently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from governance.figures import IndicatorStatus
from governance.readiness import IndicatorsReadiness, Readiness, ThemeReadiness, VisitReadiness
from governance.services import ActionStatus, BodyReadiness


@dataclass(frozen=True)
class HelpAnswer:
    questions: tuple[tuple[str, str], ...]
    """(example, meaning) for everything the bot answers to."""


@dataclass(frozen=True)
class PlanAnswer:
    readiness: Readiness


@dataclass(frozen=True)
class Overdue:
    readiness: Readiness


@dataclass(frozen=True)
class OwnedActions:
    """The actions one person owns: what `status mine` shows them."""

    readiness: Readiness


@dataclass(frozen=True)
class NoVisit:
    """No monitoring visit is planned: an answer in itself, not an error."""


Answer = (HelpAnswer | ThemeReadiness | ActionStatus | PlanAnswer | Overdue | VisitReadiness | NoVisit
          | BodyReadiness | OwnedActions | IndicatorsReadiness | IndicatorStatus)
"""What any question is answered with."""
ANSWER_TYPES: tuple[type, ...] = get_args(Answer)
"""Every answer type: each front end's renderers are checked against this list."""

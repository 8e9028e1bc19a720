"""`--json` output: the same answers as the tables, in a shape scripts can rely on.

Each answer type (`governance.answers.ANSWER_TYPES`) has one JSON shape, chosen by its type, as the
terminal has one view per type.
"""
from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from functools import singledispatch
from typing import Any, Mapping

from governance.answers import HelpAnswer, NoVisit, Overdue, OwnedActions, PlanAnswer
from governance.audit import Trail
from governance.figures import RECENT_MONTHS, IndicatorHistory, IndicatorStatus, shown
from governance.model import Action, Figure, Indicator, IndicatorValue, Provenance, Update, Withdrawal
from governance.readiness import (
    ActionState, IndicatorReading, IndicatorsReadiness, Readiness, ThemeReadiness, VisitReadiness,
)
from governance.reply_reader import Reading
from governance.reminders import OutboxItem, Status
from governance.services import ActionStatus, BodyReadiness


C1_CONTROLS = re.compile(r"[\x7f-\x9f]")


def dumps(value: Any) -> str:
    """Strict JSON, as scripts' parsers expect: never `Infinity` or `NaN` (a reading leaves non-finite values
    out). The output is often read in a terminal, so the control characters json leaves raw (DEL and C1,
    such as the one-byte escape sequence introducer) are escaped too."""
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False, default=_default)
    return C1_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def update_json(update: Update) -> dict[str, Any]:
    return {"id": update.id, "at": update.at, "by": update.by, "via": update.via.value, "rating": update.rating,
            "commentary": update.commentary, "evidence": update.evidence, "forecast": update.forecast}


def provenance_json(provenance: Provenance, prefix: str = "") -> dict[str, Any]:
    """Where a fact comes from, beside it: `source` (document and paragraph, "" when the plan does not say) and
    `illustrative`; `prefix` names the fact when it shares its object with others (`target_source`)."""
    return {f"{prefix}source": provenance.source, f"{prefix}illustrative": provenance.illustrative}


def state_json(state: ActionState) -> dict[str, Any]:
    """An action and its state; `source` and `illustrative` are of its due date."""
    action = state.action
    return {
        "ref": action.ref, "theme": action.theme, "title": action.title, "owner": action.owner,
        "owner_name": state.owner_name, "due": action.due, **provenance_json(action.provenance), "body": action.body,
        "rating": state.rating, "overdue": state.overdue, "due_soon": state.due_soon, "stale": state.stale,
        "red_twice": state.red_twice, "blue_without_evidence": state.blue_without_evidence,
        "working_days_to_due": state.working_days_to_due, "escalated": state.escalated,
        "escalated_because": state.escalated_because or None,
        "last_update": update_json(state.last_update) if state.last_update else None,
        "raised_at": action.raised_at, "withdrawn": withdrawal_json(action.withdrawn),
    }


def withdrawal_json(withdrawal: Withdrawal | None) -> dict[str, Any] | None:
    """When an action was closed as no longer needed, by whom (an e-mail; null for a plan file) and why; null for an
    action still open."""
    if withdrawal is None:
        return None
    return {"at": withdrawal.at, "by": withdrawal.by, "reason": withdrawal.reason}


def withdrawn_json(action: Action) -> dict[str, Any]:
    """An action withdrawn from a roll-up: listed beside its actions, never among them."""
    return {"ref": action.ref, "theme": action.theme, "title": action.title, "owner": action.owner,
            "body": action.body, "raised_at": action.raised_at, "withdrawn": withdrawal_json(action.withdrawn)}


def value_json(value: IndicatorValue) -> dict[str, Any]:
    """A month's figure as it stands: who gave it (`by`, an e-mail; null for an import), when and how, the
    proportion it was given as, and the theme lead's note on it ("" when none)."""
    return {"month": value.month, "value": value.value, **provenance_json(value.provenance), "by": value.by,
            "at": value.at, "via": value.via.value if value.via else None, "numerator": value.numerator,
            "denominator": value.denominator, "note": value.note}


def figure_json(indicator: Indicator, figure: Figure, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One entry of an indicator's log as stored, with `shown` as every front end says it; a number stored before
    import refused non-finite ones is null, as in a reading."""
    return {"id": figure.id, "month": figure.month, "kind": figure.kind.value, "value": _finite(figure.value),
            "numerator": _finite(figure.numerator), "denominator": _finite(figure.denominator),
            "shown": shown(indicator, figure), "by": figure.by,
            "by_name": (names or {}).get(figure.by, figure.by) if figure.by else None, "at": figure.at,
            "via": figure.via.value, "comment": figure.comment, **provenance_json(figure.provenance)}


def _finite(number: float | None) -> float | None:
    return number if number is not None and math.isfinite(number) else None


def reading_json(reading: IndicatorReading) -> dict[str, Any]:
    """An indicator against its target: `source` is where the measure is reported; each figure says where it
    comes from beside it (the target's as `target_source` and `target_illustrative`)."""
    indicator = reading.indicator
    return {
        "key": indicator.key, "name": indicator.name, "unit": indicator.unit, "source": indicator.source,
        "direction": indicator.direction.value, "target": indicator.target,
        **provenance_json(indicator.target_provenance, "target_"), "status": reading.status,
        "trend": reading.trend, "section": reading.section.value if reading.section else None,
        "latest": value_json(reading.latest) if reading.latest else None, "supplier": reading.supplier,
        "note": reading.latest.note if reading.latest else "",
    }


def readiness_json(readiness: Readiness) -> dict[str, Any]:
    return {
        "title": readiness.title, "as_of": readiness.as_of, "spread": readiness.spread,
        "actions": [state_json(s) for s in readiness.states],
        "overdue": [s.action.ref for s in readiness.overdue],
        "due_soon": [s.action.ref for s in readiness.due_soon],
        "stale": [s.action.ref for s in readiness.stale],
        "blue_without_evidence": [s.action.ref for s in readiness.blue_without_evidence],
        "red_twice": [s.action.ref for s in readiness.red_twice],
        "owners_not_answered": [{"email": c.email, "name": c.name, "refs": list(c.refs)}
                                for c in readiness.owners_not_answered],
        "indicators": [reading_json(r) for r in readiness.indicators],
        "worried_about": readiness.worried_about, "working_well": readiness.working_well,
        "needs_to_happen": readiness.needs_to_happen,
        "withdrawn": [withdrawn_json(a) for a in readiness.withdrawn],
    }


@singledispatch
def answer_json(answer: object) -> dict[str, Any]:
    raise TypeError(f"no JSON shape for {type(answer).__name__}")


@answer_json.register
def _help(answer: HelpAnswer) -> dict[str, Any]:
    return {"questions": [{"example": example, "meaning": meaning} for example, meaning in answer.questions]}


@answer_json.register
def theme_json(theme: ThemeReadiness) -> dict[str, Any]:
    return {"theme": {"number": theme.theme.number, "title": theme.theme.title, "lead": theme.theme.lead},
            **readiness_json(theme.readiness)}


@answer_json.register
def action_json(status: ActionStatus) -> dict[str, Any]:
    return {**state_json(status.state), "history": [update_json(u) for u in status.history]}


@answer_json.register
def _plan(answer: PlanAnswer) -> dict[str, Any]:
    return readiness_json(answer.readiness)


@answer_json.register
def _overdue(answer: Overdue) -> dict[str, Any]:
    return {"as_of": answer.readiness.as_of, "overdue": [state_json(s) for s in answer.readiness.overdue]}


@answer_json.register
def visit_json(visit: VisitReadiness) -> dict[str, Any]:
    return {
        "visit": {"start": visit.visit.start, "end": visit.visit.end, **provenance_json(visit.visit.provenance),
                  "title": visit.visit.title,
                  "focus_areas": [{"name": f.name, "themes": list(f.themes), "actions": list(f.actions)}
                                  for f in visit.visit.focus_areas]},
        "examined": [state_json(s) for s in visit.examined],
        "working_days_to_go": visit.working_days_to_go,
        "countdown": visit.countdown,
        "themes": [theme_json(t) for t in visit.themes],
        **readiness_json(visit.readiness),
    }


@answer_json.register
def _no_visit(answer: NoVisit) -> dict[str, Any]:
    return {"visit": None}


@answer_json.register
def _body(board: BodyReadiness) -> dict[str, Any]:
    meeting = board.meeting
    return {"body": {"key": board.body.key, "name": board.body.name, "chair": board.body.chair,
                     "whole_plan": board.body.whole_plan},
            "next_meeting": {"starts": meeting.starts, "paper_deadline": meeting.paper_deadline,
                             **provenance_json(board.body.provenance)} if meeting else None,
            "escalations": [state_json(s) for s in board.escalations],
            **readiness_json(board.readiness)}


@answer_json.register
def _owned(answer: OwnedActions) -> dict[str, Any]:
    return readiness_json(answer.readiness)


@answer_json.register
def _indicators(answer: IndicatorsReadiness) -> dict[str, Any]:
    def group(readings: tuple[IndicatorReading, ...]) -> list[dict[str, Any]]:
        return [{**reading_json(r), "history": [value_json(v) for v in r.history],
                 "recent": [value_json(v) for v in r.history[-RECENT_MONTHS:]]} for r in readings]

    return {"as_of": answer.as_of, "worried_about": group(answer.worried_about),
            "working_well": group(answer.working_well), "not_judged": group(answer.not_judged)}


@answer_json.register
def _indicator(status: IndicatorStatus) -> dict[str, Any]:
    """`status indicator KEY`: the reading as `status indicators` writes it, the recent months oldest first, its
    data owner and what is due: `due` the next collection date, `owed` the month still without a figure, and
    `not_available` the data owner's entry saying why, when they said."""
    indicator = status.reading.indicator
    names = {indicator.owner: status.owner_name} if indicator.owner and status.owner_name else {}
    return {**reading_json(status.reading), "recent": [value_json(v) for v in status.recent],
            "owner": indicator.owner, "owner_name": status.owner_name, "collection_day": indicator.collection_day,
            "due": status.due, "owed": status.owed,
            "not_available": figure_json(indicator, status.not_available, names) if status.not_available else None}


def indicator_history_json(history: IndicatorHistory) -> dict[str, Any]:
    indicator = history.indicator
    return {"key": indicator.key, "name": indicator.name, "unit": indicator.unit,
            "entries": [figure_json(indicator, f, history.names) for f in history.entries]}


def read_json(reading: Reading) -> dict[str, Any]:
    """What the reply reader takes from a phrase: `confirm` says the bot would ask the owner before storing it,
    for the `unsure` reasons."""
    return {"rating": reading.rating, "forecast": reading.forecast, "ref": reading.ref,
            "commentary": reading.commentary, "confirm": reading.confirm, "unsure": list(reading.unsure)}


def trail_json(trail: Trail) -> dict[str, Any]:
    return {"ref": trail.action.ref, "title": trail.action.title,
            "updates": [{**update_json(e.update), "changes": list(e.changes)} for e in trail.entries]}


def outbox_json(items: list[OutboxItem], counts: dict[Status, int]) -> dict[str, Any]:
    return {"counts": {s.value: n for s, n in counts.items()}, "items": [_outbox_item(i) for i in items]}


def _outbox_item(item: OutboxItem) -> dict[str, Any]:
    reminder = item.reminder
    return {"key": reminder.key, "kind": reminder.kind.value, "subject": reminder.subject,
            "recipient": reminder.recipient, "day": reminder.day, "due_at": item.due_at, "status": item.status.value,
            "reason": reminder.reason, "attempts": item.attempts, "sent_at": item.sent_at, "error": item.error,
            "channel": item.channel, "ts": item.ts}

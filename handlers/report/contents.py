"""What both formats of the pack say beyond the readiness they draw: who escalations are addressed to, and
whether the mark's key is needed."""
from __future__ import annotations

from governance.readiness import ESCALATE_OVERDUE
from governance.services import PlanPack


def escalations_heading(pack: PlanPack) -> str:
    """Addressed to the body responsible for the whole plan, which every escalation reaches."""
    body = pack.whole_plan_body
    return f"Escalations to {body.name}" if body else "Escalations"


def escalations_intro(pack: PlanPack) -> str:
    rule = (f"Actions Red in two updates running or overdue {ESCALATE_OVERDUE}+ working days, whichever body "
            "oversees them.")
    return rule if pack.whole_plan_body else f"{rule} The plan names no body responsible for the whole plan."


def illustrative(pack: PlanPack) -> bool:
    """The pack shows an illustrative fact (a due date, an indicator's figure or target, the visit's dates), so
    it ends with the mark's key."""
    visit = pack.visit
    return (pack.overall.illustrative or any(t.readiness.illustrative for t in pack.themes)
            or bool(visit and (visit.visit.provenance.illustrative or visit.readiness.illustrative)))

"""`/status ...` in the terminal: the same queries and use cases as Slack, drawn with rich."""
from __future__ import annotations

from datetime import datetime

from rich.console import RenderableType
from rich.markdown import Markdown

from governance import services
from handlers.cli import render
from handlers.status_query import QUESTIONS, StatusQuery
from storage.store import Store


def status_view(query: StatusQuery, *, store: Store, now: datetime, tz: str, email: str) -> RenderableType:
    if query.kind == "help":
        return Markdown("**What I can tell you**\n\n" + "\n".join(f"* `{example}`: {meaning}"
                                                                 for example, meaning in QUESTIONS))
    if query.kind == "theme":
        return render.theme_view(services.theme_readiness(query.arg, uow=store.uow(), now=now, tz=tz))
    if query.kind == "action":
        return render.action_view(services.action_status(query.arg, uow=store.uow(), now=now, tz=tz), tz)
    if query.kind in ("plan", "overdue"):
        readiness = services.plan_readiness(uow=store.uow(), now=now, tz=tz)
        return render.overdue_view(readiness) if query.kind == "overdue" else render.readiness_view(
            readiness, f"As of {readiness.as_of:%a %d %b %Y}")
    if query.kind == "visit":
        visit = services.visit_readiness(uow=store.uow(), now=now, tz=tz)
        return render.visit_view(visit) if visit else "No monitoring visit is planned."
    if query.kind == "board":
        return render.body_view(services.body_readiness(query.arg, uow=store.uow(), now=now, tz=tz))
    return render.readiness_view(services.my_actions(email, uow=store.uow(), now=now, tz=tz))

"""Errors a person can act on: each carries the short sentence they are shown, never a traceback."""
from __future__ import annotations

import difflib
from typing import Iterable, Sequence


class ReadinessError(Exception):
    """A refusal or a bad request, worded for the person who made it."""


def first_line(error: BaseException) -> str:
    """An error's own words, first line only (urllib's `reason` when it has one): drivers and SDKs add
    statements, parameters and links that would turn a one-line answer into a screenful."""
    text = str(getattr(error, "reason", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class UnknownTheme(ReadinessError):
    def __init__(self, asked: str, themes: Iterable[tuple[int, str]]) -> None:
        listing = "; ".join(f"{n} {title}" for n, title in themes)
        super().__init__(f"no theme {asked}. Themes: {listing}" if listing else f"no theme {asked}: the plan has no themes yet")


class UnknownAction(ReadinessError):
    def __init__(self, asked: str, refs: Sequence[str]) -> None:
        close = difflib.get_close_matches(asked.lower(), refs, n=5, cutoff=0.3)
        if close:
            hint = f"; closest: {', '.join(close)}"
        else:
            hint = f"; refs look like {', '.join(sorted(refs)[:3])}" if refs else "; the plan has no actions yet"
        super().__init__(f"no action {asked}{hint}")


class UnknownPerson(ReadinessError):
    def __init__(self, asked: str) -> None:
        super().__init__(f"{asked} is not in the plan's people; the programme office can add them")


class NoPlan(ReadinessError):
    def __init__(self) -> None:
        super().__init__("the store holds no plan yet: run `readiness init --example barnet-2018` or `readiness import FILE`")


class PlanInvalid(ReadinessError):
    """Every problem found in a plan file, each naming its sheet, row and column."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:20]
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__("nothing was imported:\n" + "\n".join(f"  {p}" for p in shown) + more)

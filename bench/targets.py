"""Issue 16's targets, worked out from a run's figures (the JSON `bench.run --json` writes).

Each target is `{"value", "limit", "unit", "met"}` under a name such as `sqlite.theme.ack_p99_c8_ratio`. The
figures of one size are judged against the targets set for 10,000 actions: `full`, or `tiny` when only that
was run (a run that proves the pipeline, and says so); the scale targets need `large`, and the comparison
with 10,000 actions needs `full` too. A target whose size was not run is absent; one whose figure is missing
(no answer arrived) has value None and is not met. The run's time is judged only for a run that did what
the default run does at full size (both stores, the usual number of requests).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable

from bench.measure import REQUESTS, STORES

BASE_SIZES = ("full", "tiny")
"""The sizes judged against the targets for 10,000 actions, the first one run being judged."""
JUDGED_AT = 8
"""Service times and answers per second are read from the bursts at concurrency 8, as the ack targets are."""


@dataclass(frozen=True)
class Target:
    says: str
    """What it means, for a reader of the README."""
    limit: float
    unit: str
    within: str
    """"<=", ">=" or "<": how the value must stand to the limit."""
    needs: str = "base"
    """The size whose run it is judged on: "base" (10,000 actions, or tiny), "large" (with "full" for a
    comparison of the two), or "full" for the run's own time."""


COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, ">=": operator.ge, "<": operator.lt}
TARGETS = {
    "theme.ack_p99_c8_ratio": Target("`/readiness status theme 5` ack p99 at concurrency 8, against the floor's",
                                     1.5, "x floor", "<="),
    "theme.ack_p99_c32_ratio": Target("`/readiness status theme 5` ack p99 at concurrency 32, against the floor's",
                                      2.0, "x floor", "<="),
    "overdue.ack_p99_c8_ratio": Target("`/readiness status overdue` ack p99 at concurrency 8, against the floor's",
                                       1.5, "x floor", "<="),
    "overdue.ack_p99_c32_ratio": Target("`/readiness status overdue` ack p99 at concurrency 32, against the floor's",
                                        2.0, "x floor", "<="),
    "dm_reply.ack_p99_c8_ratio": Target("DM reply ack p99 at concurrency 8, against the floor's", 3.0, "x floor",
                                        "<="),
    "theme.service_p50_ms": Target("`status theme 5` answer service time p50", 15.0, "ms", "<="),
    "overdue.service_p50_ms": Target("`status overdue` answer service time p50 (first page and counts)", 40.0, "ms",
                                     "<="),
    "app_home.service_p50_ms": Target("App Home service time p50 (build and views.publish)", 20.0, "ms", "<="),
    "theme.answers_per_s": Target("`status theme 5` answers per second", 60.0, "answers/s", ">="),
    "overdue.answers_per_s": Target("`status overdue` answers per second", 25.0, "answers/s", ">="),
    "bot_peak_rss_mb": Target("bot peak RSS", 200.0, "MB", "<"),
    "theme.service_p50_large_ratio": Target("`status theme 5` service time p50 at 100,000 actions, against 10,000",
                                            3.0, "x full size", "<=", needs="large"),
    "overdue.service_p50_large_ratio": Target("`status overdue` service time p50 at 100,000 actions, against 10,000",
                                              3.0, "x full size", "<=", needs="large"),
    "tick_plan_s_large": Target("a reminder tick over 100,000 actions, planning (before sending)", 2.0, "s", "<=",
                                needs="large"),
    "bot_peak_rss_mb_large": Target("bot peak RSS at 100,000 actions", 400.0, "MB", "<", needs="large"),
    "run.wall_minutes": Target("the whole `bench.run` at full size (both stores, floor included)", 15.0, "minutes",
                               "<=", needs="full"),
}
"""Every target, by its name without the store."""


def evaluate(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every target the run's sizes allow, by name."""
    sizes, found = figures["sizes"], {}
    base = next((size for size in BASE_SIZES if size in sizes), None)
    runs = {(run["size"], run["store"]): run for run in figures["runs"]}
    floor = {row["concurrency"]: row["p99_ms"] for row in figures["floor"]}
    for (size, store), run in runs.items():
        values = {}
        if size == base:
            values |= _at_base(run, floor)
        if size == "large":
            values |= _at_large(run, runs.get(("full", store)))
        found |= {f"{store}.{name}": judged(name, value) for name, value in values.items()}
    if _whole_run_at_full_size(figures):
        others = sum(seconds for size, seconds in figures["size_wall_s"].items() if size != "full")
        found["run.wall_minutes"] = judged("run.wall_minutes", (figures["wall_s"] - others) / 60)
    return found


def _whole_run_at_full_size(figures: dict[str, Any]) -> bool:
    """Whether the run's time says how long the default run takes: both stores, the usual bursts at full size."""
    return ("full" in figures["sizes"] and sorted(figures["stores"]) == sorted(STORES)
            and figures["requests"]["full"] == REQUESTS["full"])


def judged(name: str, value: float | None) -> dict[str, Any]:
    """One target's entry, `name` as TARGETS has it."""
    target = TARGETS[name]
    met = value is not None and COMPARE[target.within](value, target.limit)
    return {"value": value, "limit": target.limit, "unit": target.unit, "met": met}


def split(name: str) -> tuple[str | None, str]:
    """An entry's store (None for the whole run) and its target's name in TARGETS."""
    if name in TARGETS:
        return None, name
    store, target = name.split(".", 1)
    return store, target


def _at_base(run: dict[str, Any], floor: dict[int, float | None]) -> dict[str, float | None]:
    bursts = _bursts(run)
    values = {f"{what}.ack_p99_c{level}_ratio": _ratio(bursts[what, level]["ack"]["p99_ms"], floor[level])
              for what, level in (("theme", 8), ("theme", 32), ("overdue", 8), ("overdue", 32), ("dm_reply", 8))}
    values |= {f"{what}.service_p50_ms": _service_p50(bursts, what) for what in ("theme", "overdue", "app_home")}
    values |= {f"{what}.answers_per_s": bursts[what, JUDGED_AT]["answers_per_s"] for what in ("theme", "overdue")}
    values["bot_peak_rss_mb"] = run["bot_peak_rss_mb"]
    return values


def _at_large(run: dict[str, Any], full: dict[str, Any] | None) -> dict[str, float | None]:
    values = {"tick_plan_s_large": run["tick"]["materialise_s"], "bot_peak_rss_mb_large": run["bot_peak_rss_mb"]}
    if full is not None:
        values |= {f"{what}.service_p50_large_ratio": _ratio(_service_p50(_bursts(run), what),
                                                             _service_p50(_bursts(full), what))
                   for what in ("theme", "overdue")}
    return values


def _bursts(run: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(burst["what"], burst["concurrency"]): burst for burst in run["bursts"]}


def _service_p50(bursts: dict[tuple[str, int], dict[str, Any]], what: str) -> float | None:
    service = bursts[what, JUDGED_AT]["service"]
    return service["p50_ms"] if service else None


def _ratio(value: float | None, against: float | None) -> float | None:
    return value / against if value is not None and against else None

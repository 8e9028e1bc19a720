"""The benchmark's bookkeeping, without running it: the targets worked out from figures, the README's block
generated from the file it names, and the answer-timing line the bot writes read back."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bench.measure import REQUESTS
from bench.readme import README, quoted, render, rewrite
from bench.run import main as run_bench
from bench.service import SERVICE_LINE
from bench.targets import TARGETS, evaluate
from handlers.slack.commands import log_service_time

ROOT = Path(__file__).resolve().parents[2]
FLOOR_P99 = 10.0


def burst(what: str, concurrency: int, *, ack_p99: float, service_p50: float | None,
          answers_per_s: float | None) -> dict[str, Any]:
    service = None if service_p50 is None else {"n": 8, "p50_ms": service_p50, "p95_ms": service_p50,
                                                  "p99_ms": service_p50}
    return {"what": what, "label": what, "concurrency": concurrency,
            "ack": {"n": 8, "p50_ms": ack_p99, "p95_ms": ack_p99, "p99_ms": ack_p99, "throughput": 100.0,
                    "failures": 0},
            "service": service, "answered": 8 if service else 0, "answers_per_s": answers_per_s}


def run(size: str, store: str, *, service_p50: float, rss: float, plan_s: float) -> dict[str, Any]:
    bursts = [burst(what, level, ack_p99=FLOOR_P99 * 1.4, service_p50=service_p50, answers_per_s=80.0)
              for level in (1, 8, 32) for what in ("theme", "overdue", "app_home")]
    bursts += [burst("dm_reply", level, ack_p99=FLOOR_P99 * 4, service_p50=None, answers_per_s=None)
               for level in (1, 8, 32)]
    return {"size": size, "store": store, "generate_s": 1.0, "bursts": bursts, "stored_replies": 24,
            "sent_replies": 24, "bot_peak_rss_mb": rss,
            "tick": {"materialise_s": plan_s, "reminders": 5, "dispatch_s": 0.1, "sent": 5, "peak_rss_mb": 80.0}}


def figures(sizes: list[str], runs: list[dict[str, Any]], size_wall_s: dict[str, float]) -> dict[str, Any]:
    return {"date": "2026-11-26T01:00:00+00:00", "cpus": 2, "sizes": sizes, "stores": ["sqlite", "postgresql"],
            "requests": {size: REQUESTS[size] for size in sizes},
            "scales": {size: {"actions": 10, "updates": 100} for size in sizes},
            "floor": [{"concurrency": level, "n": 8, "p50_ms": FLOOR_P99, "p95_ms": FLOOR_P99,
                       "p99_ms": FLOOR_P99, "throughput": 100.0, "failures": 0} for level in (1, 8, 32)],
            "runs": runs, "size_wall_s": size_wall_s, "floor_s": 5.0, "wall_s": 60.0 + sum(size_wall_s.values())}


def test_a_run_at_both_sizes_is_judged_against_every_target_and_the_full_runs_time_leaves_the_large_one_out() -> None:
    found = evaluate(figures(["full", "large"], [run("full", "sqlite", service_p50=10.0, rss=150.0, plan_s=0.5),
                                                 run("large", "sqlite", service_p50=35.0, rss=390.0, plan_s=2.5)],
                             {"full": 540.0, "large": 1800.0}))
    assert found["sqlite.theme.ack_p99_c8_ratio"] == {"value": pytest.approx(1.4), "limit": 1.5, "unit": "x floor",
                                                      "met": True}
    assert found["sqlite.dm_reply.ack_p99_c8_ratio"]["met"] is False
    assert all(found[f"sqlite.{what}.service_p50_ms"]["met"] for what in ("theme", "overdue", "app_home"))
    assert found["sqlite.theme.answers_per_s"]["met"] and found["sqlite.overdue.answers_per_s"]["met"]
    assert found["sqlite.theme.service_p50_large_ratio"]["value"] == pytest.approx(3.5)
    assert found["sqlite.theme.service_p50_large_ratio"]["met"] is False
    assert found["sqlite.tick_plan_s_large"] == {"value": 2.5, "limit": 2.0, "unit": "s", "met": False}
    assert found["sqlite.bot_peak_rss_mb"]["met"] and found["sqlite.bot_peak_rss_mb_large"]["met"]
    assert found["run.wall_minutes"]["value"] == pytest.approx(10.0)
    assert sorted(found) == sorted(name if name.startswith("run.") else f"sqlite.{name}" for name in TARGETS)


def test_a_target_is_absent_unless_its_size_was_run_and_is_not_met_without_an_answer() -> None:
    full = run("full", "sqlite", service_p50=10.0, rss=150.0, plan_s=0.5)
    next(b for b in full["bursts"] if (b["what"], b["concurrency"]) == ("theme", 8))["service"] = None
    found = evaluate(figures(["full"], [full], {"full": 540.0}))
    assert sorted(found) == sorted(name if name.startswith("run.") else f"sqlite.{name}"
                                   for name, target in TARGETS.items() if target.needs != "large")
    assert found["sqlite.theme.service_p50_ms"] == {"value": None, "limit": 15.0, "unit": "ms", "met": False}
    assert found["run.wall_minutes"]["value"] == pytest.approx(10.0)
    assert "run.wall_minutes" not in evaluate({**figures(["full"], [full], {"full": 540.0}),
                                               "requests": {"full": 20}})
    assert "Absent, as their sizes were not run: the targets at 100,000 actions" in render(
        {**figures(["full"], [full], {"full": 540.0}), "targets": found}, "bench/results/x.json")


def test_the_readme_quotes_exactly_the_figures_of_the_run_it_names() -> None:
    source, block = quoted(README.read_text())
    kept = json.loads((ROOT / source).read_text())
    assert block == render(kept, source)


def test_regenerating_the_readme_changes_only_its_block() -> None:
    readme = "before\n<!-- bench:start old.json -->\nold figures\n<!-- bench:end -->\nafter\n"
    kept = figures(["full"], [run("full", "sqlite", service_p50=10.0, rss=150.0, plan_s=0.5)], {"full": 540.0})
    kept["targets"] = evaluate(kept)
    rewritten = rewrite(readme, kept, "bench/results/new.json")
    assert rewritten.startswith("before\n<!-- bench:start bench/results/new.json -->\n")
    assert rewritten.endswith("<!-- bench:end -->\nafter\n")
    assert "**NOT MET**" in rewritten and "| met |" in rewritten
    assert quoted(rewritten) == ("bench/results/new.json", render(kept, "bench/results/new.json"))


def test_the_bench_reads_the_service_time_the_bot_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="readiness.slack.answers"):
        log_service_time("status theme 5", started=0.0)
    line = SERVICE_LINE.search(caplog.records[0].getMessage())
    assert line is not None and line["what"] == "status theme 5" and float(line["ms"]) > 0


def test_an_unknown_size_is_refused_before_anything_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        run_bench(["--size", "full,huge"])
    assert refused.value.code == 2 and "unknown size huge" in capsys.readouterr().err

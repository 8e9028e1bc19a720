"""The benchmark and the reliability drill, run at a tiny size only to prove they work: no timing is asserted."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.readme import render
from bench.targets import TARGETS
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
KINDS = ["app_home", "dm_reply", "overdue", "theme"]
ANSWERED = ("theme", "overdue", "app_home")


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_benchmark_measures_acks_service_times_and_answers_per_second_on_both_stores(
        postgres: PostgresServer, tmp_path: Path) -> None:
    result = bench("bench.run", "--size", "tiny", "--json", str(tmp_path / "figures.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads((tmp_path / "figures.json").read_text())
    assert [row["concurrency"] for row in figures["floor"]] == [1, 8, 32]
    assert [(run["size"], run["store"]) for run in figures["runs"]] == [("tiny", "sqlite"), ("tiny", "postgresql")]
    for run in figures["runs"]:
        assert sorted({burst["what"] for burst in run["bursts"]}) == KINDS
        assert all(burst["ack"]["n"] == 8 and burst["ack"]["failures"] == 0 for burst in run["bursts"])
        answered = [burst for burst in run["bursts"] if burst["what"] in ANSWERED]
        assert all(burst["answered"] == burst["service"]["n"] == 8 for burst in answered)
        assert all(0 < burst["service"]["p50_ms"] <= burst["service"]["p99_ms"] for burst in answered)
        assert all(burst["answers_per_s"] > 0 for burst in answered)
        assert run["stored_replies"] == run["sent_replies"] == 24
        assert run["tick"]["reminders"] > 0 and run["tick"]["sent"] == run["tick"]["reminders"]
        assert run["bot_peak_rss_mb"] > 0
    at_base = [name for name, target in TARGETS.items() if target.needs == "base"]
    assert sorted(figures["targets"]) == sorted(f"{store}.{name}" for store in ("sqlite", "postgresql")
                                                for name in at_base)
    assert all(set(entry) == {"value", "limit", "unit", "met"} and entry["value"] is not None
               for entry in figures["targets"].values())
    assert "ack p99 / floor" in result.stdout and "service p50" in result.stdout and "answers/s" in result.stdout
    assert "A tiny run" in render(figures, "figures.json")


def test_the_drill_sends_every_reminder_once_through_a_kill_a_restart_and_slack_faults(
        postgres: PostgresServer) -> None:
    result = bench("bench.drill", "--size", "tiny")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "killed with SIGKILL" in out and "PostgreSQL back" in out and "settled" in out
    assert "PASSED" in out

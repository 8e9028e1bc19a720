"""The benchmark and the reliability drill, run at a tiny size only to prove they work: no timing is asserted."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[2]


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_benchmark_measures_both_stores_and_the_floor(postgres: PostgresServer, tmp_path: Path) -> None:
    result = bench("bench.run", "--size", "tiny", "--json", str(tmp_path / "figures.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads((tmp_path / "figures.json").read_text())
    assert [row["concurrency"] for row in figures["floor"]] == [1, 8, 32]
    assert [store["store"] for store in figures["stores"]] == ["sqlite", "postgresql"]
    for store in figures["stores"]:
        assert sorted({run["what"] for run in store["runs"]}) == ["/readiness status overdue", "/readiness status theme 5", "DM reply"]
        assert all(run["ack"]["n"] == 8 and run["ack"]["failures"] == 0 for run in store["runs"])
        assert all(run["answer"]["n"] == 8 for run in store["runs"] if run["what"].startswith("/readiness"))
        assert store["stored_replies"] == store["sent_replies"] == 24
        assert store["tick"]["reminders"] > 0 and store["tick"]["sent"] == store["tick"]["reminders"]
        assert store["bot_peak_rss_mb"] > 0
    assert "p99 / floor" in result.stdout


def test_the_drill_sends_every_reminder_once_through_a_kill_a_restart_and_slack_faults(
        postgres: PostgresServer) -> None:
    result = bench("bench.drill", "--size", "tiny")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "killed with SIGKILL" in out and "PostgreSQL back" in out and "settled" in out
    assert "PASSED" in out

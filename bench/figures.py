"""The figures `--json` keeps: plain numbers in milliseconds, seconds and megabytes, None where nothing was
measured (JSON has no NaN)."""
from __future__ import annotations

import math
from typing import Any

from bench.load import Stats
from bench.measure import LABELS, Burst, StoreRun


def floor_rows(floor: list[Stats]) -> list[dict[str, Any]]:
    return [{"concurrency": stats.concurrency, **acks(stats)} for stats in floor]


def acks(stats: Stats) -> dict[str, Any]:
    """Acknowledgements: latency percentiles, requests per second over the burst, and requests refused."""
    return {**latencies(stats), "throughput": stats.throughput, "failures": stats.failures}


def latencies(stats: Stats) -> dict[str, Any]:
    return {"n": len(stats.latencies), "p50_ms": _ms(stats.p50), "p95_ms": _ms(stats.p95), "p99_ms": _ms(stats.p99)}


def run_figures(run: StoreRun) -> dict[str, Any]:
    return {"size": run.size, "store": run.store, "generate_s": run.generate_s,
            "bursts": [_burst(burst) for burst in run.bursts], "stored_replies": run.stored_replies,
            "sent_replies": run.sent_replies, "bot_peak_rss_mb": run.peak_rss_mb, "tick": run.tick}


def _burst(burst: Burst) -> dict[str, Any]:
    return {"what": burst.what, "label": LABELS[burst.what], "concurrency": burst.concurrency, "ack": acks(burst.ack),
            "service": latencies(burst.service) if burst.service else None, "answered": burst.answered,
            "answers_per_s": burst.answers_per_s}


def _ms(seconds: float) -> float | None:
    return None if math.isnan(seconds) else seconds * 1000

"""What `bench.run` prints: a table per size and store as each is measured, then every target, met or NOT MET."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from bench.targets import TARGETS, split

COLUMNS = ("what", "conc.", "n", "ack p50", "ack p95", "ack p99", "req/s", "ack p99 / floor", "service p50",
           "service p99", "answers/s")


def show_run(console: Console, run: dict[str, Any], floor: list[dict[str, Any]]) -> None:
    """One store at one size, printed as soon as it is measured: a long run shows its progress."""
    console.print(_table(run, {row["concurrency"]: row for row in floor}))
    console.print(_summary(run))


def show_targets(console: Console, figures: dict[str, Any]) -> None:
    console.print(_targets(figures["targets"]))
    console.print(f"Whole run: {figures['wall_s'] / 60:.1f} minutes on {figures['cpus']} CPUs.")


def _table(run: dict[str, Any], floor: dict[int, dict[str, Any]]) -> Table:
    table = Table(title=f"{run['store']} at size {run['size']}: ms (ack = HTTP response; service = building the "
                        "answer and posting it, from the bot's log; answers/s = answers over first request to last "
                        "answer)")
    for column in COLUMNS:
        table.add_column(column, justify="left" if column == "what" else "right")
    for level, row in floor.items():
        table.add_row("bare Bolt ack (floor)", str(level), str(row["n"]), _ms(row["p50_ms"]), _ms(row["p95_ms"]),
                      _ms(row["p99_ms"]), f"{row['throughput']:.0f}", "1.00", "", "", "")
    for burst in run["bursts"]:
        ack, service, level = burst["ack"], burst["service"], burst["concurrency"]
        ratio = ack["p99_ms"] / floor[level]["p99_ms"] if ack["p99_ms"] and floor[level]["p99_ms"] else None
        table.add_row(burst["label"], str(level), str(ack["n"]), _ms(ack["p50_ms"]), _ms(ack["p95_ms"]),
                      _ms(ack["p99_ms"]), f"{ack['throughput']:.0f}", _number(ratio, 2),
                      _ms(service["p50_ms"]) if service else "", _ms(service["p99_ms"]) if service else "",
                      _number(burst["answers_per_s"], 1))
    return table


def _summary(run: dict[str, Any]) -> str:
    tick = run["tick"]
    return (f"Plan generated in {run['generate_s']:.0f}s. DM replies stored: {run['stored_replies']} of "
            f"{run['sent_replies']}. Tick: {tick['reminders']} reminders planned in {tick['materialise_s']:.2f}s, "
            f"{tick['sent']} sent to the stand-in in {tick['dispatch_s']:.2f}s; tick process peak RSS "
            f"{tick['peak_rss_mb']:.0f} MB. Bot peak RSS: {run['bot_peak_rss_mb']:.0f} MB.")


def _targets(found: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Targets (issue 16)")
    for column in ("target", "store", "value", "limit", "met"):
        table.add_column(column, justify="left" if column in ("target", "store") else "right")
    for name, entry in found.items():
        store, target = split(name)
        table.add_row(TARGETS[target].says, store or "", f"{_number(entry['value'], 2)} {entry['unit']}",
                      f"{TARGETS[target].within} {entry['limit']:g}", "met" if entry["met"] else "[bold]NOT MET[/]")
    return table


def _ms(value: float | None) -> str:
    return _number(value, 1)


def _number(value: float | None, places: int) -> str:
    return "-" if value is None else f"{value:.{places}f}"

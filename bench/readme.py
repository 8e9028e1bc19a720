"""`python -m bench.readme bench/results/FILE.json`: the README's benchmark figures, generated from a run's JSON.

The figures sit between two marker comments, the first naming the file they come from, so the README quotes
only what was measured: tests/bench checks that the block is what this module renders from that file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

from bench.processes import ROOT
from bench.targets import TARGETS, split

README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- bench:start (?P<source>\S+) -->\n(?P<body>.*?)<!-- bench:end -->", re.DOTALL)
STORES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
WITHIN = {"<=": "≤", ">=": "≥", "<": "<"}
WIDTH = 100
"""The README's prose is wrapped at this width; its tables are not."""
SHOWN = {"x floor": (2, "× the floor"), "x full size": (2, "× at full size"), "ms": (1, " ms"),
         "answers/s": (1, " answers/s"), "s": (2, " s"), "MB": (0, " MB"), "minutes": (1, " minutes")}
"""Each unit's decimal places and the words after a value or a limit."""


def render(figures: dict[str, Any], source: str) -> str:
    """The block's text, without its markers: where the figures come from, every target, each run's checks."""
    found = figures["targets"]
    met = sum(entry["met"] for entry in found.values())
    lines = [*_warning(figures), _wrapped(_provenance(figures, source)), "",
             "| target | store | measured | limit | met |", "|---|---|---|---|---|"]
    lines += [_target_row(name, entry) for name, entry in found.items()]
    lines += ["", _wrapped(f"{met} of {len(found)} targets met." + _absent(figures)), ""]
    lines += [_wrapped(_checks(run), indent="  ") for run in figures["runs"]]
    return "\n".join(lines) + "\n"


def rewrite(readme: str, figures: dict[str, Any], source: str) -> str:
    """`readme` with its block replaced by the one rendered from `figures`, its start marker naming `source`."""
    if not BLOCK.search(readme):
        raise ValueError("the README has no <!-- bench:start FILE --> … <!-- bench:end --> block")
    block = f"<!-- bench:start {source} -->\n{render(figures, source)}<!-- bench:end -->"
    return BLOCK.sub(lambda _: block, readme, count=1)


def quoted(readme: str) -> tuple[str, str]:
    """The file the README's block names and the block's text."""
    found = BLOCK.search(readme)
    if found is None:
        raise ValueError("the README has no <!-- bench:start FILE --> … <!-- bench:end --> block")
    return found["source"], found["body"]


def _warning(figures: dict[str, Any]) -> list[str]:
    if "full" in figures["sizes"] or "large" in figures["sizes"]:
        return []
    scale = figures["scales"]["tiny"]
    return [_wrapped(f"**A tiny run ({scale['actions']:,} actions, {scale['updates']:,} updates), kept only "
                     "to prove that the benchmark and this block work: its figures say nothing about the targets, "
                     "which are set for 10,000 and 100,000 actions. The full run replaces it.**"), ""]


def _wrapped(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _provenance(figures: dict[str, Any], source: str) -> str:
    sizes = "; ".join(f"`{size}`, {figures['scales'][size]['actions']:,} actions and "
                      f"{figures['scales'][size]['updates']:,} updates, {figures['requests'][size]} requests per burst"
                      for size in figures["sizes"])
    stores = " and ".join(STORES.get(store, store) for store in figures["stores"])
    return (f"Measured on {figures['date'][:10]} on {figures['cpus']} CPUs by `python -m bench.run --size "
            f"{','.join(figures['sizes'])}`, {stores} ({sizes}); the whole run took "
            f"{figures['wall_s'] / 60:.1f} minutes. Kept in `{source}`; this block is generated from it by "
            f"`python -m bench.readme {source}`. Ack ratios, service times and answers per second are those of "
            "the bursts at concurrency 8 (32 where it says so); service time is building the answer and posting "
            "it, from the bot's log; answers per second counts the answers a burst got, over the time from its "
            "first request to its last answer.")


def _target_row(name: str, entry: dict[str, Any]) -> str:
    store, target = split(name)
    value, (places, words) = entry["value"], SHOWN[entry["unit"]]
    measured = "not measured (no answer)" if value is None else f"{value:.{places}f}{words}"
    limit = f"{WITHIN[TARGETS[target].within]} {entry['limit']:g}{words}"
    return (f"| {TARGETS[target].says} | {STORES.get(store, store) if store else 'the run'} | {measured} | {limit} "
            f"| {'met' if entry['met'] else '**NOT MET**'} |")


def _absent(figures: dict[str, Any]) -> str:
    """The targets this run's sizes leave out, said plainly."""
    sizes, absent = figures["sizes"], []
    if "large" not in sizes:
        absent.append("the targets at 100,000 actions (`--size full,large`)")
    if "full" not in sizes:
        absent.append("the whole run's time at full size")
        if "large" in sizes:
            absent.append("the comparison of 100,000 actions with 10,000")
    return f" Absent, as their sizes were not run: {'; '.join(absent)}." if absent else ""


def _checks(run: dict[str, Any]) -> str:
    tick = run["tick"]
    return (f"- {STORES.get(run['store'], run['store'])}, `{run['size']}`: {run['stored_replies']} of "
            f"{run['sent_replies']} DM replies stored; a reminder tick planned {tick['reminders']:,} reminders in "
            f"{tick['materialise_s']:.2f} s and sent them in {tick['dispatch_s']:.2f} s; bot peak RSS "
            f"{run['bot_peak_rss_mb']:.0f} MB.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.readme", description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="a JSON file written by `python -m bench.run --json`")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    source = args.figures.resolve().relative_to(ROOT).as_posix()
    figures = json.loads(args.figures.read_text())
    args.readme.write_text(rewrite(args.readme.read_text(), figures, source))
    return 0


if __name__ == "__main__":
    sys.exit(main())

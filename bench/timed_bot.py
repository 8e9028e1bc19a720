"""`bot.py` exactly as it runs, with one logger turned on: each answer's service time, for the benchmark.

The bot logs `answered "status theme 5" in 12.3 ms` at INFO on `readiness.slack.answers`, which Python's
logging drops unless a process asks for it; this entry asks, writing those lines alone to stderr, which the
benchmark keeps as the bot's log and reads (bench.service).
"""
from __future__ import annotations

import logging
import sys

import bot
from handlers.slack.commands import ANSWERS_LOG


def log_answers() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    ANSWERS_LOG.addHandler(handler)
    ANSWERS_LOG.setLevel(logging.INFO)
    ANSWERS_LOG.propagate = False


if __name__ == "__main__":
    log_answers()
    sys.exit(bot.main(sys.argv[1:]))

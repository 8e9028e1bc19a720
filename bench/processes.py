"""The bench's own plumbing: the bot and the floor as child processes, the stores they run on."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg

from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[1]


def clean_up_on_sigterm() -> None:
    """A bench stopped with SIGTERM still stops the servers it started, as it does on Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def database(store: str, workdir: Path, postgres: PostgresServer | None, name: str = "bench") -> str:
    """A fresh, empty database of the named kind."""
    if store == "sqlite":
        return f"sqlite:///{workdir / f'{name}.db'}"
    if postgres is None:
        raise ValueError("a PostgreSQL store needs a running server")
    with psycopg.connect(postgres.url().replace("postgresql+psycopg", "postgresql"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return postgres.url(name)


def bot_command(port: int, now: str, *extra: str, timed: bool = False) -> list[str]:
    """`readiness run` over HTTP on loopback, its clock starting at `now`; `timed` logs each answer's service
    time (bench.timed_bot)."""
    entry = ["-m", "bench.timed_bot"] if timed else [str(ROOT / "bot.py")]
    return [sys.executable, *entry, "--now", now, "run", "--host", "127.0.0.1", "--port", str(port), *extra]


def start(command: list[str], log: Path, env: dict[str, str], ready: str) -> subprocess.Popen[bytes]:
    """Starts a child process and waits until `ready` answers over HTTP."""
    output = log.open("a")
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT)
    output.close()
    try:
        wait_until_up(ready, process, log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it will not go."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: list[str], log: Path, env: dict[str, str], ready: str) -> Iterator[subprocess.Popen[bytes]]:
    process = start(command, log, env, ready)
    try:
        yield process
    finally:
        stop(process)


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} did not start:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError as error:
            if getattr(error, "code", None):
                return
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {timeout}s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")

"""A real PostgreSQL server for the tests: initdb and pg_ctl in a temp directory, on a private socket.

PostgreSQL refuses to run as root, so when the tests run as root the server runs as the
`postgres` account (or `nobody`). Nothing listens on TCP: the socket lives in the data folder.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin", "/usr/bin")


class PostgresUnavailable(RuntimeError):
    pass


def _binary(name: str) -> str:
    for folder in SEARCH:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise PostgresUnavailable(f"{name} not found (install PostgreSQL 15)")
    return found


def _server_account() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and no unprivileged account to run PostgreSQL as")


@dataclass
class PostgresServer:
    root: Path
    account: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def user(self) -> str:
        return self.account.pw_name if self.account else pwd.getpwuid(os.geteuid()).pw_name

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}"

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        account = self.account

        def drop_privileges() -> None:
            if account:
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)

        return subprocess.run(command, preexec_fn=drop_privileges, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "LC_ALL": "C"})

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self.account:
            for path in (self.root, self.socket_dir):
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        steps = [
            (_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync", "-E", "UTF8"),
            (_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
             "-o", f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                   "-c max_connections=100", "start"),
        ]
        for step in steps:
            result = self._run(*step)
            if result.returncode != 0:
                log = (self.root / "server.log")
                detail = log.read_text() if log.exists() else ""
                raise PostgresUnavailable(f"{Path(step[0]).name} failed: {result.stderr or result.stdout}{detail}")

    def restart(self) -> None:
        """Stops the server at once, as a crash or a failover would, and starts it again."""
        result = self._run(_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-m",
                           "immediate", "-w", "-t", "60", "restart")
        if result.returncode != 0:
            raise PostgresUnavailable(f"pg_ctl restart failed: {result.stderr or result.stdout}")

    def stop(self) -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_postgres() -> PostgresServer:
    root = Path(tempfile.mkdtemp(prefix="readiness-pg-"))
    os.chmod(root, 0o755)
    server = PostgresServer(root, _server_account())
    try:
        server.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return server

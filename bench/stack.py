"""The real stack, for the load test (bench/loadtest.py) and the fault tests (tests/faults/): a database of our own,
the app servers' environment, and gunicorn itself.

Plain Python with no Django import, so that the process driving the servers never needs settings of its own.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SECRET = "loadtest-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def fresh_database_url(folder: Path, prefix: str = "quizwright_load") -> tuple[str, Callable[[], None]]:
    """A database of our own: a SQLite file in `folder`, or a new PostgreSQL database beside the one DATABASE_URL
    names. Returns its URL and the function that drops it (nothing to do for a file in a temporary folder)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / f'{prefix}.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(given)
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def server_env(database_url: str, settings: str = "bench.settings", **extra: str) -> dict[str, str]:
    """Production settings (debug off, no `.env`) over plain HTTP on loopback, against `database_url`."""
    return (
        os.environ
        | {
            "DJANGO_ENV_FILE": "",
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "AXES_FAILURE_LIMIT": "1000",
        }
        | extra
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    database_url: str,
    workers: int,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    log: IO | None = None,
    log_level: str = "warning",
) -> tuple[subprocess.Popen, int]:
    """gunicorn with `workers` sync workers on `port` (a free loopback port by default), in a process group of its
    own (so that `os.killpg` reaches the master and its workers at once). Returns once the port accepts
    connections."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--backlog", "4096", "--timeout", "60", "--log-level", log_level],
        cwd=ROOT, env=env or server_env(database_url), start_new_session=True, stdout=log, stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode} before it listened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start within 30 s")

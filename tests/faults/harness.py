"""What the fault tests drive and read: gunicorn servers (bench/stack.py), a learner's requests as the exam page sends
them, the exam page parsed, the database read directly, and a PostgreSQL server of the test's own to stop.

The test process never imports the Django project: set-up runs in a subprocess (tests/faults/seed.py) against the
database under test, and checks read that database with its driver, so the process under test and the one
checking it share nothing but the database.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from bench.stack import ROOT, free_port, server_env, start_gunicorn

BLUEPRINT = "mla-c01-full"


# --- Learners and their requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Learner:
    email: str
    session: str
    csrf: str

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def request(port: int, method: str, path: str, learner: Learner | None = None, data: dict | None = None,
            *, htmx: bool = False, timeout: float = 30) -> Reply:  # fmt: skip
    """One request on a new connection, as the browser's would be (gunicorn's sync workers close each one).
    Connection errors (a worker killed mid-request) are raised as they come: OSError, http.client errors."""
    body = urlencode(data or {}, doseq=True)
    headers = {"Connection": "close"}
    if learner:
        headers["Cookie"] = learner.cookie
        if method == "POST":
            headers["X-CSRFToken"] = learner.csrf
    if htmx:
        headers["HX-Request"] = "true"
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body if method == "POST" else None, headers=headers)
        response = conn.getresponse()
        return Reply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        )
    finally:
        conn.close()


def start_exam(port: int, learner: Learner) -> int:
    """POST "start the full mock exam", as its button does; the attempt's id from the redirect."""
    reply = request(port, "POST", f"/exams/{BLUEPRINT}/start/", learner)
    assert reply.status == 302, (reply.status, reply.body[:300])
    return int(re.search(r"/attempts/(\d+)/", reply.headers["location"]).group(1))


def save_answer(port: int, learner: Learner, attempt: int, number: int, choice: str, seq: int, *,
                htmx: bool = True, flagged: bool = False, timeout: float = 30) -> Reply:  # fmt: skip
    """The exam page's autosave (static/js/exam.js): the question's form fields, its change number, htmx's header."""
    data = {"choice": choice, "seq": str(seq)} | ({"flagged": "1"} if flagged else {})
    return request(
        port, "POST", f"/attempts/{attempt}/q/{number}/save/", learner, data, htmx=htmx, timeout=timeout
    )


# --- The exam page --------------------------------------------------------------------------------------------


@dataclass
class Question:
    number: int
    kind: str = ""  # "radio" or "checkbox" for choice questions; "" for ordering and matching
    options: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    flagged: bool = False
    seq: int = 0


@dataclass
class ExamPage:
    attempt: int
    seconds_left: int
    questions: dict[int, Question]

    def choice_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.options]


class _ExamParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attempt = 0
        self.seconds_left: int | None = None
        self.questions: dict[int, Question] = {}
        self.current: Question | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "exam":
            self.attempt = int(a["data-attempt"])
        if "data-seconds-left" in a:
            self.seconds_left = int(a["data-seconds-left"])
        if tag == "form" and "exam-answer" in (a.get("class") or "").split():
            self.current = Question(int(a["data-number"]), seq=int(a.get("data-seq") or 0))
            self.questions[self.current.number] = self.current
        if tag == "input" and self.current is not None:
            if a.get("name") == "choice":
                self.current.kind = a.get("type", "")
                self.current.options.append(a["value"])
                if "checked" in a:
                    self.current.checked.add(a["value"])
            elif a.get("name") == "flagged" and "checked" in a:
                self.current.flagged = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def exam_page(port: int, learner: Learner, attempt: int) -> ExamPage:
    """The exam page (every question on it) as the server renders it: what is checked, flagged, and the clock."""
    reply = request(port, "GET", f"/attempts/{attempt}/q/1/", learner)
    assert reply.status == 200, (reply.status, reply.body[:300])
    parser = _ExamParser()
    parser.feed(reply.body)
    assert parser.attempt == attempt and parser.seconds_left is not None and parser.questions
    return ExamPage(attempt, parser.seconds_left, parser.questions)


# --- The database, read directly ------------------------------------------------------------------------------


@dataclass
class Item:
    response: dict | None
    save_seq: int
    flagged: bool


@dataclass
class AttemptRow:
    status: str
    deadline: datetime
    submitted_at: datetime | None


def _aware(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)  # SQLite: UTC as text


class Database:
    """The database under test, as its driver reads it (no Django)."""

    def __init__(self, url: str):
        self.url = url
        self.vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        self.path = urlsplit(url).path if self.vendor == "sqlite" else None

    def rows(self, sql: str, *params) -> list[tuple]:
        if self.vendor == "sqlite":
            conn = sqlite3.connect(self.path, timeout=20)
            try:
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url, connect_timeout=10) as conn:
            return conn.execute(sql, params).fetchall()

    def items(self, attempt: int) -> dict[int, Item]:
        rows = self.rows(
            "SELECT position, response, save_seq, flagged FROM quizzes_attemptitem WHERE attempt_id = %s",
            attempt,
        )
        return {
            position + 1: Item(
                json.loads(response) if isinstance(response, str) else response, seq, bool(flag)
            )
            for position, response, seq, flag in rows
        }

    def attempt(self, attempt: int) -> AttemptRow:
        [(status, deadline, submitted)] = self.rows(
            "SELECT status, deadline, submitted_at FROM quizzes_attempt WHERE id = %s", attempt
        )
        return AttemptRow(status, _aware(deadline), _aware(submitted))

    def attempts_of(self, learner: Learner) -> tuple[int, int]:
        """How many attempts and attempt items the learner has."""
        [(attempts, items)] = self.rows(
            "SELECT COUNT(DISTINCT a.id), COUNT(i.id) FROM quizzes_attempt a JOIN accounts_user u ON u.id = a.user_id "
            "LEFT JOIN quizzes_attemptitem i ON i.attempt_id = a.id WHERE u.email = %s",
            learner.email,
        )
        return attempts, items


def collect_static() -> None:
    """The deployment's `collectstatic` (hashed, compressed names): the servers serve static files as production
    does, through whitenoise from STATIC_ROOT, so the exam page's script runs in the browser test."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT, env=stack_env("sqlite:///unused.sqlite3"), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


def stack_env(database_url: str, **extra: str) -> dict[str, str]:
    """The app servers' environment: the site's own settings, static files as deployed (see collect_static)."""
    return server_env(database_url, "config.settings", DJANGO_STATIC_MANIFEST="1", **extra)


def seed(database_url: str, learners: int, *, migrate: bool, prefix: str) -> list[Learner]:
    """Migrate and load the built-in bank (when asked) and make signed-in learners, in a subprocess (seed.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.seed", "--learners", str(learners), "--prefix", prefix]
        + (["--migrate"] if migrate else []),
        cwd=ROOT, env=stack_env(database_url), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return [Learner(**one) for one in json.loads(result.stdout.strip().splitlines()[-1])]


# --- gunicorn -------------------------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def workers(self) -> list[int]:
        """The master's children: its workers (read from /proc, so nothing but Linux is needed)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended while we looked
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def wait_for_workers(self, count: int, *, besides: tuple[int, ...] = (), within: float = 30) -> list[int]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            workers = [pid for pid in self.workers() if pid not in besides]
            if len(workers) >= count:
                return workers
            time.sleep(0.05)
        raise AssertionError(
            f"gunicorn has {self.workers()} as workers, not {count} new ones, after {within} s"
        )

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once (its process group): a machine that died. Returns once
        they are all gone (the listening socket closes with the last of them)."""
        workers = self.workers()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.02)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Servers:
    """The gunicorn servers a test starts, all killed when it ends."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[Server] = []

    def start(self, database_url: str, *, workers: int = 2, port: int | None = None, **env: str) -> Server:
        log_path = self.folder / f"gunicorn-{len(self.started) + 1}.log"
        with log_path.open("ab") as log:
            process, port = start_gunicorn(
                database_url, workers, port=port, log=log, log_level="info",
                env=stack_env(database_url, **env),
            )  # fmt: skip
        server = Server(process, port, log_path)
        self.started.append(server)
        server.wait_for_workers(workers)
        assert request(port, "GET", "/").status == 200
        return server

    def stop_all(self) -> None:
        for server in self.started:
            if server.process.poll() is None:
                server.kill()


# --- A PostgreSQL server of the test's own (the outage test stops it) -----------------------------------------


class PostgresServer:
    """A throwaway PostgreSQL server on a free loopback port, run as the `postgres` user when we are root (it
    refuses root), as in .ci/run. Never the server DATABASE_URL names: that one is shared."""

    def __init__(self, folder: Path):
        missing = [name for name in ("initdb", "pg_ctl") if not shutil.which(name)]
        if missing:
            pytest.fail(
                f"The database outage test on PostgreSQL starts a server of its own and needs {', '.join(missing)} "
                "on PATH: install PostgreSQL's server (Debian: sudo apt-get install -y postgresql, then put "
                "/usr/lib/postgresql/<version>/bin on PATH).",
                pytrace=False,
            )
        self.folder, self.port = folder, free_port()
        self.data = folder / "data"
        self.binaries = {name: shutil.which(name) for name in ("initdb", "pg_ctl")}
        if os.geteuid() == 0:
            shutil.chown(folder, user="postgres")
        self._run(
            [self.binaries["initdb"], "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, command: list[str]) -> None:
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/bash", "-c", shlex.join(command)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{shlex.join(command)}: {result.stderr or result.stdout}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run([self.binaries["pg_ctl"], "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                   "-w", "start"])  # fmt: skip

    def stop(self) -> None:
        self._run([self.binaries["pg_ctl"], "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def destroy(self) -> None:
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

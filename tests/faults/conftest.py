"""Fault tests (`make faults`, not part of `make test`): the real stack, gunicorn with 2 sync workers, on a database of
their own (a fresh SQLite file, or a fresh PostgreSQL database beside the one DATABASE_URL names, dropped after),
killed, restarted, doubled and cut off from its database. The figures each test measures are printed at the end
(docs/operations.md, "Faults", quotes them)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from bench.stack import fresh_database_url
from tests.browser import assert_no_violations, chromium, watched_page
from tests.faults.harness import Database, Learner, PostgresServer, Servers, collect_static, seed

FIGURES: dict[str, dict] = {}


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault test figures")
        for test, figures in FIGURES.items():
            terminalreporter.write_line(f"{test}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


@pytest.fixture
def figures(request) -> dict:
    """What this test measured, printed in the summary."""
    return FIGURES.setdefault(request.node.name, {})


class StackDatabase(Database):
    """The database under test with its learners, made once (set-up in a subprocess: tests/faults/seed.py)."""

    def __init__(self, url: str, learners: list[Learner]):
        super().__init__(url)
        self.unused = list(learners)

    def learner(self) -> Learner:
        return self.unused.pop()


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> StackDatabase:
    collect_static()
    url, drop = fresh_database_url(tmp_path_factory.mktemp("database"), prefix="quizwright_faults")
    try:
        yield StackDatabase(url, seed(url, 16, migrate=True, prefix="learner"))
    finally:
        drop()


@pytest.fixture
def servers(tmp_path) -> Servers:
    started = Servers(tmp_path)
    yield started
    started.stop_all()


class Outage:
    """The database cut off for a moment, for real: on SQLite another process holds the write lock (`BEGIN
    EXCLUSIVE`) past the app servers' busy timeout, shortened to TIMEOUT seconds; on PostgreSQL a server of the
    test's own is stopped (`pg_ctl stop -m fast`) and started again."""

    TIMEOUT = "1"  # DJANGO_SQLITE_TIMEOUT for the servers under test
    AT_LEAST = 3.0  # seconds: long enough for the page to fail, say so and wait to retry

    def __init__(self, database: Database, postgres: PostgresServer | None):
        self.database, self.postgres = database, postgres
        self.lock = None
        self.began = self.lasted = 0.0

    @property
    def server_env(self) -> dict[str, str]:
        return {"DJANGO_SQLITE_TIMEOUT": self.TIMEOUT}

    def begin(self) -> None:
        self.began = time.monotonic()
        if self.postgres:
            self.postgres.stop()
            return
        import sqlite3

        self.lock = sqlite3.connect(self.database.path, isolation_level=None, timeout=20)
        self.lock.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        time.sleep(max(0.0, self.began + self.AT_LEAST - time.monotonic()))
        if self.postgres:
            self.postgres.start()
        else:
            self.lock.execute("ROLLBACK")
            self.lock.close()
            self.lock = None
        self.lasted = time.monotonic() - self.began


@pytest.fixture(scope="session")
def outage_database(database) -> tuple[StackDatabase, PostgresServer | None]:
    """SQLite: the same file (the lock is taken on it). PostgreSQL: a server of our own, never DATABASE_URL's."""
    if database.vendor == "sqlite":
        yield database, None
        return
    folder = Path(tempfile.mkdtemp(prefix="quizwright-pg-outage-"))
    postgres = PostgresServer(folder)
    try:
        yield StackDatabase(postgres.url, seed(postgres.url, 4, migrate=True, prefix="outage")), postgres
    finally:
        postgres.destroy()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def outage(outage_database) -> Outage:
    cut = Outage(*outage_database)
    yield cut
    if cut.lock is not None or (cut.postgres and not _accepts(cut.postgres.port)):
        cut.end()  # a test that failed mid-outage leaves the database reachable for the next one


def _accepts(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def signed_in_page(browser):
    """A page signed in as `learner` on `server` (its session cookie, as sign-in leaves it), under the CSP watch."""
    opened = []

    def open_page(server, learner: Learner):
        context, page, violations = watched_page(
            browser, f"http://127.0.0.1:{server.port}", viewport={"width": 1100, "height": 900}
        )
        context.add_cookies(
            [
                {"name": "sessionid", "value": learner.session, "domain": "127.0.0.1", "path": "/"},
                {"name": "csrftoken", "value": learner.csrf, "domain": "127.0.0.1", "path": "/"},
            ]
        )
        opened.append((context, page, violations))
        return page

    yield open_page
    for context, page, violations in opened:
        assert_no_violations(page, violations)
        context.close()

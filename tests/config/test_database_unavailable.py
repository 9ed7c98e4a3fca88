"""A database out of reach for a moment is a retryable 503 with a short message, never a 500 traceback; a real bug
that happens to be an OperationalError ("no such column") stays a 500 (config/errors.py). `make faults` makes the
outage real (a SQLite lock held past the busy timeout, a PostgreSQL server stopped) against gunicorn."""

from __future__ import annotations

import logging
import socket
import sqlite3

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.urls import reverse

from config.errors import database_unavailable
from quizzes import exam_views


def _sqlite_locked(tmp_path) -> sqlite3.OperationalError:
    """The error a writer gets when another process holds the write lock past the busy timeout."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    try:
        waiter.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return error
    finally:
        waiter.close()
        holder.close()
    raise AssertionError("the lock was not held")


def _sqlite_no_such_column() -> sqlite3.OperationalError:
    try:
        sqlite3.connect(":memory:").execute("SELECT nope FROM sqlite_master")
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("the query ran")


def _postgres_refused() -> psycopg.OperationalError:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        psycopg.connect(f"postgres://nobody@127.0.0.1:{port}/none", connect_timeout=2)
    except psycopg.OperationalError as error:
        return error
    raise AssertionError("a server answered")


def _wrapped(error: Exception, wrapper=OperationalError) -> Exception:
    """As Django's DatabaseErrorWrapper raises it: its own class, the driver's error as the cause."""
    try:
        raise wrapper(*error.args) from error
    except wrapper as wrapped:
        return wrapped


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: _sqlite_locked(tmp), "SQLite SQLITE_BUSY"),
        (lambda tmp: _wrapped(_sqlite_locked(tmp)), "SQLite SQLITE_BUSY"),
        (lambda tmp: _postgres_refused(), "PostgreSQL connection failed"),
        (lambda tmp: _wrapped(_postgres_refused()), "PostgreSQL connection failed"),
        (lambda tmp: psycopg.errors.AdminShutdown("terminating connection"), "PostgreSQL 57P01"),
        (lambda tmp: psycopg.errors.CannotConnectNow("the database system is starting up"), "PostgreSQL 57P03"),
        (lambda tmp: psycopg.errors.ConnectionFailure("lost"), "PostgreSQL 08006"),
        (lambda tmp: psycopg.errors.TooManyConnections("too many clients"), "PostgreSQL 53300"),
        (lambda tmp: _wrapped(psycopg.InterfaceError("the connection is closed"), InterfaceError), "PostgreSQL connection closed"),
    ],
    ids=["sqlite-locked", "sqlite-locked-wrapped", "pg-refused", "pg-refused-wrapped", "pg-admin-shutdown",
         "pg-starting-up", "pg-connection-failure", "pg-too-many", "pg-closed"],
)  # fmt: skip
def test_an_outage_is_recognised_from_the_drivers_error(tmp_path, make, reason):
    assert database_unavailable(make(tmp_path)) == reason


@pytest.mark.parametrize(
    "make",
    [
        _sqlite_no_such_column,
        lambda: _wrapped(_sqlite_no_such_column()),
        lambda: _wrapped(psycopg.errors.UndefinedColumn("column x does not exist"), ProgrammingError),
        lambda: psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
        lambda: psycopg.InterfaceError("cannot use a cursor in a pipeline"),
        lambda: OperationalError("database is locked"),  # no driver error behind it: not guessed from the text
        lambda: ValueError("database is locked"),
    ],
    ids=["sqlite-no-such-column", "sqlite-no-such-column-wrapped", "pg-undefined-column", "pg-statement-timeout",
         "pg-interface-misuse", "bare-message", "not-a-database-error"],
)  # fmt: skip
def test_a_programming_error_is_not_an_outage(make):
    assert database_unavailable(make()) == ""


@pytest.fixture
def failing_save(monkeypatch, tmp_path):
    """The autosave's service raises what the driver raised; the attempt does not matter (nothing is read)."""

    def use(error: Exception) -> None:
        def raise_it(**kwargs):
            raise error

        monkeypatch.setattr(exam_views.services, "exam_save", raise_it)

    return use


SAVE_URL = reverse("quizzes:save", args=[1, 1])


@pytest.mark.django_db
def test_an_htmx_save_during_an_outage_gets_a_retryable_503_fragment(
    student_client, failing_save, tmp_path, caplog
):
    failing_save(_wrapped(_sqlite_locked(tmp_path)))
    student_client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="quizwright.database"):
        response = student_client.post(SAVE_URL, {"choice": "x", "seq": "5"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["HX-Retarget"] == "#htmx-alerts" and response["HX-Reswap"] == "innerHTML"
    assert "cannot reach its database for a moment" in html and "<html" not in html
    assert "Traceback" not in html and "locked" not in html
    assert "no-store" in response["Cache-Control"]
    assert "Database unavailable (SQLite SQLITE_BUSY) for POST" in caplog.text


@pytest.mark.django_db
def test_a_full_page_during_an_outage_is_the_sites_503_page(student_client, failing_save):
    failing_save(_wrapped(_postgres_refused()))
    student_client.raise_request_exception = False
    response = student_client.post(SAVE_URL, {"choice": "x", "seq": "5"})
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in html and "app.css" in html and "half-way" in html
    assert "Traceback" not in html and "refused" not in html


@pytest.mark.django_db
def test_an_outage_met_by_the_session_middleware_is_a_503_too(student_client, monkeypatch):
    """Before any view: reading the session is the first query of a signed-in request."""

    def load(self):
        raise _wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator command"))

    monkeypatch.setattr(SessionStore, "load", load)
    student_client.raise_request_exception = False
    response = student_client.get(reverse("dashboard"))
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_column_stays_a_500(student_client, failing_save):
    failing_save(_wrapped(_sqlite_no_such_column()))
    student_client.raise_request_exception = False
    response = student_client.post(SAVE_URL, {"choice": "x", "seq": "5"}, headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()

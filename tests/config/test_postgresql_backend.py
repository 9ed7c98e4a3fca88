"""config/postgresql: the per-request health check of a reused connection is made without a round trip when the
connection is quiet, and still replaces a connection the server has closed."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _reused(monkeypatch) -> list[str]:
    """The connection as a new request finds it (open, idle, health check not yet done); records Django's own
    check, the `SELECT 1` round trip."""
    connection.ensure_connection()
    assert connection.health_check_enabled, "CONN_HEALTH_CHECKS is on for PostgreSQL (config/settings.py)"
    connection.health_check_done = False
    asked = []
    real = DjangoWrapper.is_usable
    monkeypatch.setattr(DjangoWrapper, "is_usable", lambda self: asked.append("SELECT 1") or real(self))
    return asked


def test_the_backend_is_the_projects():
    assert settings.DATABASES["default"]["ENGINE"] == "config.postgresql"


def test_a_quiet_connection_passes_the_health_check_without_asking_the_server(monkeypatch):
    asked = _reused(monkeypatch)
    before = connection.connection
    connection.close_if_health_check_failed()
    assert asked == [] and connection.connection is before and connection.health_check_done
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    asked = _reused(monkeypatch)
    dead = connection.connection
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    poller = select.poll()
    poller.register(dead.fileno(), select.POLLIN)
    deadline = time.monotonic() + 5
    while not poller.poll(50) and time.monotonic() < deadline:
        pass
    connection.close_if_health_check_failed()
    assert asked == ["SELECT 1"], "the server's goodbye on the socket sends the check to the server"
    assert connection.connection is None, "the closed connection was kept"
    with connection.cursor() as cursor:  # a new connection
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid

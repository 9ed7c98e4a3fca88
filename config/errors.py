"""The server error page, and the one server error that is not a bug: the database out of reach for a moment.

Django answers any exception nobody handled through `handler500` (config/urls.py), whichever layer raised it: a
view, or the session and authentication middleware that read the database before any view runs. When the
exception says the database could not be reached, or its write lock was not obtained in time, that is an outage,
not a defect, and the request is answered **503 with Retry-After** and a short message: a fragment for the page's
alert region when htmx sent it, a page in the site's style otherwise. Nothing is half-written, since every write
is one transaction that the error rolls back, and the exam page keeps an answer that got a 503 on the device and
sends it again (static/js/exam.js). Anything else (a missing column, a syntax error, a broken constraint) is a
bug and stays a 500.

Which errors count as "unavailable" is decided on the driver's own exception, never on the message of a generic
one, so that SQLite's "no such column" (an OperationalError too) is never mistaken for an outage:

- SQLite: SQLITE_BUSY or SQLITE_LOCKED, "database is locked" after the busy timeout (`DJANGO_SQLITE_TIMEOUT`).
- PostgreSQL: a connection that failed or was lost (libpq reports no SQLSTATE for those; class 08), the server
  shutting down or starting up (57P01–57P03), too many connections (53300), a lock not obtained in time (55P03),
  and a connection already closed (InterfaceError).
"""

from __future__ import annotations

import logging
import sqlite3
import sys

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("quizwright.database")

RETRY_AFTER_SECONDS = 5
_SQLITE_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_POSTGRES_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300", "55P03"}


def database_unavailable(error: BaseException | None) -> str:
    """Why `error` means the database is out of reach for a moment ("" when it does not): the driver's error, or
    Django's wrapper of it (which keeps the driver's as its `__cause__`)."""
    seen = 0
    while error is not None and seen < 5:
        reason = _driver_unavailable(error)
        if reason:
            return reason
        error, seen = error.__cause__, seen + 1
    return ""


def _driver_unavailable(error: BaseException) -> str:
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        return (
            f"SQLite {error.sqlite_errorname}"
            if code is not None and code & 0xFF in _SQLITE_BUSY_CODES
            else ""
        )
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency; SQLite-only installs still work
        return ""
    if isinstance(error, psycopg.InterfaceError):
        return "PostgreSQL connection closed" if "closed" in str(error) else ""
    if isinstance(error, psycopg.OperationalError):
        state = error.sqlstate
        if state is None:  # libpq's own: connection refused, lost, or timed out (the server never answered)
            return "PostgreSQL connection failed"
        if state.startswith("08") or state in _POSTGRES_UNAVAILABLE_STATES:
            return f"PostgreSQL {state}"
    return ""


def retry_later(request: HttpRequest, fragment: str, page: str, *, with_context: bool = True) -> HttpResponse:
    """503 with Retry-After: the `fragment` template into the page's alert region for htmx (htmx-config in
    base.html swaps a 503), the `page` template otherwise. Also content/large_reads.py's "busy with another large
    file". `with_context=False` renders without the request's context processors (they read the database)."""
    htmx = request.headers.get("HX-Request") == "true"
    html = render_to_string(fragment if htmx else page, request=request if with_context else None)
    response = HttpResponse(html, status=503)
    if htmx:
        response["HX-Retarget"] = "#htmx-alerts"
        response["HX-Reswap"] = "innerHTML"
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The outage's 503, rendered without the request's context (its processors would read the database)."""
    return retry_later(request, "errors/_unavailable.html", "503.html", with_context=False)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: called by Django while the exception is being handled, so `sys.exc_info()` names it."""
    error = sys.exc_info()[1]
    reason = database_unavailable(error)
    if not reason:
        return defaults.server_error(request)
    # django.request logs the traceback too ("Service Unavailable: /path"); this line says why it is not a 500.
    logger.warning("Database unavailable (%s) for %s %s: %s", reason, request.method, request.path, error)
    return unavailable_response(request)

"""Large notes and bank files are read one at a time on each machine, so the site stays responsive.

Reading 2 MB of notes keeps a worker busy for several seconds (docs/operations.md); two such reads at once on a
server with two workers would leave nobody to save an exam answer. A request whose body is at least
`LARGE_READ_BYTES` takes one of `LARGE_READS_AT_ONCE` slots (default 1) for its length: a lock file in
`LARGE_READ_LOCK_DIR`, held with flock, so every worker process on the machine shares the slots and a killed
worker's slot is freed by the kernel. When none is free the request is refused at once (503, `Retry-After`) with a
message, rather than queued behind the one being read. Smaller requests never wait for anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from config.errors import retry_later


class Busy(Exception):
    """Every slot for a large read is taken."""


@contextlib.contextmanager
def slot() -> Iterator[None]:
    """Hold one of the machine's slots for a large read, or raise Busy at once."""
    directory = Path(settings.LARGE_READ_LOCK_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(settings.LARGE_READS_AT_ONCE):
        fd = os.open(directory / f"large-read-{number}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return
    raise Busy


def is_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) >= settings.LARGE_READ_BYTES
    except ValueError:
        return False


def one_at_a_time(view):
    """For views that read notes or bank files from the request: a large one waits for nothing and takes a slot,
    or is refused with a message (an alert for htmx requests, a page otherwise)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST" or not is_large(request):
            return view(request, *args, **kwargs)
        try:
            with slot():
                return view(request, *args, **kwargs)
        except Busy:
            return busy(request)

    return wrapper


def busy(request: HttpRequest) -> HttpResponse:
    """The refusal: an alert for htmx requests, a page otherwise; 503 with Retry-After."""
    return retry_later(request, "errors/_busy.html", "errors/busy.html")

"""Reading notes and making questions build many small objects that refer to each other only one way; Python's
cyclic garbage collector, run again and again as they pile up, looks through the whole growing heap each time and
made 1 MB of notes about 40 % slower (make bench). These batches are bounded by the notes' size limit, so the
collector is paused for their length and runs once afterwards if any cycles were left. Plain Python."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with the cyclic collector paused (reference counting still frees what is no longer used)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already paused by a caller
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper

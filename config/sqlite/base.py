"""Django's SQLite backend, with the write lock waited for in short steps.

Transactions begin with `BEGIN IMMEDIATE` (settings: `transaction_mode`), so writers queue for SQLite's one write
lock at the start instead of failing half-way. SQLite's own busy handler waits in growing sleeps (1, 2, 5, 10, 15,
20, 25 … 100 ms): a writer that finds the lock held for 10 ms sleeps 18 ms, and under a burst of writes (500
learners starting an exam at once) the app servers spend more time asleep than working. Here the BEGIN is retried
every half millisecond or so until the same timeout, which keeps the lock busy while anyone waits. Every other
statement keeps SQLite's busy handler and timeout.
"""

from __future__ import annotations

import itertools
import sqlite3
import time

from django.db.backends.sqlite3 import base

POLL_SECONDS = (0.0002, 0.0005, 0.001, 0.002)  # the last repeats


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode != "IMMEDIATE":
            super()._start_transaction_under_autocommit()
            return
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        deadline = time.monotonic() + timeout
        cursor = self.connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            for attempt in itertools.count():
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() >= deadline:
                        raise
                time.sleep(POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)])
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            cursor.close()

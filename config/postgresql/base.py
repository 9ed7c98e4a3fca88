"""Django's PostgreSQL backend, with the per-request health check made without a round trip when it can be.

With `CONN_HEALTH_CHECKS` Django runs `SELECT 1` before the first query of every request that reuses a
connection: one round trip of the four or five an exam autosave makes, paid in the app server and in the
database server on every request. A connection the server has closed (a restart, `pg_terminate_backend`, an idle
timeout) has something to read on its socket: the server's goodbye, or the end of the stream. So the socket is
polled first, without waiting: nothing to read on an idle connection means it is alive as far as anyone can tell
without asking (a server that vanished without a word fails the first query either way, as it would fail the
`SELECT 1`); anything to read, or a connection that is not idle, gets Django's own check.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _quiet(self) -> bool:
        """The connection is open, idle outside a transaction, and the server has sent nothing since."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)

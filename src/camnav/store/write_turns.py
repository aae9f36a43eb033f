"""Write turns in arrival order for SQLite's single writer.

SQLite lets one transaction write at a time; the others wait in its busy handler, which polls
with growing sleeps, so under load a late arrival often wins and an early one waits many turns:
the tail latency of writes grows with the queue. Within one process, units that write take a
turn here first, first come first served, and only then begin their transaction. Other processes
on the same file still meet SQLite's busy handler. PostgreSQL needs none of this: its row locks
queue fairly.
"""

from __future__ import annotations

import threading
from collections import deque

from camnav.services.errors import Busy


class WriteTurns:
    """A lock handed to its waiters in the order they asked for it."""

    def __init__(self, timeout_seconds: float) -> None:
        self._timeout = timeout_seconds
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._taken = False

    @property
    def waiting(self) -> int:
        """How many units wait for their turn now."""
        with self._mutex:
            return len(self._waiting)

    def acquire(self) -> None:
        with self._mutex:
            if not self._taken:
                self._taken = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=self._timeout):
            return  # release() handed the lock over
        with self._mutex:
            if turn in self._waiting:
                self._waiting.remove(turn)
                raise Busy("the database is busy with other writes; retry shortly")
        # Handed over between the timeout and the mutex: the turn is ours after all.

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # stays taken: ownership passes on
            else:
                self._taken = False

"""Write turns in arrival order for SQLite's single writer.

SQLite lets one transaction write at a time; the others wait in its busy handler, which polls
with growing sleeps, so under load a late arrival often wins and an early one waits many turns:
the tail latency of writes grows with the queue. Within one process, units that write take a
turn here first, first come first served; the unit whose turn it is then takes an advisory lock
(flock) on a file beside the database, which the kernel hands to a waiting process the moment it
is let go, and only then begins its transaction. Several `camnav serve` workers on one file so
take turns without polling. PostgreSQL needs none of this: its row locks queue fairly.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from pathlib import Path

from camnav.services.errors import Busy

try:
    import fcntl
except ImportError:  # not on Windows: the processes there meet SQLite's busy handler
    fcntl = None  # type: ignore[assignment]


class ProcessTurns:
    """An exclusive flock on `path`, shared by the processes that write one database file. Held
    by one thread of a process at a time (WriteTurns sees to it); a crash lets go of it. The file
    is opened for each turn, so no descriptor stays open between turns."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._descriptor: int | None = None

    def acquire(self) -> None:
        if fcntl is None:
            return
        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            os.close(descriptor)  # closing lets go of the lock


class WriteTurns:
    """A lock handed to its waiters in the order they asked for it."""

    def __init__(self, timeout_seconds: float, processes: ProcessTurns | None = None) -> None:
        self._timeout = timeout_seconds
        self._processes = processes
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._taken = False

    @property
    def waiting(self) -> int:
        """How many units wait for their turn now."""
        with self._mutex:
            return len(self._waiting)

    def acquire(self) -> None:
        self._take_turn()
        if self._processes is not None:
            try:
                self._processes.acquire()
            except BaseException:
                self._pass_turn()
                raise

    def release(self) -> None:
        if self._processes is not None:
            self._processes.release()
        self._pass_turn()

    def _take_turn(self) -> None:
        with self._mutex:
            if not self._taken:
                self._taken = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=self._timeout):
            return  # _pass_turn handed the lock over
        with self._mutex:
            if turn in self._waiting:
                self._waiting.remove(turn)
                raise Busy("the database is busy with other writes; retry shortly")
        # Handed over between the timeout and the mutex: the turn is ours after all.

    def _pass_turn(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # stays taken: ownership passes on
            else:
                self._taken = False

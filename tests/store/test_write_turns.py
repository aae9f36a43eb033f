"""SQLite write units take turns in arrival order, within a process and between processes; a
unit that waits too long gets Busy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from camnav.services.errors import Busy
from camnav.store.write_turns import ProcessTurns, WriteTurns


def _wait_until_queued(turns: WriteTurns, count: int) -> None:
    deadline = time.monotonic() + 10
    while turns.waiting < count:
        assert time.monotonic() < deadline, "waiters never queued"
        time.sleep(0.001)


def test_waiters_get_the_turn_in_the_order_they_asked_for_it() -> None:
    turns = WriteTurns(timeout_seconds=10)
    turns.acquire()
    order: list[int] = []

    def writer(number: int) -> None:
        turns.acquire()
        order.append(number)
        turns.release()

    threads = []
    for number in range(8):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        _wait_until_queued(turns, number + 1)  # each one queues before the next starts
        threads.append(thread)
    turns.release()
    for thread in threads:
        thread.join(10)

    assert order == [0, 1, 2, 3, 4, 5, 6, 7]


def test_a_waiter_past_the_timeout_gets_busy_and_leaves_the_queue() -> None:
    turns = WriteTurns(timeout_seconds=0.05)
    turns.acquire()

    with pytest.raises(Busy, match="retry"):
        turns.acquire()

    assert turns.waiting == 0
    turns.release()
    turns.acquire()  # free again: the one that gave up does not hold it
    turns.release()


def _another_process_may_lock(path: Path) -> bool:
    probe = (
        "import fcntl, os, sys\n"
        "fd = os.open(sys.argv[1], os.O_RDWR)\n"
        "try:\n"
        "    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    sys.exit(1)\n"
    )
    return subprocess.run([sys.executable, "-c", probe, str(path)], check=False).returncode == 0


def test_a_process_holding_the_turn_keeps_other_processes_out_until_it_lets_go(
    tmp_path: Path,
) -> None:
    path = tmp_path / "camnav.db.write-lock"
    turns = WriteTurns(timeout_seconds=10, processes=ProcessTurns(path))

    turns.acquire()
    while_held = _another_process_may_lock(path)
    turns.release()

    assert (while_held, _another_process_may_lock(path)) == (False, True)

"""The build's progress, shown on a Rich `Progress` when the caller passes one."""

from __future__ import annotations

from collections.abc import Callable

from rich.progress import Progress, TaskID

TASKS = {
    "regions": "Regions, centers, plans and practices",
    "providers": "Providers",
    "members": "Members",
    "claims": "Claims",
}


class Steps:
    """The build's tasks: each is imagined in memory, then written, and its total (known once
    the work is planned) counts both halves."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._tasks: dict[str, tuple[TaskID, int]] = {}
        if progress is not None:
            for task, description in TASKS.items():
                self._tasks[task] = (progress.add_task(description, total=None), 0)

    def start(self, task: str, total: int) -> None:
        if self._progress is not None and task in self._tasks:
            task_id = self._tasks[task][0]
            self._progress.update(task_id, total=total)
            self._tasks[task] = (task_id, total)

    def advance(self, task: str, amount: int = 1) -> None:
        if self._progress is not None and task in self._tasks:
            self._progress.advance(self._tasks[task][0], amount)

    def counter(self, task: str) -> Callable[[int], None]:
        """A function that advances the task by what it is given (for batch writers)."""
        return lambda amount: self.advance(task, amount)

    def finish(self, task: str) -> None:
        if self._progress is not None and task in self._tasks:
            task_id, total = self._tasks[task]
            self._progress.update(task_id, completed=total)

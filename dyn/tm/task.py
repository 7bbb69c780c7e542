"""Traffic Management tasks: :class:`Task` and :func:`get_tasks`.

The API runs some zone operations (zone creation, publishes, zone-file uploads,
transfers) as *tasks*. Their responses carry a ``task_id``; :class:`~dyn.tm.zones.Zone`
turns it into a :class:`Task`, and :func:`get_tasks` lists the account's tasks::

    >>> from dyn.tm.task import get_tasks
    >>> for task in get_tasks():
    ...     print(task)
    <Task>: 230378639 - example.com - ProvisionZone - ... - complete

A :class:`Task` built from an id alone makes no request: call :meth:`Task.refresh` to
read it, :meth:`Task.wait` to poll it until it ends (new), :meth:`Task.cancel` to
cancel it.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Dict, List, Optional

from dyn.tm.errors import DynectQueryTimeout
from dyn.tm.session import DynectSession

__all__ = ["Task", "get_tasks"]

log = logging.getLogger(__name__)

#: Task states after which a task no longer changes.
FINAL_STATES = ("complete", "failed", "canceled")


def get_tasks() -> List["Task"]:
    """All the account's tasks (``GET /REST/Task`` with ``{}``; no trailing slash, as in
    the classic SDK).

    :return: a list of :class:`Task`, built from the listing (no further requests).
    """
    response = DynectSession.resolve().execute("/Task", "GET", {})
    tasks = []
    for item in response["data"] or []:
        item = dict(item)
        task_id = item.pop("task_id", None)
        tasks.append(Task(task_id, api=False, **item))
    return tasks


class Task:
    """A task of the API, such as a zone provisioning or a publish.

    :param task_id: the task's id (the API writes it as a string).
    :param api: given (any value) when the other keyword arguments are the task's data
        from the API; without it **no request is made** and every field stays ``None``
        until :meth:`refresh`.
    :param kwargs: the task's fields (with ``api``).
    """

    def __init__(self, task_id: Any, *args: Any, **kwargs: Any) -> None:
        self._task_id = task_id
        self._args: Optional[List[Dict[str, Any]]] = None
        self._blocking = self._created_ts = self._customer_name = self._debug = None
        self._message = self._modified_ts = self._name = self._status = None
        self._step_count = self._total_steps = self._zone_name = None
        self.uri = "/Task/%s" % task_id
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)

    def _build(self, data: Dict[str, Any]) -> None:
        for key, value in (data or {}).items():
            if key == "args":
                value = [{entry.get("name"): entry.get("value")} for entry in value or []
                         if isinstance(entry, dict)]
            setattr(self, "_" + key, value)

    # -- requests -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the task again (``GET /REST/Task/{task_id}``)."""
        response = DynectSession.resolve().execute(self.uri, "GET", {})
        self._build(response["data"])

    def cancel(self) -> None:
        """Cancel the task (``DELETE /REST/Task/{task_id}``); the fields are updated from
        the answer."""
        response = DynectSession.resolve().execute(self.uri, "DELETE", {})
        self._build(response["data"])

    def wait(self, timeout: float = 60.0, interval: float = 0.1, max_interval: float = 2.0) -> "Task":
        """Poll the task (:meth:`refresh`) until it is complete, failed or canceled.

        New in this version. The first poll is immediate; the pause between polls starts
        at ``interval`` and doubles up to ``max_interval``. A failed or canceled task is
        not an error here: check :attr:`status` afterwards.

        :param timeout: seconds to wait at most.
        :param interval: first pause between polls, in seconds.
        :param max_interval: longest pause between polls, in seconds.
        :return: this task.
        :raises DynectQueryTimeout: the task was still running after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        pause = max(interval, 0.0)
        while True:
            self.refresh()
            if self.done:
                return self
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DynectQueryTimeout("Task %s (%s) did not end within %ss: status %s"
                                         % (self._task_id, self._name, timeout, self._status))
            log.debug("task %s is %s; polling again in %.2fs", self._task_id, self._status, pause)
            time.sleep(min(pause, remaining))
            pause = min(max(pause * 2, 0.01), max(max_interval, interval))

    @property
    def done(self) -> bool:
        """True when the last known :attr:`status` is final (complete, failed or
        canceled). No request: call :meth:`refresh` first for a fresh answer."""
        return self._status in FINAL_STATES

    # -- read-only fields -------------------------------------------------------------------
    @property
    def args(self) -> Optional[List[Dict[str, Any]]]:
        """The task's arguments, as a list of one-entry dicts ``{name: value}``."""
        return self._args

    @property
    def blocking(self) -> Any:
        """``'Y'`` when the task blocks other operations on its zone."""
        return self._blocking

    @property
    def created_ts(self) -> Any:
        """When the task was created (POSIX seconds)."""
        return self._created_ts

    @property
    def customer_name(self) -> Any:
        """The customer the task belongs to."""
        return self._customer_name

    @property
    def debug(self) -> Any:
        """Debug text from the API."""
        return self._debug

    @property
    def message(self) -> Any:
        """The task's current message."""
        return self._message

    @property
    def modified_ts(self) -> Any:
        """When the task last changed (POSIX seconds)."""
        return self._modified_ts

    @property
    def name(self) -> Any:
        """The task's name, e.g. ``ProvisionZone``."""
        return self._name

    @property
    def status(self) -> Any:
        """``ready``, ``running``, ``waiting``, ``complete``, ``failed``, ``canceled`` or
        ``stalled`` (as last read)."""
        return self._status

    @property
    def step_count(self) -> Any:
        """Steps done so far."""
        return self._step_count

    @property
    def task_id(self) -> Any:
        """The task's id."""
        return self._task_id

    @property
    def total_steps(self) -> Any:
        """Steps in all."""
        return self._total_steps

    @property
    def zone_name(self) -> Any:
        """The zone the task works on."""
        return self._zone_name

    # -- string forms -------------------------------------------------------------------------
    def __str__(self) -> str:
        return "<Task>: %s - %s - %s - %s - %s" % (self._task_id, self._zone_name, self._name,
                                                   self._message, self._status)

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")

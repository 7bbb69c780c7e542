"""TM resource ``Task``: list, read and cancel DNS tasks (zone provisioning, publishes,
zone-file imports). Tasks run for ``Config.task_duration`` seconds (0: done at once);
a running blocking task of a zone refuses changes to that zone (see
:meth:`~dyn.emulator.dns.model.ZonesPart.check_blocking`)."""
from __future__ import annotations

from typing import List

from ..envelope import Result, invalid_field, not_found
from ..router import Context, RouteTable
from ..validate import Field, check_tm, plural
from .model import Task, zones_part

__all__ = ["TASK"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

TASK = ROUTES.resource("Task")

FILTERS = (
    Field("name", required=False), Field("zone_name", required=False),
    Field("status", required=False, choices=("done", "notdone")),
)


def _task(ctx: Context, operation: str, summary: str) -> Task:
    raw = ctx.segments[0]
    if not raw.isdigit():
        raise invalid_field("task_id", "Integer expected", operation, summary)
    task = zones_part(ctx.state).get_task(ctx.customer, int(raw))
    if task is None:
        raise not_found("task_id", "No such task", operation, summary)
    return task


@TASK.route("GET", operation="get", summary="Task not found")
def get_tasks(ctx: Context) -> Result:
    """One task, or the customer's tasks filtered by ``name`` (``blocking``: every
    blocking task), ``zone_name`` and ``status`` (``done`` / ``notdone``)."""
    part = zones_part(ctx.state)
    now = part.now
    if ctx.segments:
        return Result(_task(ctx, "get", "Task not found").to_dict(now), ["get: Found the task"])
    args = check_tm(ctx.args, FILTERS, "get", "Task not found")
    tasks: List[Task] = part.tasks_of(ctx.customer)
    if args["name"]:
        wanted = args["name"].lower()
        tasks = [task for task in tasks if (task.blocking if wanted == "blocking" else task.name.lower() == wanted)]
    if args["zone_name"]:
        zone_name = args["zone_name"].rstrip(".").lower()
        tasks = [task for task in tasks if task.zone_name == zone_name]
    if args["status"]:
        done = args["status"] == "done"
        tasks = [task for task in tasks if task.done(now) == done]
    return Result([task.to_dict(now) for task in tasks], [f"get: Found {plural(len(tasks), 'task')}"])


@TASK.route("DELETE", operation="cancel", summary="Task not canceled")
def cancel_task(ctx: Context) -> Result:
    """Cancel a task that has not finished (a finished one: ILLEGAL_OPERATION)."""
    if not ctx.segments:
        raise invalid_field("task_id", "This field is required", "cancel", "Task not canceled")
    task = _task(ctx, "cancel", "Task not canceled")
    part = zones_part(ctx.state)
    part.cancel_task(task)
    return Result(task.to_dict(part.now), ["cancel: Task canceled"])

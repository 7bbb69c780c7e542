"""dyn.tm.task against the emulator over HTTP: tasks of zone creation and publish."""
import pytest

from dyn.tm.errors import DynectDeleteError
from dyn.tm.task import Task, get_tasks
from dyn.tm.zones import Zone


def test_publish_tasks_are_listed_and_fetched(session, dyn_emulator):
    zone = Zone("tasks.example", "hostmaster@tasks.example", 3600)
    zone.add_record("www", "A", "192.0.2.1")
    zone.publish()
    task = zone._task_id
    assert isinstance(task, Task) and task.status is None  # no request until refresh
    task.refresh()
    assert task.status == "complete" and task.zone_name == "tasks.example" and task.name
    listed = [t for t in get_tasks() if t.zone_name == "tasks.example"]
    assert str(task.task_id) in [str(t.task_id) for t in listed]
    assert all(isinstance(t.args, list) for t in listed)
    requests = [(r["method"], r["path"]) for r in dyn_emulator.requests]
    assert ("GET", "/REST/Task") in requests  # classic: no trailing slash
    assert str(task).startswith("<Task>: %s - tasks.example - " % task.task_id)


def test_wait_returns_a_finished_task_at_once(session):
    zone = Zone("tasks.example", "hostmaster@tasks.example", 3600)
    zone.publish()
    assert zone._task_id.wait(timeout=5).status == "complete"


def test_cancelling_a_finished_task_fails(session):
    zone = Zone("tasks.example", "hostmaster@tasks.example", 3600)
    zone.publish()
    with pytest.raises(DynectDeleteError):
        zone._task_id.cancel()


def test_slow_task_can_be_waited_for_and_cancelled(session, dyn_emulator):
    try:
        dyn_emulator.configure(task_duration=0.4)
    except Exception as err:  # pragma: no cover - reported if the emulator lacks the knob
        pytest.fail("the emulator has no task_duration setting: %s" % err)
    zone = Zone("slow.example", "hostmaster@slow.example", 3600)
    running = zone._task_id or next(t for t in get_tasks() if t.zone_name == "slow.example")
    running.refresh()
    assert running.status == "running"
    assert running.wait(timeout=10, interval=0.05).status == "complete"
    other = Zone("slow2.example", "hostmaster@slow2.example", 3600)
    task = other._task_id or next(t for t in get_tasks() if t.zone_name == "slow2.example")
    task.cancel()
    assert task.status == "canceled"

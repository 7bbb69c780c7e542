"""Functional tests over real HTTP: DNS tasks (``/REST/Task/``), the ``task_duration``
knob and the blocked-task failure while a blocking task runs."""
import json

import pytest

from dyn.testing import RawClient

from support import Clock, reply_msg as msg

ZONE = "example.com"


@pytest.fixture
def clock(dyn_emulator):
    state = dyn_emulator.app.state
    original = state.clock
    fake = Clock(1_600_000_000.0)
    state.clock = fake
    yield fake
    state.clock = original


@pytest.fixture
def client(dyn_emulator, clock):
    with RawClient(dyn_emulator.url) as raw:
        raw.login(*dyn_emulator.demo_account)
        yield raw


def create(client, name=ZONE):
    status, body = client.tm("POST", f"Zone/{name}/", {"rname": "admin@example.com", "ttl": 3600})
    assert status == 200, body
    return body["data"]["task_id"]


def snapshot(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()


def test_tasks_complete_at_once_by_default(client, clock):
    task_id = create(client)
    status, body = client.tm("GET", f"Task/{task_id}")
    assert status == 200 and body["msgs"] == [msg("get: Found the task")]
    assert body["data"] == {
        "task_id": task_id, "name": "ProvisionZone", "customer_name": "demo", "zone_name": ZONE,
        "status": "complete", "step_count": 1, "total_steps": 1, "blocking": "Y", "message": "Task completed",
        "debug": "", "created_ts": int(clock.now), "modified_ts": int(clock.now),
        "args": [{"name": "zone", "value": ZONE}]}
    assert client.tm("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})[0] == 200


def test_list_and_filters(client):
    create(client)
    create(client, "other.org")
    client.tm("PUT", f"Zone/{ZONE}/", {"publish": True, "notes": "n"})
    status, body = client.tm("GET", "Task")
    assert status == 200 and [task["name"] for task in body["data"]] == ["ProvisionZone", "ProvisionZone",
                                                                        "ZonePublish"]
    assert body["msgs"] == [msg("get: Found 3 tasks")]
    assert all(isinstance(task["task_id"], str) for task in body["data"])
    assert len(client.tm("GET", "Task/", {"zone_name": ZONE})[1]["data"]) == 2
    assert len(client.tm("GET", "Task/", {"name": "ZonePublish"})[1]["data"]) == 1
    assert len(client.tm("GET", "Task/", {"name": "blocking"})[1]["data"]) == 3
    assert len(client.tm("GET", "Task/", {"status": "done"})[1]["data"]) == 3
    assert client.tm("GET", "Task/", {"status": "notdone"})[1]["data"] == []
    status, body = client.tm("GET", "Task/", {"status": "later"})
    assert status == 400 and body["msgs"][0] == msg("status: Must be one of done, notdone", "INVALID_DATA")


def test_unknown_and_foreign_tasks(dyn_emulator, client):
    task_id = create(client)
    status, body = client.tm("GET", "Task/1/")
    assert status == 404 and body["msgs"] == [msg("task_id: No such task", "NOT_FOUND"), msg("get: Task not found")]
    assert client.tm("GET", "Task/abc/")[0] == 400
    dyn_emulator.add_account("acme", "bob", "pw")
    with RawClient(dyn_emulator.url) as stranger:
        stranger.login("acme", "bob", "pw")
        assert stranger.tm("GET", f"Task/{task_id}/")[0] == 404
        assert stranger.tm("GET", "Task/")[1]["data"] == []


def test_blocking_task_refuses_changes_while_it_runs(dyn_emulator, client, clock):
    dyn_emulator.configure(task_duration=5)
    task_id = create(client)
    task = client.tm("GET", f"Task/{task_id}/")[1]["data"]
    assert (task["status"], task["step_count"], task["blocking"]) == ("running", 0, "Y")
    before = snapshot(dyn_emulator)
    blocked = [msg("zone: Operation blocked by current task", "ILLEGAL_OPERATION"),
               msg("task_name: ProvisionZone"), msg(f"task_id: {task_id}")]
    attempts = [
        ("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}}),
        ("PUT", f"Zone/{ZONE}/", {"publish": True}),
        ("PUT", f"Zone/{ZONE}/", {"freeze": True}),
        ("DELETE", f"Zone/{ZONE}/", {}),
        ("DELETE", f"Node/{ZONE}/www.{ZONE}/", {}),
        ("PUT", f"ZoneFile/{ZONE}/", {"file": "www 60 IN A 192.0.2.1\n"}),
    ]
    for method, path, args in attempts:
        status, body = client.tm(method, path, args)
        assert (status, body["status"], body["msgs"]) == (400, "failure", blocked), (method, path)
    assert snapshot(dyn_emulator) == before
    # reads still work
    assert client.tm("GET", f"Zone/{ZONE}/")[0] == 200
    assert client.tm("GET", f"AllRecord/{ZONE}/")[0] == 200
    assert client.tm("GET", "Task/", {"status": "notdone"})[1]["data"][0]["task_id"] == task_id
    clock.now += 5
    task = client.tm("GET", f"Task/{task_id}/")[1]["data"]
    assert task["status"] == "complete" and task["modified_ts"] == task["created_ts"] + 5
    assert client.tm("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})[0] == 200
    # a publish starts a new blocking task
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {"publish": True})
    publish_task = body["data"]["task_id"]
    status, body = client.tm("POST", f"ARecord/{ZONE}/x.{ZONE}/", {"rdata": {"address": "192.0.2.2"}})
    assert status == 400 and body["msgs"][1:] == [msg("task_name: ZonePublish"), msg(f"task_id: {publish_task}")]


def test_cancel(dyn_emulator, client, clock):
    dyn_emulator.configure(task_duration=60)
    task_id = create(client)
    clock.now += 1
    status, body = client.tm("DELETE", f"Task/{task_id}/")
    assert status == 200 and body["msgs"] == [msg("cancel: Task canceled")]
    assert body["data"]["status"] == "canceled" and body["data"]["modified_ts"] == int(clock.now)
    # a canceled task blocks nothing
    assert client.tm("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})[0] == 200
    status, body = client.tm("DELETE", f"Task/{task_id}")
    assert status == 400 and body["msgs"] == [msg("task: Task has already finished", "ILLEGAL_OPERATION"),
                                              msg("cancel: Task not canceled")]
    assert client.tm("GET", f"Task/{task_id}/")[1]["data"]["status"] == "canceled"
    status, body = client.tm("DELETE", "Task/")
    assert status == 400 and body["msgs"][0]["INFO"] == "task_id: This field is required"


def test_task_duration_knob_through_the_control_endpoint(dyn_emulator, client):
    status, _headers, data = client.request("PUT", "/__emulator__/config", {"task_duration": 2.5})
    assert status == 200 and json.loads(data)["task_duration"] == 2.5
    assert dyn_emulator.config["task_duration"] == 2.5
    status, _headers, data = client.request("PUT", "/__emulator__/config", {"task_duration": -1})
    assert status == 400 and "task_duration" in json.loads(data)["error"]
    with pytest.raises(ValueError):
        dyn_emulator.configure(task_duration="long")
    dyn_emulator.reset()
    assert dyn_emulator.config["task_duration"] == 0

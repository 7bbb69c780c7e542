"""Unit tests of the emulator's DNS model (``dyn.emulator.dns.model``), without HTTP."""
import calendar
import json
import logging
import time

import pytest

from dyn.emulator.dns import model as zonedata
from dyn.emulator.envelope import APIError
from dyn.emulator.faults import Config
from dyn.emulator.state import State
from dyn.emulator.dns.model import Task, next_serial, zones_part
from dyn.tm.record_types import RECORD_TYPES

A, MX, CNAME, TXT = (RECORD_TYPES[name] for name in ("A", "MX", "CNAME", "TXT"))
ZONE = "example.com"
DAY = calendar.timegm((2017, 12, 21, 10, 0, 0))


class Clock:
    def __init__(self, now=DAY):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def state(clock):
    return State(clock=clock)


@pytest.fixture
def part(state):
    return zones_part(state)


@pytest.fixture
def zone(part):
    created, _task = part.create_zone("Demo", ZONE, "admin@example.com", 3600)
    return created


def add(part, zone, token, fqdn, address, ttl=None):
    return part.add_record(zone, token, "user", A, fqdn, {"address": address}, {}, ttl)


def messages(error):
    return [item.info for item in error.msgs]


# -- serials -------------------------------------------------------------------------------------

@pytest.mark.parametrize("style, serial, now, expected", [
    ("increment", 0, DAY, 1),
    ("increment", 41, DAY, 42),
    ("epoch", 0, DAY, DAY),
    ("epoch", DAY, DAY, DAY + 1),
    ("day", 0, DAY, 2017122100),
    ("day", 2017122100, DAY, 2017122101),
    ("day", 2017122005, DAY, 2017122100),
    ("day", 2017122199, DAY, 2017122200),
    ("minute", 0, DAY, 1712211000),
    ("minute", 1712211000, DAY, 1712211001),
    ("minute", 5, DAY + 61, 1712211001),
])
def test_next_serial(style, serial, now, expected):
    assert next_serial(style, serial, now) == expected


def test_next_serial_rejects_unknown_styles():
    with pytest.raises(ValueError):
        next_serial("hourly", 1, DAY)


# -- zones and records -------------------------------------------------------------------------------

def test_new_zone_records_and_lookup(part, zone):
    assert part.get_zone("demo", "EXAMPLE.com.") is zone and part.get_zone("other", ZONE) is None
    assert part.get_zone(None, ZONE) is None
    soa = zone.published(ZONE, "SOA")[0]
    assert soa.record_id == zonedata.FIRST_RECORD_ID and soa.rdata["rname"] == "admin@example.com."
    assert [record.record_id for record in zone.published(ZONE, "NS")] == [
        zonedata.FIRST_RECORD_ID + n for n in range(1, 5)]
    assert zone.record_count() == 5 and zone.serial == 0


def test_pending_changes_per_token_and_publish(part, zone):
    add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    add(part, zone, "t1", "www." + ZONE, "192.0.2.2", ttl=60)
    assert [record.record_id for record in part.visible(zone, "t1", "www." + ZONE, "A")] == [0, 0]
    assert part.visible(zone, "t2", "www." + ZONE, "A") == []
    assert part.visible(zone, None, "www." + ZONE, "A") == []
    task = part.publish(zone, "t1", "user", "hello")
    assert task.name == "ZonePublish" and zone.serial == 1
    records = zone.published("www." + ZONE, "A")
    assert [record.ttl for record in records] == [3600, 60]
    assert records[1].record_id == records[0].record_id + 1 > zonedata.FIRST_RECORD_ID
    assert part.visible(zone, "t2", "www." + ZONE, "A") == records
    assert zone.published(ZONE, "SOA")[0].rdata["serial"] == 1
    assert zone.notes[-1]["note"] == "hello" and not part.pending["t1"]


def test_publish_applies_deletions_and_drops_empty_nodes(part, zone):
    add(part, zone, "t1", "a." + ZONE, "192.0.2.1")
    add(part, zone, "t1", "b.a." + ZONE, "192.0.2.2")
    part.publish(zone, "t1", "user")
    assert part.node_exists("demo", ZONE, "a." + ZONE)
    assert part.delete_node(zone, "t1", "user", "a." + ZONE) == 2
    assert part.node_exists("demo", ZONE, "a." + ZONE)  # published data still has it
    assert not part.node_exists("demo", ZONE, "a." + ZONE, "t1")
    part.publish(zone, "t1", "user")
    assert set(zone.nodes) == {ZONE}


def test_node_exists(part, zone):
    add(part, zone, "t1", "x.y." + ZONE, "192.0.2.1")
    part.publish(zone, "t1", "user")
    assert part.node_exists("demo", ZONE, ZONE)
    assert part.node_exists("DEMO", "example.com.", "X.Y.example.com.")
    assert part.node_exists("demo", ZONE, "y." + ZONE)  # an intermediate node
    assert not part.node_exists("demo", ZONE, "z." + ZONE)
    assert not part.node_exists("demo", ZONE, "example.org")
    assert not part.node_exists("demo", "nope.com", "nope.com")


def test_update_merges_and_validates_before_changing(part, zone):
    record = part.add_record(zone, "t1", "user", MX, ZONE, {"exchange": "mx.example.net."}, {})
    assert record.rdata == {"exchange": "mx.example.net.", "preference": 10}
    with pytest.raises(APIError) as caught:
        part.update_record(zone, "t1", "user", MX, ZONE, 0, {"preference": -1}, {})
    assert messages(caught.value) == ["preference: Must be between 0 and 65535", "update: No record updated"]
    assert part.visible(zone, "t1", ZONE, "MX")[0].rdata["preference"] == 10
    updated = part.update_record(zone, "t1", "user", MX, ZONE, 0, {"preference": 20}, {}, ttl=0)
    assert updated.rdata == {"exchange": "mx.example.net.", "preference": 20} and updated.ttl == 3600


def test_cname_rules(part, zone):
    part.add_record(zone, "t1", "user", CNAME, "c." + ZONE, {"cname": "x.example.net."}, {})
    for rtype, rdata in ((CNAME, {"cname": "y.example.net."}), (TXT, {"txtdata": "x"})):
        with pytest.raises(APIError) as caught:
            part.add_record(zone, "t1", "user", rtype, "c." + ZONE, rdata, {})
        assert caught.value.err_cd == "ILLEGAL_OPERATION"
    # replacing the CNAME by one CNAME is fine, by two is not
    part.replace_records(zone, "t1", "user", CNAME, "c." + ZONE, [{"rdata": {"cname": "z.example.net."}}], "x")
    with pytest.raises(APIError):
        part.replace_records(zone, "t1", "user", CNAME, "c." + ZONE,
                             [{"rdata": {"cname": "a.example.net."}}, {"rdata": {"cname": "b.example.net."}}], "x")
    # deleting the CNAME frees the node
    part.delete_records(zone, "t1", "user", CNAME, "c." + ZONE, None)
    add(part, zone, "t1", "c." + ZONE, "192.0.2.1")


def test_changes_and_discard(part, zone):
    add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    part.delete_records(zone, "t1", "user", A, "www." + ZONE, 0)
    assert [item["action"] for item in part.changes(zone, "t1")] == ["add", "delete"]
    assert part.changes(zone, "t2") == []
    assert part.discard(zone, "t1") == 2 and part.discard(zone, "t1") == 0


# -- sessions and persistence -------------------------------------------------------------------------

def test_session_end_drops_pending_changes(state, part, zone):
    account = state.accounts.find("demo", "demo_user")
    token = state.open_session(account)
    add(part, zone, token, "www." + ZONE, "192.0.2.1")
    assert part.changes(zone, token)
    state.close_session(token)
    assert part.changes(zone, token) == [] and token not in part.pending


def test_snapshot_restore_and_reset(state, part, zone, clock):
    add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    part.publish(zone, "t1", "user", "n")
    add(part, zone, "t1", "pending." + ZONE, "192.0.2.9")
    zone.secondary = None
    zone.ext_ns = {"deny": "N", "tsig_key_name": "", "active": "Y", "hosts": []}
    part.tsig_keys("demo")["k"] = {"name": "k", "algorithm": "hmac-md5", "secret": "c2VjcmV0"}
    part.create_secondary("demo", "sec.org", ["192.0.2.53"], "ops", None)
    data = json.loads(json.dumps(state.snapshot()))
    copy = State(clock=clock)
    copy.restore(data)
    restored = zones_part(copy)
    assert restored.snapshot() == part.snapshot()
    again = restored.get_zone("demo", ZONE)
    assert [record.rdata for record in again.published("www." + ZONE, "A")] == [{"address": "192.0.2.1"}]
    assert restored.pending == {}  # pending changes are not persisted
    assert restored.get_zone("demo", "sec.org").secondary["masters"] == ["192.0.2.53"]
    # ids go on from where they were
    add(restored, again, "t9", "new." + ZONE, "192.0.2.3")
    restored.publish(again, "t9", "user")
    assert again.published("new." + ZONE, "A")[0].record_id > zone.published("www." + ZONE, "A")[0].record_id
    restored.reset()
    assert restored.zones == {} and restored.tasks == {} and restored.tsig == {}


# -- tasks --------------------------------------------------------------------------------------------

def test_tasks_run_for_the_configured_duration(clock):
    state = State(clock=clock, config=Config(task_duration=10))
    part = zones_part(state)
    zone, task = part.create_zone("demo", ZONE, "admin@example.com", 60)
    assert task.status(clock.now) == "running" and task.blocking
    with pytest.raises(APIError) as caught:
        add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    assert messages(caught.value) == ["zone: Operation blocked by current task", "task_name: ProvisionZone",
                                      f"task_id: {task.task_id}"]
    assert part.changes(zone, "t1") == []
    clock.now += 10
    assert task.status(clock.now) == "complete"
    add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    publish_task = part.publish(zone, "t1", "user")
    part.cancel_task(publish_task)
    assert publish_task.to_dict(clock.now)["status"] == "canceled"
    with pytest.raises(APIError):
        part.cancel_task(publish_task)
    assert part.running_blocking_task(zone) is None


def test_task_dict_and_round_trip():
    task = Task(5, "ZoneImport", "demo", ZONE, 100.0, 2.0, [{"name": "records", "value": "3"}])
    data = task.to_dict(101.0)
    assert data["task_id"] == "5" and data["status"] == "running" and data["blocking"] == "Y"
    assert data["created_ts"] == 100 and data["modified_ts"] == 100
    assert task.to_dict(102.0)["modified_ts"] == 102
    assert Task.from_json(json.loads(json.dumps(task.to_json()))).to_dict(102.0) == task.to_dict(102.0)
    assert not Task(6, "Other", "demo", ZONE, 0.0).blocking


# -- services hook ----------------------------------------------------------------------------------------

def test_node_sources(part, zone, caplog):
    def good(state, customer, zone_name, fqdn, token):
        return [{"fqdn": fqdn, "record_type": "A"}]

    def broken(state, customer, zone_name, fqdn, token):
        raise RuntimeError("boom")

    assert zonedata.register_node_source(good) is good
    zonedata.register_node_source(broken)
    try:
        with caplog.at_level(logging.ERROR, logger="dyn.emulator.dns.model"):
            assert part.service_records("demo", zone, ZONE, "t") == [{"fqdn": ZONE, "record_type": "A"}]
        assert "node source" in caplog.text
    finally:
        zonedata.NODE_SOURCES.remove(good)
        zonedata.NODE_SOURCES.remove(broken)


# -- scale ----------------------------------------------------------------------------------------------

def test_ten_thousand_records_stay_fast(part, zone):
    started = time.perf_counter()
    for n in range(10_000):
        add(part, zone, "t1", f"h{n}.{ZONE}", f"10.0.{n // 256}.{n % 256}")
    added = time.perf_counter()
    part.publish(zone, "t1", "user")
    published = time.perf_counter()
    records = part.tree(zone, "t1")
    read = time.perf_counter()
    assert len(records) == 10_005 and zone.record_count() == 10_005
    assert added - started < 3 and published - added < 1 and read - published < 1
    # one bulk replace of 10,000 records at one node
    items = [{"rdata": {"address": f"10.1.{n // 256}.{n % 256}"}} for n in range(10_000)]
    started = time.perf_counter()
    part.replace_records(zone, "t1", "user", A, "bulk." + ZONE, items, "ARecords")
    part.publish(zone, "t1", "user")
    assert len(zone.published("bulk." + ZONE, "A")) == 10_000 and time.perf_counter() - started < 3


def test_state_file_keeps_published_zones(tmp_path, clock):
    path = tmp_path / "state.json"
    state = State(clock=clock, state_file=str(path))
    part = zones_part(state)
    zone, _task = part.create_zone("demo", ZONE, "admin@example.com", 60)
    add(part, zone, "t1", "www." + ZONE, "192.0.2.1")
    part.publish(zone, "t1", "user")
    add(part, zone, "t1", "later." + ZONE, "192.0.2.2")
    state.save()
    again = zones_part(State(clock=clock, state_file=str(path)))
    restored = again.get_zone("demo", ZONE)
    assert restored.serial == 1 and set(restored.nodes) == {ZONE, "www." + ZONE}
    assert again.pending == {}

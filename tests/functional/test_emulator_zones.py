"""Functional tests over real HTTP: zones (create, read, publish, freeze, thaw, delete),
serial styles, zone notes, whole-zone and node views, zone transfers, QPS reports and the
services hook."""
import calendar

import pytest

from dyn.emulator.dns import model as zonedata
from dyn.testing import RawClient

from support import Clock, reply_msg as msg

ZONE = "example.com"
SETUP = ("setup: If you plan to provide your own secondary DNS for the zone, allow notify requests from these "
         "IP addresses on your nameserver: 208.78.68.66, 2600:2003:0:1::66")


@pytest.fixture
def clock(dyn_emulator):
    state = dyn_emulator.app.state
    original = state.clock
    fake = Clock(calendar.timegm((2017, 12, 21, 10, 0, 0)))
    dyn_emulator.configure(token_lifetime=10 ** 8)  # clock jumps must not expire tokens
    state.clock = fake
    yield fake
    state.clock = original


def create(client, name=ZONE, **args):
    body = dict({"rname": "admin@example.com", "ttl": 3600}, **args)
    return client.tm("POST", f"Zone/{name}/", body)


def publish(client, name=ZONE, **extra):
    return client.tm("PUT", f"Zone/{name}/", dict({"publish": True}, **extra))


def add(client, rtype, fqdn, rdata, zone=ZONE):
    status, body = client.tm("POST", f"{rtype}Record/{zone}/{fqdn}/", {"rdata": rdata})
    assert status == 200, body
    return body


def snapshot(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()


# -- create ------------------------------------------------------------------------------------------

def test_create_answers_the_real_body(client):
    status, body = create(client, "Subzone.Go-Dynect.test.", serial_style="day")
    assert status == 200
    data = body["data"]
    assert {key: data[key] for key in ("zone_type", "serial_style", "serial", "zone")} == {
        "zone_type": "Primary", "serial_style": "day", "serial": 0, "zone": "subzone.go-dynect.test"}
    assert isinstance(data["task_id"], str) and data["task_id"].isdigit()
    assert body["msgs"] == [msg(SETUP), msg("create: New zone subzone.go-dynect.test created.  Publish it to put "
                                            "it on our server.")]


def test_new_zone_has_soa_and_four_ns_records(client):
    create(client, ttl="900")
    status, body = client.tm("GET", f"AllRecord/{ZONE}/", {"detail": "Y"})
    data = body["data"]
    assert len(data["soa_records"]) == 1 and len(data["ns_records"]) == 4
    soa = data["soa_records"][0]
    assert soa["ttl"] == 900 and soa["serial_style"] == "increment" and soa["record_id"] >= 318905321
    assert soa["rdata"]["rname"] == "admin@example.com." and soa["rdata"]["serial"] == 0
    pod = soa["rdata"]["mname"].split(".")[1]
    assert [item["rdata"]["nsdname"] for item in data["ns_records"]] == [
        f"ns{n}.{pod}.dynect.net." for n in range(1, 5)]
    assert all(item["ttl"] == 86400 and item["service_class"] == "Primary" for item in data["ns_records"])


def test_create_existing_zone(dyn_emulator, client):
    create(client)
    before = snapshot(dyn_emulator)
    status, body = create(client, "EXAMPLE.com.")
    assert status == 400 and body["data"] == {}
    assert body["msgs"] == [msg("name: Name already exists", "TARGET_EXISTS"),
                            msg("create: You already have this zone.")]
    assert snapshot(dyn_emulator) == before


@pytest.mark.parametrize("args, field, problem", [
    ({"rname": None}, "rname", "This field is required"),
    ({"rname": "not a mailbox"}, "rname", "E-mail address or domain name expected"),
    ({"ttl": None}, "ttl", "This field is required"),
    ({"ttl": "x"}, "ttl", "Expected an integer"),
    ({"ttl": 2 ** 31}, "ttl", "Must be between 0 and 2147483647"),
    ({"serial_style": "hourly"}, "serial_style", "Must be one of increment, epoch, day, minute"),
])
def test_create_rejections_change_nothing(dyn_emulator, client, args, field, problem):
    body = {"rname": "admin@example.com", "ttl": 3600}
    body.update(args)
    body = {key: value for key, value in body.items() if value is not None}
    status, answer = client.tm("POST", f"Zone/{ZONE}/", body)
    assert status == 400
    assert answer["msgs"] == [msg(f"{field}: {problem}", "INVALID_DATA"), msg("create: Zone not created")]
    assert snapshot(dyn_emulator)["zones"] == [] and snapshot(dyn_emulator)["tasks"] == []


def test_create_bad_zone_name(dyn_emulator, client):
    status, body = create(client, "bad..name.com")
    assert status == 400 and body["msgs"] == [msg("zone: Host name expected", "INVALID_DATA"),
                                              msg("create: Zone not created")]
    assert snapshot(dyn_emulator)["zones"] == []


# -- read --------------------------------------------------------------------------------------------

def test_list_zones(client):
    status, body = client.tm("GET", "Zone/")
    assert (status, body["data"], body["msgs"]) == (200, [], [msg("get: Your 0 zones")])
    create(client)
    assert client.tm("GET", "Zone/")[1]["msgs"] == [msg("get: Your 1 zone")]
    create(client, "b.org", serial_style="minute")
    status, body = client.tm("GET", "Zone")
    assert body["data"] == ["/REST/Zone/b.org/", f"/REST/Zone/{ZONE}/"]
    assert body["msgs"] == [msg("get: Your 2 zones")]
    status, body = client.tm("GET", "Zone/?detail=Y")
    assert body["data"] == [{"zone_type": "Primary", "serial_style": "minute", "serial": 0, "zone": "b.org"},
                            {"zone_type": "Primary", "serial_style": "increment", "serial": 0, "zone": ZONE}]


def test_zones_are_per_customer(dyn_emulator, client):
    create(client)
    dyn_emulator.add_account("acme", "bob", "pw")
    with RawClient(dyn_emulator.url) as stranger:
        stranger.login("acme", "bob", "pw")
        assert stranger.tm("GET", "Zone/")[1]["data"] == []
        assert stranger.tm("GET", f"Zone/{ZONE}/")[0] == 404
        assert create(stranger)[0] == 200  # the same name in another customer


def test_get_zone_and_unknown_zone(client):
    create(client)
    status, body = client.tm("GET", f"Zone/{ZONE}.")
    assert status == 200 and body["msgs"] == [msg(f"get: Your zone, {ZONE}")]
    assert body["data"] == {"zone_type": "Primary", "serial_style": "increment", "serial": 0, "zone": ZONE}
    status, body = client.tm("GET", "Zone/nope.com/")
    assert status == 404 and body == dict(body, status="failure", data={},
                                          msgs=[msg("zone: No such zone", "NOT_FOUND", "API-B")])


# -- publish, serials, notes --------------------------------------------------------------------------

def test_publish_answers_the_real_body_and_bumps_the_serial(client):
    create(client)
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    status, body = publish(client, notes="first change")
    assert status == 200 and body["msgs"] == [msg(f"publish: {ZONE} published")]
    assert body["data"]["serial"] == 1 and isinstance(body["data"]["task_id"], str)
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []
    # nothing pending: the serial still moves
    assert publish(client)[1]["data"]["serial"] == 2
    soa = client.tm("GET", f"SOARecord/{ZONE}/{ZONE}/", {"detail": "Y"})[1]["data"][0]
    assert soa["rdata"]["serial"] == 2


def test_serial_styles_follow_the_clock(client, clock):
    for name, style in (("inc.com", "increment"), ("epo.com", "epoch"), ("day.com", "day"), ("min.com", "minute")):
        create(client, name, serial_style=style)

    def serial(name):
        return publish(client, name)[1]["data"]["serial"]

    assert serial("inc.com") == 1 and serial("inc.com") == 2
    assert serial("epo.com") == clock.now
    assert serial("epo.com") == clock.now + 1  # same second: never goes down
    assert [serial("day.com") for _ in range(3)] == [2017122100, 2017122101, 2017122102]
    assert serial("min.com") == 1712211000
    clock.now += 86400 + 60
    assert serial("day.com") == 2017122200
    assert serial("min.com") == 1712221001
    assert serial("epo.com") == clock.now


def test_zone_notes_newest_first(client, clock):
    create(client)
    publish(client, notes="one")
    clock.now += 10
    publish(client)
    clock.now += 10
    publish(client, notes="three")
    status, body = client.tm("POST", "ZoneNoteReport/", {"zone": ZONE})
    assert status == 200 and [item["note"] for item in body["data"]] == ["three", "", "one"]
    assert body["data"][0] == {"zone": ZONE, "serial": 3, "user_name": "demo_user", "timestamp": int(clock.now),
                               "note": "three", "type": "publish"}
    assert body["msgs"] == [msg("report: Found 3 zone notes")]
    page = client.tm("POST", "ZoneNoteReport/", {"zone": ZONE, "offset": 1, "limit": 1})[1]["data"]
    assert [item["serial"] for item in page] == [2]
    status, body = client.tm("POST", "ZoneNoteReport/", {"zone": "nope.com"})
    assert status == 404 and body["msgs"][0]["INFO"] == "zone: No such zone"
    status, body = client.tm("POST", "ZoneNoteReport/", {})
    assert status == 400 and body["msgs"][0]["INFO"] == "zone: This field is required"


def test_empty_put_answers_the_zone_unchanged(dyn_emulator, client):
    create(client)
    before = snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {})
    assert status == 200 and body["data"] == {"zone_type": "Primary", "serial_style": "increment", "serial": 0,
                                              "zone": ZONE}
    assert snapshot(dyn_emulator) == before


def test_only_one_action_at_a_time(dyn_emulator, client):
    create(client)
    before = snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {"publish": True, "freeze": True})
    assert status == 400 and body["msgs"] == [
        msg("freeze: Only one of publish, freeze and thaw may be given", "INVALID_DATA"),
        msg("update: Zone not updated")]
    assert snapshot(dyn_emulator) == before


def test_publish_unknown_zone(client):
    status, body = publish(client, "nope.com")
    assert status == 404 and body["msgs"] == [msg("zone: No such zone", "NOT_FOUND", "API-B")]


# -- freeze / thaw ---------------------------------------------------------------------------------------

def test_freeze_refuses_every_change_until_thawed(dyn_emulator, client):
    create(client)
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    publish(client)
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {"freeze": True})
    assert status == 200 and body["msgs"] == [msg("freeze: Your zone is now frozen")]
    assert body["data"]["zone"] == ZONE and "frozen" not in body["data"]
    before = snapshot(dyn_emulator)
    frozen = msg("zone: Zone is frozen", "ILLEGAL_OPERATION")
    attempts = [
        ("POST", f"ARecord/{ZONE}/x.{ZONE}/", {"rdata": {"address": "192.0.2.2"}}, "add: Record not added"),
        ("PUT", f"ARecord/{ZONE}/www.{ZONE}/0/", {"rdata": {"address": "192.0.2.2"}}, "update: No record updated"),
        ("PUT", f"ARecord/{ZONE}/www.{ZONE}/", {"ARecords": []}, "update: Records not replaced"),
        ("DELETE", f"ARecord/{ZONE}/www.{ZONE}/0/", {}, "delete: No record deleted"),
        ("DELETE", f"Node/{ZONE}/www.{ZONE}", {}, "remove_node: Node not removed"),
        ("PUT", f"Zone/{ZONE}/", {"publish": True}, "publish: Zone not published"),
        ("PUT", f"ZoneFile/{ZONE}/", {"file": "x 60 IN A 192.0.2.3\n"}, "update: Zone not updated"),
    ]
    for method, path, args, second in attempts:
        status, body = client.tm(method, path, args)
        assert (status, body["msgs"]) == (400, [frozen, msg(second)]), (method, path)
    assert snapshot(dyn_emulator) == before
    assert client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/", {"detail": "Y"})[0] == 200  # reads still work
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {"thaw": True})
    assert status == 200 and body["msgs"] == [msg("thaw: Your zone is now thawed, you may edit normally")]
    assert client.tm("POST", f"ARecord/{ZONE}/x.{ZONE}/", {"rdata": {"address": "192.0.2.2"}})[0] == 200


# -- delete -------------------------------------------------------------------------------------------------

def test_delete_zone(dyn_emulator, client, other):
    create(client)
    add(other, "A", "www." + ZONE, {"address": "192.0.2.1"})
    status, body = client.tm("DELETE", f"Zone/{ZONE}/")
    assert status == 200 and body["data"] == {} and body["msgs"] == [msg("remove: Zone removed")]
    assert client.tm("GET", f"Zone/{ZONE}/")[0] == 404
    assert not any(dyn_emulator.app.state.part("zones").pending.values())
    create(client)  # a new zone of that name starts empty
    assert other.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []
    status, body = client.tm("DELETE", "Zone/nope.com/")
    assert status == 404 and body["msgs"] == [msg("zone: No such zone", "NOT_FOUND"),
                                              msg("remove: No such zone in your account")]


# -- whole-zone and node views --------------------------------------------------------------------------

@pytest.fixture
def tree(client):
    create(client)
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    add(client, "TXT", "www." + ZONE, {"txtdata": "hello"})
    add(client, "A", "a.b." + ZONE, {"address": "192.0.2.2"})
    add(client, "MX", "b." + ZONE, {"exchange": "mx.example.net.", "preference": 5})
    publish(client)
    return client


def test_all_records_uris_and_detail(tree):
    status, body = tree.tm("GET", f"AllRecord/{ZONE}/")
    assert status == 200 and body["msgs"] == [msg("get_tree: Here is your zone tree")]
    assert len(body["data"]) == 9 and all(uri.startswith("/REST/") for uri in body["data"])
    assert any(uri.startswith(f"/REST/SOARecord/{ZONE}/{ZONE}/") for uri in body["data"])
    status, body = tree.tm("GET", f"AllRecord/{ZONE}/{ZONE}./", {"detail": "Y"})
    data = body["data"]
    assert len(data) == 30 and data["aaaa_records"] == [] and data["caa_records"] == []
    assert [item["fqdn"] for item in data["a_records"]] == [f"a.b.{ZONE}", f"www.{ZONE}"]
    status, body = tree.tm("GET", f"AllRecord/{ZONE}/b.{ZONE}/", {"detail": "Y"})
    assert [item["fqdn"] for item in body["data"]["a_records"]] == [f"a.b.{ZONE}"]
    assert len(body["data"]["mx_records"]) == 1 and body["data"]["soa_records"] == []


def test_all_records_missing_node(tree):
    status, body = tree.tm("GET", f"AllRecord/{ZONE}/none.{ZONE}/")
    assert status == 404 and body["msgs"] == [msg("node: Node is not in the zone", "NOT_FOUND"),
                                              msg("get_tree: Node name not found within the zone")]
    status, body = tree.tm("GET", "AllRecord/nope.com/")
    assert status == 404 and body["msgs"] == [msg("zone: No such zone", "NOT_FOUND", "API-B")]


def test_any_records_exactly_at_a_node(tree):
    status, body = tree.tm("GET", f"ANYRecord/{ZONE}/www.{ZONE}/", {"detail": "Y"})
    data = body["data"]
    assert len(data["a_records"]) == 1 and len(data["txt_records"]) == 1 and data["mx_records"] == []
    assert body["msgs"] == [msg("detail: Found 2 records")]
    status, body = tree.tm("GET", f"ANYRecord/{ZONE}/b.{ZONE}/")
    assert len(body["data"]) == 1 and body["data"][0].startswith(f"/REST/MXRecord/{ZONE}/b.{ZONE}/")
    status, body = tree.tm("GET", f"ANYRecord/{ZONE}/none.{ZONE}/")
    assert status == 404 and body["msgs"] == [msg("node: Not in zone", "NOT_FOUND"),
                                              msg("get: Host is not in this zone")]


def test_node_list(tree):
    status, body = tree.tm("GET", f"NodeList/{ZONE}/")
    assert status == 200 and body["msgs"] == [msg("get_node_list: Here is your node list")]
    assert body["data"] == [ZONE, f"b.{ZONE}", f"a.b.{ZONE}", f"www.{ZONE}"]
    assert tree.tm("GET", f"NodeList/{ZONE}/b.{ZONE}/")[1]["data"] == [f"b.{ZONE}", f"a.b.{ZONE}"]
    status, body = tree.tm("GET", f"NodeList/{ZONE}/none.{ZONE}/")
    assert status == 404 and body["msgs"][1] == msg("get_node_list: Node name not found within the zone")


def test_delete_node_is_pending_until_publish(tree, other):
    status, body = tree.tm("DELETE", f"Node/{ZONE}/b.{ZONE}")
    assert status == 200
    assert body["msgs"] == [msg(f"remove_node: b.{ZONE} removed from tree. All records also removed.")]
    assert body["data"]["zone"] == ZONE and body["data"]["zone_type"] == "Primary"
    assert tree.tm("GET", f"NodeList/{ZONE}/")[1]["data"] == [ZONE, f"www.{ZONE}"]
    assert len(other.tm("GET", f"NodeList/{ZONE}/")[1]["data"]) == 4
    assert len(tree.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"]) == 2
    publish(tree)
    assert other.tm("GET", f"NodeList/{ZONE}/")[1]["data"] == [ZONE, f"www.{ZONE}"]


def test_delete_node_rejections(dyn_emulator, tree):
    before = snapshot(dyn_emulator)
    status, body = tree.tm("DELETE", f"Node/{ZONE}/{ZONE}/")
    assert status == 400 and body["msgs"] == [msg("node: The zone apex can not be removed", "ILLEGAL_OPERATION"),
                                              msg("remove_node: Node not removed")]
    status, body = tree.tm("DELETE", f"Node/{ZONE}/none.{ZONE}/")
    assert status == 404 and body["msgs"] == [msg("node: Node is not in the zone", "NOT_FOUND"),
                                              msg("remove_node: Node name not found within the zone")]
    assert snapshot(dyn_emulator) == before


def test_apex(tree):
    create(tree, f"sub.{ZONE}")
    status, body = tree.tm("GET", f"Apex/a.b.{ZONE}")
    assert status == 200 and body["data"] == {"zone": ZONE, "zone_type": "Primary", "serial_type": "increment",
                                              "serial": 1}
    assert tree.tm("GET", f"Apex/x.sub.{ZONE}./")[1]["data"]["zone"] == f"sub.{ZONE}"
    status, body = tree.tm("GET", "Apex/www.nowhere.org")
    assert status == 404 and body["msgs"][0] == msg("node: Not in zone", "NOT_FOUND")


# -- services hook ---------------------------------------------------------------------------------------

def test_node_sources_add_service_records(tree):
    def source(state, customer, zone, fqdn, token):
        assert customer == "demo" and zone == ZONE and token
        return [{"zone": zone, "ttl": 30, "fqdn": f"svc.{zone}", "record_type": "A",
                 "rdata": {"address": "203.0.113.1"}, "record_id": 0}]

    zonedata.register_node_source(source)
    zonedata.register_node_source(source)  # registering twice has no effect
    try:
        data = tree.tm("GET", f"AllRecord/{ZONE}/", {"detail": "Y"})[1]["data"]
        assert [item["fqdn"] for item in data["a_records"]] == [f"a.b.{ZONE}", f"www.{ZONE}", f"svc.{ZONE}"]
        status, body = tree.tm("GET", f"ANYRecord/{ZONE}/svc.{ZONE}/", {"detail": "Y"})
        assert status == 200 and len(body["data"]["a_records"]) == 1
        assert len(tree.tm("GET", f"ANYRecord/{ZONE}/www.{ZONE}/", {"detail": "Y"})[1]["data"]["a_records"]) == 1
    finally:
        zonedata.NODE_SOURCES.remove(source)


# -- zone transfer and QPS ----------------------------------------------------------------------------------

def test_zone_transfer(dyn_emulator, client):
    status, body = client.tm("POST", f"ZoneTransfer/{ZONE}/", {"master_ip": "not-an-ip"})
    assert status == 400 and body["msgs"] == [msg("master_ip: IP address expected", "INVALID_DATA"),
                                              msg("create: Zone not created")]
    assert snapshot(dyn_emulator)["zones"] == []
    status, body = client.tm("POST", f"ZoneTransfer/{ZONE}/", {"master_ip": "192.0.2.53"})
    assert status == 200 and body["data"]["zone"] == ZONE and body["data"]["task_id"].isdigit()
    status, body = client.tm("GET", f"ZoneTransfer/{ZONE}/", {})
    assert status == 200 and body["data"] == {"zone": ZONE, "master_ip": "192.0.2.53", "status": "ok"}
    assert client.tm("GET", f"Zone/{ZONE}/")[0] == 200
    assert client.tm("POST", f"ZoneTransfer/{ZONE}/", {"master_ip": "192.0.2.53"})[0] == 400
    create(client, "plain.com")
    assert client.tm("GET", "ZoneTransfer/plain.com/")[0] == 404


def test_qps_report_is_deterministic_csv(client):
    create(client)
    args = {"start_ts": 1_500_000_000, "end_ts": 1_500_000_900}
    status, body = client.tm("POST", "QPSReport/", args)
    assert status == 200 and body["msgs"] == [msg("report: QPS report generated")]
    lines = body["data"]["csv"].splitlines()
    assert lines[0] == "Timestamp,Queries" and len(lines) == 5
    assert all(line.split(",")[1].isdigit() for line in lines[1:])
    assert client.tm("POST", "QPSReport/", args)[1]["data"] == body["data"]
    lines = client.tm("POST", "QPSReport/", dict(args, breakdown="rrecs", rrecs=["A", "MX"]))[1]["data"]["csv"]
    assert lines.splitlines()[0] == "Timestamp,Record Type,Queries" and ",MX," in lines
    lines = client.tm("POST", "QPSReport/", dict(args, breakdown="zones"))[1]["data"]["csv"].splitlines()
    assert lines[0] == "Timestamp,Zone,Queries" and lines[1].split(",")[1] == ZONE
    status, body = client.tm("POST", "QPSReport/", {"start_ts": 10, "end_ts": 5})
    assert status == 400 and body["msgs"] == [msg("end_ts: Must not be before start_ts", "INVALID_DATA"),
                                              msg("report: Report not generated")]
    assert client.tm("POST", "QPSReport/", {"start_ts": 10})[1]["msgs"][0]["INFO"] == "end_ts: This field is required"

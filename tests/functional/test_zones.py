"""dyn.tm.zones against the emulator over real HTTP: primary zones, records, nodes,
publishing, pending changes, zone files, and the checks made before sending."""
import pytest

from dyn.tm.errors import DynectError, DynectGetError, DynectInvalidArgumentError, DynectNotFoundError
from dyn.tm.records import AAAARecord, ARecord, CNAMERecord, MXRecord, NSRecord, SOARecord, SRVRecord, TXTRecord
from dyn.tm.task import Task
from dyn.tm.zones import Node, Zone, get_all_zones, get_apex

NAME = "zones-test.example"
CONTACT = "hostmaster@zones-test.example"


@pytest.fixture
def zone(session):
    return Zone(NAME, CONTACT, 3600)


def add_several(zone):
    zone.add_record("www", "A", "192.0.2.10", ttl=300)
    zone.add_record("www", "AAAA", "2001:db8::10", ttl=300)
    zone.add_record(None, "MX", "mail.%s." % NAME, 10)
    zone.add_record(None, "TXT", "v=spf1 mx -all")
    zone.add_record("blog", "CNAME", "www.%s." % NAME)
    zone.add_record("_sip._tcp", "SRV", 5060, 10, "sip.%s." % NAME, 20)


def wire(emulator, since=0):
    """(method, path) of the API requests made after index ``since``."""
    return [(r["method"], r["path"]) for r in emulator.requests[since:]]


# -- lifecycle -------------------------------------------------------------------------------
def test_create_fetch_list_and_delete(session, dyn_emulator):
    created = Zone(NAME, CONTACT, 3600, "increment")
    assert created.name == NAME and created._zone_type == "Primary" and created._status == "active"
    fetched = Zone(NAME)
    assert fetched == created and fetched.serial == 0 and fetched.serial_style == "increment"
    assert NAME in get_all_zones()
    assert get_apex("www." + NAME) == NAME
    assert get_apex(NAME, full_details=True)["zone"] == NAME
    assert fetched.contact.rstrip(".") == CONTACT and fetched.ttl == 3600
    created.delete()
    with pytest.raises(DynectGetError) as err:
        Zone(NAME)
    assert isinstance(err.value, DynectNotFoundError)
    assert NAME not in get_all_zones()


def test_a_new_zone_has_soa_and_ns_records(zone):
    found = zone.get_all_records()
    assert sorted(found) == ["ns_records", "soa_records"]  # the empty types are left out
    assert all(isinstance(r, NSRecord) for r in found["ns_records"]) and len(found["ns_records"]) == 4
    soa, = found["soa_records"]
    assert isinstance(soa, SOARecord) and soa.rname.rstrip(".") == CONTACT


def test_publish_with_notes_bumps_the_serial_and_keeps_the_notes(zone):
    zone.add_record("www", "A", "192.0.2.10")
    zone.publish(notes="first records")
    assert zone._serial == 1 and zone.serial == 1
    assert isinstance(zone._task_id, Task)
    assert zone.task.status == "complete" and zone.task.zone_name == NAME
    zone.add_record("www", "A", "192.0.2.11")
    zone.publish(notes="second")
    assert zone.serial == 2
    notes = [n["note"] for n in zone.get_notes()]
    assert "first records" in notes and "second" in notes
    assert len(zone.get_notes(limit=1)) == 1


def test_freeze_blocks_changes_until_thaw(zone):
    zone.publish()
    zone.freeze()
    assert zone._status == "frozen"
    with pytest.raises(DynectError):
        zone.add_record("www", "A", "192.0.2.10")
    zone.thaw()
    assert zone._status == "active"
    zone.add_record("www", "A", "192.0.2.10")
    zone.publish()
    assert [r.address for r in zone.get_node("www").get_all_records_by_type("A")] == ["192.0.2.10"]


def test_changes_are_pending_until_publish_and_can_be_discarded(zone):
    zone.publish()
    serial = zone.serial
    zone.add_record("www", "A", "192.0.2.10")
    zone.add_record("www", "TXT", "hello")
    changes = zone.get_changes()
    assert len(changes) == 2
    assert {c["rdata_type"] for c in changes} == {"A", "TXT"}
    assert all(c["fqdn"].rstrip(".") == "www." + NAME for c in changes)
    zone.discard_changes()
    assert zone.get_changes() == []
    zone.publish()
    assert "a_records" not in zone.get_all_records()
    assert zone.serial == serial + 1


def test_records_of_several_types_then_list_them(zone):
    add_several(zone)
    zone.publish(notes="several")
    found = zone.get_all_records()
    assert {"a_records", "aaaa_records", "mx_records", "txt_records", "cname_records", "srv_records",
            "ns_records", "soa_records"} == set(found)
    a, = found["a_records"]
    assert isinstance(a, ARecord) and a.address == "192.0.2.10" and a.ttl == 300 and a.record_id > 0
    assert isinstance(found["aaaa_records"][0], AAAARecord)
    assert isinstance(found["cname_records"][0], CNAMERecord)
    srv, = found["srv_records"]
    assert isinstance(srv, SRVRecord) and (srv.port, srv.priority, srv.weight) == (5060, 10, 20)

    mx, = zone.get_all_records_by_type("MX")
    assert isinstance(mx, MXRecord) and mx.exchange == "mail.%s." % NAME and mx.preference == 10
    assert zone.get_all_records_by_type("PTR") == []

    apex = zone.get_any_records()
    assert {"mx_records", "txt_records", "ns_records", "soa_records"} == set(apex)
    assert isinstance(apex["txt_records"][0], TXTRecord) and apex["txt_records"][0].txtdata == "v=spf1 mx -all"

    nodes = zone.get_all_nodes()
    assert all(isinstance(n, Node) for n in nodes)
    names = {n.fqdn.rstrip(".") for n in nodes}
    assert {"www." + NAME, "blog." + NAME, "_sip._tcp." + NAME} <= names and NAME not in names

    www = zone.get_node("www")
    assert set(www.get_all_records()) == {"a_records", "aaaa_records"}
    assert set(www.get_any_records()) == {"a_records", "aaaa_records"}


def test_node_delete_then_publish(zone):
    add_several(zone)
    zone.add_record("a.www", "A", "192.0.2.20")
    zone.publish()
    zone.get_node("www").delete()
    zone.publish(notes="www removed")
    found = zone.get_all_records()
    assert "a_records" not in found and "aaaa_records" not in found
    assert "cname_records" in found  # other nodes stay
    assert not any(n.fqdn.rstrip(".").endswith("www." + NAME) for n in zone.get_all_nodes())


def test_soa_backed_properties(zone):
    zone.contact = "dns@zones-test.example"
    zone.ttl = 7200
    zone.serial_style = "day"
    zone.publish()
    assert zone.contact.rstrip(".") == "dns@zones-test.example"
    assert zone.ttl == 7200
    assert zone.serial_style == "day"
    assert zone.serial > 2000000000  # YYYYMMDDnn


def test_zone_file_upload(session, dyn_emulator, tmp_path):
    path = tmp_path / "upload.zone"
    path.write_text(
        "$ORIGIN upload.example.\n"
        "$TTL 3600\n"
        "@ IN SOA ns1.upload.example. hostmaster.upload.example. 5 3600 600 604800 1800\n"
        "@ IN NS ns1.upload.example.\n"
        "www 300 IN A 192.0.2.80\n"
        "mail IN MX 10 mx.upload.example.\n")
    since = len(dyn_emulator.requests)
    zone = Zone("upload.example", file_name=str(path))
    assert wire(dyn_emulator, since) == [("POST", "/REST/ZoneFile/upload.example/"),
                                         ("GET", "/REST/Zone/upload.example/")]
    assert zone._zone == "upload.example"
    found = zone.get_all_records()
    assert found["a_records"][0].address == "192.0.2.80"
    assert found["mx_records"][0].exchange == "mx.upload.example."


def test_zone_transfer_waits_for_the_transfer_then_reads_the_zone(session, dyn_emulator):
    since = len(dyn_emulator.requests)
    zone = Zone("xfer.example", master_ip="192.0.2.53", timeout=1)
    assert wire(dyn_emulator, since) == [("POST", "/REST/ZoneTransfer/xfer.example/"),
                                         ("GET", "/REST/ZoneTransfer/xfer.example/"),
                                         ("GET", "/REST/Zone/xfer.example/")]
    assert zone._zone == "xfer.example" and zone._zone_type == "Primary"
    assert "soa_records" in zone.get_all_records()


def test_zone_transfer_really_waits_while_the_transfer_runs(session, dyn_emulator):
    dyn_emulator.configure(task_duration=0.3)
    since = len(dyn_emulator.requests)
    zone = Zone("slowxfer.example", master_ip="192.0.2.53", timeout=1)
    polls = [path for method, path in wire(dyn_emulator, since) if path == "/REST/ZoneTransfer/slowxfer.example/"]
    assert len(polls) >= 3  # the POST, at least one "running" answer, then "ok"
    assert wire(dyn_emulator, since)[-1] == ("GET", "/REST/Zone/slowxfer.example/")
    assert zone._zone == "slowxfer.example"


def test_get_qps(zone):
    import datetime
    report = zone.get_qps(datetime.datetime(2024, 1, 1), datetime.datetime(2024, 1, 2))
    assert "csv" in report


# -- checks made before sending ------------------------------------------------------------------
def _zone_obj():
    return Zone(NAME, api=False, zone=NAME)


BAD_CALLS = {
    "zone name": (lambda: Zone("bad zone!"), "name"),
    "create without contact": (lambda: Zone(NAME, ttl=60), "contact"),
    "contact": (lambda: Zone(NAME, "nobody at all"), "contact"),
    "ttl": (lambda: Zone(NAME, CONTACT, -1), "ttl"),
    "serial_style": (lambda: Zone(NAME, CONTACT, 60, "hourly"), "serial_style"),
    "master_ip": (lambda: Zone(NAME, master_ip="10.0.0.300"), "master_ip"),
    "node name": (lambda: _zone_obj().add_record("bad name", "A", "192.0.2.1"), "name"),
    "record type": (lambda: _zone_obj().get_all_records_by_type("NOPE"), "record_type"),
    "node fqdn": (lambda: Node(NAME, "under_score ok but spaces not"), "fqdn"),
    "apex node": (lambda: get_apex("not a host"), "node_name"),
    "contact setter": (lambda: setattr(_zone_obj(), "contact", "x y"), "contact"),
    "ttl setter": (lambda: setattr(_zone_obj(), "ttl", "long"), "ttl"),
    "serial_style setter": (lambda: setattr(_zone_obj(), "serial_style", "weekly"), "serial_style"),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_values_are_refused_before_any_request(session, dyn_emulator, case):
    call, field = BAD_CALLS[case]
    before = len(dyn_emulator.requests)
    with pytest.raises(DynectInvalidArgumentError) as err:
        call()
    assert err.value.arg == field
    assert len(dyn_emulator.requests) == before


def test_zone_file_over_1mb_is_refused_before_any_request(session, dyn_emulator, tmp_path):
    path = tmp_path / "big.zone"
    path.write_text(";" * (1024 * 1024 + 1))
    before = len(dyn_emulator.requests)
    with pytest.raises(DynectInvalidArgumentError) as err:
        Zone("big.example", file_name=str(path))
    assert err.value.arg == "Zone File Size"
    assert len(dyn_emulator.requests) == before


def test_unavailable_service_is_refused_before_any_request(session, dyn_emulator, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "dyn.tm.services.rttm", None)
    before = len(dyn_emulator.requests)
    with pytest.raises(NotImplementedError, match="not available in this version of dyn"):
        _zone_obj().get_all_rttm()
    assert len(dyn_emulator.requests) == before

"""The exact execute(uri, method, args) calls of dyn.tm.zones and dyn.tm.task.

Downstream tools patch ``dyn.core.SessionEngine.execute`` and assert these calls, so
they must stay those of the classic SDK (spec classic-core.md sections 8 and 9).
"""
import datetime
import sys
import types
from unittest import mock

import pytest

from dyn.tm import task as task_module
from dyn.tm import zones
from dyn.tm.errors import (DynectCreateError, DynectGetError, DynectInvalidArgumentError,
                           DynectNoSessionError, DynectQueryTimeout)
from dyn.tm.records import ARecord, CDSRecord, MXRecord, NSRecord, SOARecord, TXTRecord
from dyn.tm.session import DynectSession
from dyn.tm.task import Task, get_tasks
from dyn.tm.zones import (TSIG, ExternalNameserver, ExternalNameserverEntry, Node, SecondaryZone, Zone,
                          get_all_secondary_zones, get_all_tsig, get_all_zones, get_apex)

ZONE = {"zone": "example.com", "zone_type": "Primary", "serial_style": "increment", "serial": 0}
SOA = {"zone": "example.com", "fqdn": "example.com", "record_type": "SOA", "record_id": 77, "ttl": 3600,
       "serial_style": "increment",
       "rdata": {"rname": "admin@example.com.", "mname": "ns1.p01.dynect.net.", "serial": 3,
                 "refresh": 3600, "retry": 600, "expire": 604800, "minimum": 1800}}


@pytest.fixture
def no_sleep():
    with mock.patch.object(zones.time, "sleep") as sleep:
        yield sleep


def zone(name="example.com"):
    return Zone(name, api=False, **dict(ZONE, zone=name))


# -- module functions ------------------------------------------------------------------------
def test_get_all_zones_builds_zones_from_one_listing(api):
    api.answer([ZONE, dict(ZONE, zone="example.org", serial=9)])
    found = get_all_zones()
    assert api.calls == [("/Zone/", "GET", {"detail": "Y"})]
    assert [z.name for z in found] == ["example.com", "example.org"]
    assert found[1]._serial == 9 and found[1].fqdn == "example.org."
    assert found[0] == "example.com" and found[0] == zone() and found[0] != "example.org"


def test_get_all_secondary_zones(api):
    api.answer([{"zone": "sec.example", "masters": ["192.0.2.1"], "active": "Y", "contact_nickname": "owner",
                 "tsig_key_name": None}])
    found = get_all_secondary_zones()
    assert api.calls == [("/Secondary/", "GET", {"detail": "Y"})]
    assert found[0].zone == "sec.example" and found[0]._masters == ["192.0.2.1"]
    assert str(found[0]) == "<SecondaryZone>: sec.example"


def test_get_apex_returns_the_zone_name_or_the_whole_answer(api):
    details = {"zone": "example.com", "zone_type": "Primary", "serial_type": "increment", "serial": 4}
    api.answer(details, details)
    assert get_apex("www.example.com") == "example.com"
    assert get_apex("www.example.com", full_details=True) == details
    assert api.calls == [("/Apex/www.example.com", "GET", {})] * 2


def test_get_all_tsig_is_new_and_hides_secrets(api):
    api.answer([{"name": "xfer", "algorithm": "hmac-sha256", "secret": "c2VjcmV0"}])
    keys = get_all_tsig()
    assert api.calls == [("/TSIGKey/", "GET", {"detail": "Y"})]
    assert keys[0].name == "xfer" and keys[0]._algorithm == "hmac-sha256"
    assert "c2VjcmV0" not in repr(keys[0]) and "c2VjcmV0" not in str(keys[0])


def test_no_session_is_a_clear_error():
    DynectSession.close_session()
    with pytest.raises(DynectNoSessionError):
        get_all_zones()


# -- zone creation ---------------------------------------------------------------------------
def test_create_posts_contact_ttl_and_serial_style(api):
    api.answer(dict(ZONE, serial_style="day"))
    z = Zone("example.com", "admin@example.com", 3600, "day")
    assert api.calls == [("/Zone/example.com/", "POST", {"zone": "example.com", "rname": "admin@example.com",
                                                          "ttl": 3600, "serial_style": "day"})]
    assert z._serial_style == "day" and z._status == "active" and z.fqdn == "example.com."


def test_create_defaults_and_keywords(api):
    api.answer(ZONE)
    Zone("example.com", contact="admin@example.com")
    assert api.calls == [("/Zone/example.com/", "POST", {"zone": "example.com", "rname": "admin@example.com",
                                                          "ttl": 60, "serial_style": "increment"})]


def test_fetch_gets_the_zone(api):
    api.answer(dict(ZONE, serial=12, task_id="99"))
    z = Zone("example.com")
    assert api.calls == [("/Zone/example.com/", "GET", {})]
    assert z._serial == 12 and isinstance(z._task_id, Task) and z._task_id.task_id == "99"
    assert z._status is None


def test_zone_file_upload_posts_the_file_then_reads_the_zone_without_sleeping(api, tmp_path, no_sleep):
    path = tmp_path / "example.com.zone"
    path.write_text("$ORIGIN example.com.\nwww 300 IN A 192.0.2.1\n")
    api.answer({"task_id": "41"}, dict(ZONE, serial=1))
    z = Zone("example.com", file_name=str(path))
    assert api.calls == [("/ZoneFile/example.com/", "POST", {"file": path.read_text()}),
                         ("/Zone/example.com/", "GET", {})]
    assert no_sleep.call_count == 0
    assert z._serial == 1 and z._task_id.task_id == "41" and z._status == "active"


def test_zone_file_upload_polls_until_the_zone_appears(api, tmp_path, no_sleep):
    path = tmp_path / "z"
    path.write_text("www IN A 192.0.2.1\n")
    api.answer({}, DynectGetError("zone: No such zone"), DynectGetError("zone: No such zone"), ZONE)
    Zone("example.com", file_name=str(path))
    assert [c[:2] for c in api.calls] == [("/ZoneFile/example.com/", "POST")] + [("/Zone/example.com/", "GET")] * 3
    assert no_sleep.call_count == 2 and all(c.args[0] < 1 for c in no_sleep.call_args_list)


def test_zone_file_over_1mb_is_refused_before_sending(api, tmp_path):
    path = tmp_path / "big.zone"
    path.write_bytes(b";" * (zones.MAX_ZONE_FILE_SIZE + 1))
    with pytest.raises(DynectInvalidArgumentError) as err:
        Zone("example.com", file_name=str(path))
    assert err.value.arg == "Zone File Size" and err.value.value == zones.MAX_ZONE_FILE_SIZE + 1
    assert api.calls == []


def test_zone_transfer_posts_master_then_waits_for_the_transfer(api, no_sleep):
    api.answer({"task_id": "7"}, {"status": "running"}, {"status": "waiting"}, {"status": "ok"}, ZONE)
    z = Zone("example.com", master_ip="192.0.2.53")
    assert api.calls == [("/ZoneTransfer/example.com/", "POST", {"master_ip": "192.0.2.53"}),
                         ("/ZoneTransfer/example.com/", "GET", {}),
                         ("/ZoneTransfer/example.com/", "GET", {}),
                         ("/ZoneTransfer/example.com/", "GET", {}),
                         ("/Zone/example.com/", "GET", {})]
    assert no_sleep.call_count == 2
    assert z._zone == "example.com" and z._status == "active"


def test_zone_transfer_failure_and_timeout(api, no_sleep):
    api.answer({}, {"status": "failed", "message": "refused"})
    with pytest.raises(DynectCreateError, match="failed"):
        Zone("example.com", master_ip="192.0.2.53")
    api.patched.reset_mock()
    api.answer({}, {"status": "running"})
    with pytest.raises(DynectQueryTimeout):
        Zone("example.com", master_ip="192.0.2.53", timeout=0)
    assert api.calls == [("/ZoneTransfer/example.com/", "POST", {"master_ip": "192.0.2.53"}),
                         ("/ZoneTransfer/example.com/", "GET", {})]


@pytest.mark.parametrize("args, kwargs, field", [
    ((), {"ttl": 60}, "contact"),
    (("admin@example.com", 60, "weekly"), {}, "serial_style"),
    (("not a mailbox",), {}, "contact"),
    (("admin@example.com", -1), {}, "ttl"),
    (("admin@example.com", "soon"), {}, "ttl"),
    ((), {"master_ip": "300.1.1.1"}, "master_ip"),
])
def test_create_arguments_are_checked_before_sending(api, args, kwargs, field):
    with pytest.raises(DynectInvalidArgumentError) as err:
        Zone("example.com", *args, **kwargs)
    assert err.value.arg == field
    assert api.calls == []


def test_serial_style_error_names_the_field_first(api):
    with pytest.raises(DynectInvalidArgumentError) as err:
        Zone("example.com", "admin@example.com", 60, "weekly")
    assert (err.value.arg, err.value.value, err.value.valid_args) == ("serial_style", "weekly", zones.VALID_SERIALS)


@pytest.mark.parametrize("name", ["bad zone", "-x.com", "a..b", "", "x" * 64 + ".com"])
def test_bad_zone_names_are_refused(api, name):
    with pytest.raises(DynectInvalidArgumentError) as err:
        Zone(name)
    assert err.value.arg == "name" and api.calls == []


# -- zone operations -------------------------------------------------------------------------
def test_publish_freeze_thaw(api):
    z = zone()
    published = dict(ZONE, serial=1, task_id="230378639")
    api.answer(published, dict(published, serial=2), ZONE, ZONE)
    z.publish()
    z.publish(notes="release 2")
    assert z._serial == 2 and z._task_id.task_id == "230378639"
    z.freeze()
    assert z._status == "frozen"
    z.thaw()
    assert z._status == "active"
    assert api.calls == [("/Zone/example.com/", "PUT", {"publish": True}),
                         ("/Zone/example.com/", "PUT", {"publish": True, "notes": "release 2"}),
                         ("/Zone/example.com/", "PUT", {"freeze": True}),
                         ("/Zone/example.com/", "PUT", {"thaw": True})]


def test_task_property_refreshes_the_task(api):
    z = zone()
    api.answer(dict(ZONE, task_id="5"), {"task_id": "5", "status": "complete", "name": "ProvisionZone"})
    z.publish()
    assert z.task.status == "complete"
    assert api.calls[-1] == ("/Task/5", "GET", {})
    assert zone().task is None


def test_get_notes_leaves_out_empty_paging(api):
    notes = [{"note": "hi", "serial": 1, "user_name": "alice", "type": "publish", "timestamp": "1"}]
    api.answer(notes, notes)
    assert zone().get_notes() == notes
    zone().get_notes(offset=5, limit=10)
    assert api.calls == [("/ZoneNoteReport/", "POST", {"zone": "example.com"}),
                         ("/ZoneNoteReport/", "POST", {"zone": "example.com", "offset": 5, "limit": 10})]


def test_get_qps_sends_unix_times_and_options(api):
    start = datetime.datetime(2024, 1, 1, 0, 0)
    end = datetime.datetime(2024, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)
    api.answer({"csv": "x"}, {"csv": "y"})
    assert zone().get_qps(start, end, breakdown="hosts", hosts=["www.example.com"]) == {"csv": "x"}
    before = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    zone().get_qps(1704067200)
    after = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    assert api.calls[0] == ("/QPSReport/", "POST", {"start_ts": 1704067200, "end_ts": 1704153600,
                                                    "zones": ["example.com"], "breakdown": "hosts",
                                                    "hosts": ["www.example.com"]})
    sent = api.calls[1][2]
    assert sent["start_ts"] == 1704067200 and before <= sent["end_ts"] <= after  # now in UTC, not local time
    assert set(sent) == {"start_ts", "end_ts", "zones"}


def test_changes_are_listed_and_discarded(api):
    change = {"id": 1, "zone": "example.com", "fqdn": "www.example.com", "rdata_type": "A", "ttl": 0,
              "rdata": {"rdata_a": {"address": "192.0.2.1"}}}
    api.answer([change], {})
    assert zone().get_changes() == [change]
    assert zone().discard_changes() is None
    assert api.calls == [("/ZoneChanges/example.com/", "GET", {}), ("/ZoneChanges/example.com/", "DELETE", {})]


def test_delete_zone(api):
    zone().delete()
    assert api.calls == [("/Zone/example.com/", "DELETE", {})]


def test_serial_serial_style_and_status_read_the_zone(api):
    z = zone()
    z._status = "frozen"
    api.answer(dict(ZONE, serial=8), dict(ZONE, serial_style="epoch"), ZONE)
    assert z.serial == 8
    assert z.serial_style == "epoch"
    assert z.status == "frozen"
    assert api.calls == [("/Zone/example.com/", "GET", {})] * 3
    z.name = "other"
    z.fqdn = "other."
    assert (z.name, z.fqdn) == ("example.com", "example.com.")


def test_contact_ttl_and_serial_style_go_through_the_soa_record(api):
    z = zone()
    soa_list = ("/SOARecord/example.com/example.com./", "GET", {"detail": "Y"})
    soa_uri = "/SOARecord/example.com/example.com./77/"
    api.answer([SOA], [SOA], [SOA], SOA, [SOA], SOA, [SOA], SOA)
    assert z.contact == "admin@example.com."
    assert z.ttl == 3600
    z.contact = "dns@example.com"
    z.ttl = 600
    z.serial_style = "minute"
    assert api.calls == [soa_list, soa_list,
                         soa_list, (soa_uri, "PUT", {"rdata": {"rname": "dns@example.com"}}),
                         soa_list, (soa_uri, "PUT", {"rdata": {"rname": "admin@example.com."}, "ttl": 600}),
                         soa_list, (soa_uri, "PUT", {"rdata": {"rname": "admin@example.com."},
                                                     "serial_style": "minute"})]


@pytest.mark.parametrize("attr, value", [("contact", "no mailbox here"), ("ttl", -5), ("ttl", 2 ** 31),
                                         ("serial_style", "hourly")])
def test_soa_setters_check_before_sending(api, attr, value):
    with pytest.raises(DynectInvalidArgumentError) as err:
        setattr(zone(), attr, value)
    assert err.value.arg == attr and api.calls == []


# -- records and nodes -----------------------------------------------------------------------
ALL_RECORDS = {
    "a_records": [{"zone": "example.com", "fqdn": "www.example.com", "record_type": "A", "record_id": 10,
                   "ttl": 300, "rdata": {"address": "192.0.2.1"}}],
    "aaaa_records": [],
    "mx_records": [{"zone": "example.com", "fqdn": "example.com", "record_type": "MX", "record_id": 11,
                    "ttl": 300, "rdata": {"exchange": "mx.example.com.", "preference": 10}}],
    "soa_records": [SOA],
    "txt_records": [],
}


def test_get_all_records_returns_a_dict_without_empty_lists(api):
    z = zone()
    z.records = {"A": ["stale"]}
    api.answer(ALL_RECORDS)
    found = z.get_all_records()
    assert api.calls == [("/AllRecord/example.com/example.com./", "GET", {"detail": "Y"})]
    assert sorted(found) == ["a_records", "mx_records", "soa_records"]
    a, = found["a_records"]
    assert isinstance(a, ARecord) and a.address == "192.0.2.1" and a.record_id == 10
    assert a.zone == "example.com" and a.fqdn.rstrip(".") == "www.example.com" and a.ttl == 300
    assert isinstance(found["mx_records"][0], MXRecord) and found["mx_records"][0].preference == 10
    assert isinstance(found["soa_records"][0], SOARecord)
    assert z.records == {}
    assert len(api.calls) == 1  # records built from the listing never refresh themselves


def test_get_all_records_by_type_uses_the_type_uri(api):
    api.answer([ALL_RECORDS["mx_records"][0]], [])
    found = zone().get_all_records_by_type("MX")
    assert isinstance(found[0], MXRecord) and found[0].exchange == "mx.example.com."
    assert zone().get_all_records_by_type("cds") == []
    assert api.calls == [("/MXRecord/example.com/example.com./", "GET", {"detail": "Y"}),
                         ("/CDSRecord/example.com/example.com./", "GET", {"detail": "Y"})]


def test_unknown_record_type_is_refused_before_sending(api):
    with pytest.raises(DynectInvalidArgumentError) as err:
        zone().get_all_records_by_type("BOGUS")
    assert isinstance(err.value, KeyError)  # what the classic SDK raised
    assert err.value.arg == "record_type"
    with pytest.raises(KeyError):
        zone().add_record("www", "BOGUS", "x")
    assert api.calls == []


def test_get_any_records_uses_the_zone_fqdn(api):
    api.answer({"ns_records": [{"zone": "example.com", "fqdn": "example.com", "record_type": "NS", "record_id": 3,
                                "ttl": 86400, "rdata": {"nsdname": "ns1.p01.dynect.net."},
                                "service_class": "Primary"}], "a_records": []})
    found = zone().get_any_records()
    assert api.calls == [("/ANYRecord/example.com/example.com./", "GET", {"detail": "Y"})]
    assert list(found) == ["ns_records"] and isinstance(found["ns_records"][0], NSRecord)
    assert found["ns_records"][0].fqdn == "example.com."


def test_add_record_posts_through_the_record_class(api):
    z = zone()
    api.answer({"zone": "example.com", "fqdn": "www.example.com", "record_type": "A", "record_id": 0, "ttl": 300,
                "rdata": {"address": "192.0.2.1"}},
               {"zone": "example.com", "fqdn": "example.com", "record_type": "TXT", "record_id": 0, "ttl": 0,
                "rdata": {"txtdata": "v=spf1 -all"}})
    www = z.add_record("www", "A", "192.0.2.1", ttl=300)
    apex = z.add_record(None, "TXT", "v=spf1 -all")
    assert api.calls == [("/ARecord/example.com/www.example.com./", "POST",
                          {"rdata": {"address": "192.0.2.1"}, "ttl": 300}),
                         ("/TXTRecord/example.com/example.com./", "POST",
                          {"rdata": {"txtdata": "v=spf1 -all"}, "ttl": 0})]
    assert isinstance(www, ARecord) and isinstance(apex, TXTRecord)
    assert z.records == {"A": [www], "TXT": [apex]}


@pytest.mark.parametrize("name", ["bad name", "a..b", "-x"])
def test_add_record_checks_the_node_name(api, name):
    with pytest.raises(DynectInvalidArgumentError) as err:
        zone().add_record(name, "A", "192.0.2.1")
    assert err.value.arg == "name" and api.calls == []


def test_get_all_nodes_and_node_delete(api):
    api.answer(["example.com", "www.example.com", "mail.example.com"], {})
    nodes = zone().get_all_nodes()
    assert [n.fqdn for n in nodes] == ["www.example.com", "mail.example.com"]
    assert all(isinstance(n, Node) and n.zone == "example.com" for n in nodes)
    nodes[0].delete()
    assert api.calls == [("/NodeList/example.com/", "GET", {}), ("/Node/example.com/www.example.com", "DELETE", {})]


def test_get_node_makes_no_request_and_node_helpers_use_the_node_fqdn(api):
    node = zone().get_node("www")
    apex = zone().get_node()
    assert (node.fqdn, apex.fqdn) == ("www.example.com.", "example.com.")
    assert str(node) == "<Node>: www.example.com." and bytes(node) == b"<Node>: www.example.com."
    assert node.records is node.my_records and node.services == []
    assert api.calls == []
    api.answer({"a_records": []}, [], {"a_records": []}, {"zone": "example.com", "fqdn": "www.example.com",
                                                          "record_type": "CDS", "record_id": 0, "ttl": 0,
                                                          "rdata": {}})
    assert node.get_all_records() == {}
    assert node.get_all_records_by_type("CSYNC") == []
    assert node.get_any_records() == {}
    digest = "A" * 40
    rec = node.add_record("CDS", digest, 12345, 8, 1)
    assert isinstance(rec, CDSRecord) and node.records == {"CDS": [rec]}
    assert api.calls[:3] == [("/AllRecord/example.com/www.example.com./", "GET", {"detail": "Y"}),
                             ("/CSYNCRecord/example.com/www.example.com./", "GET", {"detail": "Y"}),
                             ("/ANYRecord/example.com/www.example.com./", "GET", {"detail": "Y"})]
    assert api.calls[3][:2] == ("/CDSRecord/example.com/www.example.com./", "POST")


# -- services ------------------------------------------------------------------------------
def test_unavailable_service_raises_before_sending(api):
    with mock.patch.dict(sys.modules, {"dyn.tm.services.gslb": None}):
        with pytest.raises(NotImplementedError, match="GSLB.*not available in this version of dyn"):
            zone().get_all_gslb()
        with pytest.raises(NotImplementedError, match="GSLB"):
            zone().add_service("www", "GSLB", "x")
    with pytest.raises(KeyError):
        zone().add_service("www", "Bogus")
    assert api.calls == []


class FakeService:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


@pytest.fixture
def fake_services():
    modules = {}
    for module_name, class_name in zones.SERVICES.values():
        module = types.ModuleType("dyn.tm.services." + module_name)
        setattr(module, class_name, type(class_name, (FakeService,), {}))
        modules[module.__name__] = module
    with mock.patch.dict(sys.modules, modules):
        yield modules


@pytest.mark.parametrize("method, uri, payload", [
    ("get_all_active_failovers", "/Failover/example.com/", {"detail": "Y"}),
    ("get_all_ddns", "/DDNS/example.com/", {"detail": "Y"}),
    ("get_all_httpredirect", "/HTTPRedirect/example.com/", {"detail": "Y"}),
    ("get_all_advanced_redirect", "/AdvRedirect/example.com/", {"rules": "Y"}),
    ("get_all_gslb", "/GSLB/example.com/", {"detail": "Y"}),
    ("get_all_rdns", "/IPTrack/example.com/", {"detail": "Y"}),
    ("get_all_rttm", "/RTTM/example.com/", {"detail": "Y"}),
])
def test_service_listings_keep_each_service_on_its_node(api, fake_services, method, uri, payload):
    api.answer([{"zone": "example.com", "fqdn": "www.example.com", "active": "Y"},
                {"zone": "example.com", "active": "N"}])
    found = getattr(zone(), method)()
    assert api.calls == [(uri, "GET", payload)]
    assert found[0].args == ("example.com", "www.example.com")  # classic: always the apex
    assert found[0].kwargs == {"api": False, "active": "Y"}
    assert found[1].args == ("example.com", "example.com.")


def test_add_service_arguments(api, fake_services):
    z = zone()
    failover = z.add_service("www", "ActiveFailover", "192.0.2.1", mode="ip")
    dnssec = z.add_service(None, "DNSSEC", ["key"], "owner")
    assert failover.args == ("example.com", "www.example.com.", "192.0.2.1") and failover.kwargs == {"mode": "ip"}
    assert dnssec.args == ("example.com", ["key"], "owner")
    assert z.services == {"ActiveFailover": [failover], "DNSSEC": [dnssec]}
    node = z.get_node("www")
    node_dnssec = node.add_service("DNSSEC", ["key"], "owner")
    rdns = node.add_service("RDNS", ["192.0.2.0"], 24)
    assert node_dnssec.args == ("example.com", ["key"], "owner")  # classic passed the fqdn as well
    assert rdns.args == ("example.com", "www.example.com.", ["192.0.2.0"], 24)
    assert node.services == [node_dnssec, rdns]
    assert zones.DynamicDNS.__name__ == "DynamicDNS"  # classic module attribute, loaded lazily


# -- dunder methods ----------------------------------------------------------------------------
def test_zone_hash_eq_str_and_bytes():
    a, b = zone(), zone()
    assert a == b and a == "example.com" and not (a != b) and a != 3
    assert hash(a) == hash(b) == hash("example.com")
    assert len({a, b, zone("example.org")}) == 2
    assert str(a) == repr(a) == "<Zone>: example.com" and bytes(a) == b"<Zone>: example.com"


def test_recs_is_reexported():
    from dyn.tm.records import RECS
    assert zones.RECS is RECS and len(RECS) == 31


# -- secondary zones -------------------------------------------------------------------------
SECONDARY = {"zone": "sec.example", "masters": ["192.0.2.1"], "contact_nickname": "owner",
             "tsig_key_name": "xfer", "active": "N", "task_id": ""}


def test_secondary_zone_create_and_fetch(api):
    api.answer(SECONDARY, dict(SECONDARY, active="Y"))
    created = SecondaryZone("sec.example", ["192.0.2.1"], "owner", "xfer")
    fetched = SecondaryZone("sec.example")
    assert api.calls == [("/Secondary/sec.example/", "POST", {"masters": ["192.0.2.1"], "contact_nickname": "owner",
                                                               "tsig_key_name": "xfer"}),
                         ("/Secondary/sec.example/", "GET", {})]
    assert created._task_id is None and fetched._active == "Y"
    api.patched.reset_mock()
    api.answer(SECONDARY)
    SecondaryZone("sec.example", ["192.0.2.1"])
    assert api.calls == [("/Secondary/sec.example/", "POST", {"masters": ["192.0.2.1"]})]


def test_secondary_zone_properties_and_actions(api):
    z = SecondaryZone("sec.example", api=False, **{k: v for k, v in SECONDARY.items() if k != "zone"})
    api.answer(SECONDARY, SECONDARY, SECONDARY, SECONDARY, SECONDARY, SECONDARY, SECONDARY,
               dict(SECONDARY, active="L"), dict(SECONDARY, active="N"), SECONDARY, dict(ZONE, serial=12), {})
    assert z.masters == ["192.0.2.1"]
    assert z.contact_nickname == "owner"
    assert z.tsig_key_name == "xfer"
    z.masters = ["192.0.2.2", "2001:db8::2"]
    z.contact_nickname = "ops"
    z.tsig_key_name = "other"
    assert z.active == "N"
    z.activate()
    z.deactivate()
    z.retransfer()
    assert z.serial == 12
    z.delete()
    uri = "/Secondary/sec.example/"
    assert api.calls == [(uri, "GET", {}), (uri, "GET", {}), (uri, "GET", {}),
                         (uri, "PUT", {"masters": ["192.0.2.2", "2001:db8::2"]}),
                         (uri, "PUT", {"contact_nickname": "ops"}), (uri, "PUT", {"tsig_key_name": "other"}),
                         (uri, "GET", {}), (uri, "PUT", {"activate": True}), (uri, "PUT", {"deactivate": True}),
                         (uri, "PUT", {"retransfer": True}), ("/Zone/sec.example/", "PUT", {}),
                         ("/Zone/sec.example/", "DELETE", {})]
    with pytest.raises(AttributeError):
        z.active = "Y"


@pytest.mark.parametrize("masters", ["nope", ["192.0.2.1", "999.0.0.1"], [], None])
def test_secondary_masters_are_checked(api, masters):
    with pytest.raises(DynectInvalidArgumentError) as err:
        SecondaryZone("sec.example", masters)
    assert err.value.arg == "masters"
    with pytest.raises(DynectInvalidArgumentError):
        SecondaryZone("sec.example", api=False, **{k: v for k, v in SECONDARY.items() if k != "zone"}).masters = masters
    assert api.calls == []


# -- TSIG ------------------------------------------------------------------------------------
def test_tsig_create_get_setters_and_delete(api):
    key = {"name": "xfer", "algorithm": "hmac-sha256", "secret": "c2VjcmV0"}
    api.answer(key, key, key, key, dict(key, secret="bmV3"), dict(key, algorithm="hmac-md5"), {})
    created = TSIG("xfer", secret="c2VjcmV0", algorithm="hmac-sha256")
    fetched = TSIG("xfer")
    assert fetched.secret == "c2VjcmV0"
    assert fetched.algorithm == "hmac-sha256"
    fetched.secret = "bmV3"
    fetched.algorithm = "hmac-md5"
    fetched.delete()
    uri = "/TSIGKey/xfer/"
    assert api.calls == [(uri, "POST", {"name": "xfer", "secret": "c2VjcmV0", "algorithm": "hmac-sha256"}),
                         (uri, "GET", {"name": "xfer"}), (uri, "GET", {"name": "xfer"}),
                         (uri, "GET", {"name": "xfer"}),
                         (uri, "PUT", {"name": "xfer", "secret": "bmV3"}),
                         (uri, "PUT", {"name": "xfer", "algorithm": "hmac-md5"}),
                         (uri, "DELETE", {})]
    for shown in (repr(created), str(created), repr(fetched), str(vars(fetched))):
        assert "c2VjcmV0" not in shown and "bmV3" not in shown
    assert str(created) == "<TSIG>: xfer (hmac-sha256)"
    with pytest.raises(AttributeError):
        created.name = "other"


@pytest.mark.parametrize("kwargs, field", [
    ({"secret": "c2VjcmV0", "algorithm": "hmac-sha3"}, "algorithm"),
    ({"secret": "not base64!", "algorithm": "hmac-sha256"}, "secret"),
    ({"algorithm": "hmac-sha256"}, "secret"),
    ({"secret": "c2VjcmV0"}, "algorithm"),
])
def test_tsig_arguments_are_checked(api, kwargs, field):
    with pytest.raises(DynectInvalidArgumentError) as err:
        TSIG("xfer", **kwargs)
    assert err.value.arg == field
    assert "not base64!" not in str(err.value)  # secrets are masked in errors too
    assert api.calls == []


# -- external nameservers ----------------------------------------------------------------------
EXTNS = {"zone": "example.com", "deny": "N", "active": "Y", "tsig_key_name": "",
         "hosts": [{"address": "192.0.2.9", "notifies": "Y"}, {"address": "2001:db8::9"}]}


def test_external_nameserver_create_get_setters_delete(api):
    api.answer(*[EXTNS] * 10, {})
    entry = ExternalNameserverEntry("192.0.2.9", notifies="Y")
    ExternalNameserver("example.com", deny="N", active="Y", hosts=[entry, {"address": "2001:db8::9"}])
    ext = ExternalNameserver("example.com")
    assert ext.deny == "N" and ext.active == "Y" and ext.tsig_key_name == ""
    hosts = ext.hosts
    assert [(h.address, h.notifies) for h in hosts] == [("192.0.2.9", "Y"), ("2001:db8::9", None)]
    ext.deny = "Y"
    ext.active = "N"
    ext.tsig_key_name = "xfer"
    ext.hosts = [entry]
    ext.delete()
    uri = "/ExtNameserver/example.com/"
    get = (uri, "GET", {"zone": "example.com"})
    assert api.calls == [(uri, "POST", {"zone": "example.com", "deny": "N", "active": "Y",
                                        "hosts": [{"address": "192.0.2.9", "notifies": "Y"},
                                                  {"address": "2001:db8::9"}]}),
                         get, get, get, get, get,
                         (uri, "PUT", {"zone": "example.com", "deny": "Y"}),
                         (uri, "PUT", {"zone": "example.com", "active": "N"}),
                         (uri, "PUT", {"zone": "example.com", "tsig_key_name": "xfer"}),
                         (uri, "PUT", {"hosts": [{"address": "192.0.2.9", "notifies": "Y"}]}),
                         (uri, "DELETE", {})]
    assert str(entry) == "<ExternalNameserverEntry>: 192.0.2.9, Notifies: Y"
    assert ExternalNameserverEntry("192.0.2.1")._json == {"address": "192.0.2.1"}
    assert str(ext) == "<ExternalNameserver>: example.com"


@pytest.mark.parametrize("kwargs, field", [({"deny": "maybe"}, "deny"), ({"active": "L"}, "active"),
                                           ({"hosts": [{"address": "ns1"}]}, "address"),
                                           ({"hosts": [{"address": "192.0.2.1", "notifies": "X"}]}, "notifies")])
def test_external_nameserver_values_are_checked(api, kwargs, field):
    with pytest.raises(DynectInvalidArgumentError) as err:
        ExternalNameserver("example.com", **kwargs)
    assert err.value.arg == field and api.calls == []


# -- tasks -------------------------------------------------------------------------------------
TASK = {"task_id": "230378639", "name": "ProvisionZone", "zone_name": "example.com", "status": "running",
        "customer_name": "acme", "blocking": "Y", "message": "working", "debug": "", "step_count": 1,
        "total_steps": 3, "created_ts": 1, "modified_ts": 2, "args": [{"name": "zone", "value": "example.com"}]}


def test_get_tasks_lists_without_trailing_slash(api):
    api.answer([TASK])
    found = get_tasks()
    assert api.calls == [("/Task", "GET", {})]
    t, = found
    assert (t.task_id, t.name, t.zone_name, t.status, t.blocking) == ("230378639", "ProvisionZone", "example.com",
                                                                      "running", "Y")
    assert t.args == [{"zone": "example.com"}] and t.total_steps == 3
    assert str(t) == "<Task>: 230378639 - example.com - ProvisionZone - working - running"


def test_task_from_id_sends_nothing_until_refresh_and_cancel(api):
    t = Task("230378639")
    assert t.status is None and api.calls == []
    api.answer(TASK, dict(TASK, status="canceled"))
    t.refresh()
    assert t.status == "running" and t.step_count == 1
    t.cancel()
    assert t.status == "canceled"
    assert api.calls == [("/Task/230378639", "GET", {}), ("/Task/230378639", "DELETE", {})]


def test_task_wait_polls_until_final_state(api):
    api.answer(TASK, TASK, dict(TASK, status="complete"))
    with mock.patch.object(task_module.time, "sleep") as sleep:
        assert Task("230378639").wait(timeout=30, interval=0.01).status == "complete"
    assert api.calls == [("/Task/230378639", "GET", {})] * 3
    assert [c.args[0] for c in sleep.call_args_list] == [0.01, 0.02]


def test_task_wait_times_out(api):
    api.answer(TASK, TASK, TASK)
    with mock.patch.object(task_module.time, "sleep"), pytest.raises(DynectQueryTimeout, match="230378639"):
        Task("230378639").wait(timeout=0)
    assert len(api.calls) == 1

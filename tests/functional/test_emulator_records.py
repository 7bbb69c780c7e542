"""Functional tests over real HTTP: the record resources of the emulator
(``/REST/<Type>Record/<zone>/<fqdn>/[<id>/]``), pending changes and the id-0 rules."""
import time

import pytest

from dyn.testing import RawClient

from support import reply_msg as msg
from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES

ZONE = "example.com"
KEY = ("AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRq"
       "XQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==")

SAMPLES = {
    "A": {"address": "192.0.2.1"},
    "AAAA": {"address": "2001:db8::1"},
    "ALIAS": {"alias": "target.example.net."},
    "CAA": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"},
    "CDNSKEY": {"protocol": 3, "public_key": KEY, "algorithm": 8, "flags": 257},
    "CDS": {"digest": "2BB183AF5F22588179A53B0A98631FAD1A292118", "keytag": 60485, "algorithm": 5, "digtype": 1},
    "CERT": {"format": 1, "tag": 1, "algorithm": 5, "certificate": "MIIB"},
    "CNAME": {"cname": "www.example.net."},
    "CSYNC": {"soa_serial": 66, "flags": "immediate", "types": "A,NS"},
    "DHCID": {"digest": "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="},
    "DNAME": {"dname": "other.example.net."},
    "DNSKEY": {"protocol": 3, "public_key": KEY, "algorithm": 8, "flags": 256},
    "DS": {"digest": "2BB183AF5F22588179A53B0A98631FAD1A292118", "keytag": 60485, "algorithm": 5, "digtype": 1},
    "KEY": {"algorithm": 5, "flags": 256, "protocol": 3, "public_key": KEY},
    "KX": {"exchange": "kx.example.net.", "preference": 10},
    "LOC": {"altitude": 10, "latitude": "42 21 54.000 N", "longitude": "71 6 18.000 W"},
    "IPSECKEY": {"precedence": 10, "gatetype": 1, "algorithm": 2, "gateway": "192.0.2.1",
                 "public_key": "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="},
    "MX": {"exchange": "mail.example.net.", "preference": 10},
    "NAPTR": {"order": 100, "preference": 10, "flags": "U", "services": "E2U+sip",
              "regexp": "!^.*$!sip:info@example.com!", "replacement": "."},
    "NS": {"nsdname": "ns1.example.net."},
    "NSAP": {"nsap": "0x47000580005a0000000001e133ffffff00016100"},
    "PTR": {"ptrdname": "host.example.net."},
    "PX": {"preference": 10, "map822": "map822.example.net.", "mapx400": "mapx400.example.net."},
    "RP": {"mbox": "admin@example.com", "txtdname": "txt.example.net."},
    "SPF": {"txtdata": "v=spf1 -all"},
    "SRV": {"port": 5060, "priority": 10, "target": "sip.example.net.", "weight": 5},
    "SSHFP": {"algorithm": 1, "fptype": 1, "fingerprint": "123456789ABCDEF67890123456789ABCDEF67890"},
    "TLSA": {"cert_usage": 3, "selector": 1, "match_type": 1,
             "certificate": "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6"},
    "TXT": {"txtdata": "hello world"},
}
CREATABLE = [name for name in TYPE_NAMES if name != "SOA"]


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        raw.login(*dyn_emulator.demo_account)
        status, body = raw.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 1800})
        assert status == 200, body
        yield raw


def add(client, rtype, fqdn, rdata, **extra):
    return client.tm("POST", f"{rtype}Record/{ZONE}/{fqdn}/", dict({"rdata": rdata}, **extra))


def publish(client):
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {"publish": True})
    assert status == 200, body
    return body


def listing(client, rtype, fqdn, detail=True):
    return client.tm("GET", f"{rtype}Record/{ZONE}/{fqdn}/", {"detail": "Y"} if detail else {})


def state_snapshot(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()


# -- create ----------------------------------------------------------------------------------------

def test_create_answers_the_real_body(client):
    status, body = add(client, "MX", ZONE, {"preference": 123, "exchange": "mx.example.com."}, ttl="12345")
    assert status == 200
    assert body["data"] == {"zone": ZONE, "ttl": 12345, "fqdn": ZONE, "record_type": "MX",
                            "rdata": {"exchange": "mx.example.com.", "preference": 123}, "record_id": 0}
    assert body["msgs"] == [msg("add: Record added")]


@pytest.mark.parametrize("rtype", CREATABLE)
def test_every_type_can_be_created_listed_and_published(client, rtype):
    fqdn = f"{rtype.lower()}.{ZONE}."
    status, body = add(client, rtype, fqdn, SAMPLES[rtype], ttl=300)
    assert status == 200, body
    expected_rdata, expected_top = RECORD_TYPES[rtype].check_wire(SAMPLES[rtype], {})
    assert body["data"]["rdata"] == expected_rdata and body["data"]["record_id"] == 0
    for key, value in expected_top.items():
        assert body["data"][key] == value
    publish(client)
    status, body = listing(client, rtype, fqdn)
    assert status == 200 and len(body["data"]) == 1
    assert body["data"][0]["record_id"] >= 318905321 and body["data"][0]["ttl"] == 300
    assert body["msgs"] == [msg("detail: Found 1 record")]


def test_ttl_zero_or_absent_takes_the_zone_default(client):
    assert add(client, "A", "a." + ZONE, {"address": "192.0.2.1"}, ttl=0)[1]["data"]["ttl"] == 1800
    assert add(client, "A", "b." + ZONE, {"address": "192.0.2.1"})[1]["data"]["ttl"] == 1800
    assert add(client, "A", "c." + ZONE, {"address": "192.0.2.1"}, ttl="0")[1]["data"]["ttl"] == 1800


@pytest.mark.parametrize("rtype, rdata, extra, field, problem", [
    ("A", {"address": "1.2.3"}, {}, "address", "IP address expected"),
    ("A", {}, {}, "address", "This field is required"),
    ("AAAA", {"address": "192.0.2.1"}, {}, "address", "IPv6 address expected"),
    ("MX", {"exchange": "mx.example.com.", "preference": 70000}, {}, "preference", "Must be between 0 and 65535"),
    ("CNAME", {"cname": "bad name"}, {}, "cname", "Host name expected"),
    ("A", {"address": "192.0.2.1"}, {"ttl": -1}, "ttl", "Must be between 0 and 2147483647"),
    ("A", {"address": "192.0.2.1"}, {"ttl": "soon"}, "ttl", "Integer expected"),
    ("A", "1.2.3.4", {}, "rdata", "Expected an object"),
    ("DS", {"digest": "ABCD", "keytag": 1, "algorithm": 5, "digtype": 1}, {}, "digest",
     "Wrong length: expected 40 hex digits"),
])
def test_invalid_data_is_refused_and_changes_nothing(dyn_emulator, client, rtype, rdata, extra, field, problem):
    before = state_snapshot(dyn_emulator)
    status, body = add(client, rtype, "x." + ZONE, rdata, **extra)
    assert status == 400 and body["status"] == "failure" and body["data"] == {}
    assert body["msgs"] == [msg(f"{field}: {problem}", "INVALID_DATA"), msg("add: Record not added")]
    assert state_snapshot(dyn_emulator) == before
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []


def test_fqdn_outside_the_zone_and_missing_zone(client):
    status, body = add(client, "A", "www.example.org", {"address": "192.0.2.1"})
    assert status == 404
    assert body["msgs"] == [msg("node: Not in zone", "NOT_FOUND"), msg("add: Host is not in this zone")]
    status, body = client.tm("POST", "ARecord/nope.com/www.nope.com/", {"rdata": {"address": "192.0.2.1"}})
    assert status == 404 and body["msgs"] == [msg("zone: No such zone", "NOT_FOUND", "API-B")]
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []


def test_invalid_node_name(client):
    status, body = add(client, "A", f"bad_-.{ZONE}", {"address": "192.0.2.1"})
    assert status == 400 and body["msgs"][0]["INFO"] == "fqdn: Host name expected"


def test_wildcard_node(client):
    status, body = add(client, "A", f"*.{ZONE}", {"address": "192.0.2.1"})
    assert status == 200 and body["data"]["fqdn"] == f"*.{ZONE}"


def test_cname_may_not_share_a_node(dyn_emulator, client):
    conflict = [msg("node: A CNAME record can not share a node with other records", "ILLEGAL_OPERATION"),
                msg("add: Record not added")]
    assert add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})[0] == 200
    status, body = add(client, "CNAME", "www." + ZONE, {"cname": "x.example.net."})
    assert status == 400 and body["msgs"] == conflict
    assert add(client, "CNAME", "alias." + ZONE, {"cname": "x.example.net."})[0] == 200
    status, body = add(client, "CNAME", "alias." + ZONE, {"cname": "y.example.net."})
    assert status == 400 and body["msgs"] == conflict
    status, body = add(client, "TXT", "alias." + ZONE, {"txtdata": "x"})
    assert status == 400 and body["msgs"] == conflict
    status, body = add(client, "CNAME", ZONE, {"cname": "x.example.net."})
    assert status == 400 and body["msgs"] == conflict


def test_ns_records_carry_service_class(client):
    status, body = add(client, "NS", "sub." + ZONE, {"nsdname": "ns1.example.net."}, service_class="Secondary")
    assert status == 200 and body["data"]["service_class"] == "Secondary"
    status, body = listing(client, "NS", ZONE)
    assert [item["service_class"] for item in body["data"]] == ["Primary"] * 4
    assert [item["ttl"] for item in body["data"]] == [86400] * 4


# -- SOA ----------------------------------------------------------------------------------------------

def test_soa_cannot_be_added_or_deleted(dyn_emulator, client):
    before = state_snapshot(dyn_emulator)
    status, body = add(client, "SOA", ZONE, {"rname": "x@example.com"})
    assert status == 400
    assert body["msgs"] == [msg("record_type: SOA records can not be added or deleted", "ILLEGAL_OPERATION"),
                            msg("add: Record not added")]
    soa_id = listing(client, "SOA", ZONE)[1]["data"][0]["record_id"]
    status, body = client.tm("DELETE", f"SOARecord/{ZONE}/{ZONE}/{soa_id}/")
    assert status == 400 and body["msgs"][0]["ERR_CD"] == "ILLEGAL_OPERATION"
    assert body["msgs"][1] == msg("delete: Record not deleted")
    assert state_snapshot(dyn_emulator) == before


def test_soa_update_rname_minimum_ttl_and_serial_style(client, other):
    soa = listing(client, "SOA", ZONE)[1]["data"][0]
    assert soa["rdata"]["rname"] == "admin@example.com." and soa["serial_style"] == "increment"
    assert soa["rdata"]["mname"].startswith("ns1.p") and soa["rdata"]["mname"].endswith(".dynect.net.")
    assert {key: soa["rdata"][key] for key in ("serial", "refresh", "retry", "expire", "minimum")} == {
        "serial": 0, "refresh": 3600, "retry": 600, "expire": 604800, "minimum": 1800}
    status, body = client.tm("PUT", f"SOARecord/{ZONE}/{ZONE}./{soa['record_id']}/",
                             {"rdata": {"rname": "dns@example.com", "minimum": 60}, "ttl": 900,
                              "serial_style": "epoch"})
    assert status == 200, body
    data = body["data"]
    assert data["rdata"]["rname"] == "dns@example.com." and data["rdata"]["minimum"] == 60
    assert data["rdata"]["mname"] == soa["rdata"]["mname"] and data["ttl"] == 900
    assert data["serial_style"] == "epoch" and data["record_id"] == soa["record_id"]
    assert client.tm("GET", f"Zone/{ZONE}/")[1]["data"]["serial_style"] == "epoch"  # own pending view
    assert other.tm("GET", f"Zone/{ZONE}/")[1]["data"]["serial_style"] == "increment"
    # the new zone default TTL applies to this session's new records
    assert add(client, "A", "a." + ZONE, {"address": "192.0.2.1"})[1]["data"]["ttl"] == 900
    zone = publish(client)["data"]
    assert zone["serial_style"] == "epoch" and zone["serial"] > 1_000_000_000
    assert other.tm("GET", f"Zone/{ZONE}/")[1]["data"]["serial_style"] == "epoch"


@pytest.mark.parametrize("rdata, field, problem", [
    ({"rname": "not an address"}, "rname", "E-mail address or domain name expected"),
    ({"minimum": -5}, "minimum", "Must be between 0 and 2147483647"),
])
def test_soa_update_rejections(dyn_emulator, client, rdata, field, problem):
    soa_id = listing(client, "SOA", ZONE)[1]["data"][0]["record_id"]
    before = state_snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"SOARecord/{ZONE}/{ZONE}/{soa_id}/", {"rdata": rdata})
    assert status == 400 and body["msgs"] == [msg(f"{field}: {problem}", "INVALID_DATA"),
                                              msg("update: No record updated")]
    status, body = client.tm("PUT", f"SOARecord/{ZONE}/{ZONE}/{soa_id}/", {"rdata": {}, "serial_style": "hourly"})
    assert status == 400 and body["msgs"][0]["INFO"].startswith("serial_style: Must be one of")
    assert state_snapshot(dyn_emulator) == before
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []


# -- reads ----------------------------------------------------------------------------------------

def test_list_uris_detail_and_get_one(client):
    for address in ("192.0.2.1", "192.0.2.2"):
        add(client, "A", "www." + ZONE, {"address": address})
    status, body = listing(client, "A", "www." + ZONE, detail=False)
    assert body["data"] == [f"/REST/ARecord/{ZONE}/www.{ZONE}/0"] * 2
    assert body["msgs"] == [msg("get: Found 2 records")]
    publish(client)
    status, body = listing(client, "A", "www." + ZONE, detail=False)
    ids = [int(uri.rsplit("/", 1)[1]) for uri in body["data"]]
    assert ids[1] == ids[0] + 1 and all(not uri.endswith("/") for uri in body["data"])
    status, body = listing(client, "A", "www." + ZONE)
    assert body["msgs"] == [msg("detail: Found 2 records")]
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/{ids[1]}/")
    assert status == 200 and body["msgs"] == [msg("get: Found the record", source="API-B")]
    assert body["data"] == {"zone": ZONE, "ttl": 1800, "fqdn": f"www.{ZONE}", "record_type": "A",
                            "rdata": {"address": "192.0.2.2"}, "record_id": ids[1]}


def test_read_missing_node_and_unknown_id(client):
    status, body = listing(client, "A", "nothing." + ZONE)
    assert status == 404
    assert body["msgs"] == [msg("node: Not in zone", "NOT_FOUND"), msg("detail: Host is not in this zone")]
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/12345/")
    assert status == 404 and body["msgs"] == [msg("id: No such record", "NOT_FOUND"), msg("get: No record found")]
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/abc/")
    assert status == 400 and body["msgs"][0]["INFO"] == "id: Integer expected"
    status, body = listing(client, "AAAA", "www." + ZONE)
    assert status == 200 and body["data"] == [] and body["msgs"] == [msg("detail: Found 0 records")]


def test_pending_changes_are_private_to_the_session(client, other):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    assert listing(client, "A", "www." + ZONE)[0] == 200
    assert listing(other, "A", "www." + ZONE)[0] == 404
    assert other.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []
    assert len(client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"]) == 1
    # publishing from the other session does not publish our changes
    other.tm("PUT", f"Zone/{ZONE}/", {"publish": True})
    assert listing(other, "A", "www." + ZONE)[0] == 404
    publish(client)
    status, body = listing(other, "A", "www." + ZONE)
    assert status == 200 and body["data"][0]["record_id"] > 0


def test_logout_drops_pending_changes(dyn_emulator, client, other):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    assert client.tm("DELETE", "Session/")[0] == 200
    client.login(*dyn_emulator.demo_account)
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []
    assert not dyn_emulator.app.state.part("zones").pending


def test_expired_token_drops_pending_changes(dyn_emulator, client):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    assert dyn_emulator.expire_tokens() >= 1
    assert not dyn_emulator.app.state.part("zones").pending


# -- update --------------------------------------------------------------------------------------------

def test_update_merges_rdata_and_keeps_the_id(client, other):
    add(client, "MX", ZONE, {"exchange": "mx1.example.com.", "preference": 10}, ttl=600)
    publish(client)
    record = listing(client, "MX", ZONE)[1]["data"][0]
    status, body = client.tm("PUT", f"MXRecord/{ZONE}/{ZONE}/{record['record_id']}/", {"rdata": {"preference": 20}})
    assert status == 200 and body["msgs"] == [msg("update: Record updated")]
    assert body["data"]["rdata"] == {"exchange": "mx1.example.com.", "preference": 20}
    assert body["data"]["ttl"] == 600 and body["data"]["record_id"] == record["record_id"]
    assert listing(other, "MX", ZONE)[1]["data"][0]["rdata"]["preference"] == 10
    status, body = client.tm("PUT", f"MXRecord/{ZONE}/{ZONE}/{record['record_id']}/", {"ttl": 0})
    assert body["data"]["ttl"] == 1800
    publish(client)
    assert listing(other, "MX", ZONE)[1]["data"] == [dict(record, ttl=1800, rdata={
        "exchange": "mx1.example.com.", "preference": 20})]


def test_update_validation_changes_nothing(dyn_emulator, client):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    publish(client)
    before = state_snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/0/", {"rdata": {"address": "nope"}})
    assert status == 400 and body["msgs"] == [msg("address: IP address expected", "INVALID_DATA"),
                                              msg("update: No record updated")]
    assert state_snapshot(dyn_emulator) == before
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []


def test_id_zero_and_collection_address_the_only_record(client):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    # a pending add is reachable with id 0 ...
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/0/")
    assert status == 200 and body["data"]["record_id"] == 0
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/0/", {"rdata": {"address": "192.0.2.9"}})
    assert status == 200 and body["data"]["rdata"]["address"] == "192.0.2.9"
    publish(client)
    # ... and so is the published record, and the collection URI with rdata in the body
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/0/")
    assert status == 200 and body["data"]["record_id"] > 0
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {}})
    assert status == 200 and body["data"]["rdata"] == {"address": "192.0.2.9"}
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.10"}})
    assert status == 200 and body["data"]["rdata"] == {"address": "192.0.2.10"}


def test_id_zero_with_several_records_is_refused(dyn_emulator, client):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    add(client, "A", "www." + ZONE, {"address": "192.0.2.2"})
    before = client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"]
    expected = [msg("id: You did not reference a specific record", "NOT_FOUND"), msg("update: No record updated")]
    for path in (f"ARecord/{ZONE}/www.{ZONE}/0/", f"ARecord/{ZONE}/www.{ZONE}/"):
        status, body = client.tm("PUT", path, {"rdata": {"address": "192.0.2.3"}})
        assert status == 404 and body["msgs"] == expected
    status, body = client.tm("DELETE", f"ARecord/{ZONE}/www.{ZONE}/0/")
    assert status == 404 and body["msgs"][0]["INFO"] == "id: You did not reference a specific record"
    status, body = client.tm("GET", f"ARecord/{ZONE}/www.{ZONE}/0/")
    assert status == 404 and body["msgs"][0]["INFO"] == "id: You did not reference a specific record"
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == before


# -- replace (bulk) ---------------------------------------------------------------------------------

def test_replace_all_of_a_type_at_a_node(client, other):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    add(client, "TXT", "www." + ZONE, {"txtdata": "keep me"})
    publish(client)
    items = [{"rdata": {"address": f"198.51.100.{n}"}, "ttl": 60} for n in range(1, 4)]
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/", {"ARecords": items})
    assert status == 200
    assert [item["rdata"]["address"] for item in body["data"]] == ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert all(item["record_id"] == 0 and item["ttl"] == 60 for item in body["data"])
    assert len(listing(other, "A", "www." + ZONE)[1]["data"]) == 1
    publish(client)
    assert len(listing(other, "A", "www." + ZONE)[1]["data"]) == 3
    assert len(listing(other, "TXT", "www." + ZONE)[1]["data"]) == 1


def test_replace_validates_every_item_first(dyn_emulator, client):
    before = state_snapshot(dyn_emulator)
    items = [{"rdata": {"address": "198.51.100.1"}}, {"rdata": {"address": "bad"}}]
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/", {"ARecords": items})
    assert status == 400 and body["msgs"] == [msg("address: IP address expected", "INVALID_DATA"),
                                              msg("update: Records not replaced")]
    status, body = client.tm("PUT", f"ARecord/{ZONE}/www.{ZONE}/", {"ARecords": "nope"})
    assert status == 400 and body["msgs"][0]["INFO"] == "ARecords: Expected a list"
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []
    assert state_snapshot(dyn_emulator) == before


def test_bulk_replace_of_2000_records_is_fast(client):
    items = [{"rdata": {"address": f"10.0.{n // 256}.{n % 256}"}} for n in range(2000)]
    started = time.perf_counter()
    status, body = client.tm("PUT", f"ARecord/{ZONE}/bulk.{ZONE}/", {"ARecords": items})
    assert status == 200 and len(body["data"]) == 2000
    publish(client)
    status, body = listing(client, "A", "bulk." + ZONE)
    assert len(body["data"]) == 2000 and len({item["record_id"] for item in body["data"]}) == 2000
    assert time.perf_counter() - started < 5


# -- delete ----------------------------------------------------------------------------------------------

def test_delete_one_then_node_removed(client, other):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    add(client, "A", "www." + ZONE, {"address": "192.0.2.2"})
    publish(client)
    ids = [item["record_id"] for item in listing(client, "A", "www." + ZONE)[1]["data"]]
    status, body = client.tm("DELETE", f"ARecord/{ZONE}/www.{ZONE}/{ids[0]}/")
    assert status == 200 and body["data"] == {}
    assert body["msgs"] == [msg("delete: Record will be deleted on zone publish")]
    status, body = client.tm("DELETE", f"ARecord/{ZONE}/www.{ZONE}/{ids[1]}/")
    assert body["msgs"] == [msg("delete: Record will be deleted on zone publish"),
                            msg(f"remove_node: www.{ZONE} removed from tree.")]
    assert len(listing(other, "A", "www." + ZONE)[1]["data"]) == 2
    publish(client)
    assert listing(other, "A", "www." + ZONE)[0] == 404


def test_delete_all_of_a_type(client):
    for n in range(3):
        add(client, "TXT", "t." + ZONE, {"txtdata": f"t{n}"})
    add(client, "A", "t." + ZONE, {"address": "192.0.2.1"})
    publish(client)
    status, body = client.tm("DELETE", f"TXTRecord/{ZONE}/t.{ZONE}/")
    assert status == 200 and body["msgs"] == [msg("delete: Record will be deleted on zone publish")]
    publish(client)
    assert listing(client, "TXT", "t." + ZONE)[1]["data"] == []
    assert len(listing(client, "A", "t." + ZONE)[1]["data"]) == 1


def test_delete_missing(client):
    status, body = client.tm("DELETE", f"ARecord/{ZONE}/none.{ZONE}/1/")
    assert status == 404 and body["msgs"] == [msg("node: Not in zone", "NOT_FOUND"),
                                              msg("delete: Host is not in this zone")]
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"})
    status, body = client.tm("DELETE", f"ARecord/{ZONE}/www.{ZONE}/99/")
    assert status == 404 and body["msgs"] == [msg("id: No such record", "NOT_FOUND"), msg("delete: No record deleted")]


def test_changes_list_and_discard(client):
    add(client, "A", "www." + ZONE, {"address": "192.0.2.1"}, ttl=60)
    status, body = client.tm("GET", f"ZoneChanges/{ZONE}/")
    item = body["data"][0]
    assert {key: item[key] for key in ("zone", "fqdn", "serial", "ttl", "rdata_type", "rdata")} == {
        "zone": ZONE, "fqdn": f"www.{ZONE}", "serial": 0, "ttl": 60, "rdata_type": "A",
        "rdata": {"rdata_a": {"address": "192.0.2.1"}}}
    assert isinstance(item["id"], int) and isinstance(item["user_id"], int)
    assert body["msgs"] == [msg("get: Found 1 zone change")]
    status, body = client.tm("DELETE", f"ZoneChanges/{ZONE}/")
    assert status == 200 and body["data"] == {} and body["msgs"] == [msg("discard: 1 zone changes discarded")]
    assert client.tm("DELETE", f"ZoneChanges/{ZONE}/")[1]["msgs"] == [msg("discard: 0 zone changes discarded")]
    assert listing(client, "A", "www." + ZONE)[0] == 404

"""Functional tests over real HTTP: zones from BIND master files (``/REST/ZoneFile/``),
including a 10,000-record upload."""
import time

import pytest

from dyn.testing import RawClient

from support import reply_msg as msg

ZONE = "example.com"

FILE = r"""$ORIGIN example.com.
$TTL 600
@   3600 IN SOA ns1.example.net. host\.master.example.com. 2017010101 7200 900 1209600 300
@        IN NS  ns1.example.net.
@        IN NS  ns2.example.net.
@        IN MX  10 mail
www      IN A   192.0.2.1
www      IN AAAA 2001:db8::1
mail  60 IN A   192.0.2.25
alias    IN CNAME www
_sip._tcp IN SRV 10 5 5060 sip.example.com.
txt      IN TXT "v=spf1 -all"
"""


def snapshot(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()


def all_records(client, zone=ZONE):
    status, body = client.tm("GET", f"AllRecord/{zone}/", {"detail": "Y"})
    assert status == 200, body
    return body["data"]


def test_upload_creates_a_published_zone(dyn_emulator, client):
    status, body = client.tm("POST", f"ZoneFile/{ZONE}/", {"file": FILE})
    assert status == 200, body
    assert body["data"]["zone"] == ZONE and body["data"]["serial"] == 2017010101
    assert body["msgs"] == [msg(f"create: New zone {ZONE} created from the zone file and published")]
    task = client.tm("GET", f"Task/{body['data']['task_id']}/")[1]["data"]
    assert task["name"] == "ZoneImport" and task["status"] == "complete"
    data = all_records(client)
    soa = data["soa_records"][0]
    assert soa["ttl"] == 3600 and soa["serial_style"] == "increment"
    assert soa["rdata"] == {"mname": "ns1.example.net.", "rname": "host.master@example.com.", "serial": 2017010101,
                            "refresh": 7200, "retry": 900, "expire": 1209600, "minimum": 300}
    assert sorted(item["rdata"]["nsdname"] for item in data["ns_records"]) == ["ns1.example.net.", "ns2.example.net."]
    assert {item["fqdn"]: item["ttl"] for item in data["a_records"]} == {f"www.{ZONE}": 600, f"mail.{ZONE}": 60}
    assert data["mx_records"][0]["rdata"] == {"exchange": f"mail.{ZONE}.", "preference": 10}
    assert data["cname_records"][0]["rdata"] == {"cname": f"www.{ZONE}."}
    assert data["srv_records"][0]["fqdn"] == f"_sip._tcp.{ZONE}"
    assert data["txt_records"][0]["rdata"] == {"txtdata": "v=spf1 -all"}
    assert all(item["record_id"] > 0 for items in data.values() for item in items)
    # published: another session sees it all, and nothing is pending
    with RawClient(dyn_emulator.url) as other:
        other.login(*dyn_emulator.demo_account)
        assert all_records(other) == data
    assert client.tm("GET", f"ZoneChanges/{ZONE}/")[1]["data"] == []


def test_upload_without_ns_gets_the_default_nameservers(client):
    text = "$TTL 300\n@ IN SOA ns1.example.net. admin.example.com. 5 3600 600 604800 60\nwww IN A 192.0.2.1\n"
    assert client.tm("POST", f"ZoneFile/{ZONE}/", {"file": text})[0] == 200
    ns = all_records(client)["ns_records"]
    assert len(ns) == 4 and all(item["rdata"]["nsdname"].endswith(".dynect.net.") for item in ns)


@pytest.mark.parametrize("text, problem", [
    ("$TTL 60\nwww IN A 192.0.2.1\n", "No SOA record at the zone apex"),
    ("www IN A 192.0.2.1\n", "Missing default TTL value"),
    (FILE + "old IN HINFO \"PC\" \"Linux\"\n", "Unsupported record type HINFO"),
    (FILE + "x IN ALIAS www.example.com.\n", "Unsupported record type ALIAS"),
    (FILE + "bad IN A 1.2.3\n", None),
    (FILE + "bad IN SSHFP 1 1 ABCD\n", None),
    ("", "This field is required"),
    ("x" * (1024 * 1024 + 1), "Zone file is larger than 1 MB"),
])
def test_bad_files_create_nothing(dyn_emulator, client, text, problem):
    status, body = client.tm("POST", f"ZoneFile/{ZONE}/", {"file": text} if text else {})
    assert status == 400 and body["status"] == "failure"
    assert body["msgs"][0]["ERR_CD"] == "INVALID_DATA" and body["msgs"][0]["INFO"].startswith("file: ")
    assert body["msgs"][1] == msg("create: Zone not created")
    if problem:
        assert body["msgs"][0]["INFO"].endswith(problem)
    assert snapshot(dyn_emulator)["zones"] == [] and snapshot(dyn_emulator)["tasks"] == []


def test_invalid_record_data_names_the_record(client):
    text = FILE + "ds IN DS 60485 4 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n"
    status, body = client.tm("POST", f"ZoneFile/{ZONE}/", {"file": text})
    assert status == 400
    assert body["msgs"][0]["INFO"].startswith(f"file: ds.{ZONE} DS: algorithm: Must be one of 1, 2, 3, 5,")


def test_upload_over_an_existing_zone(client):
    client.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 3600})
    status, body = client.tm("POST", f"ZoneFile/{ZONE}/", {"file": FILE})
    assert status == 400 and body["msgs"] == [msg("name: Name already exists", "TARGET_EXISTS"),
                                              msg("create: You already have this zone.")]


def test_put_adds_records_and_publishes(dyn_emulator, client):
    client.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 3600})
    client.tm("POST", f"ARecord/{ZONE}/pending.{ZONE}/", {"rdata": {"address": "192.0.2.200"}})
    text = "$TTL 120\nwww IN A 192.0.2.1\nwww IN A 192.0.2.1\nmail IN MX 10 mx.example.net.\n"
    status, body = client.tm("PUT", f"ZoneFile/{ZONE}/", {"file": text})
    assert status == 200, body
    assert body["data"]["serial"] == 1 and body["msgs"] == [
        msg(f"update: Zone file records added to {ZONE} and published")]
    data = all_records(client)
    assert [item["fqdn"] for item in data["a_records"]] == [f"pending.{ZONE}", f"www.{ZONE}"]
    assert data["a_records"][1]["record_id"] > 0 and data["a_records"][0]["record_id"] == 0  # still pending
    assert len(data["soa_records"]) == 1 and len(data["ns_records"]) == 4
    # the same file again adds nothing new
    client.tm("PUT", f"ZoneFile/{ZONE}/", {"file": text})
    assert len(all_records(client)["a_records"]) == 2
    notes = client.tm("POST", "ZoneNoteReport/", {"zone": ZONE})[1]["data"]
    assert [item["type"] for item in notes] == ["import", "import"]


def test_put_rejections(dyn_emulator, client):
    status, body = client.tm("PUT", "ZoneFile/nope.com/", {"file": "www IN A 192.0.2.1\n"})
    assert status == 404 and body["msgs"] == [msg("zone: No such zone", "NOT_FOUND", "API-B")]
    client.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 3600})
    client.tm("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})
    client.tm("PUT", f"Zone/{ZONE}/", {"publish": True})
    before = snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"ZoneFile/{ZONE}/", {"file": "www IN CNAME other.example.net.\n"})
    assert status == 400 and body["msgs"] == [
        msg("node: A CNAME record can not share a node with other records", "ILLEGAL_OPERATION"),
        msg("update: Zone not updated")]
    status, body = client.tm("PUT", f"ZoneFile/{ZONE}/", {"file": "x IN A 192.0.2.1\ny IN NSEC a A\n"})
    assert status == 400 and body["msgs"][0]["INFO"] == "file: Unsupported record type NSEC"
    assert snapshot(dyn_emulator) == before


def test_ten_thousand_record_upload(client):
    lines = ["$TTL 300", "@ IN SOA ns1.example.net. admin.example.com. 1 3600 600 604800 60",
             "@ IN NS ns1.example.net."]
    lines += [f"h{n} IN A 10.{n // 65536}.{n // 256 % 256}.{n % 256}" for n in range(10_000)]
    text = "\n".join(lines) + "\n"
    started = time.perf_counter()
    status, body = client.tm("POST", f"ZoneFile/{ZONE}/", {"file": text})
    uploaded = time.perf_counter()
    assert status == 200, body
    data = all_records(client)
    finished = time.perf_counter()
    assert len(data["a_records"]) == 10_000
    assert uploaded - started < 5 and finished - uploaded < 5

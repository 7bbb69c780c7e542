"""Every record type over real HTTP against the emulator: create, publish, read back (by
id and in the type listing), update rdata and ttl, delete, publish, gone."""
import pytest

from dyn.core import RetryPolicy
from dyn.tm import errors, records
from dyn.tm.record_types import RECORD_TYPES
from dyn.tm.records import RECS
from dyn.tm.session import DynectSession

ZONE = "example.com"
NODE = "node.example.com"
FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02, job_first_poll=0.02)

KEY = "AwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQg=="
KEY2 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
SHA1 = "2BB183AF5F22588179A53B0A98631FAD1A292118"
SHA256 = "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE4A3F4E8B4C2A0A4D7F1F6E2B"
SHA256B = "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"

#: type -> (valid rdata by argument name, (field to update, new value))
SAMPLES = {
    "A": ({"address": "192.0.2.10"}, ("address", "192.0.2.11")),
    "AAAA": ({"address": "2001:db8::10"}, ("address", "2001:db8::11")),
    "ALIAS": ({"alias": "lb.example.net."}, ("alias", "lb2.example.net.")),
    "CAA": ({"flags": 0, "tag": "issue", "value": "ca.example.net"}, ("value", "ca2.example.net")),
    "CDNSKEY": ({"protocol": 3, "public_key": KEY, "algorithm": 13, "flags": 257}, ("public_key", KEY2)),
    "CDS": ({"digest": SHA256, "keytag": 2371, "algorithm": 13, "digtype": 2}, ("keytag", 2372)),
    "CERT": ({"format": 1, "tag": 12345, "algorithm": 8, "certificate": KEY}, ("tag", 54321)),
    "CNAME": ({"cname": "web.example.net."}, ("cname", "web2.example.net.")),
    "CSYNC": ({"soa_serial": 66, "flags": ["immediate"], "rectypes": ["A", "AAAA"]}, ("rectypes", ["A", "NS"])),
    "DHCID": ({"digest": "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="}, ("digest", KEY2)),
    "DNAME": ({"dname": "example.net."}, ("dname", "example.org.")),
    "DNSKEY": ({"protocol": 3, "public_key": KEY, "algorithm": 8, "flags": 256}, ("algorithm", 15)),
    "DS": ({"digest": SHA256, "keytag": 60485, "algorithm": 13, "digtype": 2}, ("digest", SHA256B)),
    "KEY": ({"algorithm": 8, "flags": 256, "protocol": 3, "public_key": KEY}, ("flags", 257)),
    "KX": ({"exchange": "kx.example.net.", "preference": 5}, ("preference", 6)),
    "LOC": ({"altitude": 12, "latitude": "42 21 54 N", "longitude": "71 6 18 W"}, ("altitude", 20)),
    "IPSECKEY": ({"precedence": 10, "gatetype": 1, "algorithm": 2, "gateway": "192.0.2.38", "public_key": KEY},
                 ("gateway", "192.0.2.39")),
    "MX": ({"exchange": "mail.example.net.", "preference": 20}, ("preference", 30)),
    "NAPTR": ({"order": 100, "preference": 10, "services": "SIP+D2U", "regexp": "",
               "replacement": "_sip._udp.example.com.", "flags": "S"}, ("order", 200)),
    "PTR": ({"ptrdname": "host.example.net."}, ("ptrdname", "host2.example.net.")),
    "PX": ({"preference": 10, "map822": "net2.it.", "mapx400": "prmd-net2.admd-p400.c-it."}, ("preference", 20)),
    "NSAP": ({"nsap": "0x47000580005a0000000001e133ffffff00016100"},
             ("nsap", "0x47000580005a0000000001e133ffffff00016101")),
    "RP": ({"mbox": "admin.example.com.", "txtdname": "info.example.com."}, ("txtdname", "info2.example.com.")),
    "NS": ({"nsdname": "ns1.example.net."}, ("service_class", "x")),
    "SPF": ({"txtdata": "v=spf1 -all"}, ("txtdata", "v=spf1 mx -all")),
    "SRV": ({"port": 5060, "priority": 10, "target": "sip.example.net.", "weight": 20}, ("weight", 30)),
    "SSHFP": ({"algorithm": 4, "fptype": 2, "fingerprint": SHA256}, ("algorithm", 1)),
    "TLSA": ({"cert_usage": 3, "selector": 1, "match_type": 1, "certificate": SHA256}, ("certificate", SHA256B)),
    "TXT": ({"txtdata": "hello world"}, ("txtdata", "goodbye world")),
}


@pytest.fixture
def session(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, policy=FAST, **dyn_emulator.session_kwargs)
    session.execute("/Zone/%s/" % ZONE, "POST", {"rname": "admin@example.com", "ttl": 3600,
                                                  "serial_style": "increment"})
    publish(session)
    return session


def publish(session):
    session.execute("/Zone/%s/" % ZONE, "PUT", {"publish": True})


def listing(session, name, detail=True):
    args = {"detail": "Y"} if detail else {}
    return session.execute("/%sRecord/%s/%s/" % (name, ZONE, NODE), "GET", args)["data"]


def expected_values(name, values):
    """The clean (normalised) values, by argument name, the defaults included."""
    spec = RECORD_TYPES[name]
    full = {f.attr: f.default for f in spec.arguments if f.default is not None and f.attr not in values}
    full.update(values)
    return spec.check_args(full)


def read_back(record, name):
    return {f.attr: getattr(record, f.attr) for f in RECORD_TYPES[name].arguments}


def test_samples_cover_every_creatable_type_and_are_valid():
    creatable = {n for n, t in RECORD_TYPES.items() if t.creatable}
    assert set(SAMPLES) == creatable and len(creatable) == 29
    for name, (values, (field, new)) in SAMPLES.items():
        expected_values(name, values)
        expected_values(name, dict(values, **{field: new}))
        assert expected_values(name, dict(values, **{field: new})) != expected_values(name, values)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_record_life_cycle(session, name):
    values, (field, new_value) = SAMPLES[name]
    cls = RECS[name]
    expected = expected_values(name, values)

    created = cls(ZONE, NODE, ttl=300, **values)
    assert created.record_id == 0 and created.ttl == 300
    assert [r["record_id"] for r in listing(session, name)] == [0]  # pending, seen by its own session
    publish(session)

    # the type listing: one record, a real id
    found = listing(session, name)
    assert len(found) == 1
    record_id = found[0]["record_id"]
    assert record_id > 0 and found[0]["ttl"] == 300 and found[0]["record_type"] == name
    assert listing(session, name, detail=False) == ["/REST/%sRecord/%s/%s/%d" % (name, ZONE, NODE, record_id)]

    # by id: every value as created (normalised)
    fetched = cls(ZONE, NODE, record_id=record_id)
    assert fetched.record_id == record_id and fetched.ttl == 300
    assert read_back(fetched, name) == expected
    assert str(fetched).startswith("<%sRecord>" % name)

    # update one rdata value, then the ttl
    setattr(fetched, field, new_value)
    fetched.ttl = 600
    publish(session)
    again = cls(ZONE, NODE, record_id=record_id)
    assert read_back(again, name) == dict(expected, **expected_values(name, {**values, field: new_value}))
    assert again.ttl == 600
    assert again.record_id == record_id

    # delete, publish, gone (the last record of the node takes the node with it)
    again.delete()
    for _ in ("pending", "published"):
        for gone in (lambda: listing(session, name), lambda: cls(ZONE, NODE, record_id=record_id)):
            with pytest.raises(errors.DynectGetError) as info:
                gone()
            assert info.value.ERR_CD == "NOT_FOUND"
        publish(session)


def test_pending_changes_are_visible_to_their_session_and_publish_assigns_ids(session, dyn_emulator):
    records.ARecord(ZONE, NODE, "192.0.2.1")
    pending = listing(session, "A")
    assert [(r["record_id"], r["rdata"]) for r in pending] == [(0, {"address": "192.0.2.1"})]
    other = DynectSession.new_session(*dyn_emulator.demo_account, policy=FAST, **dyn_emulator.session_kwargs)
    with pytest.raises(errors.DynectGetError):
        other.execute("/ARecord/%s/%s/" % (ZONE, NODE), "GET", {"detail": "Y"})  # the node does not exist yet
    other.log_out()


def test_record_id_zero_addresses_the_only_record_of_the_type(session):
    created = records.MXRecord(ZONE, NODE, "mx.example.net.", 5)
    assert created.exchange == "mx.example.net."  # a GET of .../0/
    created.preference = 7
    assert created.preference == 7
    publish(session)
    assert [r["rdata"] for r in listing(session, "MX")] == [{"exchange": "mx.example.net.", "preference": 7}]


def test_zone_default_ttl_applies_when_ttl_is_zero(session):
    record = records.TXTRecord(ZONE, NODE, "default ttl")
    assert record.ttl == 3600  # the answer carries the zone default
    publish(session)
    assert listing(session, "TXT")[0]["ttl"] == 3600


def test_delete_without_id_removes_every_record_of_the_type(session):
    records.ARecord(ZONE, NODE, "192.0.2.1")
    records.ARecord(ZONE, NODE, "192.0.2.2")
    records.AAAARecord(ZONE, NODE, "2001:db8::1")
    publish(session)
    assert len(listing(session, "A")) == 2
    records.ARecord(ZONE, NODE, create=False).delete()
    publish(session)
    assert listing(session, "A") == []
    assert len(listing(session, "AAAA")) == 1


def test_get_and_new_classmethods_over_http(session):
    made = records.DSRecord.new(ZONE, NODE, SHA1, 7)
    publish(session)
    record_id = listing(session, "DS")[0]["record_id"]
    got = records.DSRecord.get(ZONE, NODE, record_id)
    assert (got.digest, got.keytag, got.algorithm, got.digtype) == (SHA1, 7, 5, 1)
    assert made.record_id == 0
    # the classic single positional record id
    assert records.DSRecord(ZONE, NODE, record_id).keytag == 7


def test_update_several_values_at_once(session):
    ds = records.DSRecord(ZONE, NODE, SHA1, 7, ttl=60)
    publish(session)
    ds = records.DSRecord.get(ZONE, NODE, listing(session, "DS")[0]["record_id"])
    ds.update(digest=SHA256, digtype=2, ttl=120)
    publish(session)
    assert listing(session, "DS")[0]["rdata"] == {"digest": SHA256, "keytag": 7, "algorithm": 5, "digtype": 2}
    assert listing(session, "DS")[0]["ttl"] == 120


def test_soa_update(session):
    soa_list = session.execute("/SOARecord/%s/%s/" % (ZONE, ZONE), "GET", {"detail": "Y"})["data"]
    assert len(soa_list) == 1
    record_id = soa_list[0]["record_id"]
    soa = records.SOARecord(ZONE, ZONE, record_id)
    assert soa.rname.rstrip(".").replace("@", ".") == "admin.example.com"
    assert soa.serial_style == "increment" and soa.ttl == 3600
    serial = soa.serial
    soa.minimum = 120
    soa.serial_style = "epoch"
    soa.ttl = 7200
    soa.rname = "hostmaster@example.com"
    publish(session)
    again = records.SOARecord.get(ZONE, ZONE, record_id)
    assert again.minimum == 120
    assert again.serial_style == "epoch"
    assert again.ttl == 7200
    assert again.rname.rstrip(".").replace("@", ".") == "hostmaster.example.com"
    assert again.serial != serial
    with pytest.raises(errors.DynectInvalidArgumentError):
        records.SOARecord.new(ZONE, ZONE, "admin@example.com")
    soa.delete()  # no request, the SOA stays
    assert len(session.execute("/SOARecord/%s/%s/" % (ZONE, ZONE), "GET", {})["data"]) == 1

"""Each record validation rule, end to end: the SDK raises DynectInvalidArgumentError
naming the field and the value and sends nothing (the emulator's request log does not
grow); the emulator rejects the same value sent raw with the same ``<field>: <problem>``."""
import pytest

from dyn.core import RetryPolicy
from dyn.tm import errors
from dyn.tm.record_types import RECORD_TYPES
from dyn.tm.records import RECS, ARecord, SOARecord
from dyn.tm.session import DynectSession

ZONE = "example.com"
NODE = "node.example.com"
FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02, job_first_poll=0.02)

KEY = "AwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQg=="
SHA1 = "2BB183AF5F22588179A53B0A98631FAD1A292118"
SHA256 = "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE4A3F4E8B4C2A0A4D7F1F6E2B"

VALID = {
    "A": {"address": "192.0.2.10"},
    "AAAA": {"address": "2001:db8::10"},
    "ALIAS": {"alias": "lb.example.net."},
    "CAA": {"flags": 0, "tag": "issue", "value": "ca.example.net"},
    "CDNSKEY": {"protocol": 3, "public_key": KEY},
    "CDS": {"digest": SHA1, "keytag": 1},
    "CERT": {"format": 1, "tag": 1, "algorithm": 8, "certificate": KEY},
    "CNAME": {"cname": "web.example.net."},
    "CSYNC": {"soa_serial": 1, "flags": ["immediate"], "rectypes": ["A"]},
    "DHCID": {"digest": KEY},
    "DNAME": {"dname": "example.net."},
    "DNSKEY": {"protocol": 3, "public_key": KEY},
    "DS": {"digest": SHA1, "keytag": 1},
    "KEY": {"algorithm": 8, "flags": 256, "protocol": 3, "public_key": KEY},
    "KX": {"exchange": "kx.example.net.", "preference": 1},
    "LOC": {"altitude": 0, "latitude": "42 21 54 N", "longitude": "71 6 18 W"},
    "IPSECKEY": {"precedence": 10, "gatetype": 1, "algorithm": 2, "gateway": "192.0.2.38", "public_key": KEY},
    "MX": {"exchange": "mail.example.net."},
    "NAPTR": {"order": 1, "preference": 1, "services": "SIP+D2U", "regexp": "", "replacement": "."},
    "PTR": {"ptrdname": "host.example.net."},
    "PX": {"preference": 1, "map822": "a.example.", "mapx400": "b.example."},
    "NSAP": {"nsap": "0x4700"},
    "RP": {"mbox": "admin.example.com.", "txtdname": "info.example.com."},
    "NS": {"nsdname": "ns1.example.net."},
    "SPF": {"txtdata": "v=spf1 -all"},
    "SRV": {"port": 1, "priority": 1, "target": "sip.example.net.", "weight": 1},
    "SSHFP": {"algorithm": 1, "fptype": 1, "fingerprint": SHA1},
    "TLSA": {"cert_usage": 3, "selector": 1, "match_type": 1, "certificate": SHA256},
    "TXT": {"txtdata": "hello"},
}

#: (type, argument, bad value, problem text); the other values come from VALID
RULES = [
    ("A", "address", "192.0.2.256", "IP address expected"),
    ("A", "address", "2001:db8::1", "IP address expected"),
    ("A", "address", "192.0.2", "IP address expected"),
    ("AAAA", "address", "192.0.2.1", "IPv6 address expected"),
    ("AAAA", "address", "2001:db8::zz", "IPv6 address expected"),
    ("AAAA", "address", "fe80::1%eth0", "IPv6 address expected"),
    ("CNAME", "cname", "bad..example.net.", "Host name expected"),
    ("ALIAS", "alias", "-lb.example.net.", "Host name expected"),
    ("DNAME", "dname", "x" * 64 + ".example.", "Host name expected"),
    ("PTR", "ptrdname", "host name.example.", "Host name expected"),
    ("NS", "nsdname", "ns1.example.net.\n", "Host name expected"),
    ("MX", "exchange", "mail_server!.example.", "Host name expected"),
    ("MX", "preference", 65536, "Must be between 0 and 65535"),
    ("MX", "preference", -1, "Must be between 0 and 65535"),
    ("MX", "preference", "high", "Integer expected"),
    ("KX", "preference", 70000, "Must be between 0 and 65535"),
    ("SRV", "port", 65536, "Must be between 0 and 65535"),
    ("SRV", "priority", -1, "Must be between 0 and 65535"),
    ("SRV", "weight", "heavy", "Integer expected"),
    ("SRV", "target", "sip..example.", "Host name expected"),
    ("CAA", "flags", 256, "Must be between 0 and 255"),
    ("CAA", "tag", "is-sue", "Letters and digits only"),
    ("CAA", "tag", "a" * 16, "At most 15 characters"),
    ("SSHFP", "algorithm", 5, "Must be one of 1, 2, 3, 4, 6"),
    ("SSHFP", "fptype", 3, "Must be one of 1, 2"),
    ("SSHFP", "fingerprint", SHA256, "Wrong length: expected 40 hex digits"),
    ("SSHFP", "fingerprint", "XYZ0", "Hexadecimal string expected"),
    ("TLSA", "cert_usage", 4, "Must be between 0 and 3"),
    ("TLSA", "selector", 2, "Must be between 0 and 1"),
    ("TLSA", "match_type", 3, "Must be between 0 and 2"),
    ("TLSA", "certificate", SHA1, "Wrong length: expected 64 hex digits"),
    ("DS", "digest", SHA256, "Wrong length: expected 40 hex digits"),
    ("DS", "digtype", 5, "Must be one of 1, 2, 3, 4"),
    ("DS", "keytag", 65536, "Must be between 0 and 65535"),
    ("DS", "algorithm", 4, "Must be one of"),
    ("CDS", "digest", "ABC", "Hexadecimal string expected"),
    ("DNSKEY", "algorithm", 0, "Must be one of"),
    ("DNSKEY", "algorithm", 9, "Must be one of"),
    ("DNSKEY", "protocol", 2, "Must be one of 3"),
    ("DNSKEY", "public_key", "not base64!", "Base64 data expected"),
    ("CDNSKEY", "flags", 65536, "Must be between 0 and 65535"),
    ("KEY", "algorithm", 4, "Must be one of"),
    ("CERT", "format", 65536, "Must be between 0 and 65535"),
    ("CERT", "certificate", "***", "Base64 data expected"),
    ("DHCID", "digest", "AQ=", "Base64 data expected"),
    ("TXT", "txtdata", "", "This field can not be blank"),
    ("TXT", "txtdata", "x" * 4001, "At most 4000 characters"),
    ("TXT", "txtdata", '"' + "x" * 256 + '"', "Each quoted string must be 255 characters or fewer"),
    ("TXT", "txtdata", "two\nlines", "Control characters are not allowed"),
    ("SPF", "txtdata", "y" * 4001, "At most 4000 characters"),
    ("CSYNC", "flags", ["later"], "'later' is not one of soaminimum, immediate"),
    ("CSYNC", "rectypes", ["A", "BOGUS"], "'BOGUS' is not one of"),
    ("CSYNC", "soa_serial", 2 ** 32, "Must be between 0 and 4294967295"),
    ("LOC", "latitude", "91 N", "Coordinate expected"),
    ("LOC", "latitude", "42 21 54 E", "Coordinate expected"),
    ("LOC", "longitude", "181 0 0 W", "Coordinate expected"),
    ("LOC", "altitude", -100001, "Must be between -100000 and"),
    ("LOC", "size", "big", "Number expected"),
    ("IPSECKEY", "gatetype", 4, "Must be between 0 and 3"),
    ("IPSECKEY", "gateway", "2001:db8::1", "IP address expected"),
    ("IPSECKEY", "precedence", 256, "Must be between 0 and 255"),
    ("NAPTR", "flags", "S-U", "Letters and digits only"),
    ("NAPTR", "replacement", "not a name", "Host name expected"),
    ("NAPTR", "order", 65536, "Must be between 0 and 65535"),
    ("PX", "mapx400", "b..example.", "Host name expected"),
    ("NSAP", "nsap", "47000580", "NSAP address expected"),
    ("RP", "mbox", "no body", "E-mail address or domain name expected"),
    ("NS", "service_class", "x" * 65, "At most 64 characters"),
]

IPSECKEY_GATEWAYS = [(0, "192.0.2.1", "Must be '.' when gatetype is 0"), (2, "192.0.2.1", "IPv6 address expected"),
                     (3, "192.0.2.1/32", "Host name expected")]


@pytest.fixture
def emu(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, policy=FAST, **dyn_emulator.session_kwargs)
    session.execute("/Zone/%s/" % ZONE, "POST", {"rname": "admin@example.com", "ttl": 3600})
    dyn_emulator.session = session
    return dyn_emulator


def rule_id(rule):
    return "%s-%s-%r" % (rule[0], rule[1], rule[2])[:40]


def sdk_rejects(emu, call, arg, value, problem):
    before = len(emu.requests)
    with pytest.raises(errors.DynectInvalidArgumentError) as info:
        call()
    assert info.value.arg == arg
    assert info.value.value == value
    assert problem in info.value.problem
    assert str(info.value).startswith("Invalid argument (%s, %r)" % (arg, value))
    assert len(emu.requests) == before, "a request was sent"
    return info.value


def wire_body(name, values, ttl=0):
    spec = RECORD_TYPES[name]
    rdata, body = {}, {"ttl": ttl}
    for field in spec.fields:
        if field.attr in values:
            (body if field.top_level else rdata)[field.key] = field.encode(values[field.attr])
    body["rdata"] = rdata
    return body


def emulator_rejects(emu, name, values, key, problem, ttl=0):
    uri = "/%sRecord/%s/%s/" % (name, ZONE, NODE)
    with pytest.raises(errors.DynectCreateError) as info:
        emu.session.execute(uri, "POST", wire_body(name, values, ttl))
    assert info.value.http_status == 400 and info.value.ERR_CD == "INVALID_DATA"
    first = info.value.msgs[0]["INFO"]
    assert first.startswith("%s: " % key)
    assert problem in first
    assert info.value.msgs[1]["INFO"] == "add: Record not added"
    return first


def test_rules_cover_every_creatable_type():
    assert {rule[0] for rule in RULES} == {n for n, t in RECORD_TYPES.items() if t.creatable}
    for name, values in VALID.items():
        RECORD_TYPES[name].check_args(values)


@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_sdk_rejects_before_sending_and_the_emulator_rejects_the_same(emu, rule):
    name, arg, value, problem = rule
    values = dict(VALID[name], **{arg: value})
    error = sdk_rejects(emu, lambda: RECS[name](ZONE, NODE, **values), arg, value, problem)
    key = RECORD_TYPES[name].by_attr[arg].key
    info = emulator_rejects(emu, name, values, key, problem)
    assert info == "%s: %s" % (key, error.problem)  # one rule, one text


@pytest.mark.parametrize("gatetype, gateway, problem", IPSECKEY_GATEWAYS)
def test_ipseckey_gateway_must_match_its_type(emu, gatetype, gateway, problem):
    values = dict(VALID["IPSECKEY"], gatetype=gatetype, gateway=gateway)
    sdk_rejects(emu, lambda: RECS["IPSECKEY"](ZONE, NODE, **values), "gateway", gateway, problem)
    emulator_rejects(emu, "IPSECKEY", values, "gateway", problem)


def test_csync_types_error_names_the_rest_key_on_the_wire(emu):
    values = dict(VALID["CSYNC"], rectypes=["MX", "NOPE"])
    sdk_rejects(emu, lambda: RECS["CSYNC"](ZONE, NODE, **values), "rectypes", ["MX", "NOPE"], "'NOPE'")
    assert emulator_rejects(emu, "CSYNC", values, "types", "'NOPE'").startswith("types: 'NOPE' is not one of")


@pytest.mark.parametrize("ttl, problem", [(-1, "Must be between 0 and 2147483647"), (2 ** 31, "Must be between"),
                                          ("soon", "Integer expected"), (1.5, "Integer expected")])
def test_ttl_range(emu, ttl, problem):
    sdk_rejects(emu, lambda: ARecord(ZONE, NODE, "192.0.2.1", ttl=ttl), "ttl", ttl, problem)
    emulator_rejects(emu, "A", VALID["A"], "ttl", problem, ttl=ttl)


def test_ttl_bounds_are_accepted(emu):
    ARecord(ZONE, NODE, "192.0.2.1", ttl=2 ** 31 - 1)
    assert ARecord(ZONE, "other.example.com", "192.0.2.1", ttl=0).ttl == 3600


def test_required_values(emu):
    sdk_rejects(emu, lambda: RECS["MX"](ZONE, NODE, preference=10), "exchange", None, "This field is required")
    emulator_rejects(emu, "MX", {"preference": 10}, "exchange", "This field is required")
    sdk_rejects(emu, lambda: RECS["SRV"](ZONE, NODE, 1, 2), "target", None, "This field is required")


@pytest.mark.parametrize("fqdn", ["www.example.org", "wwwexample.com", "example.com.evil.net"])
def test_fqdn_outside_the_zone(emu, fqdn):
    sdk_rejects(emu, lambda: ARecord(ZONE, fqdn, "192.0.2.1"), "fqdn", fqdn, "not a name in zone")
    with pytest.raises(errors.DynectCreateError) as info:
        emu.session.execute("/ARecord/%s/%s/" % (ZONE, fqdn), "POST", {"rdata": {"address": "192.0.2.1"}})
    assert info.value.ERR_CD == "NOT_FOUND"
    assert info.value.msgs[0]["INFO"] == "node: Not in zone"


def test_bad_node_name(emu):
    sdk_rejects(emu, lambda: ARecord(ZONE, "-bad.example.com", "192.0.2.1"), "fqdn", "-bad.example.com",
                "Host name expected")
    with pytest.raises(errors.DynectCreateError) as info:
        emu.session.execute("/ARecord/%s/-bad.example.com/" % ZONE, "POST", {"rdata": {"address": "192.0.2.1"}})
    assert info.value.msgs[0]["INFO"] == "fqdn: Host name expected"


def test_setters_and_update_validate_before_sending(emu):
    record = RECS["MX"](ZONE, NODE, "mail.example.net.", 10)
    sdk_rejects(emu, lambda: setattr(record, "preference", 70000), "preference", 70000, "Must be between")
    sdk_rejects(emu, lambda: setattr(record, "exchange", "a..b"), "exchange", "a..b", "Host name expected")
    sdk_rejects(emu, lambda: setattr(record, "ttl", -5), "ttl", -5, "Must be between")
    sdk_rejects(emu, lambda: record.update(preference=-1), "preference", -1, "Must be between")
    ds = RECS["DS"](ZONE, NODE, SHA1, 1)
    sdk_rejects(emu, lambda: setattr(ds, "digtype", 2), "digest", SHA1, "64 hex digits")
    # and the emulator refuses the same update sent raw (the merged record is checked)
    with pytest.raises(errors.DynectUpdateError) as info:
        emu.session.execute("/DSRecord/%s/%s/0/" % (ZONE, NODE), "PUT", {"rdata": {"digtype": 2}})
    assert info.value.msgs[0]["INFO"] == "digest: Wrong length: expected 64 hex digits"


def test_soa_rules(emu):
    soa_id = emu.session.execute("/SOARecord/%s/%s/" % (ZONE, ZONE), "GET", {"detail": "Y"})["data"][0]["record_id"]
    soa = SOARecord(ZONE, ZONE, soa_id)
    sdk_rejects(emu, lambda: setattr(soa, "serial_style", "weekly"), "serial_style", "weekly", "Must be one of")
    sdk_rejects(emu, lambda: setattr(soa, "minimum", -1), "minimum", -1, "Must be between")
    sdk_rejects(emu, lambda: setattr(soa, "rname", "not a mailbox"), "rname", "not a mailbox", "E-mail address")
    with pytest.raises(errors.DynectUpdateError) as info:
        emu.session.execute("/SOARecord/%s/%s/%d/" % (ZONE, ZONE, soa_id), "PUT",
                            {"rdata": {"rname": "admin@example.com"}, "serial_style": "weekly"})
    assert info.value.msgs[0]["INFO"].startswith("serial_style: Must be one of")
    with pytest.raises(errors.DynectCreateError):
        emu.session.execute("/SOARecord/%s/%s/" % (ZONE, ZONE), "POST", {"rdata": {"rname": "admin@example.com"}})

"""The exact execute(uri, method, args) calls of the record classes (dyn.tm.records).

``SessionEngine.execute`` is patched (autospec) with a tiny fake API that answers like
the real one; every call is recorded with a deep copy of its arguments, because the
record objects reuse (and later mutate) their ``api_args`` dict.
"""
import copy
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.tm import records
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.records import RECS, record_class, record_from_api
from dyn.tm.session import DynectSession

ZONE = "example.com"
FQDN = "www.example.com"
BASE = "/%sRecord/example.com/www.example.com./"
LOGIN = {"status": "success", "data": {"token": "T", "version": "3.7.9"}, "job_id": 1, "msgs": []}

KEY = "AwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQg=="
SHA1 = "2BB183AF5F22588179A53B0A98631FAD1A292118"
SHA256 = "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE4A3F4E8B4C2A0A4D7F1F6E2B"

#: type -> (positional arguments after zone and fqdn, the rdata they send, top-level extras).
#: Every argument is given (no defaults), ttl excluded.
FULL = {
    "A": (("192.0.2.10",), {"address": "192.0.2.10"}, {}),
    "AAAA": (("2001:db8::10",), {"address": "2001:db8::10"}, {}),
    "ALIAS": (("lb.example.net.",), {"alias": "lb.example.net."}, {}),
    "CAA": ((0, "issue", "ca.example.net"), {"flags": 0, "tag": "issue", "value": "ca.example.net"}, {}),
    "CDNSKEY": ((3, KEY, 13, 257), {"protocol": 3, "public_key": KEY, "algorithm": 13, "flags": 257}, {}),
    "CDS": ((SHA256, 2371, 13, 2), {"digest": SHA256, "keytag": 2371, "algorithm": 13, "digtype": 2}, {}),
    "CERT": ((1, 12345, 8, KEY), {"format": 1, "tag": 12345, "algorithm": 8, "certificate": KEY}, {}),
    "CNAME": (("web.example.net.",), {"cname": "web.example.net."}, {}),
    "CSYNC": ((66, ["immediate", "soaminimum"], ["A", "AAAA"]),
              {"soa_serial": 66, "flags": "immediate,soaminimum", "types": "A,AAAA"}, {}),
    "DHCID": (("AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",),
              {"digest": "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="}, {}),
    "DNAME": (("example.net.",), {"dname": "example.net."}, {}),
    "DNSKEY": ((3, KEY, 8, 256), {"protocol": 3, "public_key": KEY, "algorithm": 8, "flags": 256}, {}),
    "DS": ((SHA1, 60485, 5, 1), {"digest": SHA1, "keytag": 60485, "algorithm": 5, "digtype": 1}, {}),
    "KEY": ((8, 256, 3, KEY), {"algorithm": 8, "flags": 256, "protocol": 3, "public_key": KEY}, {}),
    "KX": (("kx.example.net.", 5), {"exchange": "kx.example.net.", "preference": 5}, {}),
    "LOC": ((12, "42 21 54 N", "71 6 18 W", 200, 2, 20),
            {"altitude": 12, "latitude": "42 21 54 N", "longitude": "71 6 18 W", "horiz_pre": 200, "size": 2,
             "vert_pre": 20, "version": 0}, {}),
    "IPSECKEY": ((10, 1, 2, "192.0.2.38", KEY),
                 {"precedence": 10, "gatetype": 1, "algorithm": 2, "gateway": "192.0.2.38", "public_key": KEY}, {}),
    "MX": (("mail.example.net.", 20), {"exchange": "mail.example.net.", "preference": 20}, {}),
    "NAPTR": ((100, 10, "SIP+D2U", "", "_sip._udp.example.com.", "S"),
              {"order": 100, "preference": 10, "services": "SIP+D2U", "regexp": "",
               "replacement": "_sip._udp.example.com.", "flags": "S"}, {}),
    "PTR": (("host.example.net.",), {"ptrdname": "host.example.net."}, {}),
    "PX": ((10, "net2.it.", "prmd-net2.admd-p400.c-it."),
           {"preference": 10, "map822": "net2.it.", "mapx400": "prmd-net2.admd-p400.c-it."}, {}),
    "NSAP": (("0x47000580005a0000000001e133ffffff00016100",),
             {"nsap": "0x47000580005a0000000001e133ffffff00016100"}, {}),
    "RP": (("admin.example.com.", "info.example.com."), {"mbox": "admin.example.com.",
                                                         "txtdname": "info.example.com."}, {}),
    "NS": (("ns1.example.net.", "dyn"), {"nsdname": "ns1.example.net."}, {"service_class": "dyn"}),
    "SPF": (("v=spf1 -all",), {"txtdata": "v=spf1 -all"}, {}),
    "SRV": ((5060, 10, "sip.example.net.", 20),
            {"port": 5060, "priority": 10, "target": "sip.example.net.", "weight": 20}, {}),
    "SSHFP": ((4, 2, SHA256), {"algorithm": 4, "fptype": 2, "fingerprint": SHA256}, {}),
    "TLSA": ((3, 1, 1, SHA256), {"cert_usage": 3, "selector": 1, "match_type": 1, "certificate": SHA256}, {}),
    "TXT": (("hello world",), {"txtdata": "hello world"}, {}),
}

#: type -> (required positional arguments only, the full payload with the classic defaults)
DEFAULTS = {
    "CDNSKEY": ((3, KEY), {"rdata": {"protocol": 3, "public_key": KEY, "algorithm": 5, "flags": 256}, "ttl": 0}),
    "CDS": ((SHA1, 1), {"rdata": {"digest": SHA1, "keytag": 1, "algorithm": 5, "digtype": 1}, "ttl": 0}),
    "DNSKEY": ((3, KEY), {"rdata": {"protocol": 3, "public_key": KEY, "algorithm": 5, "flags": 256}, "ttl": 0}),
    "DS": ((SHA1, 1), {"rdata": {"digest": SHA1, "keytag": 1, "algorithm": 5, "digtype": 1}, "ttl": 0}),
    "LOC": ((0, "1 N", "2 E"), {"rdata": {"altitude": 0, "latitude": "1 N", "longitude": "2 E", "horiz_pre": 10000,
                                          "size": 1, "vert_pre": 10, "version": 0}, "ttl": 0}),
    "MX": (("mx.example.net.",), {"rdata": {"exchange": "mx.example.net.", "preference": 10}, "ttl": 0}),
    "NAPTR": ((1, 2, "E2U+sip", "!^.*$!sip:a@example.com!", "."),
              {"rdata": {"order": 1, "preference": 2, "services": "E2U+sip", "regexp": "!^.*$!sip:a@example.com!",
                         "replacement": ".", "flags": "U"}, "ttl": 0}),
    "NS": (("ns1.example.net.",), {"rdata": {"nsdname": "ns1.example.net."}, "service_class": "", "ttl": 0}),
}

RECORD_ID_TYPES = ["CAA", "CDNSKEY", "CDS", "CERT", "DNSKEY", "DS", "KEY", "KX", "SSHFP", "TLSA"]
SINGLE_VALUE_TYPES = ["A", "AAAA", "ALIAS", "CNAME", "DHCID", "DNAME", "MX", "NS", "NSAP", "PTR", "SPF", "TXT"]


class FakeAPI:
    """Answers record calls like the API: a create echoes the record with id 0, a GET
    answers the stored record (or ``self.stored``), a PUT merges, a DELETE answers {}."""

    def __init__(self):
        self.calls = []
        self.records = {}
        self.answer = None  # data for the next GET, when set

    def __call__(self, session, uri, method, args=None, final=False):
        if uri.startswith("/Session/"):
            return LOGIN
        self.calls.append((uri, method, copy.deepcopy(args)))
        parts = uri.strip("/").split("/")
        rest, zone, fqdn = parts[:3]
        key = (rest, zone, fqdn)
        record_type = rest[:-len("Record")]
        if method == "POST":
            data = {"zone": zone, "fqdn": fqdn.rstrip("."), "record_type": record_type,
                    "rdata": dict(args["rdata"]), "ttl": int(args.get("ttl") or 0), "record_id": 0}
            data.update({k: v for k, v in args.items() if k not in ("rdata", "ttl")})
            self.records[key] = data
        elif method == "GET":
            data = copy.deepcopy(self.answer or self.records.get(key) or {})
        elif method == "PUT":
            data = copy.deepcopy(self.answer or self.records.get(key) or {
                "zone": zone, "fqdn": fqdn.rstrip("."), "record_type": record_type, "rdata": {}, "ttl": 0,
                "record_id": int(parts[3])})
            data["rdata"].update(args.get("rdata", {}))
            data.update({k: v for k, v in args.items() if k != "rdata"})
            self.records[key] = data
        else:
            data = {}
        return {"status": "success", "data": data, "job_id": 2, "msgs": []}


@pytest.fixture
def api():
    fake = FakeAPI()
    with mock.patch.object(SessionEngine, "execute", autospec=True, side_effect=fake) as patched:
        DynectSession("acme", "alice", "pw")
        fake.mock = patched
        yield fake


def stored(record_type, rdata, record_id=77, ttl=3600, **extra):
    data = {"zone": ZONE, "fqdn": FQDN, "record_type": record_type, "rdata": rdata, "ttl": ttl,
            "record_id": record_id}
    data.update(extra)
    return data


# -- create --------------------------------------------------------------------------------

def test_every_creatable_type_is_covered():
    assert sorted(FULL) == sorted(n for n in RECS if n not in ("SOA", "UNKNOWN"))
    assert len(FULL) == 29


@pytest.mark.parametrize("name", sorted(FULL))
def test_create_positional_sends_one_post(api, name):
    args, rdata, top = FULL[name]
    record = RECS[name](ZONE, FQDN, *args)
    assert api.calls == [(BASE % name, "POST", dict({"rdata": rdata, "ttl": 0}, **top))]
    assert record.record_id == 0
    assert record.zone == ZONE and record.fqdn == FQDN  # as the answer writes it


@pytest.mark.parametrize("name", sorted(FULL))
def test_create_with_keywords_and_ttl_sends_the_same_rdata(api, name):
    args, rdata, top = FULL[name]
    names = [f.attr for f in RECS[name]._type.arguments]
    record = RECS[name](ZONE, FQDN, ttl=300, **dict(zip(names, args)))
    assert api.calls == [(BASE % name, "POST", dict({"rdata": rdata, "ttl": 300}, **top))]
    assert record.ttl == 300


@pytest.mark.parametrize("name", sorted(FULL))
def test_ttl_may_be_the_last_positional_argument(api, name):
    args, rdata, top = FULL[name]
    RECS[name](ZONE, FQDN, *args, 600)
    assert api.calls[0][2]["ttl"] == 600


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_create_sends_the_classic_defaults(api, name):
    args, payload = DEFAULTS[name]
    RECS[name](ZONE, FQDN, *args)
    assert api.calls == [(BASE % name, "POST", payload)]


def test_csync_honours_ttl_which_the_classic_dropped(api):
    record = records.CSYNCRecord(ZONE, FQDN, 1, ["immediate"], ["A"], ttl=120)
    assert api.calls[0][2] == {"rdata": {"soa_serial": 1, "flags": "immediate", "types": "A"}, "ttl": 120}
    assert record.rectypes == ["A"] and record.flags == ["immediate"]


@pytest.mark.parametrize("name", SINGLE_VALUE_TYPES)
def test_a_single_positional_value_creates_the_record(api, name):
    """Classic TXT/SPF/PTR/NS/NSAP/DNAME silently sent nothing for one positional value."""
    args, rdata, _top = FULL[name]
    RECS[name](ZONE, FQDN, args[0])
    assert [(uri, method) for uri, method, _ in api.calls] == [(BASE % name, "POST")]
    assert api.calls[0][2]["rdata"].items() >= {list(rdata)[0]: args[0]}.items()


def test_txt_single_value_payload(api):
    records.TXTRecord(ZONE, FQDN, "v=spf1 include:example.net -all")
    assert api.calls == [(BASE % "TXT", "POST", {"rdata": {"txtdata": "v=spf1 include:example.net -all"}, "ttl": 0})]


def test_ns_single_value_payload(api):
    records.NSRecord(ZONE, "sub.example.com", "ns1.example.net.")
    assert api.calls == [("/NSRecord/example.com/sub.example.com./", "POST",
                          {"rdata": {"nsdname": "ns1.example.net."}, "service_class": "", "ttl": 0})]


def test_no_value_sends_nothing(api):
    for name in FULL:
        RECS[name](ZONE, FQDN)
    assert api.calls == []


def test_fqdn_gets_a_trailing_dot_and_the_zone_is_used_as_given(api):
    record = records.ARecord("Example.COM", "www.example.com.", "192.0.2.1")
    assert api.calls[0][0] == "/ARecord/Example.COM/www.example.com./"
    assert record.fqdn == "www.example.com"  # rebuilt from the answer, as the API writes it


def test_wrong_argument_shapes_raise_type_error(api):
    with pytest.raises(TypeError, match="at most 2"):
        records.ARecord(ZONE, FQDN, "192.0.2.1", 0, "extra")
    with pytest.raises(TypeError, match="unexpected keyword argument 'adress'"):
        records.ARecord(ZONE, FQDN, adress="192.0.2.1")
    with pytest.raises(TypeError, match="multiple values for argument 'address'"):
        records.ARecord(ZONE, FQDN, "192.0.2.1", address="192.0.2.2")
    with pytest.raises(TypeError, match="record_id= cannot be combined"):
        records.ARecord(ZONE, FQDN, "192.0.2.1", record_id=5)
    assert api.calls == []


# -- validation before sending -------------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, arg", [
    ("A", {"address": "192.0.2.300"}, "address"),
    ("AAAA", {"address": "192.0.2.1"}, "address"),
    ("MX", {"exchange": "mail..example.net."}, "exchange"),
    ("MX", {"exchange": "mail.example.net.", "preference": 70000}, "preference"),
    ("A", {"address": "192.0.2.1", "ttl": -5}, "ttl"),
    ("DS", {"digest": SHA256, "keytag": 1}, "digest"),
    ("SSHFP", {"algorithm": 5, "fptype": 1, "fingerprint": SHA1}, "algorithm"),
    ("CSYNC", {"soa_serial": 1, "flags": ["immediate"], "rectypes": ["BOGUS"]}, "rectypes"),
    ("MX", {"preference": 10}, "exchange"),
])
def test_a_bad_value_raises_before_any_request(api, name, kwargs, arg):
    with pytest.raises(DynectInvalidArgumentError) as info:
        RECS[name](ZONE, FQDN, **kwargs)
    assert info.value.arg == arg
    assert info.value.value == kwargs.get(arg)
    assert info.value.problem
    assert api.calls == []


@pytest.mark.parametrize("zone, fqdn, arg", [("example.com", "www.example.org", "fqdn"),
                                             ("example.com", "wwwexample.com", "fqdn"),
                                             ("example.com", "bad name.example.com", "fqdn"),
                                             ("exa mple.com", "www.exa mple.com", "zone")])
def test_a_node_outside_the_zone_is_rejected_before_sending(api, zone, fqdn, arg):
    with pytest.raises(DynectInvalidArgumentError) as info:
        records.ARecord(zone, fqdn, "192.0.2.1")
    assert info.value.arg == arg
    assert api.calls == []


def test_apex_and_wildcard_nodes_are_fine(api):
    records.ARecord(ZONE, ZONE, "192.0.2.1")
    records.ARecord(ZONE, "*.example.com", "192.0.2.1")
    assert [uri for uri, _, _ in api.calls] == ["/ARecord/example.com/example.com./",
                                                "/ARecord/example.com/*.example.com./"]


# -- fetch by id ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FULL))
def test_record_id_keyword_gets_the_record(api, name):
    _args, rdata, top = FULL[name]
    api.answer = stored(name, rdata, **top)
    record = RECS[name](ZONE, FQDN, record_id=77)
    assert api.calls == [((BASE % name) + "77/", "GET", {})]
    assert record.record_id == 77 and record.ttl == 3600
    api.calls.clear()
    # property values come from the answer (wire form decoded: CSYNC lists)
    spec = RECS[name]._type
    for field in spec.arguments:
        value = getattr(record, field.attr)
        source = top if field.top_level else rdata
        assert value == field.decode(source[field.key]) if field.key in source else value is None


@pytest.mark.parametrize("name", RECORD_ID_TYPES)
def test_classic_single_positional_record_id(api, name):
    RECS[name](ZONE, FQDN, 42)
    assert api.calls == [((BASE % name) + "42/", "GET", {})]


def test_dhcid_reads_an_int_as_a_record_id_and_a_string_as_the_digest(api):
    records.DHCIDRecord(ZONE, FQDN, 42)
    records.DHCIDRecord(ZONE, FQDN, "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=")
    assert api.calls == [(BASE % "DHCID" + "42/", "GET", {}),
                         (BASE % "DHCID", "POST",
                          {"rdata": {"digest": "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="}, "ttl": 0})]


def test_a_single_keyword_on_a_record_id_type_is_a_create(api):
    with pytest.raises(DynectInvalidArgumentError) as info:
        records.DSRecord(ZONE, FQDN, digest=SHA1)
    assert info.value.arg == "keytag"
    records.KXRecord(ZONE, FQDN, "kx.example.net.", 1)
    assert api.calls == [(BASE % "KX", "POST", {"rdata": {"exchange": "kx.example.net.", "preference": 1},
                                                "ttl": 0})]


def test_get_and_new_classmethods(api):
    api.answer = stored("TXT", {"txtdata": "x"}, record_id=9)
    txt = records.TXTRecord.get(ZONE, FQDN, 9)
    assert isinstance(txt, records.TXTRecord) and txt.record_id == 9
    api.answer = None
    ds = records.DSRecord.new(ZONE, FQDN, SHA1, 7)
    dhcid = records.DHCIDRecord.new(ZONE, FQDN, digest="AQID", ttl=5)
    assert api.calls == [
        (BASE % "TXT" + "9/", "GET", {}),
        (BASE % "DS", "POST", {"rdata": {"digest": SHA1, "keytag": 7, "algorithm": 5, "digtype": 1}, "ttl": 0}),
        (BASE % "DHCID", "POST", {"rdata": {"digest": "AQID"}, "ttl": 5}),
    ]
    assert isinstance(ds, records.DSRecord) and isinstance(dhcid, records.DHCIDRecord)
    with pytest.raises(DynectInvalidArgumentError):
        records.DSRecord.new(ZONE, FQDN, 42)  # never a record id: 42 is not a digest
    with pytest.raises(DynectInvalidArgumentError) as info:
        records.SOARecord.new(ZONE, ZONE, "admin@example.com")
    assert info.value.arg == "record_type"
    assert len(api.calls) == 3


# -- create=False --------------------------------------------------------------------------

def test_create_false_sends_nothing_and_never_refreshes(api):
    record = records.MXRecord(ZONE, FQDN, create=False, record_id=5, ttl=60,
                              rdata={"exchange": "mx.example.net.", "preference": 3})
    assert (record.exchange, record.preference, record.ttl, record.record_id) == ("mx.example.net.", 3, 60, 5)
    assert str(record) == "<MXRecord>: mx.example.net."
    assert api.calls == []
    record.preference = 4
    assert api.calls == [(BASE % "MX" + "5/", "PUT", {"rdata": {"preference": 4}})]
    assert record.preference == 4
    assert len(api.calls) == 1


def test_create_false_with_plain_keywords_as_the_services_build_them(api):
    """DSF records build their base with (None, None, <rdata kwargs>, create=False)."""
    record = records.ARecord(None, None, address="192.0.2.1", ttl=30, create=False)
    assert record.address == "192.0.2.1" and record.ttl == 30
    assert record.geo_rdata == {"address": "192.0.2.1"}
    assert record.rdata() == {"a_rdata": {"address": "192.0.2.1", "note": None}}
    csync = records.CSYNCRecord(None, None, soa_serial=1, flags="immediate", types="A,NS", create=False)
    assert csync.rectypes == ["A", "NS"] and csync.flags == ["immediate"]
    assert api.calls == []


# -- live records: GET on read, PUT on write -----------------------------------------------

def test_property_read_refreshes_and_setter_puts_the_accumulated_args(api):
    record = records.MXRecord(ZONE, FQDN, "mx.example.net.", 20, ttl=300)
    api.calls.clear()
    assert record.exchange == "mx.example.net."
    assert record.preference == 20
    assert record.ttl == 300  # no request for ttl
    assert api.calls == [(BASE % "MX" + "0/", "GET", {}), (BASE % "MX" + "0/", "GET", {})]
    api.calls.clear()
    record.preference = 30
    record.exchange = "mx2.example.net."
    assert api.calls == [
        (BASE % "MX" + "0/", "PUT", {"rdata": {"exchange": "mx.example.net.", "preference": 30}, "ttl": 300}),
        (BASE % "MX" + "0/", "PUT", {"rdata": {"exchange": "mx2.example.net.", "preference": 30}, "ttl": 300}),
    ]


def test_ttl_setter_puts_api_args_with_the_ttl(api):
    record = records.ARecord(ZONE, FQDN, "192.0.2.1")
    api.calls.clear()
    record.ttl = 900
    assert api.calls == [(BASE % "A" + "0/", "PUT", {"rdata": {"address": "192.0.2.1"}, "ttl": 900})]
    assert record.ttl == 900
    with pytest.raises(DynectInvalidArgumentError) as info:
        record.ttl = -1
    assert (info.value.arg, info.value.value) == ("ttl", -1)
    assert len(api.calls) == 1 and record.ttl == 900


def test_setter_rejects_a_bad_value_before_sending(api):
    record = records.DSRecord(ZONE, FQDN, SHA1, 1)
    api.calls.clear()
    with pytest.raises(DynectInvalidArgumentError) as info:
        record.digest = SHA256  # 64 digits for digest type 1 (SHA-1, 40 digits)
    assert info.value.arg == "digest"
    with pytest.raises(DynectInvalidArgumentError):
        record.keytag = "x"
    with pytest.raises(DynectInvalidArgumentError) as info:
        record.digtype = 2  # the cached 40-digit digest does not fit SHA-256
    assert info.value.arg == "digest"
    assert api.calls == []


def test_update_changes_several_values_with_one_put(api):
    record = records.DSRecord(ZONE, FQDN, SHA1, 1, ttl=60)
    api.calls.clear()
    record.update(digest=SHA256, digtype=2, ttl=120)
    assert api.calls == [(BASE % "DS" + "0/", "PUT", {"rdata": {"digest": SHA256, "keytag": 1, "algorithm": 5,
                                                                "digtype": 2}, "ttl": 120})]
    record.create = False
    assert (record.digest, record.digtype, record.ttl) == (SHA256, 2, 120)
    with pytest.raises(DynectInvalidArgumentError) as info:
        record.update(digtype=1)
    assert info.value.arg == "digest"
    with pytest.raises(DynectInvalidArgumentError) as info:
        record.update(keytag=1, bogus=2)
    assert info.value.arg == "bogus"
    record.update()
    assert len(api.calls) == 1


def test_update_of_an_soa_sends_rname_and_the_changes(api):
    api.answer = SOA_DATA
    soa = records.SOARecord(ZONE, ZONE, 11)
    api.calls.clear()
    soa.update(minimum=60, serial_style="day", ttl=300)
    assert api.calls == [(SOA_URI, "PUT", {"rdata": {"rname": "admin@example.com", "minimum": 60},
                                           "serial_style": "day", "ttl": 300})]
    assert soa.api_args == {"rdata": {"rname": "admin@example.com"}}
    with pytest.raises(DynectInvalidArgumentError):
        soa.update(serial=7)


def test_csync_setters_send_comma_strings_and_keep_lists(api):
    record = records.CSYNCRecord(ZONE, FQDN, 1, ["immediate"], ["A"])
    api.calls.clear()
    record.rectypes = ["A", "AAAA"]
    record.flags = "immediate,soaminimum"
    assert api.calls == [
        (BASE % "CSYNC" + "0/", "PUT", {"rdata": {"soa_serial": 1, "flags": "immediate", "types": "A,AAAA"},
                                        "ttl": 0}),
        (BASE % "CSYNC" + "0/", "PUT", {"rdata": {"soa_serial": 1, "flags": "immediate,soaminimum",
                                                  "types": "A,AAAA"}, "ttl": 0}),
    ]
    record.create = False  # read the cached values
    assert record.flags == ["immediate", "soaminimum"] and record.rectypes == ["A", "AAAA"]


def test_loc_version_is_read_only(api):
    record = records.LOCRecord(ZONE, FQDN, 0, "1 N", "2 E")
    assert record.version == 0
    with pytest.raises(AttributeError):
        record.version = 1


def test_ns_service_class_setter_sends_nsdname_and_the_class(api):
    record = records.NSRecord(ZONE, "sub.example.com", "ns1.example.net.", ttl=60)
    api.calls.clear()
    record.service_class = "dyn"
    record.ttl = 120
    uri = "/NSRecord/example.com/sub.example.com./0/"
    assert api.calls == [
        (uri, "PUT", {"rdata": {"nsdname": "ns1.example.net."}, "service_class": "dyn"}),
        (uri, "PUT", {"rdata": {"nsdname": "ns1.example.net."}, "service_class": "dyn", "ttl": 120}),
    ]


def test_ns_listed_record_updates_carry_the_nsdname(api):
    record = records.NSRecord(ZONE, ZONE, create=False, record_id=3, rdata={"nsdname": "ns1.example.net."})
    record.ttl = 3600
    assert api.calls == [("/NSRecord/example.com/example.com./3/", "PUT",
                          {"rdata": {"nsdname": "ns1.example.net."}, "ttl": 3600})]


SOA_DATA = {"zone": ZONE, "fqdn": ZONE, "record_type": "SOA", "record_id": 11, "ttl": 3600,
            "serial_style": "increment",
            "rdata": {"rname": "admin@example.com", "mname": "ns1.p01.dynect.net.", "serial": 5,
                      "refresh": 3600, "retry": 600, "expire": 604800, "minimum": 1800}}
SOA_URI = "/SOARecord/example.com/example.com./11/"


def test_soa_is_fetched_by_id_and_never_created(api):
    api.answer = SOA_DATA
    soa = records.SOARecord(ZONE, ZONE, 11)
    assert api.calls == [(SOA_URI, "GET", {})]
    assert soa.api_args == {"rdata": {"rname": "admin@example.com"}}
    assert records.SOARecord(ZONE, ZONE, record_id=11).record_id == 11
    with pytest.raises(TypeError):
        records.SOARecord(ZONE, ZONE, "admin@example.com", 60)
    with pytest.raises(TypeError):
        records.SOARecord(ZONE, ZONE, rname="admin@example.com")
    records.SOARecord(ZONE, ZONE)
    assert len(api.calls) == 2


def test_soa_setters_send_the_classic_bodies(api):
    api.answer = SOA_DATA
    soa = records.SOARecord(ZONE, ZONE, 11)
    api.answer = None
    api.records[("SOARecord", ZONE, ZONE + ".")] = copy.deepcopy(SOA_DATA)
    api.calls.clear()
    soa.minimum = 60
    soa.serial_style = "epoch"
    soa.ttl = 7200
    soa.rname = "hostmaster@example.com"
    soa.minimum = 30
    assert api.calls == [
        (SOA_URI, "PUT", {"rdata": {"rname": "admin@example.com", "minimum": 60}}),
        (SOA_URI, "PUT", {"rdata": {"rname": "admin@example.com"}, "serial_style": "epoch"}),
        (SOA_URI, "PUT", {"rdata": {"rname": "admin@example.com"}, "ttl": 7200}),
        (SOA_URI, "PUT", {"rdata": {"rname": "hostmaster@example.com"}}),
        (SOA_URI, "PUT", {"rdata": {"rname": "hostmaster@example.com", "minimum": 30}}),
    ]
    assert soa.api_args == {"rdata": {"rname": "hostmaster@example.com"}}
    api.calls.clear()
    assert soa.ttl == 7200 and soa.serial_style == "epoch" and soa.serial == 5  # reads refresh
    assert api.calls == [(SOA_URI, "GET", {})] * 3
    with pytest.raises(AttributeError):
        soa.serial = 6
    with pytest.raises(DynectInvalidArgumentError):
        soa.serial_style = "weekly"
    soa.delete()  # a no-op
    assert len(api.calls) == 3


# -- delete --------------------------------------------------------------------------------

def test_delete_with_and_without_a_record_id(api):
    record = records.ARecord(ZONE, FQDN, create=False, record_id=8, rdata={"address": "192.0.2.1"})
    record.delete()
    records.TXTRecord(ZONE, FQDN, create=False).delete()
    assert api.calls == [(BASE % "A" + "8/", "DELETE", {}), (BASE % "TXT", "DELETE", {})]


def test_delete_of_a_created_record_uses_id_zero(api):
    records.AAAARecord(ZONE, FQDN, "2001:db8::1").delete()
    assert api.calls[-1] == (BASE % "AAAA" + "0/", "DELETE", {})


# -- rdata(), geo_rdata, rec_name, str --------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FULL))
def test_rdata_geo_rdata_and_rec_name(api, name):
    args, rdata, _top = FULL[name]
    record = RECS[name](ZONE, FQDN, *args)
    wrapper = "pxr_rdata" if name == "PX" else name.lower() + "_rdata"
    assert record.rdata() == {wrapper: dict(rdata, note=None)}
    assert record.geo_rdata == rdata
    assert record.rec_name == name.lower()
    assert record.geo_node == {"zone": ZONE, "fqdn": FQDN}
    assert api.calls[1:] == []  # none of these send anything


def test_rdata_keeps_none_values_and_the_note(api):
    record = records.SRVRecord(ZONE, FQDN, create=False, rdata={"port": 1, "target": "t.example.net."})
    assert record.rdata() == {"srv_rdata": {"port": 1, "priority": None, "target": "t.example.net.", "weight": None,
                                            "note": None}}
    assert record.geo_rdata == {"port": 1, "target": "t.example.net."}
    record = records.TLSARecord(ZONE, FQDN, create=False, note="n",
                                rdata={"cert_usage": 3, "selector": 1, "match_type": 1, "certificate": SHA256})
    assert record.rdata() == {"tlsa_rdata": {"cert_usage": 3, "selector": 1, "match_type": 1,
                                             "certificate": SHA256, "note": "n"}}  # no 'mathc_type'
    sshfp = records.SSHFPRecord(ZONE, FQDN, create=False, rdata={"algorithm": 1, "fptype": 1, "fingerprint": SHA1})
    assert set(sshfp.rdata()["sshfp_rdata"]) == {"algorithm", "fptype", "fingerprint", "note"}


STR_FORMS = {
    "A": "<ARecord>: 192.0.2.10", "AAAA": "<AAAARecord>: 2001:db8::10", "ALIAS": "<ALIASRecord>: lb.example.net.",
    "CAA": "<CAARecord>: www.example.com", "CDNSKEY": "<CDNSKEYRecord>: " + KEY, "CDS": "<CDSRecord>: " + SHA256,
    "CERT": "<CERTRecord>: " + KEY, "CNAME": "<CNAMERecord>: web.example.net.",
    "CSYNC": "<CSYNCRecord>: www.example.com",
    "DHCID": "<DHCIDRecord>: AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=", "DNAME": "<DNAMERecord>: example.net.",
    "DNSKEY": "<DNSKEYRecord>: " + KEY, "DS": "<DSRecord>: " + SHA1, "KEY": "<KEYRecord>: " + KEY,
    "KX": "<KXRecord>: kx.example.net.", "LOC": "<LOCRecord>: 42 21 54 N 71 6 18 W",
    "IPSECKEY": "<IPSECKEYRecord>: " + KEY, "MX": "<MXRecord>: mail.example.net.",
    "NAPTR": "<NAPTRRecord>: _sip._udp.example.com.", "PTR": "<PTRRecord>: host.example.net.",
    "PX": "<PXRecord>: net2.it. prmd-net2.admd-p400.c-it.",
    "NSAP": "<NSAPRecord>: 0x47000580005a0000000001e133ffffff00016100", "RP": "<RPRecord>: info.example.com.",
    "NS": "<NSRecord>: ns1.example.net.", "SPF": "<SPFRecord>: v=spf1 -all", "SRV": "<SRVRecord>: sip.example.net.",
    "SSHFP": "<SSHFPRecord>: " + SHA256, "TLSA": "<TLSARecord>: " + SHA256, "TXT": "<TXTRecord>: hello world",
}


@pytest.mark.parametrize("name", sorted(FULL))
def test_str_and_repr_forms(api, name):
    args, _rdata, _top = FULL[name]
    record = RECS[name](ZONE, FQDN, *args)
    api.calls.clear()
    assert str(record) == STR_FORMS[name]
    assert repr(record) == "%s (fqdn=www.example.com, ttl=0, record_id=0)" % STR_FORMS[name]
    assert bytes(record) == STR_FORMS[name].encode()
    assert api.calls == []  # NAPTR's str no longer sends a GET


def test_soa_and_unknown_str():
    soa = record_from_api(SOA_DATA)
    assert isinstance(soa, records.SOARecord) and soa.serial_style == "increment" and soa.minimum == 1800
    assert str(soa) == "<SOARecord>: example.com"
    unknown = records.UNKNOWNRecord(ZONE, FQDN, create=False)
    assert str(unknown) == "<UNKNOWNRecord>: www.example.com"
    hinfo = record_from_api({"record_type": "HINFO", "fqdn": FQDN, "zone": ZONE, "rdata": {"cpu": "x"}})
    assert str(hinfo) == "<UNKNOWNRecord>: www.example.com"
    assert repr(hinfo) == "<UNKNOWNRecord>: www.example.com (record_type=HINFORecord, ttl=None, record_id=None)"


def test_alias_and_cname_equality_and_hash(api):
    a1 = records.CNAMERecord(ZONE, FQDN, create=False, rdata={"cname": "t.example.net."})
    a2 = records.CNAMERecord(ZONE, "other.example.com", create=False, rdata={"cname": "t.example.net."})
    a3 = records.CNAMERecord(ZONE, FQDN, create=False, rdata={"cname": "u.example.net."})
    assert a1 == a2 and a1 == "t.example.net." and a1 != a3 and a1 != "u.example.net."
    assert hash(a1) == hash(a2) and len({a1, a2, a3}) == 2
    alias = records.ALIASRecord(ZONE, ZONE, create=False, rdata={"alias": "t.example.net."})
    assert alias == "t.example.net." and alias == records.ALIASRecord(None, None, alias="t.example.net.",
                                                                      create=False)
    assert alias != a1  # a CNAME is not an ALIAS
    assert (alias == 5) is False
    live = records.ALIASRecord(ZONE, ZONE, "lb.example.net.")
    api.calls.clear()
    assert live == "lb.example.net." and hash(live) == hash(records.ALIASRecord(None, None, create=False,
                                                                                alias="lb.example.net."))
    assert api.calls == []  # comparing sends no GET


def test_other_records_compare_by_identity():
    one = records.ARecord(None, None, address="192.0.2.1", create=False)
    assert one != records.ARecord(None, None, address="192.0.2.1", create=False) and one == one
    assert isinstance(hash(one), int)


# -- record_from_api / record_class / RECS -------------------------------------------------

def test_recs_and_record_class():
    assert len(RECS) == 31
    assert all(cls.__name__ == name + "Record" for name, cls in RECS.items())
    assert all(getattr(records, name + "Record") is cls for name, cls in RECS.items())
    assert all(issubclass(cls, records.DNSRecord) for cls in RECS.values())
    assert record_class("mx_records") is records.MXRecord
    assert record_class("MXRecord") is records.MXRecord
    assert record_class("WKS") is records.UNKNOWNRecord
    assert set(records.__all__) >= {"DNSRecord", "RECS", "record_from_api"} | {c.__name__ for c in RECS.values()}


def test_record_from_api_builds_without_a_request(api):
    data = {"zone": ZONE, "fqdn": FQDN, "record_type": "MX", "ttl": 300, "record_id": 4,
            "rdata": {"exchange": "mx.example.net.", "preference": 10}}
    record = record_from_api(data)
    assert isinstance(record, records.MXRecord)
    assert (record.zone, record.fqdn, record.ttl, record.record_id) == (ZONE, FQDN, 300, 4)
    assert (record.exchange, record.preference) == ("mx.example.net.", 10)
    assert record.create is False and api.calls == []
    other = record_from_api(data, zone="example.org", fqdn="mail.example.org", create=True)
    assert (other.zone, other.fqdn) == ("example.org", "mail.example.org")
    assert other.exchange == "mx.example.net."
    assert api.calls == [("/MXRecord/example.org/mail.example.org./4/", "GET", {})]
    ns = record_from_api({"record_type": "NS", "rdata": {"nsdname": "ns1."}, "service_class": "x"})
    assert ns.service_class == "x" and ns.nsdname == "ns1."
    csync = record_from_api({"record_type": "CSYNC", "rdata": {"soa_serial": 1, "flags": "immediate",
                                                              "types": "A,MX"}})
    assert csync.rectypes == ["A", "MX"]


def test_record_from_api_unknown_types(api):
    data = {"zone": ZONE, "fqdn": FQDN, "record_type": "HINFO", "ttl": 60, "record_id": 3,
            "rdata": {"cpu": "PDP-11", "os": "UNIX"}}
    record = record_from_api(data)
    assert isinstance(record, records.UNKNOWNRecord)
    assert record.rec_name == "hinfo"
    assert record.rdata() == {"cpu": "PDP-11", "os": "UNIX", "note": None}
    assert (record.ttl, record.record_id) == (60, 3)
    empty = record_from_api({})
    assert isinstance(empty, records.UNKNOWNRecord) and empty.zone is None
    assert api.calls == []

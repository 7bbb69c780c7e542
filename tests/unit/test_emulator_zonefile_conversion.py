"""Unit tests of the zone-file conversion (``dyn.emulator.dns.zonefile``): dnspython rdata <->
API rdata for every type, parse errors, and round trips."""
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyn.emulator.dns.zonefile import (MAX_FILE_BYTES, SUPPORTED_TYPES, ZoneFileError, email_to_rname, export_zone_file,
                                   parse_zone_file, rname_to_email, to_api, to_text)
from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES

KEY = ("AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeog"
       "mMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==")

LINES = {
    "SOA": r"@ 3600 IN SOA ns1.example.net. host\.master.example.com. 7 3600 600 604800 300",
    "A": "a IN A 192.0.2.1",
    "AAAA": "aaaa IN AAAA 2001:db8::1",
    "CAA": 'caa IN CAA 0 issue "letsencrypt.org"',
    "CDNSKEY": f"cdnskey IN CDNSKEY 257 3 8 {KEY}",
    "CDS": "cds IN CDS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
    "CERT": "cert IN CERT PKIX 1 RSASHA1 MIIB",
    "CNAME": "cname IN CNAME www",
    "CSYNC": "csync IN CSYNC 66 3 A NS AAAA",
    "DHCID": "dhcid IN DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
    "DNAME": "dname IN DNAME other.org.",
    "DNSKEY": f"dnskey IN DNSKEY 256 3 8 {KEY}",
    "DS": "ds IN DS 60485 8 2 " + "AB" * 32,
    "KEY": f"key IN KEY 256 3 5 {KEY}",
    "KX": "kx IN KX 10 kx.example.net.",
    "LOC": "loc IN LOC 42 21 54.5 N 71 06 18 W -24m 30m",
    "IPSECKEY": "ipseckey IN IPSECKEY 10 1 2 192.0.2.1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
    "MX": "@ IN MX 10 mail",
    "NAPTR": 'naptr IN NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .',
    "NS": "@ IN NS ns1.example.net.",
    "NSAP": "nsap IN NSAP 0x47.0005.80.005a00.0000.0001.e133.ffffff000161.00",
    "PTR": "ptr IN PTR host",
    "PX": "px IN PX 10 map822 mapx400",
    "RP": "rp IN RP admin.example.com. txt",
    "SPF": 'spf IN SPF "v=spf1 -all"',
    "SRV": "_sip._tcp IN SRV 10 5 5060 sip",
    "SSHFP": "sshfp IN SSHFP 1 1 123456789ABCDEF67890123456789ABCDEF67890",
    "TLSA": "_443._tcp IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
    "TXT": 'txt IN TXT "a b" "c"',
}


def _known(rtype):
    """Whether the installed dnspython parses ``rtype`` (KEY needs dnspython 2.8+, which
    needs Python 3.10+)."""
    cls = dns.rdata.get_rdata_class(dns.rdataclass.IN, dns.rdatatype.from_text(rtype))
    return cls is not dns.rdata.GenericRdata


KNOWN = {rtype: line for rtype, line in LINES.items() if _known(rtype)}
TEXT = "$TTL 600\n" + "\n".join(KNOWN.values()) + "\n"


def parse_one(rtype, text):
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), text)


def test_every_api_type_but_alias_is_supported():
    assert set(SUPPORTED_TYPES) == set(TYPE_NAMES) - {"ALIAS"} == set(LINES)


def test_parse_every_type_validates_and_round_trips():
    records = parse_zone_file(TEXT, "example.com")
    assert sorted({record.rtype for record in records}) == sorted(KNOWN)
    for record in records:
        rtype = RECORD_TYPES[record.rtype]
        if record.rtype != "SOA":  # SOA values are taken as they are (readonly fields)
            clean, _top = rtype.check_wire(record.rdata, record.top)
            assert set(clean) >= set(record.rdata)
        name, again = to_api(parse_one(record.rtype, to_text(record.rtype, record.rdata)))
        assert name == record.rtype
        assert again == record.rdata, record.rtype


def test_api_names_and_values():
    records = {record.rtype: record for record in parse_zone_file(TEXT, "example.com")}
    assert records["SOA"].fqdn == "example.com" and records["SOA"].ttl == 3600
    assert records["SOA"].rdata["rname"] == "host.master@example.com."
    assert records["MX"].rdata == {"exchange": "mail.example.com.", "preference": 10}
    assert records["NS"].top == {"service_class": ""}
    assert records["CSYNC"].rdata == {"soa_serial": 66, "flags": "immediate,soaminimum", "types": "A,NS,AAAA"}
    assert records["LOC"].rdata == {"latitude": "42 21 54.500 N", "longitude": "71 6 18.000 W", "altitude": -24,
                                    "size": 30, "horiz_pre": 10000, "vert_pre": 10}
    assert records["TXT"].rdata == {"txtdata": '"a b" "c"'}
    assert records["SPF"].rdata == {"txtdata": "v=spf1 -all"}
    assert records["CERT"].rdata == {"format": 1, "tag": 1, "algorithm": 5, "certificate": "MIIB"}
    assert records["SRV"].fqdn == "_sip._tcp.example.com"
    assert all(type(value) in (int, str, float) for record in records.values() for value in record.rdata.values())


def test_names_are_normalised_and_outside_names_skipped():
    text = "$TTL 60\nWWW.Example.COM. IN A 192.0.2.1\nwww.other.org. IN A 192.0.2.2\n"
    records = parse_zone_file(text, "example.com")
    assert [(record.fqdn, record.ttl) for record in records] == [("www.example.com", 60)]


def test_default_ttl_applies_without_a_ttl_directive():
    assert parse_zone_file("www IN A 192.0.2.1\n", "example.com", default_ttl=120)[0].ttl == 120
    assert parse_zone_file("$TTL 30\nwww IN A 192.0.2.1\n", "example.com", default_ttl=120)[0].ttl == 30
    with pytest.raises(ZoneFileError) as caught:
        parse_zone_file("www IN A 192.0.2.1\n", "example.com")
    assert "Missing default TTL value" in caught.value.problem


@pytest.mark.parametrize("text, problem", [
    (None, "Zone file text expected"),
    ("   ", "Zone file text expected"),
    ("x" * (MAX_FILE_BYTES + 1), "Zone file is larger than 1 MB"),
    ("$TTL 60\nx IN HINFO a b\n", "Unsupported record type HINFO"),
    ("$TTL 60\nx IN ALIAS www.\n", "Unsupported record type ALIAS"),
    ("$TTL 60\nx IN NOPE 1\n", "Unsupported record type NOPE"),
])
def test_errors(text, problem):
    with pytest.raises(ZoneFileError) as caught:
        parse_zone_file(text, "example.com")
    assert caught.value.problem == problem


def test_syntax_errors_name_the_line():
    with pytest.raises(ZoneFileError) as caught:
        parse_zone_file("$TTL 60\nok IN A 192.0.2.1\nbad IN A 1.2.3\n", "example.com")
    assert caught.value.problem.startswith("line ")


def test_rname_conversions():
    assert rname_to_email("hostmaster.example.com.") == "hostmaster@example.com."
    assert rname_to_email(r"john\.doe.example.com.") == "john.doe@example.com."
    assert rname_to_email("root.") == "root."
    assert email_to_rname("john.doe@example.com.") == r"john\.doe.example.com."
    assert email_to_rname("admin@example.com") == "admin.example.com."
    assert email_to_rname("admin.example.com") == "admin.example.com."


def test_to_text_forms():
    assert to_text("TXT", {"txtdata": "x" * 300}) == '"' + "x" * 255 + '" "' + "x" * 45 + '"'
    assert to_text("TXT", {"txtdata": 'say "hi"'}) == r'"say \"hi\""'
    assert to_text("LOC", {"latitude": -33.5, "longitude": 151.25, "altitude": 5}).startswith(
        "33 30 0.000 S 151 15 0.000 E 5m")
    assert to_text("MX", {"exchange": "mail.example.com", "preference": 5}) == "5 mail.example.com."
    with pytest.raises(ZoneFileError):
        to_text("ALIAS", {"alias": "x."})


def test_export_parses_back():
    records = parse_zone_file(TEXT, "example.com")
    text = export_zone_file("example.com", [(r.fqdn, r.rtype, r.ttl, r.rdata) for r in records]
                            + [("example.com", "ALIAS", 60, {"alias": "x."})])
    assert "; example.com. 60 IN ALIAS" in text
    again = parse_zone_file(text, "example.com")
    assert [(r.fqdn, r.rtype, r.rdata) for r in again] == [(r.fqdn, r.rtype, r.rdata) for r in records]


OCTET = st.integers(0, 255)
LABEL = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.one_of(
    st.tuples(st.just("A"), st.builds(lambda *parts: {"address": ".".join(map(str, parts))},
                                      OCTET, OCTET, OCTET, OCTET)),
    st.tuples(st.just("MX"), st.builds(lambda label, pref: {"exchange": f"{label}.example.net.", "preference": pref},
                                       LABEL, st.integers(0, 65535))),
    st.tuples(st.just("SRV"), st.builds(lambda label, a, b, c: {"port": a, "priority": b, "target": f"{label}.net.",
                                                                "weight": c},
                                        LABEL, st.integers(0, 65535), st.integers(0, 65535),
                                        st.integers(0, 65535))),
    st.tuples(st.just("TXT"), st.builds(lambda text: {"txtdata": text},
                                        st.text(st.characters(min_codepoint=32, max_codepoint=126),
                                                min_size=1, max_size=600)
                                        .filter(lambda text: not text.startswith('"')))),
))
def test_round_trip_property(item):
    rtype, rdata = item
    name, again = to_api(parse_one(rtype, to_text(rtype, rdata)))
    if rtype == "TXT" and len(rdata["txtdata"]) > 255:  # several strings come back quoted
        assert again["txtdata"].startswith('"')
        assert parse_one(rtype, again["txtdata"]).strings == parse_one(rtype, to_text(rtype, rdata)).strings
    else:
        assert (name, again) == (rtype, rdata)
    RECORD_TYPES[rtype].check_wire(again)

"""The declarative record table (dyn.tm.record_types): names, wrappers, classic argument
order and defaults (classic-core spec 10.3), and the checks shared by SDK and emulator."""
import pytest

from dyn.tm import record_types as rt
from dyn.tm.record_types import NO_DEFAULT, RECORD_TYPES, REST_NAMES, TYPE_NAMES, Problem, RField, record_type

N = NO_DEFAULT

#: type -> constructor arguments (after zone, fqdn; ttl=0 follows) with classic defaults.
CLASSIC_ARGUMENTS = {
    "A": [("address", N)],
    "AAAA": [("address", N)],
    "ALIAS": [("alias", N)],
    "CAA": [("flags", N), ("tag", N), ("value", N)],
    "CDNSKEY": [("protocol", N), ("public_key", N), ("algorithm", 5), ("flags", 256)],
    "CDS": [("digest", N), ("keytag", N), ("algorithm", 5), ("digtype", 1)],
    "CERT": [("format", N), ("tag", N), ("algorithm", N), ("certificate", N)],
    "CNAME": [("cname", N)],
    "CSYNC": [("soa_serial", N), ("flags", N), ("rectypes", N)],
    "DHCID": [("digest", N)],
    "DNAME": [("dname", N)],
    "DNSKEY": [("protocol", N), ("public_key", N), ("algorithm", 5), ("flags", 256)],
    "DS": [("digest", N), ("keytag", N), ("algorithm", 5), ("digtype", 1)],
    "KEY": [("algorithm", N), ("flags", N), ("protocol", N), ("public_key", N)],
    "KX": [("exchange", N), ("preference", N)],
    "LOC": [("altitude", N), ("latitude", N), ("longitude", N), ("horiz_pre", 10000), ("size", 1),
            ("vert_pre", 10)],
    "IPSECKEY": [("precedence", N), ("gatetype", N), ("algorithm", N), ("gateway", N), ("public_key", N)],
    "MX": [("exchange", N), ("preference", 10)],
    "NAPTR": [("order", N), ("preference", N), ("services", N), ("regexp", N), ("replacement", N),
              ("flags", "U")],
    "PTR": [("ptrdname", N)],
    "PX": [("preference", N), ("map822", N), ("mapx400", N)],
    "NSAP": [("nsap", N)],
    "RP": [("mbox", N), ("txtdname", N)],
    "NS": [("nsdname", N), ("service_class", "")],
    "SOA": [("rname", N), ("minimum", None), ("serial_style", None)],
    "SPF": [("txtdata", N)],
    "SRV": [("port", N), ("priority", N), ("target", N), ("weight", N)],
    "SSHFP": [("algorithm", N), ("fptype", N), ("fingerprint", N)],
    "TLSA": [("cert_usage", N), ("selector", N), ("match_type", N), ("certificate", N)],
    "TXT": [("txtdata", N)],
    "UNKNOWN": [],
}

#: the classic types that read a single positional argument as a record id
RECORD_ID_TYPES = {"CAA", "CDNSKEY", "CDS", "CERT", "DHCID", "DNSKEY", "DS", "KEY", "KX", "SSHFP", "TLSA"}

KEY = "AwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQg=="
SHA1 = "2BB183AF5F22588179A53B0A98631FAD1A292118"
SHA256 = "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE4A3F4E8B4C2A0A4D7F1F6E2B"
SHA384 = "AB" * 48
SHA512 = "CD" * 64


def checked(name, **values):
    return RECORD_TYPES[name].check_args(values)


def problem_of(name, values, partial=False, wire=False, top=None):
    spec = RECORD_TYPES[name]
    with pytest.raises(Problem) as info:
        if wire:
            spec.check_wire(values, top, partial=partial)
        else:
            spec.check_args(values, partial=partial)
    return info.value


# -- names, wrappers, flags -----------------------------------------------------------------

def test_the_table_has_30_rest_types_plus_unknown():
    assert len(RECORD_TYPES) == 31
    assert set(RECORD_TYPES) == set(CLASSIC_ARGUMENTS)
    assert len(TYPE_NAMES) == 30 and "UNKNOWN" not in TYPE_NAMES
    assert [t.name for t in RECORD_TYPES.values()][:-1] == list(TYPE_NAMES)


@pytest.mark.parametrize("name", sorted(CLASSIC_ARGUMENTS))
def test_rest_name_rec_name_and_wrapper(name):
    spec = RECORD_TYPES[name]
    assert spec.name == name
    assert spec.rest == name + "Record"
    assert spec.rec_name == name.lower()
    expected_wrapper = {"PX": "pxr_rdata", "UNKNOWN": ""}.get(name, name.lower() + "_rdata")
    assert spec.wrapper == expected_wrapper
    if name != "UNKNOWN":
        assert REST_NAMES[name.lower() + "record"] is spec


def test_rest_names_cover_exactly_the_30_resources():
    assert sorted(REST_NAMES) == sorted(n.lower() + "record" for n in TYPE_NAMES)


@pytest.mark.parametrize("name", sorted(CLASSIC_ARGUMENTS))
def test_classic_argument_order_and_defaults(name):
    spec = RECORD_TYPES[name]
    assert [(f.attr, f.default) for f in spec.arguments] == CLASSIC_ARGUMENTS[name]
    assert [f.attr for f in spec.required] == [a for a, d in CLASSIC_ARGUMENTS[name] if d is N]


def test_only_soa_and_unknown_cannot_be_created():
    assert {n for n, t in RECORD_TYPES.items() if not t.creatable} == {"SOA", "UNKNOWN"}


def test_single_argument_record_id_types_are_the_classic_ones():
    assert {n for n, t in RECORD_TYPES.items() if t.single_arg_is_id} == RECORD_ID_TYPES


def test_rest_keys_and_top_level_fields():
    keys = {(n, f.attr): f.key for n, t in RECORD_TYPES.items() for f in t.fields if f.key != f.attr}
    assert keys == {("CSYNC", "rectypes"): "types"}
    top = {(n, f.attr) for n, t in RECORD_TYPES.items() for f in t.fields if f.top_level}
    assert top == {("NS", "service_class"), ("SOA", "serial_style")}
    fixed = {(n, f.attr, f.fixed) for n, t in RECORD_TYPES.items() for f in t.fields if f.fixed is not N}
    assert fixed == {("LOC", "version", 0)}
    readonly = {f.attr for f in RECORD_TYPES["SOA"].fields if f.readonly}
    assert readonly == {"mname", "serial", "refresh", "retry", "expire"}
    assert not any(f.readonly for n, t in RECORD_TYPES.items() if n != "SOA" for f in t.fields)


def test_display_templates_follow_the_classic_str():
    displays = {n: t.display for n, t in RECORD_TYPES.items()}
    assert displays["A"] == "{address}" and displays["PX"] == "{map822} {mapx400}"
    assert displays["LOC"] == "{latitude} {longitude}" and displays["RP"] == "{txtdname}"
    assert displays["NAPTR"] == "{replacement}" and displays["SSHFP"] == "{fingerprint}"
    assert {n for n, d in displays.items() if d is None} == {"CAA", "CSYNC", "SOA", "UNKNOWN"}


@pytest.mark.parametrize("given, expected", [("A", "A"), ("a", "A"), ("ARecord", "A"), ("a_records", "A"),
                                             ("aaaa_rdata", "AAAA"), ("NSAPRecord", "NSAP"), ("soa", "SOA"),
                                             ("HINFO", "UNKNOWN"), ("Record", "UNKNOWN"), ("", "UNKNOWN"),
                                             ("pxrecord", "PX")])
def test_record_type_lookup(given, expected):
    assert record_type(given) is RECORD_TYPES[expected]


def test_field_properties_and_repr():
    mx = RECORD_TYPES["MX"]
    assert repr(mx) == "<RecordType MX>"
    assert repr(mx.by_attr["exchange"]) == "<RField exchange>"
    assert mx.by_attr["exchange"].required and not mx.by_attr["preference"].required
    version = RECORD_TYPES["LOC"].by_attr["version"]
    assert not version.required and not version.is_argument
    assert RECORD_TYPES["CSYNC"].by_key["types"] is RECORD_TYPES["CSYNC"].by_attr["rectypes"]


def test_field_clean_names_the_field_and_what_is_valid():
    field = RField("port", rt.U16)
    assert field.clean("80") == 80
    with pytest.raises(Problem) as info:
        field.clean(70000)
    assert (info.value.field, info.value.value, info.value.problem, info.value.valid) == (
        "port", 70000, "Must be between 0 and 65535", "0..65535")
    assert str(info.value) == "port: Must be between 0 and 65535"


# -- check_args -------------------------------------------------------------------------------

def test_check_args_returns_clean_values():
    assert checked("MX", exchange="mail.example.com.", preference="20", ttl="300") == {
        "exchange": "mail.example.com.", "preference": 20, "ttl": 300}
    assert checked("CSYNC", soa_serial="7", flags="immediate", rectypes=["a", "aaaa"]) == {
        "soa_serial": 7, "flags": ["immediate"], "rectypes": ["A", "AAAA"]}


def test_check_args_required_unknown_readonly_and_ttl():
    missing = problem_of("MX", {"preference": 10})
    assert (missing.field, missing.value, missing.problem) == ("exchange", None, "This field is required")
    assert problem_of("A", {"address": None}).problem == "IP address expected"
    assert problem_of("A", {}).problem == "This field is required"
    unknown = problem_of("A", {"address": "192.0.2.1", "adress": "x"})
    assert (unknown.field, unknown.problem, unknown.valid) == ("adress", "Unknown field", ["address"])
    assert problem_of("SOA", {"rname": "a@b.com", "serial": 5}).problem == "This field can not be changed"
    assert problem_of("LOC", {"version": 1}, partial=True).problem == "This field can not be changed"
    ttl = problem_of("A", {"address": "192.0.2.1", "ttl": -1})
    assert (ttl.field, ttl.value, ttl.valid) == ("ttl", -1, "0..2147483647")


def test_check_args_partial_checks_only_what_is_given():
    assert RECORD_TYPES["MX"].check_args({"preference": "5"}, partial=True) == {"preference": 5}
    assert RECORD_TYPES["SRV"].check_args({}, partial=True) == {}
    assert problem_of("MX", {"preference": -5}, partial=True).field == "preference"


def test_soa_needs_only_rname():
    assert checked("SOA", rname="admin@example.com") == {"rname": "admin@example.com"}
    assert checked("SOA", rname="admin.example.com.", minimum="60", serial_style="EPOCH") == {
        "rname": "admin.example.com.", "minimum": 60, "serial_style": "epoch"}
    assert problem_of("SOA", {"rname": "x", "serial_style": "weekly"}).field == "serial_style"


# -- check_wire ---------------------------------------------------------------------------------

def test_check_wire_fills_defaults_and_fixed_values_in_wire_form():
    assert RECORD_TYPES["MX"].check_wire({"exchange": "mx.example.com."}) == (
        {"exchange": "mx.example.com.", "preference": 10}, {})
    rdata, top = RECORD_TYPES["NS"].check_wire({"nsdname": "ns1.example.net."})
    assert rdata == {"nsdname": "ns1.example.net."} and top == {"service_class": ""}
    rdata, _ = RECORD_TYPES["LOC"].check_wire({"altitude": "12", "latitude": "1 N", "longitude": "2 E",
                                               "version": 9})
    assert rdata == {"altitude": 12, "latitude": "1 N", "longitude": "2 E", "horiz_pre": 10000, "size": 1,
                     "vert_pre": 10, "version": 0}
    rdata, _ = RECORD_TYPES["NAPTR"].check_wire({"order": "1", "preference": "2", "services": "E2U+sip",
                                                 "regexp": "!^.*$!sip:info@example.com!", "replacement": "."})
    assert rdata["flags"] == "U" and rdata["order"] == 1


def test_check_wire_partial_adds_no_defaults_and_ignores_unknown_and_null_keys():
    assert RECORD_TYPES["MX"].check_wire({"exchange": "mx.example.com.", "bogus": 1}, partial=True) == (
        {"exchange": "mx.example.com."}, {})
    assert RECORD_TYPES["LOC"].check_wire({"size": 3}, partial=True) == ({"size": 3, "version": 0}, {})
    assert RECORD_TYPES["MX"].check_wire({"exchange": "mx.example.com.", "preference": None}) == (
        {"exchange": "mx.example.com.", "preference": 10}, {})


def test_check_wire_top_level_fields_come_from_top():
    rdata, top = RECORD_TYPES["NS"].check_wire({"nsdname": "ns1.example.net.", "service_class": "ignored"},
                                               {"service_class": "dyn"})
    assert rdata == {"nsdname": "ns1.example.net."} and top == {"service_class": "dyn"}
    rdata, top = RECORD_TYPES["SOA"].check_wire({"rname": "admin@example.com", "serial": 99, "mname": "x."},
                                                {"serial_style": "day"}, partial=True)
    assert rdata == {"rname": "admin@example.com"} and top == {"serial_style": "day"}


def test_check_wire_csync_uses_the_types_key_and_comma_strings():
    rdata, _ = RECORD_TYPES["CSYNC"].check_wire({"soa_serial": "1", "flags": "soaminimum, immediate",
                                                 "types": ["a", "NS"]})
    assert rdata == {"soa_serial": 1, "flags": "soaminimum,immediate", "types": "A,NS"}
    problem = problem_of("CSYNC", {"soa_serial": 1, "flags": "immediate", "types": "A,BOGUS"}, wire=True)
    assert problem.field == "types"
    assert str(problem).startswith("types: 'BOGUS' is not one of")
    assert problem_of("CSYNC", {"soa_serial": 1, "flags": "immediate"}, wire=True).field == "types"
    assert problem_of("CSYNC", {"soa_serial": 1, "types": "A"}, wire=True).field == "flags"
    assert problem_of("CSYNC", {"soa_serial": 1, "flags": "later", "types": "A"}, wire=True).field == "flags"
    # the Python side names the argument
    assert problem_of("CSYNC", {"soa_serial": 1, "flags": ["immediate"], "rectypes": ["X"]}).field == "rectypes"


def test_check_wire_problem_message_names_the_rest_key():
    problem = problem_of("A", {"address": "1.2.3"}, wire=True)
    assert (problem.field, problem.value, str(problem)) == ("address", "1.2.3", "address: IP address expected")
    problem = problem_of("MX", {"exchange": "mx..example."}, wire=True)
    assert str(problem) == "exchange: Host name expected"


# -- value rules per type ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["DNSKEY", "CDNSKEY"])
@pytest.mark.parametrize("algorithm", [8, 13, 15, "13", 16, 5])
def test_dnskey_accepts_modern_algorithms(name, algorithm):
    clean = checked(name, protocol=3, public_key=KEY, algorithm=algorithm, flags=257)
    assert clean["algorithm"] == int(algorithm)


@pytest.mark.parametrize("name", ["DS", "CDS"])
@pytest.mark.parametrize("algorithm", [8, 13, 15])
def test_ds_accepts_modern_algorithms(name, algorithm):
    assert checked(name, digest=SHA256, keytag=1, algorithm=algorithm, digtype=2)["algorithm"] == algorithm


def test_key_accepts_modern_algorithms():
    assert checked("KEY", algorithm=13, flags=256, protocol=3, public_key=KEY)["algorithm"] == 13


@pytest.mark.parametrize("name, values", [
    ("DNSKEY", dict(protocol=3, public_key=KEY, flags=256)),
    ("DS", dict(digest=SHA1, keytag=1, digtype=1)),
    ("KEY", dict(flags=256, protocol=3, public_key=KEY)),
])
@pytest.mark.parametrize("algorithm", [0, 4, 9, 11, 17, 255, "RSASHA1"])
def test_unassigned_or_reserved_algorithms_are_rejected(name, values, algorithm):
    problem = problem_of(name, dict(values, algorithm=algorithm))
    assert problem.field == "algorithm" and problem.value == algorithm


def test_child_records_accept_the_delete_algorithm_zero():
    assert checked("CDS", digest="00", keytag=0, algorithm=0, digtype=0) == {
        "digest": "00", "keytag": 0, "algorithm": 0, "digtype": 0}
    assert checked("CDNSKEY", protocol=3, public_key="AA==", algorithm=0, flags=0)["algorithm"] == 0


def test_dnskey_protocol_must_be_3_and_flags_16_bits():
    assert problem_of("DNSKEY", dict(protocol=4, public_key=KEY)).field == "protocol"
    assert problem_of("DNSKEY", dict(protocol=3, public_key=KEY, flags=65536)).field == "flags"
    assert problem_of("DNSKEY", dict(protocol=3, public_key="not base64!")).field == "public_key"
    assert checked("KEY", algorithm=8, flags=0, protocol=255, public_key=KEY)["protocol"] == 255


@pytest.mark.parametrize("digtype, digest", [(1, SHA1), (2, SHA256), (3, SHA256), (4, SHA384), ("2", SHA256.lower()),
                                             (1, " ".join([SHA1[:20], SHA1[20:]]))])
def test_ds_digest_length_matches_the_digest_type(digtype, digest):
    assert checked("DS", digest=digest, keytag=60485, digtype=digtype)["digtype"] == int(digtype)


@pytest.mark.parametrize("name", ["DS", "CDS"])
@pytest.mark.parametrize("digtype, digest, expected", [(1, SHA256, "40"), (2, SHA1, "64"), (4, SHA256, "96"),
                                                       (2, SHA384, "64")])
def test_ds_digest_of_the_wrong_length_is_rejected(name, digtype, digest, expected):
    problem = problem_of(name, dict(digest=digest, keytag=1, digtype=digtype))
    assert problem.field == "digest" and problem.value == digest
    assert problem.problem == "Wrong length: expected %s hex digits" % expected


def test_ds_other_rules():
    assert problem_of("DS", dict(digest=SHA1, keytag=65536)).field == "keytag"
    assert problem_of("DS", dict(digest="XYZ", keytag=1)).problem == "Hexadecimal string expected"
    assert problem_of("DS", dict(digest=SHA1, keytag=1, digtype=5)).field == "digtype"
    assert problem_of("DS", dict(digest="00", keytag=1, digtype=0)).field == "digtype"
    # the default digest type (1, SHA-1) applies in check_wire too
    assert problem_of("DS", {"digest": SHA256, "keytag": 1}, wire=True).problem.endswith("40 hex digits")


@pytest.mark.parametrize("algorithm", [1, 2, 3, 4, 6, "4"])
def test_sshfp_accepts_algorithms_1_to_4_and_6(algorithm):
    assert checked("SSHFP", algorithm=algorithm, fptype=2, fingerprint=SHA256)["algorithm"] == int(algorithm)


@pytest.mark.parametrize("algorithm", [0, 5, 7])
def test_sshfp_rejects_other_algorithms(algorithm):
    assert problem_of("SSHFP", dict(algorithm=algorithm, fptype=1, fingerprint=SHA1)).field == "algorithm"


def test_sshfp_fingerprint_length_per_type():
    assert checked("SSHFP", algorithm=1, fptype=1, fingerprint=SHA1)["fptype"] == 1
    problem = problem_of("SSHFP", dict(algorithm=1, fptype=1, fingerprint=SHA256))
    assert (problem.field, problem.problem) == ("fingerprint", "Wrong length: expected 40 hex digits")
    assert problem_of("SSHFP", dict(algorithm=1, fptype=2, fingerprint=SHA1)).problem.endswith("64 hex digits")
    assert problem_of("SSHFP", dict(algorithm=1, fptype=3, fingerprint=SHA1)).field == "fptype"


def test_tlsa_fields_and_data_length_per_matching_type():
    assert checked("TLSA", cert_usage=3, selector=1, match_type=1, certificate=SHA256)["match_type"] == 1
    assert checked("TLSA", cert_usage=0, selector=0, match_type=2, certificate=SHA512)["cert_usage"] == 0
    assert checked("TLSA", cert_usage=2, selector=0, match_type=0, certificate="3082" * 7)["certificate"]
    assert problem_of("TLSA", dict(cert_usage=3, selector=1, match_type=1, certificate=SHA512)).problem == \
        "Wrong length: expected 64 hex digits"
    assert problem_of("TLSA", dict(cert_usage=3, selector=1, match_type=2, certificate=SHA256)).field == "certificate"
    assert problem_of("TLSA", dict(cert_usage=4, selector=1, match_type=1, certificate=SHA256)).field == "cert_usage"
    assert problem_of("TLSA", dict(cert_usage=3, selector=2, match_type=1, certificate=SHA256)).field == "selector"
    assert problem_of("TLSA", dict(cert_usage=3, selector=1, match_type=3, certificate=SHA256)).field == "match_type"


@pytest.mark.parametrize("gatetype, gateway", [(0, "."), (1, "192.0.2.38"), (2, "2001:db8::38"),
                                               (3, "gw.example.com.")])
def test_ipseckey_gateway_matches_the_gateway_type(gatetype, gateway):
    clean = checked("IPSECKEY", precedence=10, gatetype=gatetype, algorithm=2, gateway=gateway, public_key=KEY)
    assert clean["gateway"] == gateway


@pytest.mark.parametrize("gatetype, gateway, problem", [
    (0, "192.0.2.38", "Must be '.' when gatetype is 0"), (1, "2001:db8::38", "IP address expected"),
    (1, "gw.example.com.", "IP address expected"), (2, "192.0.2.38", "IPv6 address expected"),
    (3, "192.0.2.38/24", "Host name expected")])
def test_ipseckey_wrong_gateway_for_the_type(gatetype, gateway, problem):
    error = problem_of("IPSECKEY", dict(precedence=10, gatetype=gatetype, algorithm=2, gateway=gateway,
                                        public_key=KEY))
    assert (error.field, error.value, error.problem) == ("gateway", gateway, problem)


def test_ipseckey_ranges():
    base = dict(precedence=10, gatetype=1, algorithm=2, gateway="192.0.2.1", public_key=KEY)
    assert problem_of("IPSECKEY", dict(base, gatetype=4)).field == "gatetype"
    assert problem_of("IPSECKEY", dict(base, precedence=256)).field == "precedence"
    assert problem_of("IPSECKEY", dict(base, algorithm=-1)).field == "algorithm"
    assert problem_of("IPSECKEY", dict(base, algorithm=5)).field == "algorithm"
    assert [checked("IPSECKEY", **dict(base, algorithm=n))["algorithm"] for n in range(5)] == [0, 1, 2, 3, 4]


def test_caa_rules():
    assert checked("CAA", flags=128, tag="issuewild", value=";") == {"flags": 128, "tag": "issuewild", "value": ";"}
    assert checked("CAA", flags="0", tag="iodef", value="")["value"] == ""
    assert problem_of("CAA", dict(flags=256, tag="issue", value="ca.example.")).field == "flags"
    assert problem_of("CAA", dict(flags=0, tag="is sue", value="x")).problem == "Letters and digits only"
    assert problem_of("CAA", dict(flags=0, tag="a" * 16, value="x")).problem == "At most 15 characters"
    assert problem_of("CAA", dict(flags=0, tag="", value="x")).field == "tag"


@pytest.mark.parametrize("latitude, longitude", [
    ("42 21 54.000 N", "71 06 18.000 W"), ("90 S", "180 E"), ("0 0 0 N", "0 0 0 E"), ("42.5 N", "7.25 W"),
    (42.358, -71.105), ("-45", "120.5"), (0, 0), ("12 30 N", "1 2 3.5 w")])
def test_loc_coordinates_accepted(latitude, longitude):
    clean = checked("LOC", altitude=0, latitude=latitude, longitude=longitude)
    assert (clean["latitude"], clean["longitude"]) == (latitude, longitude)


@pytest.mark.parametrize("field, value", [
    ("latitude", "91 N"), ("latitude", "90 30 N"), ("latitude", "42 E"), ("latitude", "42 NS"),
    ("latitude", "42 60 N"), ("latitude", "42 21 60 N"), ("latitude", "N"), ("latitude", "42 1 2 3 N"),
    ("latitude", 90.5), ("latitude", "-91"), ("latitude", True), ("latitude", "forty N"),
    ("latitude", "42.5 30 N"), ("longitude", "181 W"), ("longitude", "10 N"), ("longitude", -180.01),
    ("longitude", "nan"), ("latitude", None)])
def test_loc_coordinates_rejected(field, value):
    values = dict(altitude=0, latitude="1 N", longitude="1 E")
    values[field] = value
    problem = problem_of("LOC", values)
    assert problem.field == field


def test_loc_ranges():
    base = dict(altitude=0, latitude="1 N", longitude="1 E")
    assert checked("LOC", **dict(base, altitude="-100000"))["altitude"] == -100000
    assert checked("LOC", **dict(base, altitude=42849672.95))["altitude"] == 42849672.95
    assert problem_of("LOC", dict(base, altitude=-100000.01)).field == "altitude"
    assert problem_of("LOC", dict(base, horiz_pre=-1)).field == "horiz_pre"
    assert problem_of("LOC", dict(base, size=90_000_001)).field == "size"
    assert problem_of("LOC", dict(base, vert_pre="high")).problem == "Number expected"


def test_nsap():
    assert checked("NSAP", nsap="0x47.0005.80.005a00")["nsap"] == "0x47.0005.80.005a00"
    for bad in ("47000580", "0x", "0xZZ", "0x123", 47):
        assert problem_of("NSAP", {"nsap": bad}).field == "nsap"


def test_names_inside_rdata():
    assert checked("MX", exchange=".")["exchange"] == "."
    assert checked("SRV", port=0, priority=0, weight=0, target=".")["target"] == "."
    assert problem_of("CNAME", {"cname": "."}).problem == "Host name expected"
    assert problem_of("PTR", {"ptrdname": "a b"}).field == "ptrdname"
    assert problem_of("RP", {"mbox": "no body", "txtdname": "t.example."}).field == "mbox"
    assert checked("RP", mbox="nobody.example.com.", txtdname=".".join(["t"] * 3))["mbox"]


def test_mx_srv_naptr_px_kx_numbers():
    assert problem_of("MX", {"exchange": "mx.example.", "preference": 65536}).field == "preference"
    assert problem_of("KX", {"exchange": "kx.example.", "preference": -1}).field == "preference"
    srv = dict(port=5060, priority=1, target="sip.example.", weight=1)
    for field in ("port", "priority", "weight"):
        assert problem_of("SRV", dict(srv, **{field: 65536})).field == field
    naptr = dict(order=1, preference=1, services="SIP+D2U", regexp="", replacement=".")
    assert checked("NAPTR", **naptr)["regexp"] == ""
    assert problem_of("NAPTR", dict(naptr, flags="S-U")).field == "flags"
    assert problem_of("NAPTR", dict(naptr, order=70000)).field == "order"
    assert problem_of("PX", dict(preference=1, map822="a.", mapx400="not valid")).field == "mapx400"


def test_txt_and_spf_rules():
    for name in ("TXT", "SPF"):
        assert checked(name, txtdata="v=spf1 -all") == {"txtdata": "v=spf1 -all"}
        assert problem_of(name, {"txtdata": ""}).problem == "This field can not be blank"
        assert problem_of(name, {"txtdata": "x" * 4001}).problem == "At most 4000 characters"
        assert problem_of(name, {"txtdata": '"' + "x" * 256 + '"'}).field == "txtdata"


def test_cert_dhcid_alias_dname_ns():
    assert checked("CERT", format=1, tag=0, algorithm=8, certificate=KEY)["format"] == 1
    assert problem_of("CERT", dict(format=65536, tag=0, algorithm=8, certificate=KEY)).field == "format"
    assert problem_of("CERT", dict(format=1, tag=0, algorithm=256, certificate=KEY)).field == "algorithm"
    assert problem_of("DHCID", {"digest": "??"}).problem == "Base64 data expected"
    assert problem_of("ALIAS", {"alias": "-bad.example."}).field == "alias"
    assert problem_of("DNAME", {"dname": ""}).field == "dname"
    assert problem_of("NS", {"nsdname": "ns1.example.", "service_class": "x" * 65}).field == "service_class"


def test_csync_serial_is_32_bits():
    assert checked("CSYNC", soa_serial=4294967295, flags=["immediate"], rectypes=["A"])["soa_serial"] == 4294967295
    assert problem_of("CSYNC", dict(soa_serial=4294967296, flags=["immediate"], rectypes=["A"])).field == \
        "soa_serial"
    # every classic CSYNC type is accepted
    assert checked("CSYNC", soa_serial=1, flags=["soaminimum"], rectypes=list(rt.CSYNC_TYPES))["rectypes"] == \
        list(rt.CSYNC_TYPES)
    assert len(rt.CSYNC_TYPES) == 27

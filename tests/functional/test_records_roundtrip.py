"""Property tests: any valid rdata survives a create/read round trip through the SDK and
the emulator unchanged (compared in normal form: integers as ints, whatever the caller
passed, e.g. ``"10"``)."""
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyn.core import RetryPolicy
from dyn.tm.record_types import DIGEST_HEX, RECORD_TYPES, SSHFP_HEX, TLSA_HEX
from dyn.tm.records import RECS
from dyn.tm.session import DynectSession

ZONE = "example.com"
FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02, job_first_poll=0.02)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

label = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,12}[A-Za-z0-9])?", fullmatch=True)
hostname = st.lists(label, min_size=1, max_size=3).map(lambda labels: ".".join(labels) + ".example.net.")
u8 = st.integers(0, 255)
u16 = st.integers(0, 65535)


def as_given(number):
    """An int, sometimes written as a string (the classic SDK sent whatever it was given)."""
    return st.sampled_from([number, str(number)])


def maybe_str(strategy):
    return strategy.flatmap(as_given)


def hex_digits(count):
    return st.text("0123456789abcdefABCDEF", min_size=count, max_size=count)


printable = st.characters(min_codepoint=32, max_codepoint=0x24FF, blacklist_categories=("Cs", "Cc"))

STRATEGIES = {
    "A": st.fixed_dictionaries({"address": st.ip_addresses(v=4).map(str)}),
    "AAAA": st.fixed_dictionaries({"address": st.ip_addresses(v=6).map(str)}),
    "MX": st.fixed_dictionaries({"exchange": hostname, "preference": maybe_str(u16)}),
    "TXT": st.fixed_dictionaries({"txtdata": st.text(printable, min_size=1, max_size=255)}),
    "SPF": st.fixed_dictionaries({"txtdata": st.text(printable, min_size=1, max_size=300)}),
    "SRV": st.fixed_dictionaries({"port": maybe_str(u16), "priority": u16, "target": hostname | st.just("."),
                                  "weight": u16}),
    "CAA": st.fixed_dictionaries({"flags": st.sampled_from([0, 128]) | u8,
                                  "tag": st.sampled_from(["issue", "issuewild", "iodef"])
                                  | st.from_regex(r"[a-z0-9]{1,15}", fullmatch=True),
                                  "value": st.text(printable, max_size=80)}),
    "SSHFP": st.tuples(st.sampled_from([1, 2, 3, 4, 6]), st.sampled_from(sorted(SSHFP_HEX))).flatmap(
        lambda pair: st.fixed_dictionaries({"algorithm": st.just(pair[0]), "fptype": as_given(pair[1]),
                                            "fingerprint": hex_digits(SSHFP_HEX[pair[1]][0])})),
    "TLSA": st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(0, 2)).flatmap(
        lambda t: st.fixed_dictionaries({
            "cert_usage": st.just(t[0]), "selector": as_given(t[1]), "match_type": st.just(t[2]),
            "certificate": hex_digits(TLSA_HEX[t[2]][0]) if t[2] in TLSA_HEX
            else st.integers(1, 60).flatmap(lambda n: hex_digits(2 * n))})),
    "DS": st.sampled_from(sorted(DIGEST_HEX)).flatmap(
        lambda digtype: st.fixed_dictionaries({
            "digest": hex_digits(DIGEST_HEX[digtype][0]), "keytag": maybe_str(u16),
            "algorithm": st.sampled_from([5, 7, 8, 10, 13, 14, 15, 16]), "digtype": st.just(digtype)})),
    "NAPTR": st.fixed_dictionaries({
        "order": u16, "preference": maybe_str(u16),
        "services": st.sampled_from(["", "SIP+D2U", "E2U+sip", "http+I2R"]),
        "regexp": st.sampled_from(["", "!^.*$!sip:info@example.com!", "!^\\+1(.*)$!tel:\\1!"]),
        "replacement": hostname | st.just("."), "flags": st.sampled_from(["", "S", "A", "U", "P"])}),
    "CSYNC": st.fixed_dictionaries({
        "soa_serial": st.integers(0, 2 ** 32 - 1),
        "flags": st.lists(st.sampled_from(["soaminimum", "immediate"]), min_size=1, max_size=2, unique=True),
        "rectypes": st.lists(st.sampled_from(["A", "AAAA", "NS", "MX", "TXT", "SRV"]), min_size=1, unique=True)}),
    "LOC": st.fixed_dictionaries({
        "altitude": st.integers(-100000, 100000),
        "latitude": st.tuples(st.integers(0, 89), st.integers(0, 59), st.integers(0, 59), st.sampled_from("NS")).map(
            lambda t: "%d %d %d %s" % t),
        "longitude": st.tuples(st.integers(0, 179), st.integers(0, 59), st.sampled_from("EW")).map(
            lambda t: "%d %d %s" % t),
        "size": st.integers(0, 1000)}),
}


@pytest.fixture
def zone(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, policy=FAST, **dyn_emulator.session_kwargs)
    session.execute("/Zone/%s/" % ZONE, "POST", {"rname": "admin@example.com", "ttl": 3600})
    return itertools.count(1)


def normal(name, values):
    """The clean values of every argument, defaults included."""
    spec = RECORD_TYPES[name]
    full = {f.attr: f.default for f in spec.arguments if f.default is not None and f.attr not in values}
    full.update(values)
    return spec.check_args(full)


def roundtrip(name, values, node):
    cls = RECS[name]
    created = cls(ZONE, node, ttl=120, **values)
    fetched = cls.get(ZONE, node, 0)  # id 0: the only record of that type at the node
    fields = [f.attr for f in RECORD_TYPES[name].arguments]
    expected = normal(name, values)
    assert {f: getattr(fetched, f) for f in fields} == expected
    assert fetched.ttl == 120
    created.create = False  # the POST answer, as cached
    assert {f: getattr(created, f) for f in fields} == expected


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_every_strategy_draws_valid_rdata(name):
    @settings(max_examples=50, deadline=None)
    @given(values=STRATEGIES[name])
    def check(values):
        clean = normal(name, values)
        assert set(clean) == {f.attr for f in RECORD_TYPES[name].arguments}

    check()


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_valid_rdata_survives_a_round_trip(zone, name):
    @SETTINGS
    @given(values=STRATEGIES[name])
    def check(values):
        roundtrip(name, values, "n%d.example.com" % next(zone))

    check()

"""dyn.schema: one description checks SDK values and REST bodies alike."""
import pytest

from dyn import validation as v
from dyn.schema import Field, Resource, argument_error, field_property
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.validation import Problem

MONITOR = Resource("Monitor", [
    Field("protocol", v.one_of(["HTTP", "HTTPS", "PING"]), required=True),
    Field("interval", v.integer, default=1),
    Field("expected", rest="expect"),
    Field("status", readonly=True),
])
SERVICE = Resource("Svc", [
    Field("address", v.ip, required=True),
    Field("monitor", child=MONITOR),
    Field("contacts", v.email, many=True),
], ids=("zone", "fqdn"), uris={"item": "/Svc/{zone}/{fqdn}/"}, publishes=True)


def test_create_applies_defaults_and_requires():
    assert MONITOR.check({"protocol": "PING"}, create=True) == {"protocol": "PING", "interval": 1}
    with pytest.raises(Problem) as info:
        MONITOR.check({"interval": 2}, create=True)
    assert info.value.field == "protocol" and info.value.problem == "This field is required"


def test_update_checks_only_what_is_given_and_names_nested_fields():
    assert MONITOR.check({"interval": "5"}) == {"interval": 5}
    with pytest.raises(Problem) as info:
        SERVICE.check({"address": "1.2.3.4", "monitor": {"protocol": "FTP"}})
    assert info.value.field == "monitor.protocol"
    with pytest.raises(Problem) as info:
        SERVICE.check({"contacts": ["a@b.com", "nope"]})
    assert info.value.field == "contacts"
    with pytest.raises(Problem, match="Unknown field"):
        MONITOR.check({"bogus": 1})


def test_rest_side_names_rest_keys_and_ignores_readonly_and_unknown():
    body = {"address": "10.0.0.1", "monitor": {"protocol": "HTTP", "expect": "ok", "status": "x"}, "extra": 1}
    assert SERVICE.check_rest(body, create=True) == {
        "address": "10.0.0.1", "monitor": {"protocol": "HTTP", "expect": "ok", "interval": 1}}
    with pytest.raises(Problem) as info:
        SERVICE.check_rest({"address": "10.0.0.1", "monitor": {"protocol": "HTTP", "interval": "\u0663"}})
    assert info.value.field == "monitor.interval"


def test_wire_forms_and_uri():
    assert MONITOR.to_rest({"protocol": "HTTP", "expected": "ok", "status": "up", "interval": None}) == {
        "protocol": "HTTP", "expect": "ok"}
    assert MONITOR.from_rest({"expect": "ok", "unknown": 3}) == {"expected": "ok", "unknown": 3}
    assert SERVICE.uri(zone="a.com", fqdn="w/x.a.com") == "/Svc/a.com/w%2Fx.a.com/"


def test_field_property_checks_then_updates():
    sent = []

    class Thing:
        interval = field_property(MONITOR["interval"], update=lambda self, body: sent.append(body))
        status = field_property(MONITOR["status"])

    t = Thing()
    t.interval = "7"
    assert sent == [{"interval": 7}]
    with pytest.raises(DynectInvalidArgumentError) as info:
        t.interval = "x"
    assert info.value.arg == "interval" and sent == [{"interval": 7}]
    with pytest.raises(AttributeError):
        t.status = "up"


def test_argument_error_carries_the_problem():
    err = argument_error(Problem("ttl", "x", "Integer expected"))
    assert isinstance(err, DynectInvalidArgumentError) and err.arg == "ttl" and err.problem == "Integer expected"


def test_readonly_by_python_name_is_refused_and_nested_lists_checked_on_the_rest_side():
    with pytest.raises(Problem, match="can not be changed") as info:
        MONITOR.check({"status": "up"})
    assert info.value.field == "status"
    listed = Resource("L", [Field("monitors", child=MONITOR, many=True)])
    assert listed.check_rest({"monitors": [{"protocol": "PING"}]}) == {
        "monitors": [{"protocol": "PING", "interval": 1}]}
    with pytest.raises(Problem) as info:
        listed.check_rest({"monitors": {"protocol": "PING"}})
    assert info.value.field == "monitors" and info.value.problem == "List expected"
    with pytest.raises(Problem, match="Object expected"):
        listed.check({"monitors": ["PING"]})

"""Pure logic of dyn.tm.zones: name building, type lookup, polling bounds, service table."""
import sys
import types
from unittest import mock

import pytest

from dyn.tm import zones
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.record_types import TYPE_NAMES


@pytest.mark.parametrize("zone, name, expected", [
    ("example.com", None, "example.com."),
    ("example.com.", None, "example.com."),
    ("example.com", "www", "www.example.com."),
    ("example.com", "*.dev", "*.dev.example.com."),
    ("example.com", "_sip._tcp", "_sip._tcp.example.com."),
])
def test_node_fqdn(zone, name, expected):
    assert zones._node_fqdn(zone, name) == expected


def test_node_fqdn_refuses_names_that_make_too_long_a_host_name():
    with pytest.raises(DynectInvalidArgumentError) as err:
        zones._node_fqdn("example.com", ".".join(["a" * 60] * 4))
    assert err.value.arg == "name"


@pytest.mark.parametrize("given", ["A", "a", "ARecord", "cdnskey", "CSYNC"])
def test_type_names_cover_all_forms(given):
    assert zones._type_name(given) in TYPE_NAMES


def test_every_record_type_is_known_including_the_classic_node_gaps():
    assert {zones._type_name(name) for name in TYPE_NAMES} == set(TYPE_NAMES)
    assert {"CDS", "CDNSKEY", "CSYNC"} <= set(TYPE_NAMES)


@pytest.mark.parametrize("bad", ["BOGUS", "", None, 5])
def test_unknown_types_raise_an_error_that_is_also_a_key_error(bad):
    with pytest.raises(KeyError) as err:
        zones._type_name(bad)
    assert isinstance(err.value, DynectInvalidArgumentError) and err.value.arg == "record_type"
    assert "Unknown record type" in str(err.value)


def test_poll_returns_at_once_when_the_first_step_succeeds():
    with mock.patch.object(zones.time, "sleep") as sleep:
        assert zones._poll(lambda: True, 10, "x") is True
    assert sleep.call_count == 0


def test_poll_backs_off_and_stops_at_the_deadline():
    clock = iter(range(0, 1000))
    with mock.patch.object(zones.time, "monotonic", side_effect=lambda: next(clock) * 0.5), \
            mock.patch.object(zones.time, "sleep") as sleep:
        assert zones._poll(lambda: False, 3, "x") is False
    pauses = [c.args[0] for c in sleep.call_args_list]
    assert pauses and pauses == sorted(pauses) and max(pauses) <= zones.POLL_MAX
    assert pauses[0] == zones.POLL_FIRST


def test_service_class_distinguishes_unknown_and_unavailable_services():
    with pytest.raises(KeyError):
        zones.service_class("LoadBalance")
    with mock.patch.dict(sys.modules, {"dyn.tm.services.rttm": types.ModuleType("dyn.tm.services.rttm")}):
        with pytest.raises(NotImplementedError, match="RTTM .*dyn.tm.services.rttm.RTTM.*not available"):
            zones.service_class("RTTM")
    module = types.ModuleType("dyn.tm.services.rttm")
    module.RTTM = type("RTTM", (), {})
    with mock.patch.dict(sys.modules, {"dyn.tm.services.rttm": module}):
        assert zones.service_class("RTTM") is module.RTTM


def test_a_broken_service_module_is_not_hidden():
    def broken_import(name, *args, **kwargs):
        raise ModuleNotFoundError("No module named 'somedependency'", name="somedependency")
    with mock.patch.object(zones.importlib, "import_module", side_effect=broken_import):
        with pytest.raises(ModuleNotFoundError):
            zones.service_class("GSLB")


def test_every_listing_names_a_known_service():
    assert set(t for t, _uri, _args in zones.SERVICE_LISTS.values()) <= set(zones.SERVICES)
    for method in zones.SERVICE_LISTS:
        assert getattr(zones.Zone, method).__doc__


@pytest.mark.parametrize("value, expected", [("Y", "Y"), ("n", "N"), (True, "Y"), (False, "N")])
def test_yes_no(value, expected):
    assert zones._yes_no("deny", value) == expected


@pytest.mark.parametrize("value", ["maybe", "", None, 2])
def test_yes_no_refuses_other_values(value):
    with pytest.raises(DynectInvalidArgumentError) as err:
        zones._yes_no("deny", value)
    assert err.value.arg == "deny"


def test_external_nameserver_entry_is_client_side():
    entry = zones.ExternalNameserverEntry("2001:db8::1", notifies="y")
    assert entry._json == {"address": "2001:db8::1", "notifies": "Y"}
    entry.notifies = None
    entry.address = "192.0.2.1"
    assert entry._json == {"address": "192.0.2.1"}
    with pytest.raises(DynectInvalidArgumentError):
        entry.address = "ns1.example.com"
    assert bytes(entry) == b"<ExternalNameserverEntry>: 192.0.2.1, Notifies: None"


def test_module_getattr():
    with pytest.raises(AttributeError):
        zones.NoSuchThing  # noqa: B018
    assert "get_all_tsig" not in zones.__all__ and "Zone" in zones.__all__

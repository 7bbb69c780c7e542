"""Secondary zones, TSIG keys and external nameservers against the emulator over HTTP."""
import pytest

from dyn.tm.errors import DynectGetError, DynectInvalidArgumentError
from dyn.tm.zones import (TSIG, ExternalNameserver, ExternalNameserverEntry, SecondaryZone, Zone,
                          get_all_secondary_zones, get_all_tsig)

SECRET = "c2VjcmV0LWtleS1mb3ItdGVzdHM="
NEW_SECRET = "YW5vdGhlci1zZWNyZXQ="


def test_tsig_lifecycle(session, dyn_emulator):
    key = TSIG("xfer-key", secret=SECRET, algorithm="hmac-sha256")
    assert key.name == "xfer-key" and key._algorithm == "hmac-sha256"
    fetched = TSIG("xfer-key")
    assert fetched.secret == SECRET and fetched.algorithm == "hmac-sha256"
    fetched.secret = NEW_SECRET
    fetched.algorithm = "hmac-sha512"
    assert TSIG("xfer-key").secret == NEW_SECRET
    assert TSIG("xfer-key").algorithm == "hmac-sha512"
    assert [k.name for k in get_all_tsig()] == ["xfer-key"]
    for shown in (str(fetched), repr(fetched), repr(get_all_tsig())):
        assert SECRET not in shown and NEW_SECRET not in shown
    fetched.delete()
    assert get_all_tsig() == []
    with pytest.raises(DynectGetError):
        TSIG("xfer-key")


def test_secondary_zone_lifecycle(session):
    TSIG("xfer-key", secret=SECRET, algorithm="hmac-sha256")
    secondary = SecondaryZone("secondary.example", ["192.0.2.53"], None, "xfer-key")
    assert secondary.zone == "secondary.example"
    assert secondary.masters == ["192.0.2.53"]
    assert secondary.tsig_key_name == "xfer-key"
    secondary.masters = ["192.0.2.53", "2001:db8::53"]
    assert SecondaryZone("secondary.example").masters == ["192.0.2.53", "2001:db8::53"]
    secondary.activate()
    assert secondary.active in ("Y", "L")
    secondary.retransfer()
    secondary.deactivate()
    assert secondary.active == "N"
    assert [z.zone for z in get_all_secondary_zones()] == ["secondary.example"]
    assert str(secondary) == "<SecondaryZone>: secondary.example"
    secondary.delete()
    assert get_all_secondary_zones() == []


def test_external_nameservers_lifecycle(session):
    Zone("extns.example", "hostmaster@extns.example", 3600).publish()
    ext = ExternalNameserver("extns.example", active="Y",
                             hosts=[ExternalNameserverEntry("192.0.2.99", notifies="Y"),
                                    {"address": "2001:db8::99", "notifies": "N"}])
    fetched = ExternalNameserver("extns.example")
    assert fetched.active == "Y"
    assert [(h.address, h.notifies) for h in fetched.hosts] == [("192.0.2.99", "Y"), ("2001:db8::99", "N")]
    fetched.deny = "Y"
    assert ExternalNameserver("extns.example").deny == "Y"
    fetched.hosts = [ExternalNameserverEntry("192.0.2.100", notifies="N")]
    assert [h.address for h in ExternalNameserver("extns.example").hosts] == ["192.0.2.100"]
    fetched.active = "N"
    assert fetched.active == "N"
    ext.delete()
    with pytest.raises(DynectGetError):
        ExternalNameserver("extns.example")


BAD_CALLS = {
    "tsig algorithm": (lambda: TSIG("k", secret=SECRET, algorithm="hmac-sha3"), "algorithm"),
    "tsig secret": (lambda: TSIG("k", secret="*not base64*", algorithm="hmac-sha256"), "secret"),
    "tsig missing secret": (lambda: TSIG("k", algorithm="hmac-sha256"), "secret"),
    "tsig setter": (lambda: setattr(TSIG("k", api=False), "algorithm", "md5"), "algorithm"),
    "secondary masters": (lambda: SecondaryZone("s.example", ["ns1.example.com"]), "masters"),
    "secondary zone": (lambda: SecondaryZone("bad zone", ["192.0.2.1"]), "zone"),
    "extns deny": (lambda: ExternalNameserver("e.example", deny="sometimes"), "deny"),
    "extns active": (lambda: ExternalNameserver("e.example", active="L"), "active"),
    "extns host": (lambda: ExternalNameserver("e.example", hosts=[{"address": "999.1.1.1"}]), "address"),
    "extns entry": (lambda: ExternalNameserverEntry("192.0.2.1", notifies="often"), "notifies"),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_values_are_refused_before_any_request(session, dyn_emulator, case):
    call, field = BAD_CALLS[case]
    before = len(dyn_emulator.requests)
    with pytest.raises(DynectInvalidArgumentError) as err:
        call()
    assert err.value.arg == field
    assert "*not base64*" not in str(err.value)
    assert len(dyn_emulator.requests) == before

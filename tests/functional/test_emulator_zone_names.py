"""Issue 9 item 10: zone names in the emulator follow the SDK's rule
(:func:`dyn.validation.zone_name`), answered with the real failure pair of a create."""
import pytest

from dyn import validation as v

from support import reply_msg as msg

BODY = {"rname": "admin@example.com", "ttl": 3600}
FAIL = [msg("zone: Host name expected", "INVALID_DATA"), msg("create: Zone not created")]


def zones(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()["zones"]


@pytest.mark.parametrize("resource, body", [
    ("Zone", BODY), ("ZoneFile", {"file": "x"}), ("Secondary", {"masters": ["192.0.2.1"]}),
    ("ZoneTransfer", {"master_ip": "192.0.2.1"})])
@pytest.mark.parametrize("raw", ["a%2Fb.com", "a.com..", "com", "com."])
def test_bad_zone_names_are_refused_and_create_nothing(dyn_emulator, client, resource, body, raw):
    status, answer = client.tm("POST", f"{resource}/{raw}/", body)
    assert (status, answer["status"], answer["msgs"]) == (400, "failure", FAIL)
    assert zones(dyn_emulator) == []


@pytest.mark.parametrize("raw", ["a%2Fb.com", "a.com..", "com"])
def test_the_sdk_refuses_the_same_names(raw):
    from urllib.parse import unquote
    with pytest.raises(ValueError, match="Host name expected"):
        v.zone_name(unquote(raw))


def test_good_names_still_create(dyn_emulator, client):
    assert client.tm("POST", "Zone/example.com./", BODY)[0] == 200
    assert client.tm("POST", "Zone/sub.example.org/", BODY)[0] == 200
    assert len(zones(dyn_emulator)) == 2

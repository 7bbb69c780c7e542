"""Issue 11 rule 4: the apex is ``''`` or ``None`` in every call that takes a node name
(``zone.add_record('', 'MX', ...)`` adds at the apex, as the classic SDK did)."""
import pytest

from dyn.tm.records import ARecord, MXRecord
from dyn.tm.zones import Node, Zone

ZONE = {"zone": "example.com", "zone_type": "Primary", "serial": 1, "serial_style": "increment"}
MX = {"zone": "example.com", "fqdn": "example.com", "record_type": "MX", "record_id": 0, "ttl": 0,
      "rdata": {"exchange": "mail.example.com.", "preference": 10}}


def zone():
    return Zone("example.com", api=False, **ZONE)


@pytest.mark.parametrize("apex", ["", None])
def test_add_record_at_the_apex(api, apex):
    api.answer(MX)
    record = zone().add_record(apex, "MX", "mail.example.com.")
    assert api.calls == [("/MXRecord/example.com/example.com./", "POST",
                          {"rdata": {"exchange": "mail.example.com.", "preference": 10}, "ttl": 0})]
    assert isinstance(record, MXRecord)


@pytest.mark.parametrize("apex", ["", None])
def test_add_service_get_node_and_node_at_the_apex(api, apex):
    assert zone().get_node(apex).fqdn == "example.com."
    assert Node("example.com", apex).fqdn == "example.com."


@pytest.mark.parametrize("apex", ["", None])
def test_record_class_with_an_empty_fqdn_is_the_apex(api, apex):
    api.answer(dict(MX, record_type="A", rdata={"address": "192.0.2.1"}))
    ARecord("example.com", apex, "192.0.2.1")
    assert api.calls == [("/ARecord/example.com/example.com./", "POST",
                          {"rdata": {"address": "192.0.2.1"}, "ttl": 0})]


@pytest.mark.parametrize("apex", ["", None])
def test_node_add_record_at_the_apex_node(api, apex):
    api.answer(MX)
    Node("example.com", apex).add_record("MX", "mail.example.com.")
    assert api.calls[0][0] == "/MXRecord/example.com/example.com./"

"""Pure logic of dyn.tm.services.dsf: the generated record classes, request shapes,
parsing of nested service JSON, validation (nothing is sent: there is no session, so a
missing check would surface as a no-session error instead of the expected one)."""
import inspect
import logging
import subprocess
import sys

import pytest

from dyn.tm import records
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.record_types import RECORD_TYPES
from dyn.tm.services import dsf
from dyn.tm.services.dsf import (DSF_RECORD_CLASSES, DSFAAAARecord, DSFARecord, DSFCNAMERecord, DSFDNSKEYRecord,
                                 DSFDSRecord, DSFFailoverChain, DSFMonitor, DSFMonitorEndpoint, DSFMXRecord,
                                 DSFNode, DSFNotifier, DSFNSRecord, DSFPXRecord, DSFRecordSet, DSFResponsePool,
                                 DSFRuleset, DSFSRVRecord, DSFSSHFPRecord, DSFTXTRecord, TrafficDirector)
from dyn.tm.utils import Active

SID = "svc1"

# A service as the API nests it, with the API's string flags and numbers, shared pools,
# a record holding two rdata entries, an unsupported record type and notifier links.
SERVICE = {
    "service_id": SID, "label": "www", "ttl": "300", "active": "Y", "pending_change": "",
    "nodes": [{"zone": "example.com", "fqdn": "www.example.com"}],
    "notifiers": [{"link_id": "L1", "notifier": {"notifier_id": 4, "label": "ops", "recipients": [],
                                                 "services": [{"service_class": "DSF", "service_id": SID}]}}],
    "rulesets": [
        {"dsf_ruleset_id": "rule-eu", "label": "eu", "criteria_type": "geoip", "ordering": "0",
         "criteria": {"geoip": {"country": ["DE", "FR"], "region": [], "province": []}},
         "response_pools": [{
             "dsf_response_pool_id": "pool1", "label": "pool", "core_set_count": "1", "eligible": "true",
             "automation": "auto", "index": 0, "rulesets": [{"dsf_ruleset_id": "rule-eu"},
                                                            {"dsf_ruleset_id": "rule-all"}],
             "rs_chains": [{
                 "dsf_record_set_failover_chain_id": "chain1", "label": "chain", "core": "true",
                 "record_sets": [{
                     "dsf_record_set_id": "rs1", "rdata_class": "A", "label": "web", "ttl": "60",
                     "serve_count": "2", "eligible": "false", "dsf_monitor_id": "mon1", "status": "ok",
                     "records": [
                         {"rdata": [{"data": {"rdata_a": {"address": "192.0.2.1"}}},
                                    {"data": {"rdata_a": {"address": "192.0.2.2"}}}],
                          "dsf_record_id": "rec1", "label": "pair", "weight": "3", "status": "ok",
                          "torpidity": 0, "rdata_class": "A"},
                         {"dsf_record_id": "rec9", "rdata_class": "TLSA", "rdata": []},
                     ]}]}]}]},
        {"dsf_ruleset_id": "rule-all", "label": "all", "criteria_type": "always", "ordering": "1", "criteria": {},
         "response_pools": [{"dsf_response_pool_id": "pool1", "label": "pool", "core_set_count": 1,
                             "eligible": True, "automation": "auto", "rs_chains": []}]},
    ]}


# -- the generated record classes -------------------------------------------------------------------
def test_24_record_classes_from_the_table():
    assert len(DSF_RECORD_CLASSES) == 24
    assert set(DSF_RECORD_CLASSES) == set(dsf.DSF_RECORD_TYPES)
    for name, cls in DSF_RECORD_CLASSES.items():
        assert cls.__name__ == "DSF%sRecord" % name
        assert issubclass(cls, dsf._DSFRecord) and issubclass(cls, records.RECS[name])
        assert cls._type is RECORD_TYPES[name]
        assert getattr(dsf, cls.__name__) is cls and cls.__name__ in dsf.__all__


def test_classic_argument_orders_and_defaults():
    assert DSFSSHFPRecord._dsf_args == ("fptype", "algorithm", "fingerprint")
    assert DSFSRVRecord._dsf_args == ("port", "priority", "target", "rr_weight")
    assert DSFDNSKEYRecord._dsf_args == ("protocol", "public_key", "algorithm", "flags")
    key = DSFDNSKEYRecord(3, "AwEAAQ==")
    assert (key.algorithm, key.flags) == (5, 256)
    ssh = DSFSSHFPRecord(1, 2, "ab" * 20)
    assert (ssh.fptype, ssh.algorithm) == (1, 2)
    assert "rr_weight" in DSFSRVRecord.__doc__ and "fptype, algorithm, fingerprint" in DSFSSHFPRecord.__doc__


def test_record_constructor_argument_errors():
    with pytest.raises(TypeError):
        DSFARecord("192.0.2.1", 0, None, 1, "auto", None, None, True, "extra")
    with pytest.raises(TypeError):
        DSFARecord("192.0.2.1", address="192.0.2.2")


def test_record_to_json_shapes():
    assert DSFMXRecord("mx.example.com.", label="mx", service_id=SID).to_json() == {
        "label": "mx", "weight": 1, "automation": "auto", "eligible": True, "ttl": 0,
        "rdata": {"mx_rdata": {"exchange": "mx.example.com.", "preference": 10}}, "service_id": SID}
    assert "service_id" not in DSFARecord("192.0.2.1", service_id=SID).to_json(skip_svc=True)
    assert DSFARecord("192.0.2.1").to_json(svc_id="other")["service_id"] == "other"
    assert DSFNSRecord("ns1.example.com.").to_json()["rdata"] == {"ns_rdata": {"nsdname": "ns1.example.com."}}
    assert DSFPXRecord(10, "a.example.com.", "b.example.com.").to_json()["rdata"] == {
        "pxr_rdata": {"preference": 10, "map822": "a.example.com.", "mapx400": "b.example.com."}}


def test_new_is_a_prototype_and_records_compare_by_identity():
    first, second = DSFCNAMERecord.new("a.example.com."), DSFCNAMERecord("a.example.com.")
    assert first.cname == second.cname and first != second and len({first, second}) == 2


def test_prototype_setters_change_locally_only():
    rec = DSFARecord("192.0.2.1")
    rec.address = "192.0.2.5"
    rec.weight = 7
    rec.ttl = 30
    assert (rec.address, rec.weight, rec.ttl) == ("192.0.2.5", 7, 30)
    pool = DSFResponsePool("p")
    pool.label = "q"
    assert pool.label == "q"


def test_record_reprs():
    rec = DSFARecord("192.0.2.1", label="web", weight=2, dsf_record_id="r1")
    assert repr(rec) == "<DSFARecord 192.0.2.1 label='web' weight=2 id='r1'>"
    assert str(rec) == "<DSFARecord>: 192.0.2.1"
    assert "rr_weight" not in repr(DSFSRVRecord(1, 2, "t.example.com.", 3))


# -- the other levels -----------------------------------------------------------------------------
def test_prototype_tree_to_json():
    rs = DSFRecordSet("aaaa", label="web", records=[DSFAAAARecord("2001:db8::1")], dsf_monitor_id="mon1")
    chain = DSFFailoverChain("chain", core=True, record_sets=[rs])
    pool = DSFResponsePool("pool", rs_chains=[chain])
    rule = DSFRuleset("eu", "geoip", [pool], criteria={"geoip": {"country": ["DE"]}}, failover="192.0.2.9")
    assert rule._json == {"label": "eu", "criteria_type": "geoip", "criteria": {"geoip": {"country": ["DE"]}},
                          "response_pools": [
                              {"label": "pool", "eligible": True, "core_set_count": 1, "automation": "auto",
                               "rs_chains": [{"label": "chain", "core": True, "record_sets": [{
                                   "rdata_class": "AAAA", "label": "web", "dsf_monitor_id": "mon1", "records": [{
                                       "weight": 1, "automation": "auto", "eligible": True, "ttl": 0,
                                       "rdata": {"aaaa_rdata": {"address": "2001:db8::1"}}}]}]}]},
                              {"failover": "192.0.2.9"}]}
    assert rule.to_json(svc_id=SID)["response_pools"][0]["rs_chains"][0]["record_sets"][0]["records"][0][
        "service_id"] == SID


def test_parse_nested_service_json(caplog):
    with caplog.at_level(logging.WARNING, logger="dyn.tm.services.dsf"):
        td = TrafficDirector.from_api(SERVICE)
    assert "TLSA" in caplog.text
    assert (td.service_id, td.label, td.ttl, bool(td.active)) == (SID, "www", 300, True)
    assert td._nodes == [DSFNode("example.com", "www.example.com.")]
    (notifier,) = td._notifiers
    assert (notifier.notifier_id, notifier.link_id, notifier.label, notifier.dsf_service_ids) == (4, "L1", "ops",
                                                                                                 [SID])
    eu, everyone = td._rulesets
    assert (eu.ruleset_id, eu.ordering, eu.criteria["geoip"]["country"]) == ("rule-eu", "0", ["DE", "FR"])
    assert everyone.criteria_type == "always"
    pool = eu.response_pools[0]
    assert (pool.response_pool_id, pool.service_id, pool._rulesets[1]["dsf_ruleset_id"]) == ("pool1", SID,
                                                                                            "rule-all")
    chain = pool.failover_chains[0]
    assert (chain.failover_chain_id, chain.response_pool_id, chain.core) == ("chain1", "pool1", "true")
    record_set = chain.record_sets[0]
    assert (record_set.record_set_id, record_set.failover_chain_id, record_set.dsf_monitor_id,
            record_set.eligible) == ("rs1", "chain1", "mon1", "false")
    first, second = record_set.records  # one API record with two rdata entries; TLSA skipped
    assert [first.address, second.address] == ["192.0.2.1", "192.0.2.2"]
    assert {r.record_id for r in record_set.records} == {"rec1"}
    assert (first.weight, first.label, first.record_set_id, first.service_id) == ("3", "pair", "rs1", SID)


def test_service_to_json_has_no_server_ids_and_tree_prints():
    td = TrafficDirector.from_api(SERVICE)
    body = td.to_json()
    text = repr(body)
    for key in ("dsf_ruleset_id", "dsf_response_pool_id", "dsf_record_set_failover_chain_id", "dsf_record_id",
                "service_id", "'index'"):
        assert key not in text
    assert body["rulesets"][0]["response_pools"][0]["rs_chains"][0]["record_sets"][0]["dsf_monitor_id"] == "mon1"
    assert body["nodes"] == [{"zone": "example.com", "fqdn": "www.example.com"}]
    tree = td.tree().splitlines()
    assert tree[0].startswith("<TrafficDirector label='www' service_id='svc1'")
    assert any("<DSFARecord 192.0.2.2 label='pair' weight=3 id='rec1'>" in line for line in tree)


def test_tree_walk_dedupes_shared_objects():
    td = TrafficDirector.from_api(SERVICE)
    pools = dsf._dedupe(obj for kind, obj in td._walk() if kind == "response_pools")
    assert [p.response_pool_id for p in pools] == ["pool1"]


def test_monitor_and_notifier_from_api():
    monitor = DSFMonitor(api=False, dsf_monitor_id="m1", label="web", protocol="HTTP", active="N",
                         endpoints=[{"address": "192.0.2.1", "label": "e", "active": "Y", "site_prefs": ["AMS"]}])
    assert monitor.active == Active("N") and not monitor.active
    (endpoint,) = monitor._endpoints
    assert (endpoint.address, bool(endpoint.active), endpoint.site_prefs, endpoint._monitor) == (
        "192.0.2.1", True, ["AMS"], monitor)
    assert endpoint.to_json() == {"address": "192.0.2.1", "label": "e", "active": "Y", "site_prefs": ["AMS"]}
    assert repr(monitor) == "<DSFMonitor label='web' dsf_monitor_id='m1' protocol=HTTP endpoints=1>"
    notifier = DSFNotifier(api=False, notifier_id=2, label="ops", recipients=[{"recipient": "a@example.com"}],
                           services=[{"service_class": "Monitor", "service_id": "m1"}])
    assert notifier.to_json() == {"label": "ops", "recipients": ["a@example.com"], "monitor_services": ["m1"]}
    assert notifier.dsf_notifier_id == 2


def test_detached_endpoint_changes_locally():
    endpoint = DSFMonitorEndpoint("192.0.2.1", "e", active=True)
    endpoint.label = "f"
    endpoint.active = "N"
    assert (endpoint.label, str(endpoint.active)) == ("f", "N")


def test_dsf_node_defaults_and_equality():
    node = DSFNode("example.com")
    assert (node.fqdn, node.to_json()) == ("example.com.", {"zone": "example.com", "fqdn": "example.com."})
    assert node == DSFNode("Example.com", "example.com") and node != DSFNode("example.com", "www.example.com")
    assert set(node.recs) == set(records.RECS)


def test_implicit_publish_is_per_object_and_aliased():
    td = TrafficDirector.from_api(SERVICE)
    td.implicitPublish = False
    assert td.implicit_publish is False and td._rulesets[0].implicit_publish is True


# -- validation: a clear error naming the field, nothing sent --------------------------------------------
def _api_record():
    return DSFARecord("192.0.2.1", dsf_record_id="r1", service_id=SID)


INVALID = [
    ("label", lambda: TrafficDirector.create("")),
    ("ttl", lambda: TrafficDirector.create("x", ttl=-1)),
    ("publish", lambda: TrafficDirector.create("x", publish="maybe")),
    ("fqdn", lambda: TrafficDirector.create("x", nodes=[{"zone": "example.com", "fqdn": "www.other.com."}])),
    ("nodes", lambda: TrafficDirector.create("x", nodes=[42])),
    ("rulesets", lambda: TrafficDirector.create("x", rulesets=[{"label": "raw"}])),
    ("notifier", lambda: TrafficDirector.create("x", notifiers=[object()])),
    ("service_id", lambda: TrafficDirector.get("My label")),
    ("service_id", lambda: TrafficDirector("a/b")),
    ("service", lambda: dsf.get_all_rulesets(3.5)),
    ("criteria_type", lambda: DSFRuleset("r", "sometimes", [])),
    ("criteria", lambda: DSFRuleset("r", "geoip", [])),
    ("criteria", lambda: DSFRuleset("r", "geoip", [], criteria={"geoip": {"city": ["x"]}})),
    ("criteria", lambda: DSFRuleset("r", "geoip", [], criteria={"geoip": {"country": ["USA"]}})),
    ("criteria", lambda: DSFRuleset("r", "geoip", [], criteria={"geoip": {"country": "US"}})),
    ("criteria", lambda: DSFRuleset("r", "geoip", [], criteria={"geoip": {"region": ["west"]}})),
    ("criteria", lambda: DSFRuleset("r", "always", [], criteria={"geoip": {"country": ["US"]}})),
    ("criteria", lambda: DSFRuleset("r", "always", [], criteria={"ip": {}})),
    ("failover", lambda: DSFRuleset("r", "always", [], failover="not an address!")),
    ("response_pools", lambda: DSFRuleset("r", "always", [42])),
    ("response_pools", lambda: DSFRuleset("r", "always", "pool")),
    ("label", lambda: DSFRuleset("", "always")),
    ("weight", lambda: DSFARecord("192.0.2.1", weight=16)),
    ("weight", lambda: DSFARecord("192.0.2.1", weight=0)),
    ("address", lambda: DSFARecord("999.0.0.1")),
    ("address", lambda: DSFARecord(None)),
    ("automation", lambda: DSFARecord("192.0.2.1", automation="sometimes")),
    ("eligible", lambda: DSFARecord("192.0.2.1", eligible="maybe")),
    ("ttl", lambda: DSFARecord("192.0.2.1", ttl="soon")),
    ("preference", lambda: DSFMXRecord("mx.example.com.", preference=70000)),
    ("rr_weight", lambda: DSFSRVRecord(5060, 10, "sip.example.com.", 70000)),
    ("digest", lambda: DSFDSRecord("abc", 1)),
    ("digest", lambda: DSFDSRecord("ab" * 20, 1, digtype=2)),
    ("txtdata", lambda: DSFTXTRecord("")),
    ("rdata_class", lambda: DSFRecordSet("CAA")),
    ("serve_count", lambda: DSFRecordSet("A", serve_count=-1)),
    ("automation", lambda: DSFRecordSet("A", automation="x")),
    ("dsf_monitor_id", lambda: DSFRecordSet("A", dsf_monitor_id="no such/monitor")),
    ("records", lambda: DSFRecordSet("A", records=[DSFMXRecord("mx.example.com.")])),
    ("records", lambda: DSFRecordSet("A", records=["192.0.2.1"])),
    ("label", lambda: DSFResponsePool("")),
    ("core_set_count", lambda: DSFResponsePool("p", core_set_count="x")),
    ("automation", lambda: DSFResponsePool("p", automation="x")),
    ("index", lambda: DSFResponsePool("p", index=-1)),
    ("core", lambda: DSFFailoverChain("c", core="maybe")),
    ("record_sets", lambda: DSFFailoverChain("c", record_sets=[1])),
    ("protocol", lambda: DSFMonitor.create("m", "FTP", 1, 60, 1)),
    ("response_count", lambda: DSFMonitor.create("m", "HTTP", 3, 60, 1)),
    ("probe_interval", lambda: DSFMonitor.create("m", "HTTP", 1, 61, 1)),
    ("retries", lambda: DSFMonitor.create("m", "HTTP", 1, 60, 11)),
    ("port", lambda: DSFMonitor.create("m", "HTTP", 1, 60, 1, port=0)),
    ("timeout", lambda: DSFMonitor.create("m", "HTTP", 1, 60, 1, timeout="x")),
    ("active", lambda: DSFMonitor.create("m", "HTTP", 1, 60, 1, active="maybe")),
    ("endpoints", lambda: DSFMonitor.create("m", "HTTP", 1, 60, 1, endpoints=[{"address": "192.0.2.1"}])),
    ("monitor_id", lambda: DSFMonitor.get("a b")),
    ("address", lambda: DSFMonitorEndpoint("not an address!", "x")),
    ("site_prefs", lambda: DSFMonitorEndpoint("192.0.2.1", "x", site_prefs="AMS")),
    ("label", lambda: DSFNotifier.create("")),
    ("recipients", lambda: DSFNotifier.create("n", recipients=[""])),
    ("monitor_services", lambda: DSFNotifier.create("n", monitor_services=[3.5])),
    ("implicit_publish", lambda: setattr(_api_record(), "implicit_publish", "yes")),
    ("weight", lambda: setattr(_api_record(), "weight", 20)),
    ("address", lambda: setattr(_api_record(), "address", "x")),
    ("ttl", lambda: setattr(_api_record(), "ttl", -1)),
    ("label", lambda: setattr(DSFRuleset("r", "always", dsf_ruleset_id="x", service_id=SID), "label", "")),
    ("criteria", lambda: setattr(DSFRuleset("r", "always", dsf_ruleset_id="x", service_id=SID), "criteria",
                                 {"geoip": {"country": "US"}})),
    ("serve_count", lambda: setattr(DSFRecordSet("A", dsf_record_set_id="x", service_id=SID), "serve_count", -1)),
    ("publish_note", lambda: setattr(_api_record(), "publish_note", 5)),
    ("record_set", lambda: DSFARecord("192.0.2.1").add_to_record_set(3.5, SID)),
    ("service", lambda: DSFARecord("192.0.2.1").add_to_record_set("rs1")),
    ("dsf_record_id", lambda: _api_record().add_to_record_set("rs1", SID)),
    ("index", lambda: DSFRuleset("r", "always").create(SID, index=-1)),
    ("ruleset_list", lambda: TrafficDirector.from_api({"service_id": SID}).order_rulesets("rule1")),
    ("ruleset_list", lambda: TrafficDirector.from_api({"service_id": SID}).order_rulesets([None])),
    ("rulesets", lambda: TrafficDirector.from_api({"service_id": SID}).replace_all_rulesets(["r"])),
    ("node", lambda: TrafficDirector.from_api({"service_id": SID}).add_node("example.com")),
    ("zone", lambda: DSFNode("not a zone!")),
    ("notifier", lambda: TrafficDirector.from_api({"service_id": SID}).del_notifier(DSFNotifier(api=False))),
]


@pytest.mark.parametrize("field,call", INVALID, ids=["%d-%s" % (i, f) for i, (f, _) in enumerate(INVALID)])
def test_invalid_values_raise_naming_the_field(field, call):
    with pytest.raises(DynectInvalidArgumentError) as caught:
        call()
    assert caught.value.arg == field
    assert field in str(caught.value)


def test_valid_prototypes_pass():
    DSFRuleset("r", "geoip", [], criteria={"geoip": {"country": ["US"], "region": [11, "12"],
                                                     "province": ["CA-BC"]}})
    DSFRuleset("r", "always", [], criteria={}, failover="2001:db8::1")
    DSFRecordSet("txt", serve_count=0, records=[DSFTXTRecord("v=spf1 -all")])
    DSFARecord("192.0.2.1", weight=15, eligible="false", endpoints=["192.0.2.1"], endpoint_up_count=1)


def test_server_data_is_not_validated():
    rule = DSFRuleset("r", "ipaddress", [], criteria={"ip": ["10.0.0.0/8"]}, dsf_ruleset_id="x")
    assert rule.criteria_type == "ipaddress"


# -- the services package ------------------------------------------------------------------------------
def test_services_package_exports_dsf_lazily():
    import dyn.tm.services as services

    assert set(dsf.__all__) <= set(services.__all__)
    assert services.TrafficDirector is TrafficDirector
    owners = {}
    for module, names in services._EXPORTS:
        owners.update(dict.fromkeys(names, module))
    assert owners["Monitor"] == "rttm"  # the classic import order: RTTM's Monitor wins
    assert all(services._WHERE[name] == owners[name] for name in services._WHERE)
    with pytest.raises(AttributeError):
        services.NoSuchThing  # noqa: B018
    code = ("import sys, dyn.tm.services as s; assert 'dyn.tm.services.dsf' not in sys.modules; "
            "s.DSFNode; assert 'dyn.tm.services.dsf' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_record_signatures_are_introspectable():
    params = inspect.signature(DSFRuleset.create).parameters
    assert list(params) == ["self", "service", "index", "publish", "notes"]
    assert list(inspect.signature(TrafficDirector.create).parameters)[:2] == ["label", "ttl"]

"""The exact execute(uri, method, args) calls of dyn.tm.services.dsf (Traffic Director).

Downstream tools patch ``dyn.core.SessionEngine.execute`` and assert these calls, so the
classic sequences stay (spec classic-services.md section 12). The tests named
``test_quirk_*`` pin a fixed classic bug (section 13): each would fail on the classic
behaviour.
"""

import pytest

from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.services.dsf import (DSFARecord, DSFDSRecord, DSFFailoverChain, DSFLOCRecord, DSFMonitor,
                                 DSFMonitorEndpoint, DSFMXRecord, DSFNode, DSFNotifier, DSFRecordSet,
                                 DSFResponsePool, DSFRuleset, DSFSRVRecord, TrafficDirector, get_all_dsf_services,
                                 get_all_records, get_record, get_ruleset)

SID = "svc1"


# -- API data as the server renders it ---------------------------------------------------------------
def a_record(rid="r1", address="192.0.2.1", rsid="rs1", **extra):
    data = {"dsf_record_id": rid, "dsf_record_set_id": rsid, "service_id": SID, "label": "", "weight": 1,
            "automation": "auto", "endpoints": [], "endpoint_up_count": 0, "eligible": True, "ttl": 0,
            "status": "ok", "torpidity": 0, "rdata_class": "A",
            "rdata": [{"data": {"rdata_a": {"address": address}}}]}
    data.update(extra)
    return data


def record_set(rsid="rs1", records=None, **extra):
    data = {"dsf_record_set_id": rsid, "dsf_record_set_failover_chain_id": "c1", "service_id": SID,
            "rdata_class": "A", "label": "web", "ttl": 0, "automation": "auto", "serve_count": 1, "fail_count": 0,
            "trouble_count": 0, "eligible": True, "dsf_monitor_id": None, "status": "ok", "torpidity": 0,
            "records": [a_record(rsid=rsid)] if records is None else records}
    data.update(extra)
    return data


def chain(cid="c1", record_sets=None):
    return {"dsf_record_set_failover_chain_id": cid, "dsf_response_pool_id": "p1", "service_id": SID,
            "label": "chain", "core": False, "record_sets": [record_set()] if record_sets is None else record_sets}


def pool(pid="p1", chains=None):
    return {"dsf_response_pool_id": pid, "service_id": SID, "label": "pool", "core_set_count": 1,
            "eligible": True, "automation": "auto", "status": "ok", "index": 0,
            "rulesets": [{"dsf_ruleset_id": "rule1", "label": "r"}], "rs_chains": [chain()] if chains is None
            else chains}


def ruleset(rid="rule1", label="default", ordering=0, pools=None):
    return {"dsf_ruleset_id": rid, "service_id": SID, "label": label, "criteria_type": "always", "criteria": {},
            "ordering": ordering, "response_pools": [pool()] if pools is None else pools}


def service(rulesets=None, nodes=None):
    return {"service_id": SID, "label": "www", "ttl": 30, "active": "Y", "notifiers": [],
            "nodes": [{"zone": "example.com", "fqdn": "www.example.com"}] if nodes is None else nodes,
            "pending_change": "", "notes": "",
            "rulesets": [ruleset()] if rulesets is None else rulesets}


def fetched(api, data=None):
    """A TrafficDirector built from API data (no call), calls reset."""
    td = TrafficDirector(api=False, **(data or service()))
    api.reset()
    return td


# -- services ---------------------------------------------------------------------------------------------
def test_create_service_with_nested_rulesets_is_exactly_one_post(api):
    api.answer(service())
    records = [DSFARecord("192.0.2.1", weight=2, label="a"), DSFARecord("192.0.2.2")]
    rs = DSFRecordSet("A", label="web", ttl=60, serve_count=1, records=records)
    eu = DSFRuleset("eu", "geoip", [DSFResponsePool("pool", rs_chains=[DSFFailoverChain("chain", record_sets=[rs])])],
                    criteria={"geoip": {"region": [13]}})
    td = TrafficDirector("www", 60, rulesets=[eu], nodes=[DSFNode("example.com", "www.example.com.")],
                         notifiers=["12"])
    record_body = {"weight": 2, "automation": "auto", "eligible": True, "ttl": 0, "label": "a",
                   "rdata": {"a_rdata": {"address": "192.0.2.1"}}}
    assert api.calls == [("/DSF/", "POST", {
        "label": "www", "publish": "Y", "notes": None, "ttl": 60,
        "nodes": [{"zone": "example.com", "fqdn": "www.example.com."}],
        "notifiers": [{"notifier_id": "12"}],
        "rulesets": [{"label": "eu", "criteria_type": "geoip", "criteria": {"geoip": {"region": [13]}},
                      "response_pools": [{
                          "label": "pool", "eligible": True, "core_set_count": 1, "automation": "auto",
                          "rs_chains": [{"label": "chain", "record_sets": [{
                              "rdata_class": "A", "label": "web", "ttl": 60, "serve_count": 1,
                              "records": [record_body, {"weight": 1, "automation": "auto", "eligible": True, "ttl": 0,
                                                        "rdata": {"a_rdata": {"address": "192.0.2.2"}}}]}]}]}]}]})]
    assert td.service_id == SID and td.label == "www"
    assert [r.ruleset_id for r in td._rulesets] == ["rule1"]


def test_explicit_create_and_label_keyword_create(api):
    api.answer(service(), service())
    TrafficDirector.create("www", ttl=0, publish=False)
    TrafficDirector(label="www")
    assert api.calls == [("/DSF/", "POST", {"label": "www", "publish": "N", "notes": None, "ttl": 0}),
                         ("/DSF/", "POST", {"label": "www", "publish": "Y", "notes": None})]


def test_single_argument_and_explicit_get(api):
    api.answer(service(), service(), service())
    TrafficDirector(SID)
    TrafficDirector(service_id=SID)
    td = TrafficDirector.get(SID)
    assert api.calls == [("/DSF/svc1/", "GET", {"pending_changes": "Y"})] * 3
    assert (td.service_id, td.label, len(td._rulesets)) == (SID, "www", 1)


def test_a_label_is_not_an_id_nothing_sent(api):
    with pytest.raises(DynectInvalidArgumentError) as caught:
        TrafficDirector("My label")
    assert caught.value.arg == "service_id"
    assert api.calls == []


def test_get_all_dsf_services_is_one_call(api):
    api.answer([service(), dict(service(), service_id="svc2", label="api")])
    services = get_all_dsf_services()
    assert api.calls == [("/DSF/", "GET", {"detail": "Y"})]
    assert [(s.service_id, s.label) for s in services] == [(SID, "www"), ("svc2", "api")]
    assert services[0]._rulesets[0].response_pools[0].failover_chains[0].record_sets[0].records[0].address \
        == "192.0.2.1"


def test_nodes_and_rulesets_refresh_on_every_read(api):
    td = fetched(api)
    api.answer([{"zone": "example.com", "fqdn": "www.example.com"}], service(), service())
    assert td.nodes == [{"zone": "example.com", "fqdn": "www.example.com"}]
    assert [r.ruleset_id for r in td.rulesets] == ["rule1"]
    assert len(td.rulesets) == 1
    assert api.calls == [("/DSFNode/svc1", "GET", {}), ("/DSF/svc1/", "GET", {"pending_changes": "Y"}),
                         ("/DSF/svc1/", "GET", {"pending_changes": "Y"})]


def test_add_remove_and_replace_nodes_follow_implicit_publish(api):
    td = fetched(api)
    node = DSFNode("example.com", "api.example.com.")
    td.add_node(node)
    td.implicit_publish = False
    td.remove_node({"zone": "example.com", "fqdn": "www.example.com."})
    td.nodes = [node]
    assert api.calls == [
        ("/DSFNode/svc1", "POST", {"node": {"zone": "example.com", "fqdn": "api.example.com."}, "publish": "Y"}),
        ("/DSFNode/svc1", "DELETE", {"node": {"zone": "example.com", "fqdn": "www.example.com."}, "publish": "N"}),
        ("/DSFNode/svc1", "PUT", {"nodes": [{"zone": "example.com", "fqdn": "api.example.com."}], "publish": "N"}),
    ]


def test_service_setters_publish_notes_and_publish(api):
    td = fetched(api)
    td.publish_note = "first"
    td.label = "www2"
    td.ttl = 0
    td.implicit_publish = False
    td.publish_note = "kept"
    td.label = "www3"
    td.publish()
    td.publish("explicit")
    assert api.calls == [
        ("/DSF/svc1/", "PUT", {"label": "www2", "publish": "Y", "notes": "first"}),
        ("/DSF/svc1/", "PUT", {"ttl": 0, "publish": "Y"}),
        ("/DSF/svc1/", "PUT", {"label": "www3", "notes": "kept"}),
        ("/DSF/svc1/", "PUT", {"publish": "Y", "notes": "kept"}),
        ("/DSF/svc1/", "GET", {"pending_changes": "Y"}),
        ("/DSF/svc1/", "PUT", {"publish": "Y", "notes": "explicit"}),
        ("/DSF/svc1/", "GET", {"pending_changes": "Y"}),
    ]
    assert td.publish_note is None


def test_service_operations(api):
    td = fetched(api)
    notifier = DSFNotifier(td=True, link_id="L1", notifier={"notifier_id": 7, "label": "ops"})
    td.revert_changes()
    td.add_notifier("7", notes="n")
    td.del_notifier(notifier)
    td.remove_orphans()
    td.order_rulesets([DSFRuleset(**ruleset()), "rule2"])
    td.delete()
    assert api.calls == [
        ("/DSF/svc1/", "PUT", {"revert": True, "publish": "Y"}),
        ("/DSF/svc1/", "PUT", {"add_notifier": True, "notifier_id": "7", "publish": "Y", "notes": "n"}),
        ("/DSF/svc1/", "PUT", {"remove_notifier": True, "link_id": "L1", "publish": "Y"}),
        ("/DSF/svc1/", "PUT", {"remove_orphans": "Y", "publish": "Y"}),
        ("/DSF/svc1/", "PUT", {"rulesets": [{"dsf_ruleset_id": "rule1"}, {"dsf_ruleset_id": "rule2"}],
                               "publish": "Y"}),
        ("/DSF/svc1/", "DELETE", {}),
    ]


def test_replace_all_rulesets_deletes_then_creates_each(api):
    td = fetched(api)
    api.answer([ruleset("old1"), ruleset("old2", ordering=1)], {}, {}, ruleset("new1"))
    td.replace_all_rulesets([DSFRuleset("new", "always", [])])
    assert api.calls == [
        ("/DSFRuleset/svc1/", "GET", {"detail": "Y"}),
        ("/DSFRuleset/svc1/old1/", "DELETE", {"publish": "Y"}),
        ("/DSFRuleset/svc1/old2/", "DELETE", {"publish": "Y"}),
        ("/DSFRuleset/svc1/", "POST", {"publish": "Y", "label": "new", "criteria_type": "always", "criteria": None,
                                       "response_pools": []}),
    ]


def test_quirk_21_replace_one_ruleset_keeps_its_position(api):
    td = fetched(api)
    api.answer([ruleset("a", "first", 0), ruleset("b", "second", 1), ruleset("c", "third", 2)], {}, ruleset("b2"))
    td.replace_one_ruleset(DSFRuleset("second", "always", []))
    assert api.calls[1:] == [
        ("/DSFRuleset/svc1/b/", "DELETE", {"publish": "Y"}),
        ("/DSFRuleset/svc1/", "POST", {"publish": "Y", "label": "second", "criteria_type": "always",
                                       "criteria": None, "ordering": 1, "response_pools": []}),
    ]  # classic: ordering 2, one place too late


def test_quirk_22_changing_the_rulesets_list_sends_one_put(api):
    td = fetched(api)
    api.answer(service(), service(rulesets=[ruleset(), ruleset("rule2", "new", 1, pools=[])]))
    td.rulesets.append(DSFRuleset("new", "always", []))
    assert api.calls == [
        ("/DSF/svc1/", "GET", {"pending_changes": "Y"}),
        ("/DSF/svc1/", "PUT", {"rulesets": [
            {"dsf_ruleset_id": "rule1", "service_id": SID, "label": "default", "criteria_type": "always",
             "criteria": {}, "response_pools": [{
                "label": "pool", "eligible": True, "core_set_count": 1, "automation": "auto", "index": 0,
                "service_id": SID, "rs_chains": [{
                    "service_id": SID, "label": "chain", "dsf_record_set_failover_chain_id": "c1", "core": False,
                    "record_sets": [{
                        "rdata_class": "A", "service_id": SID, "label": "web", "ttl": 0, "automation": "auto",
                        "serve_count": 1, "fail_count": 0, "trouble_count": 0, "eligible": True,
                        "records": [{"label": "", "weight": 1, "automation": "auto", "endpoints": [],
                                     "endpoint_up_count": 0, "eligible": True, "ttl": 0, "service_id": SID,
                                     "rdata": {"a_rdata": {"address": "192.0.2.1"}}}]}]}]}]},
            {"label": "new", "criteria_type": "always", "criteria": None, "response_pools": []}], "publish": "Y"}),
    ]  # classic: then one more PUT per ruleset, to DSFRuleset/None/None for the new one
    assert td._rulesets[1].ruleset_id == "rule2"


# -- rulesets, pools, chains, record sets, records ---------------------------------------------------------
def test_ruleset_create_update_delete(api):
    api.answer(ruleset(), ruleset(), ruleset(), {})
    rule = DSFRuleset("default", "always", [DSFResponsePool("p", index=0)])
    rule.create(SID, index=0, notes="n")
    rule.label = "renamed"
    rule.criteria = {"geoip": {"country": ["US"]}}
    rule.delete(notes="bye")
    assert api.calls == [
        ("/DSFRuleset/svc1/", "POST", {"publish": "Y", "label": "default", "criteria_type": "always",
                                       "criteria": None, "ordering": 0, "notes": "n", "response_pools": [
                                           {"label": "p", "eligible": True, "core_set_count": 1,
                                            "automation": "auto", "index": 0, "rs_chains": []}]}),
        ("DSFRuleset/svc1/rule1", "PUT", {"label": "renamed", "publish": "Y"}),
        ("DSFRuleset/svc1/rule1", "PUT", {"criteria": {"geoip": {"country": ["US"]}}, "criteria_type": "geoip",
                                          "publish": "Y"}),
        ("/DSFRuleset/svc1/rule1/", "DELETE", {"publish": "Y", "notes": "bye"}),
    ]


def test_ruleset_pool_links(api):
    rule = DSFRuleset(**ruleset())
    api.answer(ruleset(), ruleset(), ruleset(), ruleset(), ruleset(), ruleset())
    rule.add_response_pool("p2", index=0)
    rule.remove_response_pool("p1")
    rule.add_failover_ip("192.0.2.99", publish=False)
    rule.order_response_pools(["p1", DSFResponsePool(**pool("p3"))])
    assert api.calls == [
        ("/DSFRuleset/svc1/rule1/", "GET", {}),
        ("DSFRuleset/svc1/rule1", "PUT", {"response_pools": [{"dsf_response_pool_id": "p2"},
                                                             {"dsf_response_pool_id": "p1"}], "publish": "Y"}),
        ("/DSFRuleset/svc1/rule1/", "GET", {}),
        ("DSFRuleset/svc1/rule1", "PUT", {"response_pools": [], "publish": "Y"}),
        ("DSFRuleset/svc1/rule1", "PUT", {"response_pools": [{"dsf_response_pool_id": "p1"},
                                                             {"failover": "192.0.2.99"}]}),
        ("DSFRuleset/svc1/rule1", "PUT", {"response_pools": [{"dsf_response_pool_id": "p1"},
                                                             {"dsf_response_pool_id": "p3"}], "publish": "Y"}),
    ]


def test_response_pool_create_update_delete(api):
    api.answer(pool(), pool(), {})
    new = DSFResponsePool("pool", dsf_ruleset_id="rule1", index=1,
                          rs_chains=[DSFFailoverChain("chain", record_sets=[])])
    new.create(TrafficDirector(api=False, service_id=SID))
    new.automation = "manual"
    new.delete(publish=False)
    assert api.calls == [
        ("/DSFResponsePool/svc1/", "POST", {"publish": "Y", "label": "pool", "eligible": True, "core_set_count": 1,
                                            "automation": "auto", "index": 1, "dsf_ruleset_id": "rule1",
                                            "rs_chains": [{"label": "chain", "record_sets": []}]}),
        ("DSFResponsePool/svc1/p1", "PUT", {"automation": "manual", "publish": "Y"}),
        ("/DSFResponsePool/svc1/p1/", "DELETE", {}),
    ]


def test_record_set_create_update_delete(api):
    api.answer(record_set(), record_set(master_line="1.2.3.4"), record_set(), record_set(), {})
    new = DSFRecordSet("A", label="web", records=[DSFARecord("192.0.2.1")])
    new.add_to_failover_chain(DSFFailoverChain(**chain()), publish=False)
    new.label = "web2"
    new.ttl = 60
    new.set_monitor("mon1")
    new.delete()
    assert api.calls == [
        ("/DSFRecordSet/svc1", "POST", {"rdata_class": "A", "label": "web", "dsf_record_set_failover_chain_id": "c1",
                                        "records": [{"weight": 1, "automation": "auto", "eligible": True, "ttl": 0,
                                                     "rdata": {"a_rdata": {"address": "192.0.2.1"}}}]}),
        ("/DSFRecordSet/svc1/rs1/", "PUT", {"label": "web2", "rdata": None, "publish": "Y"}),
        ("/DSFRecordSet/svc1/rs1/", "PUT", {"ttl": 60, "master_line": "1.2.3.4", "publish": "Y"}),
        ("/DSFRecordSet/svc1/rs1/", "PUT", {"dsf_monitor_id": "mon1", "publish": "Y"}),
        ("/DSFRecordSet/svc1/rs1/", "DELETE", {"publish": "Y"}),
    ]


def test_record_create_update_delete(api):
    api.answer(a_record(), a_record(), a_record(), {})
    rec = DSFARecord("192.0.2.1", label="web1")
    rec.add_to_record_set("rs1", service=SID, notes="n")
    rec.label = "web2"
    rec.address = "192.0.2.2"
    rec.delete()
    assert api.calls == [
        ("/DSFRecord/svc1/rs1/", "POST", {"label": "web1", "weight": 1, "automation": "auto", "eligible": True,
                                          "ttl": 0, "rdata": {"a_rdata": {"address": "192.0.2.1"}},
                                          "publish": "Y", "notes": "n"}),
        ("DSFRecord/svc1/r1", "PUT", {"label": "web2", "publish": "Y"}),
        ("DSFRecord/svc1/r1", "PUT", {"rdata": {"a_rdata": {"address": "192.0.2.2"}}, "publish": "Y"}),
        ("/DSFRecord/svc1/r1", "DELETE", {"publish": "Y"}),
    ]
    assert rec.address == "192.0.2.2"


def test_module_getters(api):
    api.answer(ruleset(), [{"dsf_record_id": "r1"}, {"dsf_record_id": "r2"}], a_record(), a_record("r2"),
               a_record())
    assert get_ruleset("rule1", SID).label == "default"
    assert [r.record_id for r in get_all_records(SID)] == ["r1", "r2"]
    assert get_record("r1", SID).address == "192.0.2.1"
    assert api.calls == [
        ("/DSFRuleset/svc1/rule1", "GET", {"detail": "Y"}),
        ("/DSFRecord/svc1/", "GET", {"detail": "Y"}),
        ("/DSFRecord/svc1/r1", "GET", {"detail": "Y"}),
        ("/DSFRecord/svc1/r2", "GET", {"detail": "Y"}),
        ("/DSFRecord/svc1/r1", "GET", {"detail": "Y"}),
    ]


# -- monitors and notifiers --------------------------------------------------------------------------------
MONITOR = {"dsf_monitor_id": "mon1", "label": "web", "protocol": "HTTP", "response_count": 1, "probe_interval": 60,
           "retries": 1, "active": "Y", "options": {"port": 80},
           "endpoints": [{"address": "192.0.2.1", "label": "ep1", "active": "Y", "site_prefs": []}]}


def test_monitor_lifecycle(api):
    api.answer(*[MONITOR] * 9, {})
    monitor = DSFMonitor("web", "HTTP", 1, 60, 1, port=80, path="/health",
                         endpoints=[DSFMonitorEndpoint("192.0.2.1", "ep1")])
    monitor.label = "web2"
    monitor.active = False
    monitor.retries = 2
    endpoint = monitor.endpoints[0]
    endpoint.label = "renamed"
    DSFMonitor("mon1")
    DSFMonitor.get("mon1")
    monitor.delete()
    assert api.calls == [
        ("/DSFMonitor/", "POST", {"label": "web", "protocol": "HTTP", "response_count": 1, "probe_interval": 60,
                                  "retries": 1, "active": "Y", "options": {"port": 80, "path": "/health"},
                                  "endpoints": [{"address": "192.0.2.1", "label": "ep1", "active": "Y"}]}),
        ("/DSFMonitor/mon1/", "PUT", {"label": "web2"}),
        ("/DSFMonitor/mon1/", "PUT", {"active": "N"}),
        ("/DSFMonitor/mon1/", "PUT", {"retries": 2}),
        ("/DSFMonitor/mon1/", "GET", {}),
        ("/DSFMonitor/mon1/", "GET", {}),
        ("/DSFMonitor/mon1/", "PUT", {"endpoints": [{"address": "192.0.2.1", "label": "renamed", "active": "Y",
                                                     "site_prefs": []}]}),
        ("/DSFMonitor/mon1/", "GET", {}),
        ("/DSFMonitor/mon1/", "GET", {}),
        ("/DSFMonitor/mon1/", "DELETE", {}),
    ]
    assert endpoint.label == "renamed"


NOTIFIER = {"notifier_id": 3, "label": "ops", "active": "Y", "services": [{"service_class": "DSF", "service_id": SID}],
            "recipients": [{"recipient": "ops@example.com", "format": "email", "details": {}, "features": []}]}


def test_notifier_lifecycle(api):
    api.answer(NOTIFIER, NOTIFIER, NOTIFIER, NOTIFIER, NOTIFIER, {})
    notifier = DSFNotifier("ops", dsf_services=[TrafficDirector(api=False, service_id=SID)],
                           monitor_services=["mon1"], recipients=["ops@example.com"])
    notifier.label = "ops2"
    notifier.add_recipient("dev@example.com")
    notifier.del_recipient("ops@example.com")
    DSFNotifier(3)
    notifier.delete()
    assert api.calls == [
        ("/Notifier/", "POST", {"label": "ops", "recipients": [{"recipient": "ops@example.com", "format": "email"}],
                                "services": [{"service_class": "DSF", "service_id": SID},
                                             {"service_class": "Monitor", "service_id": "mon1"}]}),
        ("/Notifier/3/", "PUT", {"label": "ops2"}),
        ("/Notifier/3/", "PUT", {"recipients": [{"recipient": "ops@example.com", "format": "email"},
                                                {"recipient": "dev@example.com", "format": "email"}]}),
        ("/Notifier/3/", "PUT", {"recipients": []}),
        ("/Notifier/3/", "GET", {}),
        ("/Notifier/3/", "DELETE", {}),
    ]
    assert notifier.dsf_service_ids == [SID]
    assert NOTIFIER["recipients"][0] == {"recipient": "ops@example.com", "format": "email", "details": {},
                                         "features": []}  # quirk 32: the cached dicts are not edited


# -- fixed quirks (section 13) -------------------------------------------------------------------------------
def test_quirk_7_record_ttl_is_sent(api):
    rec = DSFARecord(**a_record())
    rec.ttl = 30
    assert api.calls == [("DSFRecord/svc1/r1", "PUT", {"ttl": 30, "publish": "Y"})]
    assert DSFARecord("192.0.2.1", ttl=45).to_json()["ttl"] == 45


def test_quirk_8_multi_field_rdata_update_sends_the_new_value(api):
    data = a_record(rdata_class="MX", rdata=[{"data": {"rdata_mx": {"exchange": "mx.example.com.",
                                                                    "preference": 10}}}])
    rec = DSFMXRecord._from_api(data)
    api.answer(dict(data, rdata=[{"data": {"rdata_mx": {"exchange": "mx.example.com.", "preference": 20}}}]))
    rec.preference = 20
    assert api.calls == [("DSFRecord/svc1/r1", "PUT", {
        "rdata": {"mx_rdata": {"exchange": "mx.example.com.", "preference": 20}}, "publish": "Y"})]
    assert rec.preference == 20  # classic: refreshed first and re-sent preference 10


def test_quirk_8_ds_record_update_works(api):
    digest = "A" * 40
    rec = DSFDSRecord(digest, 12345, dsf_record_id="r1", service_id=SID)
    rec.keytag = 54321  # classic: AttributeError on key_tag
    assert api.calls == [("DSFRecord/svc1/r1", "PUT", {
        "rdata": {"ds_rdata": {"digest": digest, "keytag": 54321, "algorithm": 5, "digtype": 1}}, "publish": "Y"})]


def test_quirk_9_srv_rdata_weight_and_dsf_weight_are_separate(api):
    rec = DSFSRVRecord(5060, 10, "sip.example.com.", 20, weight=3)
    assert rec.to_json()["rdata"] == {"srv_rdata": {"port": 5060, "priority": 10, "target": "sip.example.com.",
                                                    "weight": 20}}
    assert rec.to_json()["weight"] == 3
    data = a_record(rdata_class="SRV", weight=4, rdata=[{"data": {"rdata_srv": {
        "port": 5060, "priority": 10, "target": "sip.example.com.", "weight": 20}}}])
    fetched_rec = DSFSRVRecord._from_api(data)
    assert (fetched_rec.weight, fetched_rec.rr_weight) == (4, 20)  # classic: DSF weight reset to 1
    fetched_rec.port = 5061
    assert api.calls == [("DSFRecord/svc1/r1", "PUT", {"rdata": {"srv_rdata": {
        "port": 5061, "priority": 10, "target": "sip.example.com.", "weight": 20}}, "publish": "Y"})]


def test_quirk_11_publish_false_is_honoured_and_failover_sent_on_create(api):
    api.answer(ruleset(), a_record())
    DSFRuleset("r", "always", [], failover="192.0.2.99").create(SID, publish=False)
    DSFARecord("192.0.2.1").add_to_record_set("rs1", SID, publish=False)
    assert api.calls == [
        ("/DSFRuleset/svc1/", "POST", {"label": "r", "criteria_type": "always", "criteria": None,
                                       "response_pools": [{"failover": "192.0.2.99"}]}),
        ("/DSFRecord/svc1/rs1/", "POST", {"weight": 1, "automation": "auto", "eligible": True, "ttl": 0,
                                          "rdata": {"a_rdata": {"address": "192.0.2.1"}}}),
    ]


def test_quirk_12_false_and_zero_values_are_sent():
    rs = DSFRecordSet("A", ttl=0, serve_count=0, fail_count=0, eligible=False)
    assert {k: rs.to_json()[k] for k in ("ttl", "serve_count", "fail_count", "eligible")} == \
        {"ttl": 0, "serve_count": 0, "fail_count": 0, "eligible": False}
    assert DSFFailoverChain("c", core=False).to_json()["core"] is False
    assert DSFResponsePool("p", index=0).to_json()["index"] == 0
    assert DSFARecord("192.0.2.1", eligible=False).to_json()["eligible"] is False


def test_quirk_14_loc_version_is_sent():
    rdata = DSFLOCRecord(100, "42 21 54 N", "71 06 18 W").to_json()["rdata"]["loc_rdata"]
    assert rdata["version"] == 0


def test_quirk_19_failover_chain_uses_its_own_uri_after_create(api):
    api.answer(chain(), {})
    new = DSFFailoverChain("chain")
    new.add_to_response_pool("p1", service=SID)
    new.delete()
    assert api.calls == [
        ("/DSFRecordSetFailoverChain/svc1/p1/", "POST", {"label": "chain", "record_sets": [], "publish": "Y"}),
        ("/DSFRecordSetFailoverChain/svc1/c1/", "DELETE", {"publish": "Y"}),
    ]


def test_quirk_27_record_set_id_of_a_fetched_record(api):
    api.answer(a_record(rsid="rs9"))
    assert get_record("r1", SID).record_set_id == "rs9"


def test_quirk_28_record_parsing_does_not_depend_on_key_order():
    data = {"rdata": [{"data": {"rdata_mx": {"exchange": "mx.example.com.", "preference": 5}}}],
            "dsf_record_id": "r1", "rdata_class": "MX"}
    assert DSFMXRecord._from_api(data).exchange == "mx.example.com."
    del data["rdata_class"]
    record = TrafficDirector(api=False, service_id=SID, rulesets=[ruleset(pools=[pool(chains=[chain(record_sets=[
        record_set(rdata_class="MX", records=[data])])])])])._rulesets[0].response_pools[0].rs_chains[0] \
        .record_sets[0].records[0]
    assert (type(record).__name__, record.preference, record.service_id) == ("DSFMXRecord", 5, SID)


def test_quirk_29_bookkeeping_does_not_leak_into_rdata():
    body = DSFARecord._from_api(a_record()).to_json()
    assert body["rdata"] == {"a_rdata": {"address": "192.0.2.1"}}

"""dyn.tm.services.dsf (Traffic Director) against the emulator over real HTTP: build a
geo + weighted + failover service, attach nodes, publish, read it back through a fresh
session, edit every level, reorder and replace rulesets, monitors and notifiers, and
delete everything."""
import pytest

from dyn.tm.errors import DynectCreateError, DynectError, DynectGetError
from dyn.tm.services.dsf import (DSFARecord, DSFFailoverChain, DSFMonitor, DSFMonitorEndpoint, DSFMXRecord, DSFNode,
                                 DSFNotifier, DSFRecordSet, DSFResponsePool, DSFRuleset, DSFSRVRecord,
                                 TrafficDirector, get_all_dsf_monitors, get_all_dsf_services, get_all_notifiers,
                                 get_all_records, get_all_response_pools, get_all_rulesets, get_record,
                                 get_ruleset)
from dyn.tm.session import DynectSession

ZONE = "dsf-test.example"
WWW = "www.%s." % ZONE
API = "api.%s." % ZONE


@pytest.fixture
def session(dyn_emulator):
    s = DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs)
    s.execute("/Zone/%s/" % ZONE, "POST", {"rname": "admin@%s" % ZONE, "ttl": 3600})
    s.execute("/Zone/%s/" % ZONE, "PUT", {"publish": True})
    yield s
    DynectSession.close_session()


def fresh_session(emulator):
    """Log out and log in again: nothing can come from the old session."""
    return DynectSession.new_session(*emulator.demo_account, **emulator.session_kwargs)


@pytest.fixture
def monitor(session):
    return DSFMonitor.create("web-check", "HTTP", 1, 60, 2, port=80, path="/health",
                             endpoints=[DSFMonitorEndpoint("192.0.2.1", "eu-1"),
                                        DSFMonitorEndpoint("192.0.2.2", "eu-2", active=False)])


def build_rulesets(monitor_id):
    """Geo rulesets with weighted record sets, a failover chain and a failover address."""
    eu_set = DSFRecordSet("A", label="eu-web", ttl=60, serve_count=2, dsf_monitor_id=monitor_id, records=[
        DSFARecord("192.0.2.1", weight=10, label="eu-1"), DSFARecord("192.0.2.2", weight=5, label="eu-2"),
        DSFARecord("192.0.2.3", weight=1, label="eu-3", eligible=False)])
    eu = DSFRuleset("europe", "geoip", [DSFResponsePool("eu-pool", rs_chains=[
        DSFFailoverChain("eu-chain", core=True, record_sets=[eu_set])])],
        criteria={"geoip": {"country": ["DE", "FR"], "region": [13]}}, failover="192.0.2.99")
    us = DSFRuleset("americas", "geoip", [DSFResponsePool("us-pool", core_set_count=0, automation="manual",
                                                          rs_chains=[DSFFailoverChain("us-chain", record_sets=[
                                                              DSFRecordSet("A", label="us-web", records=[
                                                                  DSFARecord("198.51.100.1", weight=3)])])])],
                    criteria={"geoip": {"region": [11, 12]}})
    primary = DSFRecordSet("A", label="primary", serve_count=2, records=[DSFARecord("203.0.113.1", weight=2),
                                                          DSFARecord("203.0.113.2", weight=2)])
    backup = DSFRecordSet("A", label="backup", eligible=False, records=[DSFARecord("203.0.113.9", ttl=5)])
    default = DSFRuleset("default", "always", [DSFResponsePool("global", rs_chains=[
        DSFFailoverChain("primary-then-backup", record_sets=[primary, backup])])])
    return [eu, us, default]


def shape(body):
    """What a service body says, without ids: rulesets → pools → chains → sets → records."""
    def records(items):
        return [(r["rdata"], r["weight"], r["ttl"], r["label"], r["eligible"]) for r in items]

    def sets(items):
        return [(s["label"], s["rdata_class"], s["ttl"], s["serve_count"], s["eligible"],
                 s.get("dsf_monitor_id"), records(s["records"])) for s in items]

    def chains(items):
        return [(c["label"], c["core"], sets(c["record_sets"])) for c in items]

    def pools(items):
        return [(p["label"], p["core_set_count"], p["automation"], chains(p["rs_chains"])) for p in items]

    return (body["label"], body.get("ttl"), sorted((n["zone"], n["fqdn"].rstrip(".")) for n in body["nodes"]),
            [(r["label"], r["criteria_type"], r["criteria"], pools(r["response_pools"])) for r in body["rulesets"]])


def a_rdata(address):
    return {"a_rdata": {"address": address}}


WWW_NODE = (ZONE, WWW.rstrip("."))


def expected_shape(monitor_id, label="www", ttl=60, nodes=(WWW_NODE,)):
    eu_records = [(a_rdata("192.0.2.1"), 10, 0, "eu-1", True), (a_rdata("192.0.2.2"), 5, 0, "eu-2", True),
                  (a_rdata("192.0.2.3"), 1, 0, "eu-3", False)]
    failover = ("192.0.2.99", 1, "auto", [("192.0.2.99", False, [
        ("192.0.2.99", "A", 0, 1, True, None, [(a_rdata("192.0.2.99"), 1, 0, "192.0.2.99", True)])])])
    return (label, ttl, sorted(nodes), [
        ("europe", "geoip", {"geoip": {"country": ["DE", "FR"], "region": [13]}}, [
            ("eu-pool", 1, "auto", [("eu-chain", True, [("eu-web", "A", 60, 2, True, monitor_id, eu_records)])]),
            failover]),
        ("americas", "geoip", {"geoip": {"region": [11, 12]}}, [
            ("us-pool", 0, "manual", [("us-chain", False, [
                ("us-web", "A", 0, 1, True, None, [(a_rdata("198.51.100.1"), 3, 0, "", True)])])])]),
        ("default", "always", {}, [("global", 1, "auto", [("primary-then-backup", False, [
            ("primary", "A", 0, 2, True, None, [(a_rdata("203.0.113.1"), 2, 0, "", True),
                                                (a_rdata("203.0.113.2"), 2, 0, "", True)]),
            ("backup", "A", 0, 1, False, None, [(a_rdata("203.0.113.9"), 1, 5, "", True)])])])]),
    ])


def ids(td):
    """Every id of the tree, in order."""
    found = []
    for ruleset in td._rulesets:
        found.append(ruleset.ruleset_id)
        for pool in ruleset.response_pools:
            found.append(pool.response_pool_id)
            for chain in pool.failover_chains:
                found.append(chain.failover_chain_id)
                for record_set in chain.record_sets:
                    found.append(record_set.record_set_id)
                    found.extend(record.record_id for record in record_set.records)
    return found


@pytest.fixture
def service(session, monitor):
    td = TrafficDirector.create("www", ttl=60, publish=False, rulesets=build_rulesets(monitor.dsf_monitor_id),
                                nodes=[DSFNode(ZONE, WWW)])
    yield td
    for leftover in get_all_dsf_services():
        leftover.delete()


# -- build, publish, read back --------------------------------------------------------------------------
def test_build_publish_and_read_back_through_a_fresh_session(service, monitor, dyn_emulator):
    sid = service.service_id
    assert shape(service.to_json()) == expected_shape(monitor.dsf_monitor_id)
    assert get_all_rulesets(sid) == []  # not published yet: the published view is empty
    service.add_node(DSFNode(ZONE, API))
    service.publish("first version")
    assert [r.label for r in get_all_rulesets(sid)] == ["europe", "americas", "default"]

    fresh_session(dyn_emulator)
    fresh = TrafficDirector.get(sid)
    nodes = ((ZONE, WWW.rstrip(".")), (ZONE, API.rstrip(".")))
    assert shape(fresh.to_json()) == expected_shape(monitor.dsf_monitor_id, nodes=nodes)
    assert ids(fresh) == ids(service) and all(ids(fresh))
    assert sorted(n["fqdn"] for n in fresh.nodes) == sorted(name.rstrip(".") for name in (WWW, API))
    assert [s.service_id for s in get_all_dsf_services()] == [sid]
    assert {r.address for r in fresh.records} >= {"192.0.2.1", "198.51.100.1", "203.0.113.9", "192.0.2.99"}
    assert len(get_all_records(sid)) == len(fresh.records) == 8
    assert fresh.response_pools[0].ruleset_ids == [fresh._rulesets[0].ruleset_id]
    served = DSFNode(ZONE, WWW).get_all_records()  # the first 'always' ruleset answers at the node
    assert sorted(r.address for r in served["a_records"]) == ["203.0.113.1", "203.0.113.2"]


def test_edit_every_level(service, monitor, dyn_emulator):
    service.publish()
    sid = service.service_id
    service.label, service.ttl = "www-edited", 120
    eu, us, default = service.rulesets
    eu.label = "emea"
    eu.criteria = {"geoip": {"country": ["GB"]}}
    us.criteria_type = "always"
    pool = eu.response_pools[0]
    pool.label, pool.core_set_count, pool.eligible, pool.automation = "emea-pool", 2, False, "auto_down"
    chain = pool.failover_chains[0]
    chain.label, chain.core = "emea-chain", False
    record_set = chain.record_sets[0]
    record_set.label, record_set.ttl, record_set.serve_count, record_set.eligible = "emea-web", 90, 1, False
    record_set.trouble_count, record_set.fail_count = 1, 2
    record = record_set.records[0]
    record.address, record.weight, record.ttl, record.label = "192.0.2.11", 15, 30, "emea-1"
    record.eligible = False

    fresh_session(dyn_emulator)
    fresh = TrafficDirector.get(sid)
    assert (fresh.label, fresh.ttl) == ("www-edited", 120)
    ruleset = fresh._rulesets[0]
    assert (ruleset.label, ruleset.criteria) == ("emea", {"geoip": {"country": ["GB"]}})
    assert fresh._rulesets[1].criteria_type == "always"
    pool = ruleset.response_pools[0]
    assert (pool.label, pool.core_set_count, pool.eligible, pool.automation) == ("emea-pool", 2, False, "auto_down")
    chain = pool.failover_chains[0]
    assert (chain.label, chain.core) == ("emea-chain", False)
    record_set = chain.record_sets[0]
    assert (record_set.label, record_set.ttl, record_set.serve_count, record_set.eligible,
            record_set.trouble_count, record_set.fail_count) == ("emea-web", 90, 1, False, 1, 2)
    record = record_set.records[0]
    assert (record.address, record.weight, record.ttl, record.label, record.eligible) == (
        "192.0.2.11", 15, 30, "emea-1", False)


def test_multi_field_rdata_and_srv_weights_round_trip(service):
    service.publish()
    sid = service.service_id
    mx_set = DSFRecordSet("MX", label="mail", records=[DSFMXRecord("mx1.%s." % ZONE, 10, weight=4)])
    srv_set = DSFRecordSet("SRV", label="sip", records=[DSFSRVRecord(5060, 10, "sip.%s." % ZONE, 20, weight=6)])
    chain = DSFFailoverChain("other", record_sets=[mx_set, srv_set])
    chain.add_to_response_pool(service.rulesets[2].response_pools[0])
    mx, srv = chain.record_sets[0].records[0], chain.record_sets[1].records[0]
    mx.preference = 20
    srv.port = 5061
    srv.rr_weight = 30
    mx_back, srv_back = get_record(mx.record_id, sid), get_record(srv.record_id, sid)
    assert (mx_back.exchange, mx_back.preference, mx_back.weight) == ("mx1.%s." % ZONE, 20, 4)
    assert (srv_back.port, srv_back.rr_weight, srv_back.weight, srv_back.target) == (5061, 30, 6, "sip.%s." % ZONE)


def test_pending_changes_with_implicit_publish_off(service):
    service.publish()
    sid = service.service_id
    record = service.records[0]
    record.implicit_publish = False
    record.publish_note = "weights"
    record.weight = 9
    assert get_record(record.record_id, sid).weight == 10  # published view: unchanged
    assert TrafficDirector.get(sid).records[0].weight == 9  # the service read includes pending changes
    record.publish()
    assert get_record(record.record_id, sid).weight == 9
    assert record.publish_note is None


def test_reorder_and_replace_rulesets(service, dyn_emulator):
    service.publish()
    sid = service.service_id
    eu, us, default = service.rulesets
    service.order_rulesets([default, us.ruleset_id, eu])
    assert [r.label for r in TrafficDirector.get(sid)._rulesets] == ["default", "americas", "europe"]

    service.replace_one_ruleset(DSFRuleset("americas", "geoip", [], criteria={"geoip": {"country": ["US"]}}))
    rulesets = TrafficDirector.get(sid)._rulesets
    assert [r.label for r in rulesets] == ["default", "americas", "europe"]
    assert rulesets[1].ruleset_id != us.ruleset_id and rulesets[1].criteria == {"geoip": {"country": ["US"]}}

    service.rulesets.append(DSFRuleset("late", "always", []))
    assert [r.label for r in service._rulesets] == ["default", "americas", "europe", "late"]
    assert [r.ruleset_id for r in service._rulesets][:3] == [r.ruleset_id for r in rulesets]  # kept, not copied

    service.replace_all_rulesets([DSFRuleset("only", "always", [])])
    assert [r.label for r in get_all_rulesets(sid)] == ["only"]
    service.replace_all_rulesets([])
    assert get_all_rulesets(sid) == []


def test_create_link_and_delete_each_level(service):
    service.publish()
    sid = service.service_id
    default = service.rulesets[2]
    pool = DSFResponsePool("extra", dsf_ruleset_id=default.ruleset_id, index=0)
    pool.create(service)
    assert [p.label for p in get_ruleset(default.ruleset_id, sid).response_pools] == ["extra", "global"]
    chain = DSFFailoverChain("extra-chain")
    chain.add_to_response_pool(pool)
    record_set = DSFRecordSet("A", label="extra-set")
    record_set.add_to_failover_chain(chain)
    record = DSFARecord("192.0.2.50", weight=2)
    record.add_to_record_set(record_set)
    assert get_record(record.record_id, sid).record_set_id == record_set.record_set_id

    default.remove_response_pool(pool)
    assert [p.label for p in get_ruleset(default.ruleset_id, sid).response_pools] == ["global"]
    default.add_response_pool(pool, index=1)
    assert [p.label for p in get_ruleset(default.ruleset_id, sid).response_pools] == ["global", "extra"]
    default.order_response_pools([pool, default.response_pools[0]])
    assert [p.label for p in get_ruleset(default.ruleset_id, sid).response_pools] == ["extra", "global"]
    default.add_failover_ip("192.0.2.200")
    assert get_ruleset(default.ruleset_id, sid).response_pools[-1].label == "192.0.2.200"

    record.delete()
    record_set.delete()
    chain.delete()
    assert chain.failover_chain_id not in [c.failover_chain_id for c in service.failover_chains]
    pool.delete()
    assert "extra" not in [p.label for p in get_all_response_pools(sid)]
    default.delete(notes="bye")
    assert [r.label for r in get_all_rulesets(sid)] == ["europe", "americas"]
    service.remove_orphans()


def test_nodes_attach_and_detach(service):
    service.publish()
    service.add_node({"zone": ZONE, "fqdn": API})
    assert sorted(n.fqdn for n in service.node_objects) == sorted([API.rstrip("."), WWW.rstrip(".")])
    service.remove_node(DSFNode(ZONE, WWW))
    assert [n["fqdn"] for n in service.nodes] == [API.rstrip(".")]
    service.nodes = [DSFNode(ZONE, WWW), DSFNode(ZONE)]
    assert sorted(n["fqdn"] for n in service.nodes) == sorted([WWW.rstrip("."), ZONE])
    with pytest.raises(DynectError):
        service.add_node(DSFNode("no-such-zone.example"))


def test_service_errors_and_revert(service):
    with pytest.raises(DynectGetError):
        TrafficDirector.get("NoSuchService1234567890")
    service.implicit_publish = False
    service.label = "pending-label"
    assert TrafficDirector.get(service.service_id).label == "pending-label"
    service.revert_changes()
    assert TrafficDirector.get(service.service_id).label == "www"


# -- monitors and notifiers ----------------------------------------------------------------------------
def test_monitor_lifecycle(session, monitor, dyn_emulator):
    assert [(e.address, bool(e.active)) for e in monitor.endpoints] == [("192.0.2.1", True), ("192.0.2.2", False)]
    monitor.label, monitor.probe_interval, monitor.retries, monitor.protocol = "renamed", 300, 0, "HTTPS"
    monitor.options = {"port": 443, "path": "/", "timeout": 10}
    monitor.active = False
    monitor.endpoints[1].active = True
    monitor.endpoints = [DSFMonitorEndpoint("192.0.2.7", "only", site_prefs=["AMS"])]

    fresh_session(dyn_emulator)
    again = DSFMonitor.get(monitor.dsf_monitor_id)
    assert (again.label, again.probe_interval, again.retries, again.protocol, bool(again.active)) == (
        "renamed", 300, 0, "HTTPS", False)
    assert again.options == {"port": 443, "path": "/", "timeout": 10}
    assert [(e.address, e.label, e.site_prefs) for e in again.endpoints] == [("192.0.2.7", "only", ["AMS"])]
    assert [m.dsf_monitor_id for m in get_all_dsf_monitors()] == [monitor.dsf_monitor_id]
    assert DSFMonitor(monitor.dsf_monitor_id).label == "renamed"  # the classic one-argument GET
    again.delete()
    assert get_all_dsf_monitors() == []


def test_monitor_in_use_cannot_be_deleted(service, monitor):
    with pytest.raises(DynectError):
        monitor.delete()
    service.delete()
    monitor.delete()
    assert get_all_dsf_monitors() == []


def test_notifier_lifecycle(service, monitor):
    notifier = DSFNotifier.create("ops", dsf_services=[service], monitor_services=[monitor],
                                  recipients=["ops@%s" % ZONE])
    assert (notifier.dsf_service_ids, notifier.monitor_service_ids) == ([service.service_id],
                                                                        [monitor.dsf_monitor_id])
    notifier.label = "ops-team"
    notifier.add_recipient("dev@%s" % ZONE)
    notifier.del_recipient("ops@%s" % ZONE)
    again = DSFNotifier.get(notifier.notifier_id)
    assert again.label == "ops-team" and [r["recipient"] for r in again.recipients] == ["dev@%s" % ZONE]
    (linked,) = service.notifiers
    assert linked.notifier_id == notifier.notifier_id and linked.link_id
    service.del_notifier(linked)
    assert service.notifiers == []
    service.add_notifier(notifier)
    assert [n.notifier_id for n in service.notifiers] == [notifier.notifier_id]
    other = DSFNotifier("standalone", recipients=["ops@%s" % ZONE])  # the classic positional create
    assert sorted(n.label for n in get_all_notifiers()) == ["ops-team", "standalone"]
    notifier.delete()
    other.delete()
    assert get_all_notifiers() == [] and service.notifiers == []


def test_everything_deleted_leaves_nothing_behind(service, monitor):
    service.publish()
    notifier = DSFNotifier.create("ops", dsf_services=[service])
    service.delete()
    notifier.delete()
    monitor.delete()
    assert get_all_dsf_services() == [] and get_all_dsf_monitors() == [] and get_all_notifiers() == []
    with pytest.raises(DynectGetError):
        TrafficDirector.get(service.service_id)


def test_creating_into_a_missing_service_fails(session):
    with pytest.raises(DynectCreateError):
        DSFRuleset("r", "always").create("NoSuchService1234567890")

"""Unit tests of the Traffic Director model (dyn.emulator.dsf.model): no HTTP."""
import copy
import json
import types

import pytest

from dyn.emulator.dsf.model import (LEVELS, MONITOR_ATTRS, Conflict, DSFPart, Missing, Problem, Tree, TreeEnv,
                                  clean_attrs, clean_node, flag, new_document, new_id, yes_no)

CUSTOMER = "Acme"
ZONES = {"example.com", "example.org"}


@pytest.fixture
def part():
    state = types.SimpleNamespace(changed=lambda: None)
    dsf = DSFPart(state)
    dsf.reset()
    dsf.zone_lookup = lambda customer, zone: customer == CUSTOMER and zone in ZONES
    return dsf


def record(address, weight=1, **extra):
    return dict({"label": address, "weight": weight, "rdata": {"a_rdata": {"address": address}}}, **extra)


def record_set(*records, **extra):
    return dict({"rdata_class": "A", "label": "set", "records": list(records)}, **extra)


def pool(label, *record_sets, **extra):
    return dict({"label": label, "rs_chains": [{"label": label + "-chain", "record_sets": list(record_sets)}]},
                **extra)


def service(**extra):
    body = {
        "label": "td", "ttl": 120,
        "rulesets": [
            {"label": "europe", "criteria_type": "geoip", "criteria": {"geoip": {"region": [13]}},
             "response_pools": [pool("eu", record_set(record("10.0.0.1")))]},
            {"label": "default", "criteria_type": "always",
             "response_pools": [pool("weighted", record_set(record("10.0.1.1", 3), record("10.0.1.2", 9),
                                                           serve_count=1)),
                                {"failover": "192.0.2.1"}]},
        ],
    }
    body.update(extra)
    return body


def tree_of(part, sid, pending=True):
    return part.view(CUSTOMER, sid, pending)


# -- values ------------------------------------------------------------------------------------

def test_new_ids_are_22_alphanumerics_and_avoid_taken():
    first = new_id()
    assert len(first) == 22 and first.isalnum()
    assert new_id({first}) != first


@pytest.mark.parametrize("value, expected", [(True, True), ("Y", True), ("true", True), (1, True), ("yes", True),
                                             (False, False), ("N", False), ("false", False), (0, False)])
def test_flag(value, expected):
    assert flag(value) is expected
    assert yes_no(value) == ("Y" if expected else "N")


@pytest.mark.parametrize("value", ["maybe", 2, [], None])
def test_flag_rejects(value):
    with pytest.raises(ValueError):
        flag(value)


def test_clean_attrs_defaults_required_partial_and_nullable():
    attrs = LEVELS["record_set"].attrs
    clean = clean_attrs(attrs, {"rdata_class": "a", "eligible": "N", "unknown": 1})
    assert clean["rdata_class"] == "A" and clean["eligible"] is False
    assert clean["serve_count"] == 1 and clean["dsf_monitor_id"] is None and "unknown" not in clean
    with pytest.raises(Problem) as caught:
        clean_attrs(attrs, {})
    assert (caught.value.field, caught.value.problem) == ("rdata_class", "This field is required")
    assert clean_attrs(attrs, {"ttl": "60"}, partial=True) == {"ttl": 60}
    assert clean_attrs(attrs, {"dsf_monitor_id": None, "label": None}, partial=True) == {"dsf_monitor_id": None}
    with pytest.raises(Problem) as caught:
        clean_attrs(LEVELS["record"].attrs, {"weight": 16}, partial=True)
    assert caught.value.field == "weight" and "between 1 and 15" in caught.value.problem


def test_clean_node_normalises_and_checks_the_zone():
    assert clean_node({"zone": "Example.COM.", "fqdn": "WWW.example.com."}) == {
        "zone": "example.com", "fqdn": "www.example.com"}
    assert clean_node({"zone": "example.com"}) == {"zone": "example.com", "fqdn": "example.com"}
    with pytest.raises(Problem) as caught:
        clean_node({"zone": "example.com", "fqdn": "www.example.org"})
    assert caught.value.field == "fqdn"
    with pytest.raises(Problem):
        clean_node({"fqdn": "www.example.com"})


# -- building and rendering -------------------------------------------------------------------------

def test_create_service_links_every_level(part):
    sid = part.create_service(CUSTOMER, service(), publish=True, notes="first")
    tree = tree_of(part, sid, pending=False)
    doc = tree.doc
    assert len(doc["ruleset"]) == 2 and len(doc["pool"]) == 3 and len(doc["chain"]) == 3
    assert len(doc["record_set"]) == 3 and len(doc["record"]) == 4
    for cid, chain in doc["chain"].items():
        assert cid in doc["pool"][chain["dsf_response_pool_id"]]["rs_chains"]
    for rsid, item in doc["record_set"].items():
        assert rsid in doc["chain"][item["dsf_record_set_failover_chain_id"]]["record_sets"]
    for rid, item in doc["record"].items():
        assert rid in doc["record_set"][item["dsf_record_set_id"]]["records"]
    rendered = part.render_service(CUSTOMER, sid, tree)
    assert rendered["notes"] == "first" and rendered["pending_change"] == ""
    default = rendered["rulesets"][1]
    assert default["ordering"] == 1 and [p["index"] for p in default["response_pools"]] == [0, 1]
    failover = default["response_pools"][1]
    assert failover["label"] == "192.0.2.1"
    [rec] = failover["rs_chains"][0]["record_sets"][0]["records"]
    assert rec["rdata"] == [{"data": {"rdata_a": {"address": "192.0.2.1"}}}]
    keys = list(rec)
    assert keys.index("rdata_class") < keys.index("rdata")
    assert {"ttl", "label", "weight", "automation", "endpoints", "endpoint_up_count", "eligible",
            "dsf_record_id", "dsf_record_set_id", "status", "torpidity", "service_id"} <= set(rec)
    assert failover["rulesets"] == [{"dsf_ruleset_id": default["dsf_ruleset_id"], "label": "default"}]


def test_invalid_nested_value_stores_nothing(part):
    body = service()
    body["rulesets"][1]["response_pools"][0]["rs_chains"][0]["record_sets"][0]["records"][1]["rdata"] = {
        "a_rdata": {"address": "not-an-ip"}}
    with pytest.raises(Problem) as caught:
        part.create_service(CUSTOMER, body, publish=True)
    assert (caught.value.field, caught.value.problem) == ("address", "IP address expected")
    assert part.service_ids(CUSTOMER) == []


@pytest.mark.parametrize("change, field", [
    (lambda b: b["rulesets"][0].update(criteria_type="nearest"), "criteria_type"),
    (lambda b: b["rulesets"][0].update(criteria={}), "criteria"),
    (lambda b: b["rulesets"][1]["response_pools"][0].update(automation="sometimes"), "automation"),
    (lambda b: b["rulesets"][1]["response_pools"].append({"failover": "not an address!"}), "failover"),
    (lambda b: b["rulesets"][1]["response_pools"][0]["rs_chains"][0]["record_sets"][0].update(rdata_class="CAA"),
     "rdata_class"),
    (lambda b: b.update(ttl=-1), "ttl"),
    (lambda b: b.update(label=""), "label"),
])
def test_validation_problems_name_the_field(part, change, field):
    body = service()
    change(body)
    with pytest.raises(Problem) as caught:
        part.create_service(CUSTOMER, body, publish=True)
    assert caught.value.field == field
    assert part.service_ids(CUSTOMER) == []


# -- publish model ---------------------------------------------------------------------------------

def test_unpublished_create_shows_only_in_the_pending_view(part):
    sid = part.create_service(CUSTOMER, service(), publish=False, notes="later")
    assert tree_of(part, sid, pending=False).doc["rulesets"] == []
    assert tree_of(part, sid, pending=False).doc["label"] == "td"
    assert len(tree_of(part, sid).doc["rulesets"]) == 2
    assert part.render_service(CUSTOMER, sid, tree_of(part, sid))["pending_change"] == "Y"
    part.publish(CUSTOMER, sid)
    assert len(tree_of(part, sid, pending=False).doc["rulesets"]) == 2
    assert part.entry(CUSTOMER, sid)["pending"] is None
    assert part.entry(CUSTOMER, sid)["notes"] == "later"


def test_failed_change_leaves_pending_and_published_alone(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    before = copy.deepcopy(part.customers)
    tree = part.begin(CUSTOMER, sid)
    tree.update("ruleset", tree.doc["rulesets"][0], {"label": "changed"})
    with pytest.raises(Problem):
        tree.update("ruleset", tree.doc["rulesets"][1], {"criteria_type": "bogus"})
    assert part.customers == before  # the copy was never committed


def test_commit_pending_then_revert(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    tree.doc["label"] = "renamed"
    part.commit(CUSTOMER, sid, tree, publish=False)
    assert tree_of(part, sid, pending=False).doc["label"] == "td"
    assert tree_of(part, sid).doc["label"] == "renamed"
    part.revert(CUSTOMER, sid)
    assert tree_of(part, sid).doc["label"] == "td"


def test_publish_with_a_change_publishes_earlier_pending_changes_too(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    tree.doc["ttl"] = 5
    part.commit(CUSTOMER, sid, tree, publish=False)
    tree = part.begin(CUSTOMER, sid)
    tree.doc["label"] = "both"
    part.commit(CUSTOMER, sid, tree, publish=True, notes="n")
    published = tree_of(part, sid, pending=False).doc
    assert (published["label"], published["ttl"]) == ("both", 5)
    assert part.entry(CUSTOMER, sid)["notes"] == "n"


# -- the generic level operations ----------------------------------------------------------------------

def test_shared_pool_ruleset_delete_pool_delete_and_orphans(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    europe, default = tree.doc["rulesets"]
    weighted = tree.doc["ruleset"][default]["response_pools"][0]
    tree.update("ruleset", europe, {"response_pools": [
        {"dsf_response_pool_id": tree.doc["ruleset"][europe]["response_pools"][0]},
        {"dsf_response_pool_id": weighted}]})
    assert sorted(tree.parents("pool", weighted)) == sorted([europe, default])
    tree.delete("ruleset", default)
    assert weighted in tree.doc["pool"] and tree.parents("pool", weighted) == [europe]
    chains = list(tree.doc["pool"][weighted]["rs_chains"])
    tree.delete("pool", weighted)
    assert weighted not in tree.doc["ruleset"][europe]["response_pools"]
    assert all(tree.doc["chain"][cid]["dsf_response_pool_id"] == "" for cid in chains)
    assert tree.remove_orphans() == chains
    assert not set(chains) & set(tree.doc["chain"])
    assert len(tree.doc["record"]) == 2  # europe's record and the failover pool's record


def test_chain_delete_cascades_to_record_sets_and_records(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    cid = next(iter(tree.doc["chain"]))
    rsid = tree.doc["chain"][cid]["record_sets"][0]
    rids = list(tree.doc["record_set"][rsid]["records"])
    tree.delete("chain", cid)
    assert rsid not in tree.doc["record_set"] and not set(rids) & set(tree.doc["record"])


def test_child_list_replacement_deletes_owned_children(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    rsid = next(rs for rs, item in tree.doc["record_set"].items() if len(item["records"]) == 2)
    keep, drop = tree.doc["record_set"][rsid]["records"]
    tree.update("record_set", rsid, {"records": [{"dsf_record_id": keep}, record("10.9.9.9")]})
    records = tree.doc["record_set"][rsid]["records"]
    assert records[0] == keep and len(records) == 2 and drop not in tree.doc["record"]


def test_record_set_class_is_fixed_while_it_holds_records(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    rsid = next(iter(tree.doc["record_set"]))
    with pytest.raises(Conflict) as caught:
        tree.update("record_set", rsid, {"rdata_class": "AAAA"})
    assert caught.value.err_cd == "ILLEGAL_OPERATION"
    for rid in list(tree.doc["record_set"][rsid]["records"]):
        tree.delete("record", rid)
    assert tree.update("record_set", rsid, {"rdata_class": "aaaa"})["rdata_class"] == "AAAA"


def test_records_can_not_move_to_a_set_of_another_class(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    cid = next(iter(tree.doc["chain"]))
    rid = next(iter(tree.doc["record"]))
    rsid = tree.add("record_set", {"rdata_class": "AAAA"}, cid)
    with pytest.raises(Conflict):
        tree.update("record_set", rsid, {"records": [{"dsf_record_id": rid}]})


@pytest.mark.parametrize("rdata_class, rdata, stored", [
    ("PX", {"pxr_rdata": {"preference": 10, "map822": "a.example.", "mapx400": "b.example."}},
     {"preference": 10, "map822": "a.example.", "mapx400": "b.example."}),
    ("PX", {"px_rdata": {"preference": 10, "map822": "a.example.", "mapx400": "b.example."}},
     {"preference": 10, "map822": "a.example.", "mapx400": "b.example."}),
    ("SRV", {"srv_rdata": {"port": 443, "priority": 1, "target": "t.example.com.", "weight": 7}},
     {"port": 443, "priority": 1, "target": "t.example.com.", "weight": 7}),
    ("MX", {"mx_rdata": {"exchange": "mx.example.com."}}, {"exchange": "mx.example.com.", "preference": 10}),
    ("A", {"address": "10.1.1.1"}, {"address": "10.1.1.1"}),
])
def test_record_rdata_by_class(rdata_class, rdata, stored):
    tree = Tree(new_document("svc"), TreeEnv())
    rid = tree.add("ruleset", {"label": "r", "criteria_type": "always"})
    pid = tree.add("pool", {"label": "p"}, rid)
    cid = tree.add("chain", {}, pid)
    rsid = tree.add("record_set", {"rdata_class": rdata_class}, cid)
    record_id = tree.add("record", {"weight": 4, "ttl": 60, "rdata": rdata}, rsid)
    item = tree.doc["record"][record_id]
    assert item["rdata"] == stored and item["weight"] == 4 and item["ttl"] == 60
    rendered = tree.render("record", record_id)
    assert rendered["rdata"] == [{"data": {f"rdata_{rdata_class.lower()}": stored}}]


def test_record_rdata_wrong_wrapper_and_partial_update():
    tree = Tree(new_document("svc"), TreeEnv())
    rid = tree.add("ruleset", {"label": "r", "criteria_type": "always"})
    cid = tree.add("chain", {}, tree.add("pool", {"label": "p"}, rid))
    rsid = tree.add("record_set", {"rdata_class": "MX"}, cid)
    with pytest.raises(Problem) as caught:
        tree.add("record", {"rdata": {"a_rdata": {"address": "10.0.0.1"}}}, rsid)
    assert caught.value.field == "rdata"
    record_id = tree.add("record", {"rdata": {"mx_rdata": {"exchange": "a.example.", "preference": 5}}}, rsid)
    tree.update("record", record_id, {"rdata": {"mx_rdata": {"exchange": "b.example."}}, "eligible": False})
    assert tree.doc["record"][record_id]["rdata"] == {"exchange": "b.example.", "preference": 5}
    assert tree.doc["record"][record_id]["eligible"] is False
    with pytest.raises(Problem):
        tree.add("record", {"label": "no rdata"}, rsid)


def test_parent_is_required_and_must_exist():
    tree = Tree(new_document("svc"), TreeEnv())
    with pytest.raises(Problem) as caught:
        tree.add("chain", {"label": "c"})
    assert caught.value.field == "dsf_response_pool_id"
    with pytest.raises(Missing) as missing:
        tree.add("record_set", {"rdata_class": "A"}, "nope")
    assert (missing.value.context, missing.value.problem) == ("failover_chain", "No such failover chain")
    orphan = tree.add("pool", {"label": "orphan pool"})  # pools may stand alone
    assert tree.parents("pool", orphan) == [] and orphan in tree.ids("pool")


def test_ruleset_ordering_on_create_and_update():
    tree = Tree(new_document("svc"), TreeEnv())
    first = tree.add("ruleset", {"label": "a", "criteria_type": "always"})
    second = tree.add("ruleset", {"label": "b", "criteria_type": "always"}, index=0)
    assert tree.doc["rulesets"] == [second, first]
    tree.update("ruleset", second, {"ordering": 1})
    assert tree.doc["rulesets"] == [first, second]
    with pytest.raises(Problem):
        tree.update("ruleset", second, {"ordering": 5})


def test_order_rulesets_reorders_or_replaces(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    tree = part.begin(CUSTOMER, sid)
    europe, default = tree.doc["rulesets"]
    third = tree.add("ruleset", {"label": "third", "criteria_type": "always"})
    assert tree.order_rulesets([{"dsf_ruleset_id": default}]) == [default, europe, third]
    pools_before = set(tree.doc["pool"])
    new = tree.order_rulesets([{"dsf_ruleset_id": third}, {"label": "new", "criteria_type": "always",
                                                             "response_pools": []}])
    assert new[0] == third and len(new) == 2
    assert europe not in tree.doc["ruleset"] and default not in tree.doc["ruleset"]
    assert pools_before <= set(tree.doc["pool"])  # pools survive their rulesets
    with pytest.raises(Missing):
        tree.order_rulesets([{"dsf_ruleset_id": "unknown"}])


@pytest.mark.parametrize("address, rdata_class, rdata", [
    ("192.0.2.7", "A", {"address": "192.0.2.7"}),
    ("2001:db8::7", "AAAA", {"address": "2001:db8::7"}),
    ("backup.example.net.", "CNAME", {"cname": "backup.example.net"}),
])
def test_failover_entries_materialise_a_pool(address, rdata_class, rdata):
    tree = Tree(new_document("svc"), TreeEnv())
    rid = tree.add("ruleset", {"label": "r", "criteria_type": "always", "response_pools": [{"failover": address}]})
    [pid] = tree.doc["ruleset"][rid]["response_pools"]
    rendered = tree.render("pool", pid)
    record_set = rendered["rs_chains"][0]["record_sets"][0]
    assert record_set["rdata_class"] == rdata_class
    assert record_set["records"][0]["rdata"] == [{"data": {f"rdata_{rdata_class.lower()}": rdata}}]


# -- nodes and serving ----------------------------------------------------------------------------------

def test_nodes_need_a_zone_and_are_exclusive(part):
    sid = part.create_service(CUSTOMER, service(nodes=[{"zone": "example.com", "fqdn": "www.example.com"}]),
                              publish=True)
    with pytest.raises(Missing) as missing:
        part.create_service(CUSTOMER, service(nodes={"zone": "nowhere.test"}), publish=True)
    assert (missing.value.context, missing.value.problem, missing.value.source) == ("zone", "No such zone", "API-B")
    with pytest.raises(Conflict) as conflict:
        part.create_service(CUSTOMER, service(nodes=[{"zone": "example.com", "fqdn": "WWW.example.com."}]),
                            publish=False)
    assert conflict.value.err_cd == "TARGET_EXISTS" and sid in conflict.value.problem
    tree = part.begin(CUSTOMER, sid)
    tree.add_node({"zone": "example.org"})
    tree.add_node({"zone": "example.org"})
    assert tree.doc["nodes"] == [{"zone": "example.com", "fqdn": "www.example.com"},
                                 {"zone": "example.org", "fqdn": "example.org"}]
    tree.remove_node({"zone": "example.com", "fqdn": "www.example.com."})
    with pytest.raises(Missing):
        tree.remove_node({"zone": "example.com", "fqdn": "www.example.com"})
    assert tree.set_nodes([]) == []


def test_served_records_come_from_the_first_always_ruleset(part):
    sid = part.create_service(CUSTOMER, service(nodes=[{"zone": "example.com", "fqdn": "www.example.com"}]),
                              publish=True)
    served = part.served_records(CUSTOMER, "example.com", "www.example.com.")
    assert served == [{"zone": "example.com", "ttl": 120, "fqdn": "www.example.com", "record_type": "A",
                       "rdata": {"address": "10.0.1.2"}, "record_id": served[0]["record_id"]}]
    assert part.served_records(CUSTOMER, "example.com", "example.com") == served  # at or below
    assert part.served_records(CUSTOMER, "example.com", "other.example.com") == []
    assert part.served_records("other customer", "example.com", "www.example.com") == []
    tree = part.begin(CUSTOMER, sid)
    weighted = tree.doc["ruleset"][tree.doc["rulesets"][1]]["response_pools"][0]
    tree.update("pool", weighted, {"eligible": False})
    part.commit(CUSTOMER, sid, tree, publish=False)
    assert part.served_records(CUSTOMER, "example.com", "www.example.com")[0]["rdata"] == {
        "address": "10.0.1.2"}  # pending changes are not served
    part.publish(CUSTOMER, sid)
    [failover] = part.served_records(CUSTOMER, "example.com", "www.example.com")
    assert failover["rdata"] == {"address": "192.0.2.1"}


def test_serve_count_weights_and_ttl_fallback():
    tree = Tree(new_document("svc", ttl=300), TreeEnv())
    rid = tree.add("ruleset", {"label": "geo", "criteria_type": "geoip", "criteria": {"geoip": {"country": ["US"]}},
                               "response_pools": [pool("geo", record_set(record("10.0.0.1")))]})
    assert tree.served() == []  # geoip never matches
    tree.add("ruleset", {"label": "all", "criteria_type": "always", "response_pools": [
        pool("p", record_set(record("10.0.0.9", eligible=False)),
             record_set(record("10.0.0.2", 2), record("10.0.0.3", 7, ttl=5), record("10.0.0.4", 7),
                        serve_count=2, ttl=60))]})
    served = [(rs["ttl"], rec["rdata"]["address"], rec["ttl"]) for rs, rec in tree.served()]
    assert served == [(60, "10.0.0.3", 5), (60, "10.0.0.4", 0)]
    assert rid in tree.doc["ruleset"]


# -- monitors and notifiers -------------------------------------------------------------------------------

MONITOR = {"label": "web", "protocol": "HTTPS", "response_count": 2, "probe_interval": "60", "retries": 1,
           "options": {"port": 443, "path": "/health", "timeout": 10},
           "endpoints": [{"address": "10.0.0.1", "label": "a", "site_prefs": ["US"]}]}


def test_monitor_lifecycle_and_in_use_refusal(part):
    monitor = part.create_monitor(CUSTOMER, MONITOR)
    mid = monitor["dsf_monitor_id"]
    assert monitor["active"] == "Y" and monitor["probe_interval"] == 60
    assert monitor["endpoints"] == [{"address": "10.0.0.1", "label": "a", "active": "Y", "site_prefs": ["US"]}]
    part.update_monitor(CUSTOMER, mid, {"active": False, "options": {"port": 8443}})
    assert part.monitor(CUSTOMER, mid)["active"] == "N" and part.monitor(CUSTOMER, mid)["options"] == {"port": 8443}
    body = service()
    body["rulesets"][0]["response_pools"][0]["rs_chains"][0]["record_sets"][0]["dsf_monitor_id"] = mid
    sid = part.create_service(CUSTOMER, body, publish=False)
    with pytest.raises(Conflict) as conflict:
        part.delete_monitor(CUSTOMER, mid)
    assert conflict.value.err_cd == "ILLEGAL_OPERATION" and sid in conflict.value.problem
    part.delete_service(CUSTOMER, sid)
    part.delete_monitor(CUSTOMER, mid)
    with pytest.raises(Missing):
        part.monitor(CUSTOMER, mid)
    body["rulesets"][0]["response_pools"][0]["rs_chains"][0]["record_sets"][0]["dsf_monitor_id"] = mid
    with pytest.raises(Missing) as missing:
        part.create_service(CUSTOMER, body, publish=True)
    assert missing.value.context == "dsf_monitor_id"


@pytest.mark.parametrize("change, field", [
    ({"probe_interval": 61}, "probe_interval"), ({"protocol": "FTP"}, "protocol"),
    ({"response_count": 3}, "response_count"), ({"options": {"port": 0}}, "port"),
    ({"options": {"colour": "red"}}, "options"), ({"endpoints": [{"label": "no address"}]}, "address"),
    ({"active": "sometimes"}, "active"),
])
def test_monitor_validation(part, change, field):
    with pytest.raises(Problem) as caught:
        clean_attrs(MONITOR_ATTRS, dict(MONITOR, **change))
    assert caught.value.field == field


def test_notifier_links(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    mid = part.create_monitor(CUSTOMER, MONITOR)["dsf_monitor_id"]
    notifier = part.create_notifier(CUSTOMER, {"label": "ops", "recipients": ["ops@example.com"],
                                               "services": [{"service_class": "DSF", "service_id": sid},
                                                            {"service_class": "Monitor", "service_id": mid}]})
    nid = notifier["notifier_id"]
    assert isinstance(nid, int)
    rendered = part.render_notifier(CUSTOMER, str(nid))
    assert rendered["recipients"] == [{"recipient": "ops@example.com", "format": "email", "details": {},
                                       "features": []}]
    assert rendered["services"] == [{"service_class": "DSF", "service_id": sid},
                                    {"service_class": "Monitor", "service_id": mid}]
    [link] = part.entry(CUSTOMER, sid)["links"]
    assert part.link_notifier(CUSTOMER, sid, nid) == link  # linking twice keeps one link
    service_view = part.render_service(CUSTOMER, sid, tree_of(part, sid))
    assert service_view["notifiers"] == [{"link_id": link["link_id"], "notifier": rendered}]
    part.update_notifier(CUSTOMER, nid, {"services": []})
    assert part.entry(CUSTOMER, sid)["links"] == [] and part.render_notifier(CUSTOMER, nid)["services"] == []
    link = part.link_notifier(CUSTOMER, sid, str(nid))
    part.delete_monitor(CUSTOMER, mid)
    part.delete_notifier(CUSTOMER, nid)
    assert part.entry(CUSTOMER, sid)["links"] == []
    with pytest.raises(Missing):
        part.unlink_notifier(CUSTOMER, sid, link["link_id"])
    with pytest.raises(Missing):
        part.create_notifier(CUSTOMER, {"label": "x", "services": [{"service_class": "DSF", "service_id": "nope"}]})
    with pytest.raises(Problem):
        part.create_notifier(CUSTOMER, {"label": "x", "services": [{"service_class": "GSLB", "service_id": sid}]})


# -- state part ---------------------------------------------------------------------------------------

def test_snapshot_is_json_and_restores(part):
    sid = part.create_service(CUSTOMER, service(), publish=False)
    part.create_monitor(CUSTOMER, MONITOR)
    part.create_notifier(CUSTOMER, {"label": "ops"})
    snapshot = json.loads(json.dumps(part.snapshot()))
    other = DSFPart(types.SimpleNamespace(changed=lambda: None))
    other.restore(snapshot)
    assert other.customers == part.customers
    assert other.render_service(CUSTOMER, sid, other.working(CUSTOMER, sid)) == \
        part.render_service(CUSTOMER, sid, part.working(CUSTOMER, sid))
    other.reset()
    assert other.customers == {}


def test_customers_are_separate_and_case_insensitive(part):
    sid = part.create_service(CUSTOMER, service(), publish=True)
    assert part.service_ids("ACME") == [sid]
    assert part.service_ids("someone else") == []
    with pytest.raises(Missing):
        part.entry("someone else", sid)
